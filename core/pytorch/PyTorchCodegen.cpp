#include "PyTorchCodegen.h"

#include "LayerType.h"
#include "TorchText.h"

#include <QLocale>

#include <nlohmann/json.hpp>

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <QSet>

namespace kmw {

namespace {

QString s(const char *text) { return QString::fromLatin1(text); }

/// A PyTorch-layout input shape without batch for people: `3, 224, 224`; a size the model
/// leaves free (Keras's None, -1 here) is named for what it is (`3, height, width`,
/// `steps, 8`), never written as a number.
QString torchShapeText(const TensorShape &shape)
{
    QStringList d;
    for (int i = 0; i < shape.size(); ++i) {
        if (shape[i] > 0)
            d << QString::number(shape[i]);
        else if (shape.size() == 3)
            d << (i == 0 ? s("channels") : i == 1 ? s("height") : s("width"));
        else if (shape.size() == 2)
            d << (i == 0 ? s("steps") : s("features"));
        else
            d << s("any");
    }
    return d.join(s(", "));
}

/// The constructor parameter for a size written as `expression` (`X_train.shape[1]` ->
/// `x_train_shape_1`, `len(word_index) + 1` -> `len_word_index_plus_1`): a Python
/// identifier, not a keyword.
QString sizeParameterName(const QString &expression)
{
    QString name = expression.toLower();
    name.replace(QLatin1Char('+'), s("_plus_")).replace(QLatin1Char('-'), s("_minus_")).replace(QLatin1Char('*'), s("_times_"));
    name.replace(QRegularExpression(s("/+")), s("_over_"));
    name.replace(QRegularExpression(s("[^a-z0-9_]+")), s("_"));
    name.replace(QRegularExpression(s("_+")), s("_"));
    name.remove(QRegularExpression(s("^_+|_+$")));
    if (name.isEmpty() || name.at(0).isDigit())
        name.prepend(s("size_"));
    static const QSet<QString> reserved{s("self"), s("lambda"), s("in"), s("is"), s("not"), s("and"), s("or"),
                                        s("x"), s("nn"), s("torch"), s("F")};
    return reserved.contains(name) ? name + s("_size") : name;
}

/// Writes the placeholder numbers of ExtractOptions::symbolicDataShapes back as
/// constructor parameters: `def __init__(self, x_train_shape_1)`, the parameter in
/// `__init__` and the docstring, `self.<parameter>` (set in `__init__`) in the other
/// methods; `*arguments` gets `x_train_shape_1=X_train.shape[1]` for the call that makes
/// the module. False when a number computed from one is left (the code then needs the
/// data to be written).
bool substituteSymbols(QString *code, const QHash<qint64, QString> &symbols, QString *error, QStringList *arguments)
{
    static const QRegularExpression number(QStringLiteral("\\b\\d{7,}\\b"));
    QStringList lines = code->split(QLatin1Char('\n'));
    QStringList names;          // in order of first use
    QSet<QString> usedByMethods; // read outside __init__: kept as attributes
    enum { Header, Init, Methods } section = Header;
    int initLine = -1, superLine = -1;
    for (int i = 0; i < lines.size(); ++i) {
        const QString &line = lines[i];
        if (line.startsWith(s("    def __init__(self)"))) {
            section = Init;
            initLine = i;
        } else if (line.startsWith(s("    def "))) {
            section = Methods;
        }
        if (section == Init && superLine < 0 && line.trimmed() == s("super().__init__()"))
            superLine = i;
        QString out;
        qsizetype last = 0;
        for (auto it = number.globalMatch(line); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const qint64 value = m.captured(0).toLongLong();
            out += line.mid(last, m.capturedStart() - last);
            if (!symbols.contains(value)) {
                *error = QStringLiteral("a size of this model is computed from %1, so the PyTorch code needs the "
                                        "data's shape: write the number in the Keras code (input_shape=…), then scan again")
                             .arg(QStringList(symbols.values()).join(QStringLiteral(", ")));
                return false;
            }
            const QString name = sizeParameterName(symbols.value(value));
            if (!names.contains(name)) {
                names << name;
                arguments->append(QStringLiteral("%1=%2").arg(name, symbols.value(value)));
            }
            if (section == Methods) {
                usedByMethods.insert(name);
                out += s("self.") + name;
            } else {
                out += name;
            }
            last = m.capturedEnd();
        }
        lines[i] = out + line.mid(last);
    }
    if (names.isEmpty())
        return true;
    if (initLine < 0 || superLine < 0) {
        *error = QStringLiteral("the sizes %1 come from the data and the class has no __init__ to take them").arg(names.join(s(", ")));
        return false;
    }
    lines[initLine] = QStringLiteral("    def __init__(self, %1):").arg(names.join(s(", ")));
    QStringList kept;
    for (const QString &name : std::as_const(names))
        if (usedByMethods.contains(name))
            kept << QStringLiteral("        self.%1 = %1  # a size from the data, read in forward()").arg(name);
    for (int k = kept.size() - 1; k >= 0; --k)
        lines.insert(superLine + 1, kept[k]);
    *code = lines.join(QLatin1Char('\n'));
    return true;
}

/// `__init__`'s lines freezing the layers Keras does not train (`trainable = False`: no
/// gradients here either), appended to `*code`, with a note; returns the frozen
/// BatchNormalization modules (they must stay in inference mode, as in Keras).
QStringList frozenLayerLines(const ModelIR &m, const QStringList &init, const QVector<QString> &fields,
                             QStringList *code, QStringList *notes)
{
    QStringList frozen, frozenBatchNorm;
    for (const LayerSpec &l : m.layers) {
        if (l.trainable || l.sharedWith >= 0 || l.paramsTorch <= 0)
            continue;
        const QString f = s("self.") + fields.value(int(&l - m.layers.constData()));
        for (const QString &line : std::as_const(init))
            if (line.startsWith(f + s(" = "))) {
                frozen << f;
                if (l.type == s("BatchNormalization"))
                    frozenBatchNorm << f;
                break;
            }
    }
    if (frozen.size() == 1)
        *code << QStringLiteral("        %1.requires_grad_(False)  # trainable = False in Keras").arg(frozen.first());
    else if (!frozen.isEmpty()) {
        // a tuple of a few per line
        QStringList rows;
        for (int k = 0; k < frozen.size(); k += 4)
            rows << frozen.mid(k, 4).join(s(", "));
        *code << QStringLiteral("        for frozen in (%1):  # trainable = False in Keras")
                    .arg(rows.join(s(",\n                       ")))
             << s("            frozen.requires_grad_(False)");
    }
    if (!frozen.isEmpty())
        *notes << QStringLiteral("%1 layer(s) frozen in Keras (trainable = False) are frozen here with requires_grad_(False)%2")
                       .arg(frozen.size())
                       .arg(frozenBatchNorm.isEmpty() ? QString()
                                                      : s("; a frozen BatchNormalization runs in inference mode, as in Keras "
                                                          "(train() keeps it in eval())"));
    return frozenBatchNorm;
}

/// The module's `regularization()`: the penalties of Keras's kernel/bias regularizers,
/// which Keras adds to the loss in training and in evaluate()
/// (https://keras.io/api/layers/regularizers/) and the generated loops add too; appended
/// to `*code`, with notes. True when there is one.
bool regularizationLines(const ModelIR &m, const QStringList &init, const QVector<QString> &fields,
                         QStringList *code, QStringList *notes)
{
    QStringList penalties;
    for (const LayerSpec &l : m.layers) {
        if (l.sharedWith >= 0 || (l.kernelL1 == 0 && l.kernelL2 == 0 && l.biasL1 == 0 && l.biasL2 == 0))
            continue;
        const QString f = s("self.") + fields.value(int(&l - m.layers.constData()));
        const bool declared = std::any_of(init.cbegin(), init.cend(), [&](const QString &line) { return line.startsWith(f + s(" = ")); });
        if (!declared) {
            *code << QStringLiteral("        # TODO: %1 (%2) has a Keras regularizer; not converted: add its penalty to the loss by hand").arg(l.name, l.type);
            *notes << QStringLiteral("%1 (%2): regularizer not converted").arg(l.name, l.type);
            continue;
        }
        const auto term = [&](double factor, const QString &tensor, bool squared) {
            if (factor != 0)
                penalties << QStringLiteral("%1 * %2.%3").arg(QString::number(factor, 'g', 12), tensor, squared ? s("pow(2).sum()") : s("abs().sum()"));
        };
        term(l.kernelL1, f + s(".weight"), false);
        term(l.kernelL2, f + s(".weight"), true);
        term(l.biasL1, f + s(".bias"), false);
        term(l.biasL2, f + s(".bias"), true);
    }
    if (!penalties.isEmpty()) {
        *code << QString() << s("    def regularization(self):")
             << s("        \"\"\"The penalties of Keras's kernel/bias regularizers, added to the loss.\"\"\"")
             << QStringLiteral("        return %1").arg(penalties.join(s(" + ")));
        *notes << s("Keras's regularizers are the module's regularization(), which the training and evaluation loops add to the loss");
    }
    return !penalties.isEmpty();
}

} // namespace

QString torchClassName(const ModelIR &model)
{
    QString base = model.variable.isEmpty() ? model.name : model.variable;
    QString out;
    bool upper = true;
    for (const QChar c : base) {
        if (!c.isLetterOrNumber()) {
            upper = true;
            continue;
        }
        out += upper ? c.toUpper() : c;
        upper = false;
    }
    if (out.isEmpty() || out.at(0).isDigit())
        out.prepend(QStringLiteral("Model"));
    return out.endsWith(QStringLiteral("Model")) || out.endsWith(QStringLiteral("Net")) ? out : out + QStringLiteral("Model");
}

QString kerasInitHelperCode()
{
    return s("def keras_init_(module):\n"
             "    \"\"\"Keras's initialisation: glorot_uniform kernels, zero biases, orthogonal recurrent\n"
             "    kernels, LSTM forget-gate bias 1, Embedding U(-0.05, 0.05).\"\"\"\n"
             "    for m in module.modules():\n"
             "        if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d)):\n"
             "            nn.init.xavier_uniform_(m.weight)\n"
             "            if m.bias is not None:\n"
             "                nn.init.zeros_(m.bias)\n"
             "        elif isinstance(m, nn.Embedding):\n"
             "            nn.init.uniform_(m.weight, -0.05, 0.05)\n"
             "        elif isinstance(m, (nn.RNN, nn.LSTM, nn.GRU)):\n"
             "            for name, p in m.named_parameters():\n"
             "                if name.startswith('weight_ih'):\n"
             "                    nn.init.xavier_uniform_(p)\n"
             "                elif name.startswith('weight_hh'):\n"
             "                    nn.init.orthogonal_(p)\n"
             "                else:\n"
             "                    nn.init.zeros_(p)\n"
             "                    if isinstance(m, nn.LSTM) and name.startswith('bias_ih'):\n"
             "                        p.data[m.hidden_size:2 * m.hidden_size] = 1.0  # Keras's unit_forget_bias\n"
             "                    if name.startswith('bias_hh') and not isinstance(m, nn.GRU):\n"
             "                        p.requires_grad_(False)  # Keras has one bias: a second trained one doubles its steps\n");
}

QVector<QString> torchFieldNames(const ModelIR &model)
{
    QVector<QString> fields(model.layers.size());
    int counter = 0;
    for (int i = 0; i < model.layers.size(); ++i) {
        const LayerSpec &l = model.layers[i];
        if (l.type == QLatin1String("InputLayer"))
            continue;
        QString name = l.name;
        name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_]")), QStringLiteral("_"));
        if (name.isEmpty() || name.at(0).isDigit())
            name = QStringLiteral("layer_%1").arg(counter);
        ++counter;
        fields[i] = name;
    }
    return fields;
}

GeneratedModule generateTorchModule(const ModelIR &m, const CodegenOptions &options)
{
    GeneratedModule g;
    g.className = options.className.isEmpty() ? torchClassName(m) : options.className;
    g.paramsTorch = m.paramsTorch;
    g.logits = m.fromLogits;
    if (m.layers.isEmpty()) {
        g.error = QStringLiteral("the model has no layers");
        return g;
    }
    QStringList init, forward;
    QVector<QString> var(m.layers.size());
    QVector<TensorShape> in(m.layers.size()); // Keras input shape of each layer (first input)
    const int out = m.outputLayer() >= 0 ? m.outputLayer() : int(m.layers.size()) - 1;
    const bool crossEntropy = m.loss == s("categorical_crossentropy") || m.loss == s("sparse_categorical_crossentropy");
    const bool binary = m.loss == s("binary_crossentropy");
    QStringList inputs;
    const QVector<QString> fields = torchFieldNames(m);
    const auto field = [&](const LayerSpec &l) { return fields.value(int(&l - m.layers.constData())); };
    for (int i = 0; i < m.layers.size(); ++i) {
        const LayerSpec &l = m.layers[i];
        if (l.framework != s("keras")) {
            g.error = QStringLiteral("the model `%1` is already PyTorch code (%2): nothing to convert")
                          .arg(m.variable.isEmpty() ? m.name : m.variable, m.kind);
            return g;
        }
        QStringList args;
        for (int src : l.inbound)
            args << var.value(src);
        TensorShape shape;
        if (l.type == s("InputLayer") || l.inbound.isEmpty()) {
            const int position = std::max(0, int(m.inputs.indexOf(i)));
            shape = m.inputShapes.value(position);
            const QString name = QStringLiteral("x%1").arg(inputs.size() == 0 ? QString() : QString::number(inputs.size()));
            inputs << name;
            if (l.type == s("InputLayer")) {
                var[i] = name;
                continue;
            }
            args = QStringList{name};
        } else {
            shape = m.layers[l.inbound.first()].outputShape;
        }
        in[i] = shape;
        // a layer object called again uses its first call's module (one set of weights)
        const QString f = QStringLiteral("self.") + field(l.sharedWith >= 0 ? m.layers[l.sharedWith] : l);
        const qsizetype initBefore = init.size();
        const bool last = i == out;
        QString act = l.activation;
        if (last && ((crossEntropy && act == s("softmax")) || (binary && act == s("sigmoid")))) {
            g.notes << QStringLiteral("%1: the final %2 is left out: the model returns logits for %3 "
                                      "(it takes unnormalized logits: https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html)")
                           .arg(l.name, act, crossEntropy ? s("nn.CrossEntropyLoss") : s("nn.BCEWithLogitsLoss"));
            g.dropped = act;
            act.clear();
            g.logits = true;
        }
        const QString y = QStringLiteral("h%1").arg(i);
        // the layer's own source: its descriptor (core/model/layers/)
        const LayerType *type = layerTypeOf(l);
        if (!type || !type->torchSource) {
            g.error = QStringLiteral("%1 (%2) has no generator (supported: the layers of supportedLayerTypes())").arg(l.name, l.type);
            return g;
        }
        TorchSource source;
        type->torchSource(TorchSourceInput{l, f, args, shape, act, y, last, crossEntropy}, &source);
        g.notes += source.notes;
        if (source.logits) {
            g.logits = true;
            g.dropped = source.dropped;
        }
        if (!source.error.isEmpty()) {
            g.error = source.error;
            return g;
        }
        init += source.init;
        forward += source.forward;
        const QString expr = source.expression;
        if (expr.isEmpty()) {
            g.error = QStringLiteral("%1: activation '%2' has no torch equivalent").arg(l.name, act);
            return g;
        }
        if (l.sharedWith >= 0)
            init.resize(initBefore); // its module is the first call's
        if (expr != y) // a recurrent layer returning its sequence is already in `y`
            forward << QStringLiteral("%1 = %2").arg(y, expr);
        var[i] = y;
    }
    // input shape in PyTorch layout
    const TensorShape first = m.inputShapes.value(0);
    g.inputShape = first.size() == 3 ? TensorShape{first[2], first[0], first[1]} : first;
    QStringList code;
    code << QStringLiteral("class %1(nn.Module):").arg(g.className);
    code << QStringLiteral("    \"\"\"%1 from the Keras model `%2` (%3). Input: (batch, %4).\"\"\"")
                .arg(m.kind, m.variable.isEmpty() ? m.name : m.variable)
                .arg(options.symbols.isEmpty() ? QStringLiteral("%1 parameters").arg(m.paramsTorch)
                                               : QStringLiteral("its sizes are the constructor's arguments, from the data"))
                .arg(torchShapeText(g.inputShape));
    code << QString() << s("    def __init__(self):") << s("        super().__init__()");
    for (const QString &line : init)
        code << s("        ") + line;
    for (const LayerSpec &l : m.layers) {
        if (l.unconverted.isEmpty())
            continue;
        code << QStringLiteral("        # TODO: %1 (%2) sets %3 in Keras; not converted: set it by hand "
                               "(after keras_init_(self), or the optimizer's weight_decay)")
                    .arg(l.name, l.type, l.unconverted.join(s(", ")));
        g.notes << QStringLiteral("%1 (%2): %3 not converted; the module uses Keras's defaults")
                       .arg(l.name, l.type, l.unconverted.join(s(", ")));
    }
    const QStringList frozenBatchNorm = frozenLayerLines(m, init, fields, &code, &g.notes);
    // keras.applications layers with pretrained weights: the IR carries none
    QStringList pretrained;
    for (const LayerSpec &l : m.layers)
        if (!l.pretrained.isEmpty() && !pretrained.contains(l.pretrained))
            pretrained << l.pretrained;
    for (const QString &p : std::as_const(pretrained))
        g.notes << QStringLiteral("the layers of %1 start from random weights here, not pretrained ones: port the Keras "
                                  "weights, or take pretrained ones from torchvision.models "
                                  "(https://pytorch.org/vision/stable/models.html), which expect their own preprocessing")
                       .arg(p);
    if (options.kerasInit)
        code << s("        keras_init_(self)");
    code << QString();
    code << QStringLiteral("    def forward(self, %1):").arg(inputs.join(s(", ")));
    for (const QString &line : forward)
        code << s("        ") + line;
    code << QStringLiteral("        return %1").arg(var.value(out));
    g.regularized = regularizationLines(m, init, fields, &code, &g.notes);
    if (!frozenBatchNorm.isEmpty()) {
        // Keras (TF 2 and Keras 3) runs a BatchNormalization whose trainable is False in
        // inference mode: https://keras.io/guides/transfer_learning/
        code << QString() << s("    def train(self, mode=True):") << s("        super().train(mode)");
        for (const QString &f : std::as_const(frozenBatchNorm))
            code << QStringLiteral("        %1.eval()  # frozen in Keras: inference mode").arg(f);
        code << s("        return self");
    }
    g.classCode = code.join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (!options.symbols.isEmpty() && !substituteSymbols(&g.classCode, options.symbols, &g.error, &g.constructorArguments))
        return g;
    if (options.kerasInit)
        g.helperCode = kerasInitHelperCode();
    g.moduleCode = s("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n")
                   + (g.helperCode.isEmpty() ? QString() : g.helperCode + s("\n\n\n")) + g.classCode;
    if (first.size() == 3)
        g.notes << QStringLiteral("images are channels first: (batch, %1); permute NHWC arrays with "
                                  "x.permute(0, 3, 1, 2)").arg(torchShapeText(g.inputShape));
    g.ok = true;
    return g;
}

QByteArray generatedModuleJson(const GeneratedModule &module)
{
    nlohmann::ordered_json shape = nlohmann::ordered_json::array();
    for (qint64 d : module.inputShape)
        shape.push_back(d);
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    for (const QString &n : module.notes)
        notes.push_back(n.toStdString());
    const nlohmann::ordered_json j{{"class_name", module.className.toStdString()},
                                   {"module_code", module.moduleCode.toStdString()},
                                   {"input_shape", shape},
                                   {"params_torch", module.paramsTorch},
                                   {"notes", notes}};
    return QByteArray::fromStdString(j.dump(2)) + '\n';
}

} // namespace kmw
