// Layer types: Concatenate, Add and the other elementwise merges, Dot.
// One descriptor each (LayerType.h): Keras arguments and aliases (keras/layers/*.py),
// shapes and Keras/PyTorch parameter counts, PyTorch source (torch.nn, PyTorch layout).

#include "LayerShapes.h"

namespace kmw {

namespace {

void concatenateTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const QStringList &args = source.inputs;
    const int rank = int(source.shape.size());
    QString &expr = out->expression;
    expr = QStringLiteral("torch.cat([%1], dim=%2)").arg(args.join(str(", "))).arg(torchDim(source.layer.axis, rank));
}

/// Concatenate along `axis`.
bool inferConcatenate(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
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

bool readConcatenateArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    l->axis = int(r.integer("axis", 0, -1));
    return true;
}

void elementwiseMergeTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QString &t = l.type;
    const QStringList &args = source.inputs;
    QString &expr = out->expression;
    const QString op = t == str("Add") ? str(" + ") : t == str("Multiply") ? str(" * ") : str(" - ");
    if (t == str("Average"))
        expr = QStringLiteral("(%1) / %2").arg(args.join(str(" + "))).arg(args.size());
    else if (t == str("Maximum"))
        expr = QStringLiteral("torch.stack([%1]).amax(dim=0)").arg(args.join(str(", ")));
    else
        expr = args.join(op);
}

/// Add, Multiply, Subtract, Average, Maximum: inputs of one shape.
bool inferElementwiseMerge(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
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

void dotTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const LayerSpec &l = source.layer;
    const QStringList &args = source.inputs;
    const int rank = int(source.shape.size());
    QString &expr = out->expression;
    if (rank != 1) {
        out->error = QStringLiteral("%1: Dot on rank-%2 inputs is not generated (only vectors)").arg(l.name).arg(rank);
        return;
    }
    expr = l.normalize ? QStringLiteral("(F.normalize(%1, dim=1) * F.normalize(%2, dim=1)).sum(dim=1, keepdim=True)").arg(args.value(0), args.value(1))
                       : QStringLiteral("(%1 * %2).sum(dim=1, keepdim=True)").arg(args.value(0), args.value(1));
}

/// Dot: the two inputs contracted over `axes`.
bool inferDot(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
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

bool readDotArguments(const KerasCall &c, LayerSpec *l)
{
    const ArgReader &r = c.r;
    const QVector<qint64> axes = r.tuple("axes", 0, 2);
    for (qint64 a : axes)
        l->dotAxes.append(int(a));
    l->normalize = r.boolean("normalize", 1, false);
    return true;
}
} // namespace

void registerMergeLayers()
{
    registerLayerType(LayerType{{QStringLiteral("Concatenate")}, nullptr, inferConcatenate}
        .reading(readConcatenateArguments)
        .writing(concatenateTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Add"), QStringLiteral("Multiply")},
        nullptr, inferElementwiseMerge}
        .withUnlisted({QStringLiteral("Subtract"), QStringLiteral("Average"), QStringLiteral("Maximum")})
        .writing(elementwiseMergeTorchSource));

    registerLayerType(LayerType{{QStringLiteral("Dot")}, nullptr, inferDot}
        .reading(readDotArguments)
        .writing(dotTorchSource));
}

} // namespace kmw
