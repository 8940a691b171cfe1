// Layer types: InputLayer, Dense, the shape-keeping layers (activations, dropout, noise), Flatten, Reshape,
// BatchNormalization.
// One descriptor each (LayerType.h): Keras arguments and aliases (keras/layers/*.py),
// shapes and Keras/PyTorch parameter counts, PyTorch source (torch.nn, PyTorch layout).

#include "LayerShapes.h"

#include "LayerFactory.h"

namespace kmw {

namespace {

bool readInputArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const QString &cls = c.cls;
    DeclaredInput *input = c.input;
    l->type = str("InputLayer");
    bool given = false;
    TensorShape shape = r.shape(cls == str("Input") ? "shape" : "input_shape",
                                cls == str("Input") ? 0 : -1, &given);
    if (!given) {
        shape = r.shape("batch_shape", -1, &given);
        if (!given)
            shape = r.shape("batch_input_shape", -1, &given);
        if (given && !shape.isEmpty())
            shape.removeFirst();
    }
    input->given = given;
    input->shape = shape;
    return true;
}

void denseTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &f = source.module;
    const QString x = source.inputs.value(0);
    const int rank = int(source.shape.size());
    const QString &act = source.activation;
    QStringList &init = out->init;
    QString &expr = out->expression;
    init << QStringLiteral("%1 = nn.Linear(%2, %3, bias=%4)").arg(f).arg(source.shape.last()).arg(l.units)
                .arg(l.useBias ? str("True") : str("False"));
    expr = rank == 3 ? QStringLiteral("%1(%2.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)").arg(f, x)
                     : QStringLiteral("%1(%2)").arg(f, x);
    expr = torchActivation(act, expr, rank == 3 ? 1 : -1);
}

/// Dense: the last axis becomes `units` (keras/layers/core/dense.py).
bool inferDense(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
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

bool readDenseArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    l->units = r.integer("units", 0, 0);
    return true;
}

void shapeKeepingTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QString &f = source.module;
    const QString x = source.inputs.value(0);
    const int rank = int(source.shape.size());
    const QString &act = source.activation;
    const bool last = source.last;
    const bool crossEntropy = source.crossEntropy;
    QStringList &init = out->init;
    QString &expr = out->expression;
    if (t == str("Dropout") || t.startsWith(str("SpatialDropout")) || t == str("AlphaDropout") || t == str("GaussianDropout")) {
        const QString cls = t == str("SpatialDropout2D") ? str("Dropout2d") : t == str("AlphaDropout") ? str("AlphaDropout") : str("Dropout");
        init << QStringLiteral("%1 = nn.%2(%3)").arg(f, cls).arg(l.rate);
        expr = t == str("SpatialDropout1D") ? QStringLiteral("%1(%2.transpose(1, 2).unsqueeze(-1)).squeeze(-1).transpose(1, 2)").arg(f, x)
                                          : QStringLiteral("%1(%2)").arg(f, x);
        if (t == str("SpatialDropout1D")) {
            init.last() = QStringLiteral("%1 = nn.Dropout2d(%2)").arg(f).arg(l.rate);
        }
    } else if (t == str("GaussianNoise") || t == str("ActivityRegularization")) {
        expr = x;
        out->notes << QStringLiteral("%1 (%2) has no nn equivalent and is left out").arg(l.name, t);
    } else if (t == str("Activation") || t == str("ReLU") || t == str("Softmax") || t == str("LeakyReLU")) {
        QString a = t == str("Activation") ? act : t == str("ReLU") ? str("relu") : t == str("Softmax") ? str("softmax") : QString();
        if (t == str("ReLU") && l.maxValue >= 0) { // ReLU(max_value)
            a.clear();
            expr = l.maxValue == 6.0 ? QStringLiteral("F.relu6(%1)").arg(x)
                                     : QStringLiteral("torch.clamp(torch.relu(%1), max=%2)").arg(x).arg(l.maxValue);
        }
        if (last && t == str("Softmax") && crossEntropy) {
            a.clear();
            out->logits = true;
            out->dropped = str("softmax");
        }
        if (t == str("LeakyReLU"))
            expr = QStringLiteral("F.leaky_relu(%1, %2)").arg(x).arg(l.negativeSlope);
        else if (!(t == str("ReLU") && l.maxValue >= 0))
            expr = torchActivation(a, x, rank == 3 ? 1 : -1);
        if (expr.isEmpty()) {
            out->error = QStringLiteral("%1: activation '%2' has no torch equivalent here").arg(l.name, a);
            return;
        }
    }
}

bool readShapeKeepingArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const CallArgs &args = c.args;
    const QString &cls = c.cls;
    if (cls == str("Dropout") || cls.startsWith(str("SpatialDropout")) || cls == str("GaussianDropout") || cls == str("AlphaDropout")) {
        l->rate = r.real("rate", 0, 0.0);
    } else if (cls == str("GaussianNoise")) {
        l->rate = r.real("stddev", 0, 0.0);
    } else if (cls == str("ReLU")) {
        // keras/layers/activation/relu.py: max_value caps it (MobileNet's ReLU(6.))
        const PyValuePtr cap = args.get(str("max_value"), 0);
        if (cap && cap->isNumber())
            l->maxValue = cap->number();
        if (r.real("negative_slope", 1, 0.0) != 0.0 || r.real("threshold", 2, 0.0) != 0.0)
            l->unconverted << str("negative_slope/threshold");
    } else if (cls == str("LeakyReLU")) {
        l->negativeSlope = r.real("negative_slope", -1, r.real("alpha", 0, 0.3));
    } else if (cls == str("Softmax")) {
        l->axis = int(r.integer("axis", 0, -1));
    }
    return true;
}

void flattenTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const int rank = int(source.shape.size());
    QString &expr = out->expression;
    expr = QStringLiteral("torch.flatten(%1, 1)").arg(source.inputs.value(0));
    if (rank == 3)
        out->notes << QStringLiteral("%1: flattens channels first (C·H·W), not Keras's H·W·C: weights "
                                  "loaded from Keras would need reordering").arg(source.layer.name);
}

/// Flatten: every axis but the batch one in one.
bool inferFlatten(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    Q_UNUSED(why);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    if (x.size() <= 1) {
        l.outputShape = x.isEmpty() ? TensorShape{1} : x;
        return true;
    }
    l.outputShape = {shapeProduct(x)};
    return true;
}

void reshapeTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString x = source.inputs.value(0);
    const int rank = int(source.shape.size());
    QString &expr = out->expression;
    QStringList dims;
    for (qint64 d : l.outputShape)
        dims << QString::number(d);
    const QString keras = rank == 3 ? QStringLiteral("%1.permute(0, 2, 3, 1)").arg(x) : x;
    expr = QStringLiteral("%1.reshape(%1.size(0), %2)").arg(keras, dims.join(str(", ")));
    if (l.outputShape.size() == 3)
        expr = QStringLiteral("%1.permute(0, 3, 1, 2)").arg(expr);
    expr.replace(QStringLiteral("%1.size(0)").arg(keras), QStringLiteral("%1.size(0)").arg(x));
}

/// Reshape: `target_shape`, with one -1 solved from the input's size.
bool inferReshape(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
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

bool readReshapeArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    l->targetShape = r.tuple("target_shape", 0, 1);
    return true;
}

void batchNormalizationTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &f = source.module;
    const QString x = source.inputs.value(0);
    const int rank = int(source.shape.size());
    QStringList &init = out->init;
    QString &expr = out->expression;
    const qint64 c = source.shape.last();
    init << QStringLiteral("%1 = nn.BatchNorm%2d(%3, eps=%4, momentum=%5, affine=%6)")
                .arg(f, rank == 3 ? str("2") : str("1")).arg(c).arg(l.epsilon).arg(1.0 - l.momentum)
                .arg(l.center && l.scale ? str("True") : str("False"));
    expr = rank == 2 ? QStringLiteral("%1(%2.transpose(1, 2)).transpose(1, 2)").arg(f, x) : QStringLiteral("%1(%2)").arg(f, x);
}

/// BatchNormalization: gamma and beta trainable, moving mean and variance not (PyTorch
/// buffers).
bool inferBatchNormalization(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
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

bool readBatchNormalizationArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    l->axis = int(r.integer("axis", 0, -1));
    l->momentum = r.real("momentum", 1, 0.99);
    l->epsilon = r.real("epsilon", 2, 1e-3);
    l->center = r.boolean("center", 3, true);
    l->scale = r.boolean("scale", 4, true);
    return true;
}
} // namespace

void registerCoreLayers()
{
    registerLayerType(LayerType{{QStringLiteral("InputLayer")}, nullptr, inferSameShape}
        .withUnlisted({QStringLiteral("Input")})
        .reading(readInputArguments));

    registerLayerType(LayerType{{QStringLiteral("Dense")}, nullptr, inferDense}
        .reading(readDenseArguments)
        .writing(denseTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Activation"), QStringLiteral("Dropout"), QStringLiteral("LeakyReLU"), QStringLiteral("ReLU"), QStringLiteral("Softmax"), QStringLiteral("SpatialDropout1D"), QStringLiteral("SpatialDropout2D"), QStringLiteral("GaussianNoise"), QStringLiteral("GaussianDropout"), QStringLiteral("AlphaDropout"), QStringLiteral("ActivityRegularization")},
        nullptr, inferSameShape}
        .withPrefixes({QStringLiteral("SpatialDropout")})
        .reading(readShapeKeepingArguments)
        .writing(shapeKeepingTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Flatten")}, nullptr, inferFlatten}
        .writing(flattenTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Reshape")}, nullptr, inferReshape}
        .reading(readReshapeArguments)
        .writing(reshapeTorchSource));

    registerLayerType(LayerType{{QStringLiteral("BatchNormalization")}, nullptr, inferBatchNormalization}
        .reading(readBatchNormalizationArguments)
        .writing(batchNormalizationTorchSource));
}

} // namespace kmw
