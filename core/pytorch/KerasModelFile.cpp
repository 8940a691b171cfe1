// Saved Keras model files as Keras code (KerasModelFile.h).

#include "KerasModelFile.h"

#include "DocumentReader.h"
#include "KerasWeightsFile.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace kmw {

namespace {

/// A Python literal of a config value; empty for what has none here (objects).
QString literal(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("None");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::abs(d) < 1e15)
            return QString::number(qint64(d));
        // A float32 saved as a double (0.0010000000474974513): its shortest float form.
        if (double(float(d)) == d)
            for (int precision = 1; precision <= 9; ++precision) {
                const QString text = QString::number(d, 'g', precision);
                if (float(text.toDouble()) == float(d))
                    return text;
            }
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::String: {
        QString s = v.toString();
        s.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('\''), QStringLiteral("\\'"));
        s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
        return QLatin1Char('\'') + s + QLatin1Char('\'');
    }
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue &item : v.toArray()) {
            const QString l = literal(item);
            if (l.isEmpty())
                return QString();
            items << l;
        }
        return items.size() == 1 ? QLatin1Char('(') + items.first() + QStringLiteral(",)")
                                 : QLatin1Char('(') + items.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    default:
        return QString();
    }
}

/// "GlorotUniform" -> "glorot_uniform": the name Keras takes for an initialiser.
QString snakeCase(const QString &camel)
{
    QString out;
    for (int i = 0; i < camel.size(); ++i) {
        if (camel[i].isUpper() && i > 0 && !camel[i - 1].isUpper())
            out += QLatin1Char('_');
        out += camel[i].toLower();
    }
    return out;
}

/// Config keys that do not go into the constructor call.
bool skippedKey(const QString &key)
{
    static const QSet<QString> skipped{QStringLiteral("dtype"), QStringLiteral("trainable"),
                                       QStringLiteral("build_config"), QStringLiteral("batch_size"),
                                       QStringLiteral("sparse"), QStringLiteral("ragged"),
                                       QStringLiteral("seed_generator")};
    return skipped.contains(key) || key.endsWith(QLatin1String("_regularizer"))
           || key.endsWith(QLatin1String("_constraint"));
}

bool isModelClass(const QString &cls)
{
    return cls == QLatin1String("Sequential") || cls == QLatin1String("Functional") || cls == QLatin1String("Model");
}

/// `Dense(units=64, activation='relu', name='dense')` for one layer entry; `extra` is
/// added first (the input shape given to a Sequential's first layer).
bool layerCall(const QJsonObject &entry, const QString &extra, QString *call, QString *error)
{
    const QString cls = entry.value(QStringLiteral("class_name")).toString();
    if (isModelClass(cls)) {
        *error = QStringLiteral("layer %1 is a whole model nested in this one; nested models are not read")
                     .arg(entry.value(QStringLiteral("config")).toObject().value(QStringLiteral("name")).toString());
        return false;
    }
    if (cls.isEmpty() || !QRegularExpression(QStringLiteral("^[A-Za-z_]\\w*$")).match(cls).hasMatch()) {
        *error = QStringLiteral("a layer entry has no class_name");
        return false;
    }
    QStringList args;
    if (!extra.isEmpty())
        args << extra;
    const QJsonObject config = entry.value(QStringLiteral("config")).toObject();
    for (auto it = config.begin(); it != config.end(); ++it) {
        const QString key = it.key();
        if (skippedKey(key) || !QRegularExpression(QStringLiteral("^[a-z_]\\w*$")).match(key).hasMatch())
            continue;
        const QJsonValue value = it.value();
        if (value.isObject()) {
            const QJsonObject inner = value.toObject();
            const QString innerClass = inner.value(QStringLiteral("class_name")).toString();
            if (key == QLatin1String("layer") || key == QLatin1String("backward_layer")) {
                QString wrapped;
                if (!layerCall(inner, QString(), &wrapped, error))
                    return false;
                args << key + QLatin1Char('=') + wrapped;
            } else if (key.endsWith(QLatin1String("initializer")) && !innerClass.isEmpty()) {
                args << QStringLiteral("%1='%2'").arg(key, snakeCase(innerClass));
            } else if (key == QLatin1String("activation") && !innerClass.isEmpty()) {
                args << QStringLiteral("activation='%1'").arg(snakeCase(innerClass));
            }
            continue;
        }
        const QString l = literal(value);
        if (!l.isEmpty())
            args << key + QLatin1Char('=') + l;
    }
    *call = cls + QLatin1Char('(') + args.join(QStringLiteral(", ")) + QLatin1Char(')');
    return true;
}

/// An identifier for a layer name ("dense_1", "conv2d/1" -> "conv2d_1").
QString identifier(const QString &name, QSet<QString> *taken, QHash<QString, QString> *byName)
{
    if (byName->contains(name))
        return byName->value(name);
    QString id = name;
    id.replace(QRegularExpression(QStringLiteral("\\W")), QStringLiteral("_"));
    if (id.isEmpty() || id[0].isDigit())
        id.prepend(QStringLiteral("l_"));
    static const QSet<QString> reserved{QStringLiteral("model"), QStringLiteral("input"), QStringLiteral("Input"),
                                        QStringLiteral("Model"), QStringLiteral("Sequential"), QStringLiteral("keras")};
    if (reserved.contains(id))
        id.prepend(QStringLiteral("l_"));
    QString unique = id;
    for (int n = 2; taken->contains(unique); ++n)
        unique = id + QLatin1Char('_') + QString::number(n);
    taken->insert(unique);
    byName->insert(name, unique);
    return unique;
}

/// A tensor reference of an inbound node: [layer, node, tensor] (Keras 2) or a
/// `__keras_tensor__` with `keras_history` (Keras 3).
bool tensorRef(const QJsonValue &v, QString *layer, int *node, int *tensor)
{
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        if (a.size() < 3 || !a[0].isString())
            return false;
        *layer = a[0].toString();
        *node = a[1].toInt();
        *tensor = a[2].toInt();
        return true;
    }
    const QJsonArray history = v.toObject().value(QStringLiteral("config")).toObject()
                                   .value(QStringLiteral("keras_history")).toArray();
    if (history.size() < 3)
        return false;
    *layer = history[0].toString();
    *node = history[1].toInt();
    *tensor = history[2].toInt();
    return true;
}

/// The input tensors of each inbound node of a layer entry, in both formats.
QVector<QVector<QJsonValue>> inboundNodes(const QJsonObject &entry)
{
    QVector<QVector<QJsonValue>> nodes;
    for (const QJsonValue &node : entry.value(QStringLiteral("inbound_nodes")).toArray()) {
        QVector<QJsonValue> refs;
        if (node.isArray()) { // Keras 2: [[name, node, tensor, kwargs], …]
            for (const QJsonValue &ref : node.toArray())
                refs.append(ref);
        } else { // Keras 3: {"args": [tensor or [tensors]], "kwargs": {}}
            for (const QJsonValue &arg : node.toObject().value(QStringLiteral("args")).toArray()) {
                if (arg.isArray())
                    for (const QJsonValue &ref : arg.toArray())
                        refs.append(ref);
                else
                    refs.append(arg);
            }
        }
        nodes.append(refs);
    }
    return nodes;
}

QString outputName(const QString &var, int node, int tensor, const QHash<QString, int> &nodeCounts)
{
    QString name = nodeCounts.value(var, 1) > 1 ? QStringLiteral("%1_n%2").arg(var).arg(node) : var + QStringLiteral("_out");
    if (tensor > 0)
        name += QStringLiteral("[%1]").arg(tensor);
    return name;
}

/// `inputs=[…]`/`outputs=[…]` of a Functional config: [[name, node, tensor], …] or one
/// such triple.
QStringList endpoints(const QJsonValue &v, const QHash<QString, QString> &vars, const QHash<QString, int> &nodeCounts)
{
    QJsonArray list = v.toArray();
    if (!list.isEmpty() && list[0].isString())
        list = QJsonArray{list};
    QStringList out;
    for (const QJsonValue &ref : list) {
        QString layer;
        int node = 0, tensor = 0;
        if (tensorRef(ref, &layer, &node, &tensor) && vars.contains(layer))
            out << outputName(vars.value(layer), node, tensor, nodeCounts);
    }
    return out;
}

QString compileCall(const QJsonObject &compile)
{
    QStringList args;
    const QJsonValue loss = compile.value(QStringLiteral("loss"));
    if (loss.isString())
        args << QStringLiteral("loss=") + literal(loss);
    const QJsonObject optimizer = compile.value(QStringLiteral("optimizer_config")).toObject().isEmpty()
                                      ? compile.value(QStringLiteral("optimizer")).toObject()
                                      : compile.value(QStringLiteral("optimizer_config")).toObject();
    // Keras 2.11+ saves its optimizers as "Custom>Adam".
    const QString cls = optimizer.value(QStringLiteral("class_name")).toString().section(QLatin1Char('>'), -1);
    if (QRegularExpression(QStringLiteral("^[A-Za-z_]\\w*$")).match(cls).hasMatch()) {
        const QJsonObject config = optimizer.value(QStringLiteral("config")).toObject();
        QStringList opt;
        for (const char *key : {"learning_rate", "momentum", "nesterov", "beta_1", "beta_2", "epsilon", "rho"}) {
            const QJsonValue value = config.value(QLatin1String(key));
            if (value.isDouble() || value.isBool())
                opt << QLatin1String(key) + QLatin1Char('=') + literal(value);
        }
        args << QStringLiteral("optimizer=optimizers.%1(%2)").arg(cls, opt.join(QStringLiteral(", ")));
    }
    return args.isEmpty() ? QString() : QStringLiteral("model.compile(%1)\n").arg(args.join(QStringLiteral(", ")));
}

} // namespace

bool isKerasModelFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("keras") || suffix == QLatin1String("h5") || suffix == QLatin1String("hdf5");
}

bool kerasConfigToSource(const QByteArray &configJson, const QByteArray &training, QString *source, QString *error)
{
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(configJson, &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the saved architecture is not JSON: %1 at offset %2")
                     .arg(parseError.errorString()).arg(parseError.offset);
        return false;
    }
    const QString cls = root.value(QStringLiteral("class_name")).toString();
    const QJsonObject config = root.value(QStringLiteral("config")).toObject();
    const QJsonArray layers = config.value(QStringLiteral("layers")).toArray();
    if (!isModelClass(cls) || layers.isEmpty()) {
        *error = QStringLiteral("the saved architecture is a %1, not a Sequential or Functional model with layers")
                     .arg(cls.isEmpty() ? QStringLiteral("config without class_name") : cls);
        return false;
    }
    QString code = QStringLiteral("# The architecture saved in this file, as the Keras code that builds it.\n"
                                  "from tensorflow.keras import optimizers\n"
                                  "from tensorflow.keras.layers import *\n"
                                  "from tensorflow.keras.models import Model, Sequential\n\n");
    const QString name = config.value(QStringLiteral("name")).toString();
    if (cls == QLatin1String("Sequential")) {
        code += QStringLiteral("model = Sequential(name=%1)\n").arg(literal(name.isEmpty() ? QStringLiteral("sequential") : name));
        QString pendingInput;
        const QJsonValue declared = config.value(QStringLiteral("build_input_shape"));
        for (const QJsonValue &v : layers) {
            const QJsonObject entry = v.toObject();
            const QJsonObject lc = entry.value(QStringLiteral("config")).toObject();
            if (entry.value(QStringLiteral("class_name")).toString() == QLatin1String("InputLayer")) {
                const QJsonValue shape = lc.contains(QStringLiteral("batch_shape")) ? lc.value(QStringLiteral("batch_shape"))
                                                                                    : lc.value(QStringLiteral("batch_input_shape"));
                pendingInput = QStringLiteral("batch_input_shape=") + literal(shape);
                continue;
            }
            QString call;
            if (!layerCall(entry, lc.contains(QStringLiteral("batch_input_shape")) ? QString() : pendingInput, &call, error))
                return false;
            pendingInput.clear();
            code += QStringLiteral("model.add(%1)\n").arg(call);
        }
        if (layers.size() > 0 && !declared.isUndefined() && !declared.isNull() && !code.contains(QLatin1String("batch_input_shape")))
            code.replace(QStringLiteral("model.add("), QStringLiteral("model.build(%1)\nmodel.add(").arg(literal(declared)));
    } else {
        QSet<QString> taken;
        QHash<QString, QString> vars;
        QHash<QString, int> nodeCounts;
        for (const QJsonValue &v : layers) {
            const QJsonObject entry = v.toObject();
            const QString layerName = entry.value(QStringLiteral("config")).toObject().value(QStringLiteral("name")).toString();
            const QString var = identifier(layerName.isEmpty() ? entry.value(QStringLiteral("name")).toString() : layerName,
                                           &taken, &vars);
            vars.insert(entry.value(QStringLiteral("name")).toString(), var);
            nodeCounts.insert(var, std::max(1, int(inboundNodes(entry).size())));
        }
        for (const QJsonValue &v : layers) {
            const QJsonObject entry = v.toObject();
            const QString var = vars.value(entry.value(QStringLiteral("name")).toString());
            const QJsonObject lc = entry.value(QStringLiteral("config")).toObject();
            if (entry.value(QStringLiteral("class_name")).toString() == QLatin1String("InputLayer")) {
                const QJsonValue shape = lc.contains(QStringLiteral("batch_shape")) ? lc.value(QStringLiteral("batch_shape"))
                                                                                    : lc.value(QStringLiteral("batch_input_shape"));
                code += QStringLiteral("%1 = Input(batch_shape=%2, name=%3)\n")
                            .arg(outputName(var, 0, 0, nodeCounts), literal(shape), literal(lc.value(QStringLiteral("name"))));
                continue;
            }
            QString call;
            if (!layerCall(entry, QString(), &call, error))
                return false;
            const QVector<QVector<QJsonValue>> nodes = inboundNodes(entry);
            if (nodes.size() > 1)
                code += QStringLiteral("%1 = %2\n").arg(var, call);
            for (int n = 0; n < nodes.size(); ++n) {
                QStringList inputs;
                for (const QJsonValue &ref : nodes[n]) {
                    QString layer;
                    int node = 0, tensor = 0;
                    if (!tensorRef(ref, &layer, &node, &tensor) || !vars.contains(layer)) {
                        *error = QStringLiteral("layer %1 takes an input that is not a layer of the model").arg(var);
                        return false;
                    }
                    inputs << outputName(vars.value(layer), node, tensor, nodeCounts);
                }
                const QString argument = inputs.size() == 1 ? inputs.first() : QLatin1Char('[') + inputs.join(QStringLiteral(", ")) + QLatin1Char(']');
                code += QStringLiteral("%1 = %2(%3)\n").arg(outputName(var, n, 0, nodeCounts), nodes.size() > 1 ? var : call, argument);
            }
        }
        const QStringList inputs = endpoints(config.value(QStringLiteral("input_layers")), vars, nodeCounts);
        const QStringList outputs = endpoints(config.value(QStringLiteral("output_layers")), vars, nodeCounts);
        if (inputs.isEmpty() || outputs.isEmpty()) {
            *error = QStringLiteral("the saved Functional model names no input or output layers");
            return false;
        }
        code += QStringLiteral("model = Model(inputs=%1, outputs=%2, name=%3)\n")
                    .arg(inputs.size() == 1 ? inputs.first() : QLatin1Char('[') + inputs.join(QStringLiteral(", ")) + QLatin1Char(']'),
                         outputs.size() == 1 ? outputs.first() : QLatin1Char('[') + outputs.join(QStringLiteral(", ")) + QLatin1Char(']'),
                         literal(name.isEmpty() ? QStringLiteral("model") : name));
    }
    QJsonObject compile = root.value(QStringLiteral("compile_config")).toObject();
    if (compile.isEmpty() && !training.isEmpty())
        compile = QJsonDocument::fromJson(training).object();
    code += compileCall(compile);
    *source = code;
    return true;
}

bool readKerasModelDocument(const QString &path, Document *out, InputError *error)
{
    error->path = path;
    QByteArray config, training;
    QString why;
    QString source;
    if (!readKerasModelConfig(path, &config, &training, &why) || !kerasConfigToSource(config, training, &source, &why)) {
        error->message = why.startsWith(path) ? why.mid(path.size()).remove(QRegularExpression(QStringLiteral("^[: ]+"))) : why;
        return false;
    }
    if (!parseScript(source.toUtf8(), path, out, error))
        return false;
    return true;
}

bool readModelSourceDocument(const QString &path, Document *out, InputError *error)
{
    return isKerasModelFile(path) ? readKerasModelDocument(path, out, error) : readDocument(path, out, error);
}

} // namespace kmw
