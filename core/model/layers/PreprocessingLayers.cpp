// Layer types: preprocessing inside the model: Resizing, CenterCrop, Rescaling, Normalization,
// the random augmentations, and the Lambdas of known functions.
// One descriptor each (LayerType.h): Keras arguments and aliases (keras/layers/*.py),
// shapes and Keras/PyTorch parameter counts, PyTorch source (torch.nn, PyTorch layout).

#include "LayerShapes.h"

#include "KerasApplications.h"

namespace kmw {

namespace {

void resizingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const TensorShape &shape = source.shape;
    if (t == str("UpSampling2D") || t == str("Resizing")) {
        interpolateTorchSource(source, out);
    } else if (t == str("CenterCrop")) {
        const qint64 top = (shape.value(0) - l.size.value(0)) / 2, left = (shape.value(1) - l.size.value(1)) / 2;
        if (top < 0 || left < 0) {
            out->error = QStringLiteral("%1 (CenterCrop): an input smaller than the crop is not generated").arg(l.name);
            return;
        }
        out->expression = QStringLiteral("%1[:, :, %2:%3, %4:%5]").arg(source.inputs.value(0)).arg(top).arg(top + l.size.value(0)).arg(left).arg(left + l.size.value(1));
    }
}

/// Resizing, CenterCrop: `height` x `width`, channels kept.
bool inferResizing(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    if (!needRank(x, 3, "4D (batch, rows, cols, channels)", why))
        return false;
    if (l.size.size() != 2 || l.size[0] <= 0 || l.size[1] <= 0) {
        *why = QStringLiteral("height and width are required");
        return false;
    }
    l.outputShape = {l.size[0], l.size[1], x.last()};
    return true;
}

bool readResizingArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    l->size = {r.integer("height", 0, 0), r.integer("width", 1, 0)};
    l->interpolation = r.string("interpolation", 2, str("bilinear"));
    return true;
}

/// A Lambda that resizes (tf.image.resize to `size`).
bool inferLambdaResize(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    if (!needRank(x, 3, "4D (batch, rows, cols, channels)", why))
        return false;
    l.outputShape = {l.size.value(0), l.size.value(1), x.last()};
    return true;
}

/// A Lambda that normalises channels as keras.applications' preprocess_input does.
bool inferLambdaChannels(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    if (x.isEmpty() || (x.last() >= 0 && x.last() != l.channelMean.size())) {
        *why = QStringLiteral("%1 expects %2 channels last").arg(l.code).arg(l.channelMean.size());
        return false;
    }
    l.outputShape = x;
    return true;
}

bool readLambdaArguments(const KerasCall &c, LayerSpec *l)
{
    const CallArgs &args = c.args;
    QString *error = c.error;
    // the function: a lambda ModelLambda.cpp follows, or an application's preprocess_input
    const PyValuePtr f = args.get(str("function"), 0);
    if (f && f->layer && !f->layer->function.isEmpty()) {
        const LayerSpec &g = *f->layer;
        l->function = g.function;
        l->code = g.code;
        l->size = g.size;
        l->interpolation = g.interpolation;
        l->rescale = g.rescale;
        l->offset = g.offset;
        l->flipChannels = g.flipChannels;
        l->channelMean = g.channelMean;
        l->channelStd = g.channelStd;
    } else if (!f || f->kind != PyValue::Kind::Path || !applicationPreprocessing(f->text, l)) {
        *error = QStringLiteral("Lambda(%1): only tf.image.resize, elementwise scaling (x * a + b) and "
                                "keras.applications' preprocess_input are followed")
                     .arg(f ? f->text.simplified().left(80) : QString());
        return false;
    }
    return true;
}

void lambdaTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QString x = source.inputs.value(0);
    QString &expr = out->expression;
    if (t == str("Lambda") && l.function == str("resize")) {
        // tf.image.resize: half-pixel centres (align_corners=False), no antialiasing
        expr = QStringLiteral("F.interpolate(%1, size=(%2, %3), mode=%4)").arg(x).arg(l.size.value(0)).arg(l.size.value(1))
                   .arg(l.interpolation == str("bilinear") ? str("'bilinear', align_corners=False") : str("'nearest'"));
    } else if (t == str("Lambda") && l.function == str("channels")) {
        // keras.applications' preprocess_input, on channels-first images
        const auto numbers = [](const QVector<double> &v) {
            QStringList items;
            for (const double d : v)
                items << QString::number(d, 'g', QLocale::FloatingPointShortest);
            return items.join(str(", "));
        };
        const QString view = source.shape.size() == 3 ? str(".view(1, -1, 1, 1)") : str(".view(1, -1)");
        QString e = l.flipChannels ? QStringLiteral("%1.flip(1)").arg(x) : x;
        if (l.rescale != 1.0)
            e = QStringLiteral("%1 * %2").arg(e, QString::number(l.rescale, 'g', QLocale::FloatingPointShortest));
        e = QStringLiteral("(%1 - %2.new_tensor([%3])%4)").arg(e, x, numbers(l.channelMean), view);
        if (std::any_of(l.channelStd.cbegin(), l.channelStd.cend(), [](double d) { return d != 1.0; }))
            e = QStringLiteral("%1 / %2.new_tensor([%3])%4").arg(e, x, numbers(l.channelStd), view);
        expr = e;
        if (l.flipChannels)
            out->notes << QStringLiteral("%1: %2 reverses the channels (RGB to BGR), as Keras does").arg(l.name, l.code);
    } else if (t == str("Lambda") && l.function == str("affine")) {
        expr = QStringLiteral("%1 * %2 + %3").arg(x, QString::number(l.rescale, 'g', QLocale::FloatingPointShortest),
                                                  QString::number(l.offset, 'g', QLocale::FloatingPointShortest));
    } else {
        out->error = QStringLiteral("%1 (%2) has no generator (supported: the layers of supportedLayerTypes())").arg(l.name, t);
    }
}

void rescalingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QString x = source.inputs.value(0);
    QString &expr = out->expression;
    if (t == str("Rescaling")) {
        expr = QStringLiteral("%1 * %2 + %3").arg(x, QString::number(l.rescale, 'g', QLocale::FloatingPointShortest),
                                                  QString::number(l.offset, 'g', QLocale::FloatingPointShortest));
    } else if (t == str("RandomFlip")) {
        // keras/layers/preprocessing/image_preprocessing.py: each image flipped with
        // probability 1/2, in training only
        QString flipped = x;
        const auto flip = [&](int dim) {
            flipped = QStringLiteral("torch.where(torch.rand(%1.size(0), 1, 1, 1, device=%1.device) < 0.5, %2.flip(%3), %2)")
                          .arg(x, flipped).arg(dim);
        };
        if (l.mode.contains(str("horizontal")))
            flip(3);
        if (l.mode.contains(str("vertical")))
            flip(2);
        expr = QStringLiteral("(%1 if self.training else %2)").arg(flipped, x);
    } else if (t.startsWith(str("Random"))) {
        expr = x;
        out->notes << QStringLiteral("%1 (%2) is augmentation (nothing at inference): it is left out of the module; "
                                  "apply the matching torchvision.transforms.v2 transform to the training data")
                       .arg(l.name, t);
    }
}

bool readRescalingArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const QString &cls = c.cls;
    if (cls == str("Rescaling")) {
        l->rescale = r.real("scale", 0, 1.0);
        l->offset = r.real("offset", 1, 0.0);
    } else if (cls == str("RandomFlip")) {
        l->mode = r.string("mode", 0, str("horizontal_and_vertical"));
    }
    return true;
}

/// A Lambda of a function the IR knows (ModelLambda.cpp): a resize, keras.applications'
/// channel normalisation, or an elementwise x * a + b; any other is not supported.
bool inferLambda(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    if (l.function == str("resize"))
        return inferLambdaResize(l, in, counts, why);
    if (l.function == str("channels"))
        return inferLambdaChannels(l, in, counts, why);
    if (l.function == str("affine"))
        return inferSameShape(l, in, counts, why);
    return unsupportedLayer(l, why);
}

void normalizationTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const QString &f = source.module;
    const int rank = int(source.shape.size());
    QStringList &init = out->init;
    QString &expr = out->expression;
    const qint64 c = source.shape.last();
    // keras/layers/preprocessing/normalization.py: (x - mean) / max(sqrt(variance), 1e-7)
    init << QStringLiteral("%1 = nn.Module()  # Keras Normalization: mean and variance per feature").arg(f);
    init << QStringLiteral("%1.register_buffer('mean', torch.zeros(%2))").arg(f).arg(c);
    init << QStringLiteral("%1.register_buffer('variance', torch.ones(%2))").arg(f).arg(c);
    init << QStringLiteral("%1.register_buffer('count', torch.zeros((), dtype=torch.int64))").arg(f);
    const QString view = rank == 3 ? str(".view(1, -1, 1, 1)") : QString();
    expr = QStringLiteral("(%1 - %2.mean%3) / torch.sqrt(%2.variance%3).clamp_min(1e-7)").arg(source.inputs.value(0), f, view);
    out->notes << QStringLiteral("%1 (Normalization): set %2.mean and %2.variance from the training data "
                              "(what Keras's adapt() computed), or port them from the Keras weights").arg(source.layer.name, f);
}

/// Normalization (keras/layers/preprocessing/normalization.py): mean and variance of the
/// features axis plus the sample count, all non-trainable.
bool inferNormalization(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
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

bool readNormalizationArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const CallArgs &args = c.args;
    l->axis = int(r.integer("axis", 0, -1));
    if (args.has(str("mean")) || args.has(str("variance")))
        l->unconverted << str("mean/variance");
    return true;
}
} // namespace

void registerPreprocessingLayers()
{
    registerLayerType(LayerType{{QStringLiteral("Resizing"), QStringLiteral("CenterCrop")}, nullptr, inferResizing}
        .reading(readResizingArguments)
        .writing(resizingTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Lambda")}, nullptr, inferLambda}
        .reading(readLambdaArguments)
        .writing(lambdaTorchSource));
    registerLayerType(LayerType{{QStringLiteral("Rescaling"), QStringLiteral("RandomFlip"), QStringLiteral("RandomRotation"), QStringLiteral("RandomZoom"), QStringLiteral("RandomTranslation"), QStringLiteral("RandomContrast")},
        nullptr, inferSameShape}
        .withPrefixes({QStringLiteral("Random")})
        .reading(readRescalingArguments)
        .writing(rescalingTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Normalization")}, nullptr, inferNormalization}
        .reading(readNormalizationArguments)
        .writing(normalizationTorchSource));
}

} // namespace kmw
