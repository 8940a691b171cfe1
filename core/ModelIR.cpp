#include "ModelIR.h"

#include <QRegularExpression>

#include <algorithm>

namespace kmw {

namespace {

QString str(const char *s) { return QString::fromLatin1(s); }

/// Keras's ceil(L/s) and floor((L - d(k-1) - 1 + pads)/s) + 1 (keras/utils/conv_utils.py
/// conv_output_length); -1 stays unknown.
qint64 convLength(qint64 length, qint64 kernel, const QString &padding, qint64 stride,
                  qint64 dilation, qint64 explicitPad)
{
    if (length < 0)
        return -1;
    const qint64 effective = kernel + (kernel - 1) * (dilation - 1);
    if (padding == str("same"))
        return (length + stride - 1) / stride;
    const qint64 numerator = length + 2 * explicitPad - effective;
    if (numerator < 0)
        return 0;
    return numerator / stride + 1;
}

/// Keras's deconv_output_length (keras/utils/conv_utils.py) for Conv2DTranspose: without
/// output_padding (-1), valid L*s + max(k' - s, 0) and same L*s; with it,
/// (L - 1)*s + k' - 2*pad + output_padding, pad = k'/2 for same, 0 for valid;
/// k' = k + (k - 1)(d - 1).
qint64 transposedLength(qint64 length, qint64 kernel, const QString &padding, qint64 stride,
                        qint64 dilation, qint64 outputPadding)
{
    const qint64 k = kernel + (kernel - 1) * (dilation - 1);
    const bool same = padding == str("same");
    if (outputPadding < 0)
        return same ? length * stride : length * stride + std::max<qint64>(k - stride, 0);
    return (length - 1) * stride + k - 2 * (same ? k / 2 : 0) + outputPadding;
}

qint64 at(const QVector<qint64> &v, int i, qint64 fallback)
{
    if (v.isEmpty())
        return fallback;
    return i < v.size() ? v[i] : v.last();
}

QString layerLabel(const LayerSpec &layer)
{
    return QStringLiteral("%1 (%2)").arg(layer.name, layer.type);
}


/// Resolves a Keras axis (counted with the batch dimension, negative from the end) to an
/// index into a shape without batch; -1 when it names the batch axis or is out of range.
int shapeAxis(int axis, int rank)
{
    const int full = rank + 1;
    int a = axis < 0 ? axis + full : axis;
    if (a <= 0 || a >= full)
        return -1;
    return a - 1;
}

struct Counts {
    qint64 keras = 0, nonTrainable = 0, torch = 0, buffers = 0;
};

/// Parameter counts of a recurrent layer with `in` input features (catalog §2 table).
Counts recurrentCounts(const LayerSpec &l, qint64 in)
{
    const qint64 u = l.units;
    Counts c;
    if (l.type == str("SimpleRNN")) {
        c.keras = u * (in + u) + (l.useBias ? u : 0);
        c.torch = u * (in + u) + (l.useBias ? 2 * u : 0);
    } else if (l.type == str("LSTM")) {
        c.keras = 4 * u * (in + u) + (l.useBias ? 4 * u : 0);
        c.torch = 4 * u * (in + u) + (l.useBias ? 8 * u : 0);
    } else { // GRU
        c.keras = 3 * u * (in + u) + (l.useBias ? (l.resetAfter ? 6 * u : 3 * u) : 0);
        c.torch = 3 * u * (in + u) + (l.useBias ? 6 * u : 0);
    }
    return c;
}

bool isRecurrent(const QString &type)
{
    return type == str("SimpleRNN") || type == str("LSTM") || type == str("GRU");
}

/// Infers one layer from its input shapes; false with *why.
bool inferLayer(LayerSpec &l, const QVector<TensorShape> &in, Counts *counts, QString *why)
{
    const QString &t = l.type;
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    const bool channelsFirst = l.dataFormat == str("channels_first");
    *counts = Counts();
    auto need = [&](int rank, const char *what) {
        if (x.size() != rank) {
            *why = QStringLiteral("expects %1 input (rank %2 with batch), got %3")
                       .arg(str(what)).arg(rank + 1).arg(kerasShapeString(x));
            return false;
        }
        return true;
    };

    if (t == str("InputLayer")) {
        l.outputShape = x;
        return true;
    }
    if (t == str("Dense")) {
        if (x.isEmpty() || x.last() < 0) {
            *why = QStringLiteral("the last dimension of its input %1 must be known")
                       .arg(kerasShapeString(x));
            return false;
        }
        if (l.units <= 0) {
            *why = QStringLiteral("units must be positive");
            return false;
        }
        if (l.inputDim > 0 && l.inputDim != x.last()) {
            *why = QStringLiteral("in_features %1 does not match its input %2")
                       .arg(l.inputDim).arg(kerasShapeString(x));
            return false;
        }
        l.outputShape = x;
        l.outputShape.last() = l.units;
        counts->keras = x.last() * l.units + (l.useBias ? l.units : 0);
        counts->torch = counts->keras;
        return true;
    }
    if (t == str("Activation") || t == str("Dropout") || t == str("LeakyReLU")
        || t == str("ReLU") || t == str("Softmax") || t.startsWith(str("SpatialDropout"))
        || t == str("GaussianNoise") || t == str("GaussianDropout") || t == str("AlphaDropout")
        || t == str("ActivityRegularization")) {
        l.outputShape = x;
        return true;
    }
    if (t == str("Flatten")) {
        if (x.size() <= 1) {
            l.outputShape = x.isEmpty() ? TensorShape{1} : x;
            return true;
        }
        l.outputShape = {shapeProduct(x)};
        return true;
    }
    if (t == str("Reshape")) {
        const qint64 total = shapeProduct(x);
        TensorShape out = l.targetShape;
        qint64 known = 1;
        int unknown = -1;
        for (int i = 0; i < out.size(); ++i) {
            if (out[i] < 0)
                unknown = i;
            else
                known *= out[i];
        }
        if (unknown >= 0 && total > 0 && known > 0)
            out[unknown] = total / known;
        if (total > 0 && shapeProduct(out) != total) {
            *why = QStringLiteral("cannot reshape %1 into %2")
                       .arg(kerasShapeString(x), kerasShapeString(l.targetShape));
            return false;
        }
        l.outputShape = out;
        return true;
    }
    if (t == str("Conv1D") || t == str("Conv2D") || t == str("DepthwiseConv2D")) {
        const int spatial = t == str("Conv1D") ? 1 : 2;
        if (!need(spatial + 1, spatial == 1 ? "3D (batch, steps, channels)"
                                            : "4D (batch, rows, cols, channels)"))
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
    if (t == str("Conv2DTranspose")) {
        if (!need(3, "4D (batch, rows, cols, channels)"))
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
    if (t == str("UpSampling1D") || t == str("UpSampling2D")) {
        const int spatial = t == str("UpSampling1D") ? 1 : 2;
        if (!need(spatial + 1, spatial == 1 ? "3D" : "4D"))
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
    if (t == str("Resizing") || t == str("CenterCrop")) {
        if (!need(3, "4D (batch, rows, cols, channels)"))
            return false;
        if (l.size.size() != 2 || l.size[0] <= 0 || l.size[1] <= 0) {
            *why = QStringLiteral("height and width are required");
            return false;
        }
        l.outputShape = {l.size[0], l.size[1], x.last()};
        return true;
    }
    if (t == str("Lambda") && l.function == str("resize")) {
        if (!need(3, "4D (batch, rows, cols, channels)"))
            return false;
        l.outputShape = {l.size.value(0), l.size.value(1), x.last()};
        return true;
    }
    if (t == str("Lambda") && l.function == str("channels")) {
        if (x.isEmpty() || (x.last() >= 0 && x.last() != l.channelMean.size())) {
            *why = QStringLiteral("%1 expects %2 channels last").arg(l.code).arg(l.channelMean.size());
            return false;
        }
        l.outputShape = x;
        return true;
    }
    if (t == str("Rescaling") || t.startsWith(str("Random")) || (t == str("Lambda") && l.function == str("affine"))) {
        l.outputShape = x;
        return true;
    }
    if (t == str("Normalization")) {
        // keras/layers/preprocessing/normalization.py: mean and variance of the features
        // axis (-1) plus the sample count, all non-trainable.
        if (x.isEmpty() || x.last() < 0) {
            *why = QStringLiteral("the last dimension of its input must be known");
            return false;
        }
        l.outputShape = x;
        counts->keras = 2 * x.last() + 1;
        counts->nonTrainable = counts->keras;
        counts->buffers = 2 * x.last() + 1;
        return true;
    }
    if (t.startsWith(str("MaxPooling")) || t.startsWith(str("AveragePooling"))) {
        const int spatial = t.endsWith(str("1D")) ? 1 : 2;
        if (!need(spatial + 1, spatial == 1 ? "3D" : "4D"))
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
    if (t.startsWith(str("Global"))) {
        const int spatial = t.endsWith(str("1D")) ? 1 : 2;
        if (!need(spatial + 1, spatial == 1 ? "3D" : "4D"))
            return false;
        l.outputShape = {channelsFirst ? x.first() : x.last()};
        return true;
    }
    if (t == str("ZeroPadding2D")) {
        if (!need(3, "4D"))
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
    if (t == str("BatchNormalization")) {
        const int a = shapeAxis(l.axis, x.size());
        if (a < 0 || x[a] < 0) {
            *why = QStringLiteral("axis %1 is not a known dimension of %2")
                       .arg(l.axis).arg(kerasShapeString(x));
            return false;
        }
        const qint64 c = x[a];
        l.outputShape = x;
        const qint64 affine = (l.center ? c : 0) + (l.scale ? c : 0);
        counts->keras = affine + 2 * c;
        counts->nonTrainable = 2 * c;
        counts->torch = affine;
        counts->buffers = 2 * c;
        return true;
    }
    if (t == str("Embedding")) {
        if (l.inputDim <= 0 || l.outputDim <= 0) {
            *why = QStringLiteral("input_dim and output_dim are required");
            return false;
        }
        l.outputShape = x;
        l.outputShape.append(l.outputDim);
        counts->keras = l.inputDim * l.outputDim;
        counts->torch = counts->keras;
        return true;
    }
    if (isRecurrent(t)) {
        if (!need(2, "3D (batch, timesteps, features)"))
            return false;
        if (x.last() < 0 || l.units <= 0) {
            *why = QStringLiteral("the feature dimension and units must be known");
            return false;
        }
        for (int k = 1; k <= l.initialStates; ++k) {
            if (in.value(k) != TensorShape{l.units}) {
                *why = QStringLiteral("initial state %1 is %2, not (None, %3)")
                           .arg(k).arg(kerasShapeString(in.value(k))).arg(l.units);
                return false;
            }
        }
        *counts = recurrentCounts(l, x.last());
        l.outputShape = l.returnSequences ? TensorShape{x.first(), l.units} : TensorShape{l.units};
        return true;
    }
    if (t == str("Bidirectional")) {
        if (!l.wrapped || !isRecurrent(l.wrapped->type)) {
            *why = QStringLiteral("wraps no supported recurrent layer");
            return false;
        }
        LayerSpec inner = *l.wrapped;
        Counts c;
        if (!inferLayer(inner, in, &c, why))
            return false;
        *l.wrapped = inner;
        counts->keras = 2 * c.keras;
        counts->torch = 2 * c.torch;
        l.outputShape = inner.outputShape;
        if (l.mergeMode == str("concat"))
            l.outputShape.last() *= 2;
        return true;
    }
    if (t == str("Concatenate")) {
        if (in.size() < 2) {
            *why = QStringLiteral("needs at least two inputs");
            return false;
        }
        const int a = shapeAxis(l.axis, x.size());
        if (a < 0) {
            *why = QStringLiteral("axis %1 is out of range").arg(l.axis);
            return false;
        }
        TensorShape out = x;
        for (int i = 1; i < in.size(); ++i) {
            const TensorShape &y = in[i];
            if (y.size() != x.size()) {
                *why = QStringLiteral("inputs %1 and %2 differ in rank")
                           .arg(kerasShapeString(x), kerasShapeString(y));
                return false;
            }
            for (int d = 0; d < y.size(); ++d) {
                if (d == a)
                    out[d] = (out[d] < 0 || y[d] < 0) ? -1 : out[d] + y[d];
                else if (y[d] != x[d] && y[d] >= 0 && x[d] >= 0) {
                    *why = QStringLiteral("inputs %1 and %2 differ outside axis %3")
                               .arg(kerasShapeString(x), kerasShapeString(y)).arg(l.axis);
                    return false;
                }
            }
        }
        l.outputShape = out;
        return true;
    }
    if (t == str("Add") || t == str("Multiply") || t == str("Subtract")
        || t == str("Average") || t == str("Maximum")) {
        if (in.size() < 2) {
            *why = QStringLiteral("needs at least two inputs");
            return false;
        }
        for (const TensorShape &y : in) {
            if (y != x) {
                *why = QStringLiteral("inputs %1 and %2 differ")
                           .arg(kerasShapeString(x), kerasShapeString(y));
                return false;
            }
        }
        l.outputShape = x;
        return true;
    }
    if (t == str("Dot")) {
        if (in.size() != 2) {
            *why = QStringLiteral("needs exactly two inputs");
            return false;
        }
        const TensorShape &y = in[1];
        const int ax = shapeAxis(l.dotAxes.value(0, -1), x.size());
        const int ay = shapeAxis(l.dotAxes.value(1, l.dotAxes.value(0, -1)), y.size());
        if (ax < 0 || ay < 0 || x[ax] != y[ay]) {
            *why = QStringLiteral("cannot contract %1 and %2 over axes %3")
                       .arg(kerasShapeString(x), kerasShapeString(y))
                       .arg(l.dotAxes.value(0, -1));
            return false;
        }
        TensorShape out;
        for (int d = 0; d < x.size(); ++d)
            if (d != ax)
                out.append(x[d]);
        for (int d = 0; d < y.size(); ++d)
            if (d != ay)
                out.append(y[d]);
        if (out.isEmpty())
            out = {1};
        l.outputShape = out;
        return true;
    }
    *why = QStringLiteral("layer type %1 is not supported (supported: %2)")
               .arg(t, supportedLayerTypes().join(QStringLiteral(", ")));
    return false;
}

} // namespace

qint64 shapeProduct(const TensorShape &shape)
{
    qint64 p = 1;
    for (qint64 d : shape) {
        if (d < 0)
            return -1;
        p *= d;
    }
    return p;
}

QString kerasShapeString(const TensorShape &shape)
{
    QStringList parts{QStringLiteral("None")};
    for (qint64 d : shape)
        parts.append(d < 0 ? QStringLiteral("None") : QString::number(d));
    if (parts.size() == 1)
        return QStringLiteral("(None,)");
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString groupedThousands(qint64 n)
{
    QString digits = QString::number(n < 0 ? -n : n);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return n < 0 ? QLatin1Char('-') + digits : digits;
}

QStringList supportedLayerTypes()
{
    QStringList types{
        str("Activation"), str("Add"), str("AveragePooling1D"), str("AveragePooling2D"),
        str("BatchNormalization"), str("Bidirectional"), str("Concatenate"), str("Conv1D"),
        str("Conv2D"), str("Dense"), str("Dot"), str("Dropout"), str("Embedding"),
        str("Flatten"), str("GRU"), str("GlobalAveragePooling1D"),
        str("GlobalAveragePooling2D"), str("GlobalMaxPooling1D"), str("GlobalMaxPooling2D"),
        str("InputLayer"), str("LSTM"), str("LeakyReLU"), str("MaxPooling1D"),
        str("MaxPooling2D"), str("Multiply"), str("ReLU"), str("Reshape"), str("SimpleRNN"),
        str("Softmax"), str("ZeroPadding2D"), str("SpatialDropout1D"), str("SpatialDropout2D"),
        str("GaussianNoise"), str("GaussianDropout"), str("AlphaDropout"),
        str("ActivityRegularization"), str("Conv2DTranspose"), str("UpSampling1D"),
        str("UpSampling2D"), str("Rescaling"), str("Resizing"), str("CenterCrop"),
        str("Normalization"), str("RandomFlip"), str("RandomRotation"), str("RandomZoom"),
        str("RandomTranslation"), str("RandomContrast"), str("DepthwiseConv2D"), str("Lambda")};
    types.sort();
    return types;
}

QString kerasSnakeCase(const QString &className)
{
    static const QRegularExpression first(QStringLiteral("(.)([A-Z][a-z0-9]+)"));
    static const QRegularExpression second(QStringLiteral("([a-z])([A-Z])"));
    QString s = className;
    s.replace(first, QStringLiteral("\\1_\\2"));
    s.replace(second, QStringLiteral("\\1_\\2"));
    s = s.toLower();
    if (s.startsWith(QLatin1Char('_')))
        s.prepend(QStringLiteral("private"));
    return s;
}

bool inferModel(ModelIR &model, QString *error)
{
    model.paramsKeras = model.nonTrainableKeras = model.trainableKeras = model.paramsTorch = 0;
    if (model.layers.isEmpty()) {
        *error = QStringLiteral("the model has no layers");
        return false;
    }
    for (int i = 0; i < model.layers.size(); ++i) {
        LayerSpec &layer = model.layers[i];
        QVector<TensorShape> in;
        if (layer.type == str("InputLayer") || layer.inbound.isEmpty()) {
            const int position = std::max(0, int(model.inputs.indexOf(i)));
            if (position >= model.inputShapes.size()) {
                *error = QStringLiteral("%1: the input shape is not known (give input_shape, "
                                        "or data to take it from)").arg(layerLabel(layer));
                return false;
            }
            in.append(model.inputShapes[position]);
        }
        for (int source : layer.inbound) {
            if (source < 0 || source >= i) {
                *error = QStringLiteral("%1: its input is not built before it")
                             .arg(layerLabel(layer));
                return false;
            }
            in.append(model.layers[source].outputShape);
        }
        Counts counts;
        QString why;
        if (!inferLayer(layer, in, &counts, &why)) {
            *error = layerLabel(layer) + QStringLiteral(": ") + why;
            return false;
        }
        if (layer.sharedWith >= 0)
            counts = Counts(); // a layer called again: its weights are the first call's
        layer.paramsKeras = counts.keras;
        layer.nonTrainableKeras = layer.trainable && layer.nestedTrainable && model.trainable ? counts.nonTrainable
                                                                                              : counts.keras;
        layer.paramsTorch = counts.torch;
        layer.buffersTorch = counts.buffers;
        model.paramsKeras += layer.paramsKeras;
        model.nonTrainableKeras += layer.nonTrainableKeras;
        model.paramsTorch += layer.paramsTorch;
    }
    model.trainableKeras = model.paramsKeras - model.nonTrainableKeras;
    const int out = model.outputLayer();
    model.outputShape = out >= 0 && out < model.layers.size() ? model.layers[out].outputShape
                                                              : model.layers.last().outputShape;
    return true;
}

} // namespace kmw
