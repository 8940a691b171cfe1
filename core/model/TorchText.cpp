#include "TorchText.h"

#include <QHash>
#include <QStringList>

namespace kmw {

QString pythonInts(const QVector<qint64> &v, qint64 fallback)
{
    if (v.isEmpty())
        return QString::number(fallback);
    bool same = true;
    for (qint64 x : v)
        same = same && x == v.first();
    if (same)
        return QString::number(v.first());
    QStringList parts;
    for (qint64 x : v)
        parts << QString::number(x);
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString torchActivation(const QString &name, const QString &x, int dim)
{
    if (name.isEmpty() || name == QStringLiteral("linear"))
        return x;
    static const QHash<QString, QString> simple{
        {QStringLiteral("relu"), QStringLiteral("torch.relu(%1)")},         {QStringLiteral("tanh"), QStringLiteral("torch.tanh(%1)")},
        {QStringLiteral("sigmoid"), QStringLiteral("torch.sigmoid(%1)")},   {QStringLiteral("elu"), QStringLiteral("F.elu(%1)")},
        {QStringLiteral("selu"), QStringLiteral("F.selu(%1)")},             {QStringLiteral("softplus"), QStringLiteral("F.softplus(%1)")},
        {QStringLiteral("softsign"), QStringLiteral("F.softsign(%1)")},     {QStringLiteral("gelu"), QStringLiteral("F.gelu(%1)")},
        {QStringLiteral("swish"), QStringLiteral("F.silu(%1)")},            {QStringLiteral("hard_sigmoid"), QStringLiteral("F.hardsigmoid(%1)")},
        {QStringLiteral("exponential"), QStringLiteral("torch.exp(%1)")},   {QStringLiteral("leaky_relu"), QStringLiteral("F.leaky_relu(%1, 0.2)")},
    };
    if (name == QStringLiteral("softmax"))
        return QStringLiteral("torch.softmax(%1, dim=%2)").arg(x).arg(dim);
    return simple.contains(name) ? simple.value(name).arg(x) : QString();
}


int torchDim(int axis, int rank)
{
    const int full = rank + 1;
    int a = axis < 0 ? axis + full : axis;
    if (rank == 3) // NHWC -> NCHW
        return a == 3 ? 1 : a == 0 ? 0 : a + 1;
    return a;
}

} // namespace kmw
