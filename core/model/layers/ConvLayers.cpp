// Layer types: convolutions, transposed convolutions, up-sampling, pooling, zero padding,
// cropping.
// One descriptor each (LayerType.h): Keras arguments and aliases (keras/layers/*.py),
// shapes and Keras/PyTorch parameter counts, PyTorch source (torch.nn, PyTorch layout).

#include "LayerShapes.h"

namespace kmw {

/// UpSampling2D and Resizing: F.interpolate, by a factor or to a size (bilinear with
/// half-pixel centres, as Keras; other interpolations as nearest, with a note).
void interpolateTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString x = source.inputs.value(0);
    const QString mode = l.interpolation == str("bilinear") ? str("'bilinear', align_corners=False") : str("'nearest'");
    out->expression = l.type == str("Resizing")
                           ? QStringLiteral("F.interpolate(%1, size=(%2, %3), mode=%4)").arg(x).arg(l.size.value(0)).arg(l.size.value(1)).arg(mode)
                           : QStringLiteral("F.interpolate(%1, scale_factor=(%2, %3), mode=%4)").arg(x).arg(l.size.value(0, 2))
                                 .arg(l.size.value(1, l.size.value(0, 2))).arg(mode);
    if (l.interpolation != str("bilinear") && l.interpolation != str("nearest"))
        out->notes << QStringLiteral("%1: interpolation '%2' is generated as nearest").arg(l.name, l.interpolation);
}

namespace {

void convTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QString &f = source.module;
    const QString x = source.inputs.value(0);
    const TensorShape &shape = source.shape;
    QString &expr = out->expression;
    const bool one = t == str("Conv1D");
    const qint64 channels = shape.last();
    const bool stride1 = l.strides.isEmpty() || pythonInts(l.strides, 1) == str("1");
    QString padding = str("0");
    QString pads; // strided 'same': TensorFlow's padding, made explicit with F.pad
    if (l.padding == str("same")) {
        if (!stride1) {
            // tensorflow/python/ops/nn_ops.py (SAME): out = ceil(L / s),
            // total = max((out - 1) * s + (k - 1) * d + 1 - L, 0), left = total / 2
            const int spatial = one ? 1 : 2;
            QStringList p; // F.pad order: last dimension first
            for (int d = spatial - 1; d >= 0; --d) {
                const qint64 length = shape.value(d, -1);
                const qint64 k = l.kernelSize.value(d, l.kernelSize.value(0, 1));
                const qint64 st = l.strides.value(d, l.strides.value(0, 1));
                const qint64 dil = l.dilationRate.value(d, l.dilationRate.value(0, 1));
                if (length <= 0) {
                    out->error = QStringLiteral("%1 (%2): 'same' padding with strides > 1 needs the input size")
                                  .arg(l.name, t);
                    return;
                }
                const qint64 out = (length + st - 1) / st;
                const qint64 total = std::max<qint64>((out - 1) * st + (k - 1) * dil + 1 - length, 0);
                p << QString::number(total / 2) << QString::number(total - total / 2);
            }
            pads = p.join(str(", "));
            out->notes << QStringLiteral("%1: 'same' padding with strides > 1 is TensorFlow's (F.pad (%2) before "
                                      "the convolution)").arg(l.name, pads);
        } else {
            padding = str("'same'");
        }
    }
    out->init << QStringLiteral("%1 = nn.Conv%2d(%3, %4, kernel_size=%5, stride=%6, padding=%7, dilation=%8, bias=%9%10)")
                     .arg(f, one ? str("1") : str("2")).arg(channels).arg(l.filters)
                     .arg(pythonInts(l.kernelSize, 1), pythonInts(l.strides, 1), padding, pythonInts(l.dilationRate, 1),
                          l.useBias ? str("True") : str("False"),
                          l.groups > 1 ? QStringLiteral(", groups=%1").arg(l.groups) : QString());
    const QString in = one ? x + str(".transpose(1, 2)") : x;
    const QString padded = pads.isEmpty() ? in : QStringLiteral("F.pad(%1, (%2))").arg(in, pads);
    expr = one ? QStringLiteral("%1(%2).transpose(1, 2)").arg(f, padded) : QStringLiteral("%1(%2)").arg(f, padded);
    expr = torchActivation(source.activation, expr, one ? -1 : 1);
}

/// Conv1D, Conv2D, DepthwiseConv2D (keras/layers/convolutional/base_conv.py).
bool inferConv(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    const bool channelsFirst = l.dataFormat == str("channels_first");
    const QString &t = l.type;
    const int spatial = t == str("Conv1D") ? 1 : 2;
    if (!needRank(x, spatial + 1, spatial == 1 ? "3D (batch, steps, channels)"
                                        : "4D (batch, rows, cols, channels)", why))
        return false;
    const qint64 channels = channelsFirst ? x.first() : x.last();
    if (channels < 0) {
        *why = QStringLiteral("the channel dimension of its input must be known");
        return false;
    }
    if (t == str("DepthwiseConv2D")) {
        // a convolution per channel: groups = channels, channels * depth_multiplier out
        l.groups = channels;
        l.filters = channels * std::max<qint64>(1, l.depthMultiplier);
    }
    if (l.filters <= 0 || l.kernelSize.isEmpty()) {
        *why = QStringLiteral("filters and kernel_size are required");
        return false;
    }
    TensorShape out;
    qint64 kernelVolume = 1;
    for (int i = 0; i < spatial; ++i) {
        const qint64 len = channelsFirst ? x[i + 1] : x[i];
        const qint64 k = at(l.kernelSize, i, 1);
        kernelVolume *= k;
        out.append(convLength(len, k, l.padding, at(l.strides, i, 1),
                              at(l.dilationRate, i, 1), at(l.explicitPadding, i, 0)));
    }
    if (channelsFirst)
        out.prepend(l.filters);
    else
        out.append(l.filters);
    l.outputShape = out;
    const qint64 groups = std::max<qint64>(1, l.groups);
    counts->keras = kernelVolume * (channels / groups) * l.filters
                    + (l.useBias ? l.filters : 0);
    counts->torch = counts->keras;
    return true;
}

/// The arguments Conv1D/2D and Conv2DTranspose share, in Keras's positional order
/// (keras/layers/convolutional/base_conv.py): filters, kernel_size and strides of `rank`
/// entries, padding.
void readConvolution(const ArgReader &r, int rank, LayerSpec *l)
{
    l->filters = r.integer("filters", 0, 0);
    l->kernelSize = r.tuple("kernel_size", 1, rank);
    l->strides = r.tuple("strides", 2, rank);
    l->padding = r.string("padding", 3, str("valid")).toLower();
}

bool readConvArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const QString &cls = c.cls;
    if (cls == str("Conv1D") || cls == str("Conv2D")) {
        const int n = cls == str("Conv1D") ? 1 : 2;
        readConvolution(r, n, l);
        l->dilationRate = r.tuple("dilation_rate", -1, n);
        l->groups = r.integer("groups", -1, 1);
    } else if (cls == str("DepthwiseConv2D")) {
        // keras/layers/convolutional/depthwise_conv2d.py: one filter (or depth_multiplier)
        // per input channel, a grouped convolution with groups = channels
        l->kernelSize = r.tuple("kernel_size", 0, 2);
        l->strides = r.tuple("strides", 1, 2);
        l->padding = r.string("padding", 2, str("valid")).toLower();
        l->depthMultiplier = r.integer("depth_multiplier", 3, 1);
        l->dilationRate = r.tuple("dilation_rate", -1, 2);
    }
    return true;
}

void convTransposeTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QString &f = source.module;
    const QString x = source.inputs.value(0);
    const TensorShape &shape = source.shape;
    QString &expr = out->expression;
    // Keras's output size (keras/utils/conv_utils.py deconv_output_length): the full
    // transposed convolution, then the rows and columns Keras keeps
    QStringList crop;
    bool cropped = false;
    qint64 opTorch[2] = {0, 0};
    for (int d = 0; d < 2; ++d) {
        const qint64 k0 = l.kernelSize.value(d, l.kernelSize.value(0, 1));
        const qint64 dil = l.dilationRate.value(d, l.dilationRate.value(0, 1));
        const qint64 k = k0 + (k0 - 1) * (dil - 1);
        const qint64 st = l.strides.value(d, l.strides.value(0, 1));
        const qint64 length = shape.value(d, -1);
        const qint64 want = l.outputShape.value(d, -1);
        if (length <= 0 || want <= 0) {
            out->error = QStringLiteral("%1 (%2): the input size must be known").arg(l.name, t);
            return;
        }
        opTorch[d] = std::max<qint64>(st - k, 0);
        const qint64 full = (length - 1) * st + k + opTorch[d];
        qint64 start = 0;
        if (!l.outputPadding.isEmpty())
            start = l.padding == str("same") ? k / 2 : 0;
        else if (l.padding == str("same"))
            start = std::max<qint64>(k - st, 0) / 2;
        if (start + want > full) {
            out->error = QStringLiteral("%1 (%2): output_padding beyond the kernel is not generated").arg(l.name, t);
            return;
        }
        cropped = cropped || start != 0 || want != full;
        crop << QStringLiteral("%1:%2").arg(start).arg(start + want);
    }
    out->init << QStringLiteral("%1 = nn.ConvTranspose2d(%2, %3, kernel_size=%4, stride=%5, output_padding=(%6, %7), dilation=%8, bias=%9)")
                     .arg(f).arg(shape.last()).arg(l.filters).arg(pythonInts(l.kernelSize, 1), pythonInts(l.strides, 1))
                     .arg(opTorch[0]).arg(opTorch[1]).arg(pythonInts(l.dilationRate, 1), l.useBias ? str("True") : str("False"));
    expr = cropped ? QStringLiteral("%1(%2)[:, :, %3]").arg(f, x, crop.join(str(", "))) : QStringLiteral("%1(%2)").arg(f, x);
    expr = torchActivation(source.activation, expr, 1);
}

/// Conv2DTranspose (keras/layers/convolutional/base_conv_transpose.py).
bool inferConvTranspose(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    const bool channelsFirst = l.dataFormat == str("channels_first");
    if (!needRank(x, 3, "4D (batch, rows, cols, channels)", why))
        return false;
    const qint64 channels = channelsFirst ? x.first() : x.last();
    if (channels < 0 || l.filters <= 0 || l.kernelSize.isEmpty()) {
        *why = QStringLiteral("the input channels, filters and kernel_size must be known");
        return false;
    }
    TensorShape out;
    qint64 kernelVolume = 1;
    for (int i = 0; i < 2; ++i) {
        const qint64 len = channelsFirst ? x[i + 1] : x[i];
        const qint64 k = at(l.kernelSize, i, 1), st = at(l.strides, i, 1);
        kernelVolume *= k;
        out.append(len < 0 ? -1 : transposedLength(len, k, l.padding, st, at(l.dilationRate, i, 1),
                                                   l.outputPadding.isEmpty() ? -1 : at(l.outputPadding, i, 0)));
    }
    if (channelsFirst)
        out.prepend(l.filters);
    else
        out.append(l.filters);
    l.outputShape = out;
    counts->keras = kernelVolume * channels * l.filters + (l.useBias ? l.filters : 0);
    counts->torch = counts->keras;
    return true;
}

bool readConvTransposeArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    // keras/layers/convolutional/conv2d_transpose.py
    readConvolution(r, 2, l);
    l->outputPadding = r.tuple("output_padding", 4, 2);
    l->dilationRate = r.tuple("dilation_rate", -1, 2);
    return true;
}

void upSamplingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    if (t == str("UpSampling1D")) {
        out->expression = QStringLiteral("%1.repeat_interleave(%2, dim=1)").arg(source.inputs.value(0)).arg(l.size.value(0, 2));
    } else if (t == str("UpSampling2D") || t == str("Resizing")) {
        interpolateTorchSource(source, out);
    }
}

/// UpSampling1D/2D: each spatial axis times its factor.
bool inferUpSampling(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    const bool channelsFirst = l.dataFormat == str("channels_first");
    const QString &t = l.type;
    const int spatial = t == str("UpSampling1D") ? 1 : 2;
    if (!needRank(x, spatial + 1, spatial == 1 ? "3D" : "4D", why))
        return false;
    TensorShape out = x;
    for (int i = 0; i < spatial; ++i) {
        const int d = channelsFirst ? i + 1 : i;
        if (out[d] >= 0)
            out[d] *= at(l.size, i, 2);
    }
    l.outputShape = out;
    return true;
}

bool readUpSamplingArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const QString &cls = c.cls;
    const int n = cls == str("UpSampling1D") ? 1 : 2;
    l->size = r.tuple("size", 0, n);
    if (l->size.isEmpty())
        l->size.fill(2, n);
    l->interpolation = r.string("interpolation", -1, str("nearest"));
    return true;
}

void poolingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QString &f = source.module;
    const QString x = source.inputs.value(0);
    const bool one = t.endsWith(str("1D"));
    const QString kind = t.startsWith(str("Max")) ? str("Max") : str("Avg");
    const QString pool = pythonInts(l.poolSize, 2);
    const QString stride = l.strides.isEmpty() ? pool : pythonInts(l.strides, 2);
    const QString ceil = l.padding == str("same") ? str(", ceil_mode=True") : QString();
    out->init << QStringLiteral("%1 = nn.%2Pool%3d(%4, stride=%5%6)").arg(f, kind, one ? str("1") : str("2"), pool, stride, ceil);
    if (l.padding == str("same") && pool != stride)
        out->notes << QStringLiteral("%1: 'same' pooling with stride ≠ pool size is approximated by ceil_mode").arg(l.name);
    out->expression = one ? QStringLiteral("%1(%2.transpose(1, 2)).transpose(1, 2)").arg(f, x) : QStringLiteral("%1(%2)").arg(f, x);
}

/// MaxPooling1D/2D, AveragePooling1D/2D (keras/layers/pooling/base_pooling.py).
bool inferPooling(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    const bool channelsFirst = l.dataFormat == str("channels_first");
    const QString &t = l.type;
    const int spatial = t.endsWith(str("1D")) ? 1 : 2;
    if (!needRank(x, spatial + 1, spatial == 1 ? "3D" : "4D", why))
        return false;
    TensorShape out = x;
    for (int i = 0; i < spatial; ++i) {
        const int d = channelsFirst ? i + 1 : i;
        const qint64 p = at(l.poolSize, i, 2);
        const qint64 s = at(l.strides.isEmpty() ? l.poolSize : l.strides, i, p);
        out[d] = convLength(x[d], p, l.padding, s, 1, at(l.explicitPadding, i, 0));
    }
    l.outputShape = out;
    return true;
}

bool readPoolingArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const QString &cls = c.cls;
    const int n = cls.endsWith(str("1D")) ? 1 : 2;
    l->poolSize = r.tuple("pool_size", 0, n);
    if (l->poolSize.isEmpty())
        l->poolSize.fill(2, n);
    l->strides = r.tuple("strides", 1, n);
    l->padding = r.string("padding", 2, str("valid")).toLower();
    return true;
}

void globalPoolingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QString x = source.inputs.value(0);
    QString &expr = out->expression;
    const bool one = t.endsWith(str("1D"));
    const bool avg = t.contains(str("Average"));
    if (one)
        expr = avg ? QStringLiteral("%1.mean(dim=1)").arg(x) : QStringLiteral("%1.amax(dim=1)").arg(x);
    else
        expr = avg ? QStringLiteral("%1.mean(dim=(2, 3))").arg(x) : QStringLiteral("%1.amax(dim=(2, 3))").arg(x);
}

/// GlobalAverage/MaxPooling1D/2D: the channels.
bool inferGlobalPooling(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    const bool channelsFirst = l.dataFormat == str("channels_first");
    const QString &t = l.type;
    const int spatial = t.endsWith(str("1D")) ? 1 : 2;
    if (!needRank(x, spatial + 1, spatial == 1 ? "3D" : "4D", why))
        return false;
    l.outputShape = {channelsFirst ? x.first() : x.last()};
    return true;
}

void zeroPaddingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const QString &f = source.module;
    const auto &p = source.layer.explicitPadding;
    out->init << QStringLiteral("%1 = nn.ZeroPad2d((%2, %3, %4, %5))").arg(f).arg(p.value(2)).arg(p.value(3))
                     .arg(p.value(0)).arg(p.value(1));
    out->expression = QStringLiteral("%1(%2)").arg(f, source.inputs.value(0));
}

/// ZeroPadding2D: {top, bottom, left, right} added to rows and columns.
bool inferZeroPadding(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    const bool channelsFirst = l.dataFormat == str("channels_first");
    if (!needRank(x, 3, "4D", why))
        return false;
    const qint64 top = at(l.explicitPadding, 0, 1), bottom = at(l.explicitPadding, 1, top);
    const qint64 left = at(l.explicitPadding, 2, top), right = at(l.explicitPadding, 3, left);
    TensorShape out = x;
    const int h = channelsFirst ? 1 : 0;
    if (out[h] >= 0)
        out[h] += top + bottom;
    if (out[h + 1] >= 0)
        out[h + 1] += left + right;
    l.outputShape = out;
    return true;
}

/// A 2D layer's amounts per side as ZeroPadding2D's `padding` and Cropping2D's
/// `cropping` take them (keras/layers/reshaping/zero_padding2d.py, cropping2d.py): an int
/// (every side), (rows, cols) or ((top, bottom), (left, right)). {top, bottom, left,
/// right}; `fallback` when the argument is absent or not a literal of these forms.
QVector<qint64> readSides2D(const CallArgs &args, const char *name, const QVector<qint64> &fallback)
{
    const PyValuePtr p = args.get(str(name), 0);
    if (p && p->isNumber())
        return QVector<qint64>(4, qint64(p->number()));
    if (p && p->kind == PyValue::Kind::List && p->items.size() == 2) {
        const auto &h = p->items[0], &w = p->items[1];
        if (h->isNumber() && w->isNumber())
            return {qint64(h->number()), qint64(h->number()), qint64(w->number()), qint64(w->number())};
        if (h->kind == PyValue::Kind::List && w->kind == PyValue::Kind::List
            && h->items.size() == 2 && w->items.size() == 2)
            return {qint64(h->items[0]->number()), qint64(h->items[1]->number()),
                    qint64(w->items[0]->number()), qint64(w->items[1]->number())};
    }
    return fallback;
}

bool readZeroPaddingArguments(const KerasCall &c, LayerSpec *l)
{
    l->explicitPadding = readSides2D(c.args, "padding", {1, 1, 1, 1});
    return true;
}

/// Cropping1D's `cropping`: an int or (begin, end), default (1, 1)
/// (keras/layers/reshaping/cropping1d.py); Cropping2D's: readSides2D(), default 0.
bool readCroppingArguments(const KerasCall &c, LayerSpec *l)
{
    if (c.cls == str("Cropping2D")) {
        l->cropping = readSides2D(c.args, "cropping", {0, 0, 0, 0});
        return true;
    }
    l->cropping = c.r.tuple("cropping", 0, 2);
    if (l->cropping.isEmpty())
        l->cropping = {1, 1};
    return true;
}

/// Cropping1D: (steps - begin - end, features); Cropping2D: rows less top and bottom,
/// columns less left and right. No weights.
bool inferCropping(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    const bool image = l.type == str("Cropping2D");
    if (!needRank(x, image ? 3 : 2, image ? "4D" : "3D", why))
        return false;
    const int first = image && l.dataFormat == str("channels_first") ? 1 : 0;
    TensorShape out = x;
    for (int d = 0; d < (image ? 2 : 1); ++d) {
        qint64 &length = out[first + d];
        const qint64 removed = l.cropping.value(2 * d) + l.cropping.value(2 * d + 1);
        if (length < 0)
            continue;
        if (length - removed <= 0) {
            *why = QStringLiteral("cropping %1 of an axis of %2 leaves nothing").arg(removed).arg(length);
            return false;
        }
        length -= removed;
    }
    l.outputShape = out;
    return true;
}

/// Slices in PyTorch's layout: (batch, steps, features) for Cropping1D, (batch, channels,
/// height, width) for Cropping2D.
void croppingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const QVector<qint64> &c = source.layer.cropping;
    const QString x = source.inputs.value(0);
    // `begin:x.size(dim) - end`, without the parts that are 0
    const auto slice = [&](int dim, qint64 begin, qint64 end) {
        const QString from = begin > 0 ? QString::number(begin) : QString();
        return end > 0 ? QStringLiteral("%1:%2.size(%3) - %4").arg(from, x).arg(dim).arg(end) : from + str(":");
    };
    if (source.layer.type == str("Cropping1D"))
        out->expression = QStringLiteral("%1[:, %2]").arg(x, slice(1, c.value(0), c.value(1)));
    else
        out->expression = QStringLiteral("%1[:, :, %2, %3]")
                              .arg(x, slice(2, c.value(0), c.value(1)), slice(3, c.value(2), c.value(3)));
}
} // namespace

void registerConvLayers()
{
    registerLayerType(LayerType{{QStringLiteral("Conv1D"), QStringLiteral("Conv2D"), QStringLiteral("DepthwiseConv2D")}, nullptr, inferConv}
        .withAliases({{QStringLiteral("Convolution1D"), QStringLiteral("Conv1D")}, {QStringLiteral("Convolution2D"), QStringLiteral("Conv2D")}})
        .reading(readConvArguments)
        .writing(convTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Conv2DTranspose")}, nullptr, inferConvTranspose}
        .reading(readConvTransposeArguments)
        .writing(convTransposeTorchSource));

    registerLayerType(LayerType{{QStringLiteral("UpSampling1D"), QStringLiteral("UpSampling2D")}, nullptr, inferUpSampling}
        .reading(readUpSamplingArguments)
        .writing(upSamplingTorchSource));

    registerLayerType(LayerType{{QStringLiteral("MaxPooling1D"), QStringLiteral("MaxPooling2D"), QStringLiteral("AveragePooling1D"), QStringLiteral("AveragePooling2D")},
        nullptr, inferPooling}
        .withPrefixes({QStringLiteral("MaxPooling"), QStringLiteral("AveragePooling")})
        .withAliases({{QStringLiteral("MaxPool1D"), QStringLiteral("MaxPooling1D")}, {QStringLiteral("MaxPool2D"), QStringLiteral("MaxPooling2D")}, {QStringLiteral("AvgPool1D"), QStringLiteral("AveragePooling1D")}, {QStringLiteral("AvgPool2D"), QStringLiteral("AveragePooling2D")}})
        .reading(readPoolingArguments)
        .writing(poolingTorchSource));

    registerLayerType(LayerType{{QStringLiteral("GlobalAveragePooling1D"), QStringLiteral("GlobalAveragePooling2D"), QStringLiteral("GlobalMaxPooling1D"), QStringLiteral("GlobalMaxPooling2D")},
        nullptr, inferGlobalPooling}
        .withPrefixes({QStringLiteral("Global")})
        .withAliases({{QStringLiteral("GlobalMaxPool1D"), QStringLiteral("GlobalMaxPooling1D")}, {QStringLiteral("GlobalMaxPool2D"), QStringLiteral("GlobalMaxPooling2D")}, {QStringLiteral("GlobalAvgPool1D"), QStringLiteral("GlobalAveragePooling1D")}, {QStringLiteral("GlobalAvgPool2D"), QStringLiteral("GlobalAveragePooling2D")}})
        .writing(globalPoolingTorchSource));

    registerLayerType(LayerType{{QStringLiteral("ZeroPadding2D")}, nullptr, inferZeroPadding}
        .reading(readZeroPaddingArguments)
        .writing(zeroPaddingTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Cropping1D"), QStringLiteral("Cropping2D")}, nullptr, inferCropping}
        .reading(readCroppingArguments)
        .writing(croppingTorchSource));
}

} // namespace kmw
