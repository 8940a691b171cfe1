#include "TorchCodegen.h"

#include <QLocale>

#include <nlohmann/json.hpp>

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <QSet>

namespace kmw {

namespace {

QString s(const char *text) { return QString::fromLatin1(text); }

/// A Python literal for a list of ints: `3` when all equal, else `(3, 5)`.
QString ints(const QVector<qint64> &v, qint64 fallback)
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

/// torch expression applying Keras activation `name` to `x` (channel dim `dim` for
/// softmax); empty name: `x` itself. Returns "" for an unknown activation.
QString activation(const QString &name, const QString &x, int dim)
{
    if (name.isEmpty() || name == s("linear"))
        return x;
    static const QHash<QString, QString> simple{
        {s("relu"), s("torch.relu(%1)")},         {s("tanh"), s("torch.tanh(%1)")},
        {s("sigmoid"), s("torch.sigmoid(%1)")},   {s("elu"), s("F.elu(%1)")},
        {s("selu"), s("F.selu(%1)")},             {s("softplus"), s("F.softplus(%1)")},
        {s("softsign"), s("F.softsign(%1)")},     {s("gelu"), s("F.gelu(%1)")},
        {s("swish"), s("F.silu(%1)")},            {s("hard_sigmoid"), s("F.hardsigmoid(%1)")},
        {s("exponential"), s("torch.exp(%1)")},   {s("leaky_relu"), s("F.leaky_relu(%1, 0.2)")},
    };
    if (name == s("softmax"))
        return QStringLiteral("torch.softmax(%1, dim=%2)").arg(x).arg(dim);
    return simple.contains(name) ? simple.value(name).arg(x) : QString();
}


/// Keras axis (with batch, may be negative) -> torch dim for a tensor of `rank` (without
/// batch) in torch layout: channels (the last Keras axis) are dim 1 for images.
int torchDim(int axis, int rank)
{
    const int full = rank + 1;
    int a = axis < 0 ? axis + full : axis;
    if (rank == 3) // NHWC -> NCHW
        return a == 3 ? 1 : a == 0 ? 0 : a + 1;
    return a;
}

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
        const QString x = args.value(0);
        // a layer object called again uses its first call's module (one set of weights)
        const QString f = QStringLiteral("self.") + field(l.sharedWith >= 0 ? m.layers[l.sharedWith] : l);
        const qsizetype initBefore = init.size();
        const int rank = int(shape.size());
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
        QString expr;
        const QString &t = l.type;
        if (t == s("Dense")) {
            init << QStringLiteral("%1 = nn.Linear(%2, %3, bias=%4)").arg(f).arg(shape.last()).arg(l.units)
                        .arg(l.useBias ? s("True") : s("False"));
            expr = rank == 3 ? QStringLiteral("%1(%2.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)").arg(f, x)
                             : QStringLiteral("%1(%2)").arg(f, x);
            expr = activation(act, expr, rank == 3 ? 1 : -1);
        } else if (t == s("Conv2D") || t == s("Conv1D") || t == s("DepthwiseConv2D")) {
            const bool one = t == s("Conv1D");
            const qint64 channels = shape.last();
            const bool stride1 = l.strides.isEmpty() || ints(l.strides, 1) == s("1");
            QString padding = s("0");
            QString pads; // strided 'same': TensorFlow's padding, made explicit with F.pad
            if (l.padding == s("same")) {
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
                            g.error = QStringLiteral("%1 (%2): 'same' padding with strides > 1 needs the input size")
                                          .arg(l.name, t);
                            return g;
                        }
                        const qint64 out = (length + st - 1) / st;
                        const qint64 total = std::max<qint64>((out - 1) * st + (k - 1) * dil + 1 - length, 0);
                        p << QString::number(total / 2) << QString::number(total - total / 2);
                    }
                    pads = p.join(s(", "));
                    g.notes << QStringLiteral("%1: 'same' padding with strides > 1 is TensorFlow's (F.pad (%2) before "
                                              "the convolution)").arg(l.name, pads);
                } else {
                    padding = s("'same'");
                }
            }
            init << QStringLiteral("%1 = nn.Conv%2d(%3, %4, kernel_size=%5, stride=%6, padding=%7, dilation=%8, bias=%9%10)")
                        .arg(f, one ? s("1") : s("2")).arg(channels).arg(l.filters)
                        .arg(ints(l.kernelSize, 1), ints(l.strides, 1), padding, ints(l.dilationRate, 1),
                             l.useBias ? s("True") : s("False"),
                             l.groups > 1 ? QStringLiteral(", groups=%1").arg(l.groups) : QString());
            const QString in = one ? x + s(".transpose(1, 2)") : x;
            const QString padded = pads.isEmpty() ? in : QStringLiteral("F.pad(%1, (%2))").arg(in, pads);
            expr = one ? QStringLiteral("%1(%2).transpose(1, 2)").arg(f, padded) : QStringLiteral("%1(%2)").arg(f, padded);
            expr = activation(act, expr, one ? -1 : 1);
        } else if (t.startsWith(s("MaxPooling")) || t.startsWith(s("AveragePooling"))) {
            const bool one = t.endsWith(s("1D"));
            const QString kind = t.startsWith(s("Max")) ? s("Max") : s("Avg");
            const QString pool = ints(l.poolSize, 2);
            const QString stride = l.strides.isEmpty() ? pool : ints(l.strides, 2);
            const QString ceil = l.padding == s("same") ? s(", ceil_mode=True") : QString();
            init << QStringLiteral("%1 = nn.%2Pool%3d(%4, stride=%5%6)").arg(f, kind, one ? s("1") : s("2"), pool, stride, ceil);
            if (l.padding == s("same") && pool != stride)
                g.notes << QStringLiteral("%1: 'same' pooling with stride ≠ pool size is approximated by ceil_mode").arg(l.name);
            expr = one ? QStringLiteral("%1(%2.transpose(1, 2)).transpose(1, 2)").arg(f, x) : QStringLiteral("%1(%2)").arg(f, x);
        } else if (t.startsWith(s("Global"))) {
            const bool one = t.endsWith(s("1D"));
            const bool avg = t.contains(s("Average"));
            if (one)
                expr = avg ? QStringLiteral("%1.mean(dim=1)").arg(x) : QStringLiteral("%1.amax(dim=1)").arg(x);
            else
                expr = avg ? QStringLiteral("%1.mean(dim=(2, 3))").arg(x) : QStringLiteral("%1.amax(dim=(2, 3))").arg(x);
        } else if (t == s("Flatten")) {
            expr = QStringLiteral("torch.flatten(%1, 1)").arg(x);
            if (rank == 3)
                g.notes << QStringLiteral("%1: flattens channels first (C·H·W), not Keras's H·W·C: weights "
                                          "loaded from Keras would need reordering").arg(l.name);
        } else if (t == s("Dropout") || t.startsWith(s("SpatialDropout")) || t == s("AlphaDropout")
                   || t == s("GaussianDropout")) {
            const QString cls = t == s("SpatialDropout2D") ? s("Dropout2d") : t == s("AlphaDropout") ? s("AlphaDropout") : s("Dropout");
            init << QStringLiteral("%1 = nn.%2(%3)").arg(f, cls).arg(l.rate);
            expr = t == s("SpatialDropout1D") ? QStringLiteral("%1(%2.transpose(1, 2).unsqueeze(-1)).squeeze(-1).transpose(1, 2)").arg(f, x)
                                              : QStringLiteral("%1(%2)").arg(f, x);
            if (t == s("SpatialDropout1D")) {
                init.last() = QStringLiteral("%1 = nn.Dropout2d(%2)").arg(f).arg(l.rate);
            }
        } else if (t == s("GaussianNoise") || t == s("ActivityRegularization")) {
            expr = x;
            g.notes << QStringLiteral("%1 (%2) has no nn equivalent and is left out").arg(l.name, t);
        } else if (t == s("Activation") || t == s("ReLU") || t == s("Softmax") || t == s("LeakyReLU")) {
            QString a = t == s("Activation") ? act : t == s("ReLU") ? s("relu") : t == s("Softmax") ? s("softmax") : QString();
            if (t == s("ReLU") && l.maxValue >= 0) { // ReLU(max_value)
                a.clear();
                expr = l.maxValue == 6.0 ? QStringLiteral("F.relu6(%1)").arg(x)
                                         : QStringLiteral("torch.clamp(torch.relu(%1), max=%2)").arg(x).arg(l.maxValue);
            }
            if (last && t == s("Softmax") && crossEntropy) {
                a.clear();
                g.logits = true;
                g.dropped = s("softmax");
            }
            if (t == s("LeakyReLU"))
                expr = QStringLiteral("F.leaky_relu(%1, %2)").arg(x).arg(l.negativeSlope);
            else if (!(t == s("ReLU") && l.maxValue >= 0))
                expr = activation(a, x, rank == 3 ? 1 : -1);
            if (expr.isEmpty()) {
                g.error = QStringLiteral("%1: activation '%2' has no torch equivalent here").arg(l.name, a);
                return g;
            }
        } else if (t == s("BatchNormalization")) {
            const qint64 c = shape.last();
            init << QStringLiteral("%1 = nn.BatchNorm%2d(%3, eps=%4, momentum=%5, affine=%6)")
                        .arg(f, rank == 3 ? s("2") : s("1")).arg(c).arg(l.epsilon).arg(1.0 - l.momentum)
                        .arg(l.center && l.scale ? s("True") : s("False"));
            expr = rank == 2 ? QStringLiteral("%1(%2.transpose(1, 2)).transpose(1, 2)").arg(f, x) : QStringLiteral("%1(%2)").arg(f, x);
        } else if (t == s("Embedding")) {
            init << QStringLiteral("%1 = nn.Embedding(%2, %3)").arg(f).arg(l.inputDim).arg(l.outputDim);
            expr = QStringLiteral("%1(%2.long())").arg(f, x);
        } else if (t == s("SimpleRNN") || t == s("LSTM") || t == s("GRU") || t == s("Bidirectional")) {
            const LayerSpec &r = t == s("Bidirectional") && l.wrapped ? *l.wrapped : l;
            const QString cls = r.type == s("SimpleRNN") ? s("RNN") : r.type;
            const bool bi = t == s("Bidirectional");
            if (bi && l.mergeMode != s("concat")) {
                g.error = QStringLiteral("%1: Bidirectional merge_mode '%2' (only concat maps to bidirectional=True)")
                              .arg(l.name, l.mergeMode);
                return g;
            }
            if (r.type == s("GRU") && !r.resetAfter)
                g.notes << QStringLiteral("%1: nn.GRU applies the reset gate after the matrix product, as Keras's "
                                          "reset_after=True; this model used reset_after=False").arg(l.name);
            if (r.recurrentDropout > 0) {
                g.error = QStringLiteral("%1: recurrent_dropout=%2 has no nn.%3 equivalent (PyTorch drops nothing inside the "
                                         "recurrence): write the cell by hand, or drop recurrent_dropout in Keras first")
                              .arg(l.name).arg(r.recurrentDropout).arg(cls);
                return g;
            }
            init << QStringLiteral("%1 = nn.%2(%3, %4, batch_first=True%5)").arg(f, cls).arg(shape.last()).arg(r.units)
                        .arg(bi ? s(", bidirectional=True") : QString());
            QString in = x; // the inputs, after the layer's own dropout
            if (r.inputDropout > 0) {
                // Keras drops the same input units at every step: channel dropout over time
                init << QStringLiteral("%1_dropout = nn.Dropout1d(%2)  # Keras dropout=%2: the same input units at every step")
                            .arg(f).arg(r.inputDropout);
                in = QStringLiteral("%1_dropout(%2.transpose(1, 2)).transpose(1, 2)").arg(f, x);
            }
            // initial_state (batch, units) -> torch's (1, batch, units); LSTM takes (h, c)
            QString state;
            if (l.initialStates == 1)
                state = QStringLiteral(", %1.unsqueeze(0)").arg(args.value(1));
            else if (l.initialStates == 2)
                state = QStringLiteral(", (%1.unsqueeze(0), %2.unsqueeze(0))").arg(args.value(1), args.value(2));
            forward << QStringLiteral("%1, _ = %2(%3%4)").arg(y, f, in, state);
            // Without return_sequences Keras returns each direction's final output: the
            // forward one at the last step, the backward one at the first
            // (https://keras.io/api/layers/recurrent_layers/bidirectional/).
            expr = r.returnSequences ? y
                   : bi ? QStringLiteral("torch.cat([%1[:, -1, :%2], %1[:, 0, %2:]], dim=1)").arg(y).arg(r.units)
                        : QStringLiteral("%1[:, -1]").arg(y);
        } else if (t == s("Concatenate")) {
            expr = QStringLiteral("torch.cat([%1], dim=%2)").arg(args.join(s(", "))).arg(torchDim(l.axis, rank));
        } else if (t == s("Add") || t == s("Multiply") || t == s("Subtract") || t == s("Average") || t == s("Maximum")) {
            const QString op = t == s("Add") ? s(" + ") : t == s("Multiply") ? s(" * ") : s(" - ");
            if (t == s("Average"))
                expr = QStringLiteral("(%1) / %2").arg(args.join(s(" + "))).arg(args.size());
            else if (t == s("Maximum"))
                expr = QStringLiteral("torch.stack([%1]).amax(dim=0)").arg(args.join(s(", ")));
            else
                expr = args.join(op);
        } else if (t == s("Dot")) {
            if (rank != 1) {
                g.error = QStringLiteral("%1: Dot on rank-%2 inputs is not generated (only vectors)").arg(l.name).arg(rank);
                return g;
            }
            expr = l.normalize ? QStringLiteral("(F.normalize(%1, dim=1) * F.normalize(%2, dim=1)).sum(dim=1, keepdim=True)").arg(args.value(0), args.value(1))
                               : QStringLiteral("(%1 * %2).sum(dim=1, keepdim=True)").arg(args.value(0), args.value(1));
        } else if (t == s("Reshape")) {
            QStringList dims;
            for (qint64 d : l.outputShape)
                dims << QString::number(d);
            const QString keras = rank == 3 ? QStringLiteral("%1.permute(0, 2, 3, 1)").arg(x) : x;
            expr = QStringLiteral("%1.reshape(%1.size(0), %2)").arg(keras, dims.join(s(", ")));
            if (l.outputShape.size() == 3)
                expr = QStringLiteral("%1.permute(0, 3, 1, 2)").arg(expr);
            expr.replace(QStringLiteral("%1.size(0)").arg(keras), QStringLiteral("%1.size(0)").arg(x));
        } else if (t == s("ZeroPadding2D")) {
            const auto &p = l.explicitPadding;
            init << QStringLiteral("%1 = nn.ZeroPad2d((%2, %3, %4, %5))").arg(f).arg(p.value(2)).arg(p.value(3))
                        .arg(p.value(0)).arg(p.value(1));
            expr = QStringLiteral("%1(%2)").arg(f, x);
        } else if (t == s("Conv2DTranspose")) {
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
                    g.error = QStringLiteral("%1 (%2): the input size must be known").arg(l.name, t);
                    return g;
                }
                opTorch[d] = std::max<qint64>(st - k, 0);
                const qint64 full = (length - 1) * st + k + opTorch[d];
                qint64 start = 0;
                if (!l.outputPadding.isEmpty())
                    start = l.padding == s("same") ? k / 2 : 0;
                else if (l.padding == s("same"))
                    start = std::max<qint64>(k - st, 0) / 2;
                if (start + want > full) {
                    g.error = QStringLiteral("%1 (%2): output_padding beyond the kernel is not generated").arg(l.name, t);
                    return g;
                }
                cropped = cropped || start != 0 || want != full;
                crop << QStringLiteral("%1:%2").arg(start).arg(start + want);
            }
            init << QStringLiteral("%1 = nn.ConvTranspose2d(%2, %3, kernel_size=%4, stride=%5, output_padding=(%6, %7), dilation=%8, bias=%9)")
                        .arg(f).arg(shape.last()).arg(l.filters).arg(ints(l.kernelSize, 1), ints(l.strides, 1))
                        .arg(opTorch[0]).arg(opTorch[1]).arg(ints(l.dilationRate, 1), l.useBias ? s("True") : s("False"));
            expr = cropped ? QStringLiteral("%1(%2)[:, :, %3]").arg(f, x, crop.join(s(", "))) : QStringLiteral("%1(%2)").arg(f, x);
            expr = activation(act, expr, 1);
        } else if (t == s("UpSampling1D")) {
            expr = QStringLiteral("%1.repeat_interleave(%2, dim=1)").arg(x).arg(l.size.value(0, 2));
        } else if (t == s("UpSampling2D") || t == s("Resizing")) {
            const QString mode = l.interpolation == s("bilinear") ? s("'bilinear', align_corners=False") : s("'nearest'");
            expr = t == s("Resizing")
                       ? QStringLiteral("F.interpolate(%1, size=(%2, %3), mode=%4)").arg(x).arg(l.size.value(0)).arg(l.size.value(1)).arg(mode)
                       : QStringLiteral("F.interpolate(%1, scale_factor=(%2, %3), mode=%4)").arg(x).arg(l.size.value(0, 2))
                             .arg(l.size.value(1, l.size.value(0, 2))).arg(mode);
            if (l.interpolation != s("bilinear") && l.interpolation != s("nearest"))
                g.notes << QStringLiteral("%1: interpolation '%2' is generated as nearest").arg(l.name, l.interpolation);
        } else if (t == s("CenterCrop")) {
            const qint64 top = (shape.value(0) - l.size.value(0)) / 2, left = (shape.value(1) - l.size.value(1)) / 2;
            if (top < 0 || left < 0) {
                g.error = QStringLiteral("%1 (CenterCrop): an input smaller than the crop is not generated").arg(l.name);
                return g;
            }
            expr = QStringLiteral("%1[:, :, %2:%3, %4:%5]").arg(x).arg(top).arg(top + l.size.value(0)).arg(left).arg(left + l.size.value(1));
        } else if (t == s("Lambda") && l.function == s("resize")) {
            // tf.image.resize: half-pixel centres (align_corners=False), no antialiasing
            expr = QStringLiteral("F.interpolate(%1, size=(%2, %3), mode=%4)").arg(x).arg(l.size.value(0)).arg(l.size.value(1))
                       .arg(l.interpolation == s("bilinear") ? s("'bilinear', align_corners=False") : s("'nearest'"));
        } else if (t == s("Lambda") && l.function == s("channels")) {
            // keras.applications' preprocess_input, on channels-first images
            const auto numbers = [](const QVector<double> &v) {
                QStringList items;
                for (const double d : v)
                    items << QString::number(d, 'g', QLocale::FloatingPointShortest);
                return items.join(s(", "));
            };
            const QString view = shape.size() == 3 ? s(".view(1, -1, 1, 1)") : s(".view(1, -1)");
            QString e = l.flipChannels ? QStringLiteral("%1.flip(1)").arg(x) : x;
            if (l.rescale != 1.0)
                e = QStringLiteral("%1 * %2").arg(e, QString::number(l.rescale, 'g', QLocale::FloatingPointShortest));
            e = QStringLiteral("(%1 - %2.new_tensor([%3])%4)").arg(e, x, numbers(l.channelMean), view);
            if (std::any_of(l.channelStd.cbegin(), l.channelStd.cend(), [](double d) { return d != 1.0; }))
                e = QStringLiteral("%1 / %2.new_tensor([%3])%4").arg(e, x, numbers(l.channelStd), view);
            expr = e;
            if (l.flipChannels)
                g.notes << QStringLiteral("%1: %2 reverses the channels (RGB to BGR), as Keras does").arg(l.name, l.code);
        } else if (t == s("Lambda") && l.function == s("affine")) {
            expr = QStringLiteral("%1 * %2 + %3").arg(x, QString::number(l.rescale, 'g', QLocale::FloatingPointShortest),
                                                      QString::number(l.offset, 'g', QLocale::FloatingPointShortest));
        } else if (t == s("Rescaling")) {
            expr = QStringLiteral("%1 * %2 + %3").arg(x, QString::number(l.rescale, 'g', QLocale::FloatingPointShortest),
                                                      QString::number(l.offset, 'g', QLocale::FloatingPointShortest));
        } else if (t == s("RandomFlip")) {
            // keras/layers/preprocessing/image_preprocessing.py: each image flipped with
            // probability 1/2, in training only
            QString flipped = x;
            const auto flip = [&](int dim) {
                flipped = QStringLiteral("torch.where(torch.rand(%1.size(0), 1, 1, 1, device=%1.device) < 0.5, %2.flip(%3), %2)")
                              .arg(x, flipped).arg(dim);
            };
            if (l.mode.contains(s("horizontal")))
                flip(3);
            if (l.mode.contains(s("vertical")))
                flip(2);
            expr = QStringLiteral("(%1 if self.training else %2)").arg(flipped, x);
        } else if (t.startsWith(s("Random"))) {
            expr = x;
            g.notes << QStringLiteral("%1 (%2) is augmentation (nothing at inference): it is left out of the module; "
                                      "apply the matching torchvision.transforms.v2 transform to the training data")
                           .arg(l.name, t);
        } else if (t == s("Normalization")) {
            const qint64 c = shape.last();
            // keras/layers/preprocessing/normalization.py: (x - mean) / max(sqrt(variance), 1e-7)
            init << QStringLiteral("%1 = nn.Module()  # Keras Normalization: mean and variance per feature").arg(f);
            init << QStringLiteral("%1.register_buffer('mean', torch.zeros(%2))").arg(f).arg(c);
            init << QStringLiteral("%1.register_buffer('variance', torch.ones(%2))").arg(f).arg(c);
            init << QStringLiteral("%1.register_buffer('count', torch.zeros((), dtype=torch.int64))").arg(f);
            const QString view = rank == 3 ? s(".view(1, -1, 1, 1)") : QString();
            expr = QStringLiteral("(%1 - %2.mean%3) / torch.sqrt(%2.variance%3).clamp_min(1e-7)").arg(x, f, view);
            g.notes << QStringLiteral("%1 (Normalization): set %2.mean and %2.variance from the training data "
                                      "(what Keras's adapt() computed), or port them from the Keras weights").arg(l.name, f);
        } else {
            g.error = QStringLiteral("%1 (%2) has no generator (supported: the layers of supportedLayerTypes())").arg(l.name, t);
            return g;
        }
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
    // layers Keras does not train (`trainable = False`): no gradients here either
    QStringList frozen, frozenBatchNorm;
    for (const LayerSpec &l : m.layers) {
        if (l.trainable || l.sharedWith >= 0 || l.paramsTorch <= 0)
            continue;
        const QString f = s("self.") + field(l);
        for (const QString &line : std::as_const(init))
            if (line.startsWith(f + s(" = "))) {
                frozen << f;
                if (l.type == s("BatchNormalization"))
                    frozenBatchNorm << f;
                break;
            }
    }
    if (frozen.size() == 1)
        code << QStringLiteral("        %1.requires_grad_(False)  # trainable = False in Keras").arg(frozen.first());
    else if (!frozen.isEmpty()) {
        // a tuple of a few per line
        QStringList rows;
        for (int k = 0; k < frozen.size(); k += 4)
            rows << frozen.mid(k, 4).join(s(", "));
        code << QStringLiteral("        for frozen in (%1):  # trainable = False in Keras")
                    .arg(rows.join(s(",\n                       ")))
             << s("            frozen.requires_grad_(False)");
    }
    if (!frozen.isEmpty())
        g.notes << QStringLiteral("%1 layer(s) frozen in Keras (trainable = False) are frozen here with requires_grad_(False)%2")
                       .arg(frozen.size())
                       .arg(frozenBatchNorm.isEmpty() ? QString()
                                                      : s("; a frozen BatchNormalization runs in inference mode, as in Keras "
                                                          "(train() keeps it in eval())"));
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
    // Keras's kernel/bias regularizers: penalties it adds to the loss, in training and in
    // evaluate() (https://keras.io/api/layers/regularizers/); the loops add this term
    QStringList penalties;
    for (const LayerSpec &l : m.layers) {
        if (l.sharedWith >= 0 || (l.kernelL1 == 0 && l.kernelL2 == 0 && l.biasL1 == 0 && l.biasL2 == 0))
            continue;
        const QString f = s("self.") + field(l);
        const bool declared = std::any_of(init.cbegin(), init.cend(), [&](const QString &line) { return line.startsWith(f + s(" = ")); });
        if (!declared) {
            code << QStringLiteral("        # TODO: %1 (%2) has a Keras regularizer; not converted: add its penalty to the loss by hand").arg(l.name, l.type);
            g.notes << QStringLiteral("%1 (%2): regularizer not converted").arg(l.name, l.type);
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
        g.regularized = true;
        code << QString() << s("    def regularization(self):")
             << s("        \"\"\"The penalties of Keras's kernel/bias regularizers, added to the loss.\"\"\"")
             << QStringLiteral("        return %1").arg(penalties.join(s(" + ")));
        g.notes << s("Keras's regularizers are the module's regularization(), which the training and evaluation loops add to the loss");
    }
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
