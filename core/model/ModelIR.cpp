#include "ModelIR.h"

#include "LayerType.h"

#include <QRegularExpression>

#include <algorithm>

namespace kmw {

namespace {

QString str(const char *s) { return QString::fromLatin1(s); }

QString layerLabel(const LayerSpec &layer)
{
    return QStringLiteral("%1 (%2)").arg(layer.name, layer.type);
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
        LayerCounts counts;
        QString why;
        if (!inferLayerShape(layer, in, &counts, &why)) {
            *error = layerLabel(layer) + QStringLiteral(": ") + why;
            return false;
        }
        if (layer.sharedWith >= 0)
            counts = LayerCounts(); // a layer called again: its weights are the first call's
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
