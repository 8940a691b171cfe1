#include "LayerFactory.h"

#include "KerasApplications.h"

#include <QRegularExpression>

namespace kmw {

PyValuePtr CallArgs::get(const QString &name, int position) const
{
    for (const auto &kw : keywords)
        if (kw.first == name)
            return kw.second;
    if (position >= 0 && position < positional.size())
        return positional[position];
    return nullptr;
}

namespace {

QString s(const char *text) { return QString::fromLatin1(text); }

/// Reads arguments for one constructor, recording what could not be resolved.
class ArgReader {
public:
    ArgReader(const CallArgs &args, const QString &layerType, QStringList *unresolved)
        : a(args), type(layerType), missing(unresolved) {}

    bool has(const char *name, int position = -1) const { return a.has(s(name), position); }
    PyValuePtr value(const char *name) const { return a.get(s(name), -1); }

    qint64 integer(const char *name, int position, qint64 fallback) const
    {
        const PyValuePtr v = a.get(s(name), position);
        if (!v || v->kind == PyValue::Kind::None)
            return fallback;
        if (v->isNumber())
            return qint64(v->number());
        note(v, name);
        return fallback;
    }
    double real(const char *name, int position, double fallback) const
    {
        const PyValuePtr v = a.get(s(name), position);
        if (!v || !v->isNumber())
            return fallback;
        return v->number();
    }
    bool boolean(const char *name, int position, bool fallback) const
    {
        const PyValuePtr v = a.get(s(name), position);
        if (!v || !v->isNumber())
            return fallback;
        return v->number() != 0;
    }
    QString string(const char *name, int position, const QString &fallback) const
    {
        const PyValuePtr v = a.get(s(name), position);
        if (!v || v->kind != PyValue::Kind::Str)
            return fallback;
        return v->text;
    }
    /// An int or a tuple of ints, spread to `n` entries; empty when absent.
    QVector<qint64> tuple(const char *name, int position, int n) const
    {
        const PyValuePtr v = a.get(s(name), position);
        QVector<qint64> out;
        if (!v || v->kind == PyValue::Kind::None)
            return out;
        if (v->isNumber()) {
            out.fill(qint64(v->number()), n);
            return out;
        }
        if (v->kind == PyValue::Kind::List) {
            for (const auto &item : v->items) {
                if (item->isNumber())
                    out.append(qint64(item->number()));
                else if (item->kind == PyValue::Kind::None)
                    out.append(-1);
                else {
                    note(item, name);
                    out.append(-1);
                }
            }
            return out;
        }
        note(v, name);
        return out;
    }
    /// A shape tuple (None -> -1); `given` false when absent.
    TensorShape shape(const char *name, int position, bool *given) const
    {
        const PyValuePtr v = a.get(s(name), position);
        *given = v && v->kind != PyValue::Kind::None;
        if (!*given)
            return {};
        if (v->isNumber())
            return {qint64(v->number())};
        return tuple(name, position, 1);
    }
    void note(const PyValuePtr &v, const char *name) const
    {
        QString what = v->text.isEmpty() ? s("?") : v->text;
        QString entry = QStringLiteral("`%1` (%2 of %3)").arg(what, s(name), type);
        if (!v->origin.isEmpty())
            entry = QStringLiteral("`%1 = %2` (%3 of %4)").arg(v->origin, what, s(name), type);
        if (!missing->contains(entry))
            missing->append(entry);
    }

private:
    const CallArgs &a;
    QString type;
    QStringList *missing;
};

const QStringList &kerasLayerClasses()
{
    static const QStringList classes = [] {
        QStringList c = supportedLayerTypes();
        c << s("Input") << s("Concatenate") << s("Subtract") << s("Average") << s("Maximum");
        return c;
    }();
    return classes;
}

/// A Keras regularizer as its L1 and L2 factors: the strings 'l1', 'l2', 'l1_l2', or a
/// call of keras.regularizers' l1/L1, l2/L2, l1_l2/L1L2 with literal factors (their
/// defaults: 0.01, but 0 for L1L2's). False for anything else (a custom regularizer).
bool readPenalty(const PyValuePtr &v, double *l1, double *l2)
{
    *l1 = *l2 = 0;
    if (!v)
        return false;
    if (v->kind == PyValue::Kind::Str) {
        const QString t = v->text.toLower();
        *l1 = t == s("l1") || t == s("l1_l2") ? 0.01 : 0;
        *l2 = t == s("l2") || t == s("l1_l2") ? 0.01 : 0;
        return *l1 > 0 || *l2 > 0;
    }
    static const QRegularExpression call(QStringLiteral("^\\s*(?:[A-Za-z_][\\w.]*\\.)?(l1|L1|l2|L2|l1_l2|L1L2)\\s*\\(([^()]*)\\)\\s*$"));
    const QRegularExpressionMatch m = call.match(v->text);
    if (!m.hasMatch())
        return false;
    const QString kind = m.captured(1).toLower();
    const bool both = kind == s("l1_l2") || kind == s("l1l2");
    double values[2] = {both && kind == s("l1l2") ? 0.0 : 0.01, both && kind == s("l1l2") ? 0.0 : 0.01};
    int position = 0;
    for (const QString &arg : m.captured(2).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString a = arg.trimmed();
        int slot = position;
        QString number = a;
        if (a.contains(QLatin1Char('='))) {
            const QString key = a.section(QLatin1Char('='), 0, 0).trimmed();
            number = a.section(QLatin1Char('='), 1).trimmed();
            slot = key == s("l1") ? 0 : key == s("l2") ? 1 : -1;
            if (!both && slot >= 0)
                slot = kind == s("l1") ? 0 : 1;
        } else {
            ++position;
        }
        bool ok = false;
        const double x = number.toDouble(&ok);
        if (!ok || slot < 0 || slot > 1)
            return false; // a factor held in a variable: not read here
        values[slot] = x;
    }
    *l1 = both || kind == s("l1") ? values[0] : 0;
    *l2 = both ? values[1] : kind == s("l2") ? values[0] : 0;
    return true;
}

void readCommon(const ArgReader &r, LayerSpec *l)
{
    l->name = r.string("name", -1, QString());
    l->explicitName = !l->name.isEmpty();
    l->trainable = r.boolean("trainable", -1, true);
    // Arguments that change training but that the IR (and so the generated PyTorch
    // module and the runner) does not carry: listed so the conversion says so.
    static const char *const kept[] = {"kernel_initializer", "bias_initializer", "recurrent_initializer",
                                       "embeddings_initializer", "kernel_regularizer", "bias_regularizer",
                                       "activity_regularizer", "recurrent_regularizer", "kernel_constraint",
                                       "bias_constraint", "dropout", "recurrent_dropout", "stateful",
                                       "go_backwards", "mask_zero", "beta_initializer", "gamma_initializer",
                                       "embeddings_regularizer", "embeddings_constraint",
                                       "weights"}; // Keras 2's initial weights: Embedding(weights=[matrix])
    // penalties the generated module adds to the loss (regularization())
    static const QStringList penalized{s("Dense"), s("Conv1D"), s("Conv2D"), s("Conv3D"), s("Conv2DTranspose"), s("Embedding")};
    const bool penalties = penalized.contains(l->type);
    const char *kernel = l->type == QLatin1String("Embedding") ? "embeddings_regularizer" : "kernel_regularizer";
    const bool kernelRead = penalties && readPenalty(r.value(kernel), &l->kernelL1, &l->kernelL2);
    const bool biasRead = penalties && l->type != QLatin1String("Embedding") && readPenalty(r.value("bias_regularizer"), &l->biasL1, &l->biasL2);
    // a recurrent layer's dropout of its inputs becomes channel dropout before it (codegen)
    const bool recurrent = l->type == QLatin1String("SimpleRNN") || l->type == QLatin1String("LSTM") || l->type == QLatin1String("GRU");
    const PyValuePtr dropout = recurrent ? r.value("dropout") : PyValuePtr();
    const bool dropoutRead = dropout && dropout->isNumber();
    if (dropoutRead)
        l->inputDropout = dropout->number();
    const PyValuePtr recurrentDropout = recurrent ? r.value("recurrent_dropout") : PyValuePtr();
    if (recurrentDropout && recurrentDropout->isNumber())
        l->recurrentDropout = recurrentDropout->number();
    for (const char *name : kept) {
        if (!r.has(name) || (l->type == QLatin1String("Dropout") && qstrcmp(name, "dropout") == 0))
            continue;
        if (dropoutRead && qstrcmp(name, "dropout") == 0)
            continue;
        if ((kernelRead && qstrcmp(name, kernel) == 0) || (biasRead && qstrcmp(name, "bias_regularizer") == 0))
            continue;
        l->unconverted << QString::fromLatin1(name);
    }
}

/// The input shape a layer's `input_shape`, `batch_input_shape` or `input_dim` keyword
/// declares (Keras 2's base Layer turns `input_dim=d` into `input_shape=(d,)`). Not for
/// Embedding, whose own `input_dim` is the vocabulary size
/// (https://keras.io/api/layers/core_layers/embedding/).
void readInput(const ArgReader &r, const QString &cls, DeclaredInput *input)
{
    bool given = false;
    TensorShape shape = r.shape("input_shape", -1, &given);
    if (!given) {
        shape = r.shape("batch_input_shape", -1, &given);
        if (given && !shape.isEmpty())
            shape.removeFirst();
    }
    if (!given && r.has("input_dim") && cls != QLatin1String("Embedding")) {
        const qint64 d = r.integer("input_dim", -1, -1);
        shape = {d};
        given = true;
    }
    if (given) {
        input->given = true;
        input->shape = shape;
    }
}

} // namespace

/// Keras's short aliases (keras/layers/__init__.py: MaxPool2D = MaxPooling2D, …).
QString canonicalLayerClass(const QString &className)
{
    static const QHash<QString, QString> aliases{
        {s("MaxPool1D"), s("MaxPooling1D")},   {s("MaxPool2D"), s("MaxPooling2D")},
        {s("AvgPool1D"), s("AveragePooling1D")}, {s("AvgPool2D"), s("AveragePooling2D")},
        {s("GlobalMaxPool1D"), s("GlobalMaxPooling1D")}, {s("GlobalMaxPool2D"), s("GlobalMaxPooling2D")},
        {s("GlobalAvgPool1D"), s("GlobalAveragePooling1D")}, {s("GlobalAvgPool2D"), s("GlobalAveragePooling2D")},
        {s("Convolution1D"), s("Conv1D")},     {s("Convolution2D"), s("Conv2D")},
    };
    return aliases.value(className, className);
}

bool isKerasLayerClass(const QString &className)
{
    return kerasLayerClasses().contains(canonicalLayerClass(className));
}

QString activationName(const PyValuePtr &value)
{
    if (!value || value->kind == PyValue::Kind::None)
        return QString();
    QString name = value->text;
    if (value->kind == PyValue::Kind::Path)
        name = name.section(QLatin1Char('.'), -1);
    name = name.toLower();
    if (name == s("linear"))
        return QString();
    if (name == s("leakyrelu"))
        return s("leaky_relu");
    if (name == s("silu"))
        return s("swish");
    return name;
}

std::shared_ptr<LayerSpec> makeKerasLayer(const QString &className, const CallArgs &args,
                                          DeclaredInput *input, QStringList *unresolved,
                                          QString *error)
{
    const QString cls = canonicalLayerClass(className);
    if (!isKerasLayerClass(cls)) {
        *error = QStringLiteral("layer %1 is not supported (supported: %2)")
                     .arg(cls, supportedLayerTypes().join(QStringLiteral(", ")));
        return nullptr;
    }
    auto l = std::make_shared<LayerSpec>();
    l->type = cls;
    ArgReader r(args, cls, unresolved);
    readCommon(r, l.get());
    readInput(r, cls, input);
    l->activation = activationName(args.get(s("activation"), cls == s("Activation") ? 0 : -1));
    l->useBias = r.boolean("use_bias", -1, true);
    l->dataFormat = r.string("data_format", -1, s("channels_last"));

    if (cls == s("Input") || cls == s("InputLayer")) {
        l->type = s("InputLayer");
        bool given = false;
        TensorShape shape = r.shape(cls == s("Input") ? "shape" : "input_shape",
                                    cls == s("Input") ? 0 : -1, &given);
        if (!given) {
            shape = r.shape("batch_shape", -1, &given);
            if (!given)
                shape = r.shape("batch_input_shape", -1, &given);
            if (given && !shape.isEmpty())
                shape.removeFirst();
        }
        input->given = given;
        input->shape = shape;
    } else if (cls == s("Dense")) {
        l->units = r.integer("units", 0, 0);
    } else if (cls == s("Dropout") || cls.startsWith(s("SpatialDropout"))
               || cls == s("GaussianDropout") || cls == s("AlphaDropout")) {
        l->rate = r.real("rate", 0, 0.0);
    } else if (cls == s("GaussianNoise")) {
        l->rate = r.real("stddev", 0, 0.0);
    } else if (cls == s("Reshape")) {
        l->targetShape = r.tuple("target_shape", 0, 1);
    } else if (cls == s("Conv1D") || cls == s("Conv2D")) {
        const int n = cls == s("Conv1D") ? 1 : 2;
        l->filters = r.integer("filters", 0, 0);
        l->kernelSize = r.tuple("kernel_size", 1, n);
        l->strides = r.tuple("strides", 2, n);
        l->padding = r.string("padding", 3, s("valid")).toLower();
        l->dilationRate = r.tuple("dilation_rate", -1, n);
        l->groups = r.integer("groups", -1, 1);
    } else if (cls == s("DepthwiseConv2D")) {
        // keras/layers/convolutional/depthwise_conv2d.py: one filter (or depth_multiplier)
        // per input channel, a grouped convolution with groups = channels
        l->kernelSize = r.tuple("kernel_size", 0, 2);
        l->strides = r.tuple("strides", 1, 2);
        l->padding = r.string("padding", 2, s("valid")).toLower();
        l->depthMultiplier = r.integer("depth_multiplier", 3, 1);
        l->dilationRate = r.tuple("dilation_rate", -1, 2);
    } else if (cls == s("ReLU")) {
        // keras/layers/activation/relu.py: max_value caps it (MobileNet's ReLU(6.))
        const PyValuePtr cap = args.get(s("max_value"), 0);
        if (cap && cap->isNumber())
            l->maxValue = cap->number();
        if (r.real("negative_slope", 1, 0.0) != 0.0 || r.real("threshold", 2, 0.0) != 0.0)
            l->unconverted << s("negative_slope/threshold");
    } else if (cls == s("Conv2DTranspose")) {
        // keras/layers/convolutional/conv2d_transpose.py
        l->filters = r.integer("filters", 0, 0);
        l->kernelSize = r.tuple("kernel_size", 1, 2);
        l->strides = r.tuple("strides", 2, 2);
        l->padding = r.string("padding", 3, s("valid")).toLower();
        l->outputPadding = r.tuple("output_padding", 4, 2);
        l->dilationRate = r.tuple("dilation_rate", -1, 2);
    } else if (cls == s("UpSampling1D") || cls == s("UpSampling2D")) {
        const int n = cls == s("UpSampling1D") ? 1 : 2;
        l->size = r.tuple("size", 0, n);
        if (l->size.isEmpty())
            l->size.fill(2, n);
        l->interpolation = r.string("interpolation", -1, s("nearest"));
    } else if (cls == s("Resizing") || cls == s("CenterCrop")) {
        l->size = {r.integer("height", 0, 0), r.integer("width", 1, 0)};
        l->interpolation = r.string("interpolation", 2, s("bilinear"));
    } else if (cls == s("Lambda")) {
        // the function: a lambda ModelLambda.cpp follows, or an application's preprocess_input
        const PyValuePtr f = args.get(s("function"), 0);
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
        } else if (!f || f->kind != PyValue::Kind::Path || !applicationPreprocessing(f->text, l.get())) {
            *error = QStringLiteral("Lambda(%1): only tf.image.resize, elementwise scaling (x * a + b) and "
                                    "keras.applications' preprocess_input are followed")
                         .arg(f ? f->text.simplified().left(80) : QString());
            return nullptr;
        }
    } else if (cls == s("Rescaling")) {
        l->rescale = r.real("scale", 0, 1.0);
        l->offset = r.real("offset", 1, 0.0);
    } else if (cls == s("RandomFlip")) {
        l->mode = r.string("mode", 0, s("horizontal_and_vertical"));
    } else if (cls == s("Normalization")) {
        l->axis = int(r.integer("axis", 0, -1));
        if (args.has(s("mean")) || args.has(s("variance")))
            l->unconverted << s("mean/variance");
    } else if (cls.contains(s("Pooling")) && !cls.startsWith(s("Global"))) {
        const int n = cls.endsWith(s("1D")) ? 1 : 2;
        l->poolSize = r.tuple("pool_size", 0, n);
        if (l->poolSize.isEmpty())
            l->poolSize.fill(2, n);
        l->strides = r.tuple("strides", 1, n);
        l->padding = r.string("padding", 2, s("valid")).toLower();
    } else if (cls == s("ZeroPadding2D")) {
        const PyValuePtr p = args.get(s("padding"), 0);
        l->explicitPadding = {1, 1, 1, 1};
        if (p && p->isNumber())
            l->explicitPadding.fill(qint64(p->number()), 4);
        else if (p && p->kind == PyValue::Kind::List && p->items.size() == 2) {
            const auto &h = p->items[0], &w = p->items[1];
            if (h->isNumber() && w->isNumber())
                l->explicitPadding = {qint64(h->number()), qint64(h->number()),
                                      qint64(w->number()), qint64(w->number())};
            else if (h->kind == PyValue::Kind::List && w->kind == PyValue::Kind::List
                     && h->items.size() == 2 && w->items.size() == 2)
                l->explicitPadding = {qint64(h->items[0]->number()), qint64(h->items[1]->number()),
                                      qint64(w->items[0]->number()), qint64(w->items[1]->number())};
        }
    } else if (cls == s("BatchNormalization")) {
        l->axis = int(r.integer("axis", 0, -1));
        l->momentum = r.real("momentum", 1, 0.99);
        l->epsilon = r.real("epsilon", 2, 1e-3);
        l->center = r.boolean("center", 3, true);
        l->scale = r.boolean("scale", 4, true);
    } else if (cls == s("Embedding")) {
        l->inputDim = r.integer("input_dim", 0, 0);
        l->outputDim = r.integer("output_dim", 1, 0);
        l->inputLength = r.integer("input_length", -1, 0);
        if (l->inputLength > 0 && !input->given) {
            input->given = true;
            input->shape = {l->inputLength};
        }
    } else if (cls == s("SimpleRNN") || cls == s("LSTM") || cls == s("GRU")) {
        l->units = r.integer("units", 0, 0);
        if (!args.has(s("activation")))
            l->activation = s("tanh");
        l->recurrentActivation = activationName(args.get(s("recurrent_activation")));
        if (l->recurrentActivation.isEmpty())
            l->recurrentActivation = s("sigmoid");
        l->returnSequences = r.boolean("return_sequences", -1, false);
        l->resetAfter = r.boolean("reset_after", -1, true);
    } else if (cls == s("Bidirectional")) {
        const PyValuePtr inner = args.get(s("layer"), 0);
        if (!inner || inner->kind != PyValue::Kind::Layer) {
            *error = QStringLiteral("Bidirectional needs a recurrent layer object");
            return nullptr;
        }
        l->wrapped = std::make_shared<LayerSpec>(*inner->layer);
        l->mergeMode = r.string("merge_mode", 1, s("concat"));
    } else if (cls == s("Concatenate")) {
        l->axis = int(r.integer("axis", 0, -1));
    } else if (cls == s("Dot")) {
        const QVector<qint64> axes = r.tuple("axes", 0, 2);
        for (qint64 a : axes)
            l->dotAxes.append(int(a));
        l->normalize = r.boolean("normalize", 1, false);
    } else if (cls == s("LeakyReLU")) {
        l->negativeSlope = r.real("negative_slope", -1, r.real("alpha", 0, 0.3));
    } else if (cls == s("Softmax")) {
        l->axis = int(r.integer("axis", 0, -1));
    }
    return l;
}

std::shared_ptr<LayerSpec> makeTorchLayer(const QString &cls, const CallArgs &args,
                                          QStringList *unresolved, QString *error)
{
    auto l = std::make_shared<LayerSpec>();
    l->framework = s("pytorch");
    l->dataFormat = s("channels_first");
    ArgReader r(args, QStringLiteral("nn.") + cls, unresolved);
    static const QHash<QString, QString> activations{
        {s("ReLU"), s("relu")},       {s("Tanh"), s("tanh")},     {s("Sigmoid"), s("sigmoid")},
        {s("Softmax"), s("softmax")}, {s("ELU"), s("elu")},       {s("SELU"), s("selu")},
        {s("GELU"), s("gelu")},       {s("SiLU"), s("swish")},    {s("Softplus"), s("softplus")},
        {s("Softsign"), s("softsign")}, {s("LogSoftmax"), s("log_softmax")}};
    if (activations.contains(cls)) {
        l->type = s("Activation");
        l->activation = activations.value(cls);
    } else if (cls == s("LeakyReLU")) {
        l->type = s("LeakyReLU");
        l->negativeSlope = r.real("negative_slope", 0, 0.01);
    } else if (cls == s("Identity")) {
        l->type = s("Activation");
    } else if (cls == s("Linear")) {
        l->type = s("Dense");
        l->inputDim = r.integer("in_features", 0, 0);
        l->units = r.integer("out_features", 1, 0);
        l->useBias = r.boolean("bias", 2, true);
    } else if (cls == s("Conv1d") || cls == s("Conv2d")) {
        const int n = cls == s("Conv1d") ? 1 : 2;
        l->type = n == 1 ? s("Conv1D") : s("Conv2D");
        l->inputDim = r.integer("in_channels", 0, 0);
        l->filters = r.integer("out_channels", 1, 0);
        l->kernelSize = r.tuple("kernel_size", 2, n);
        l->strides = r.tuple("stride", 3, n);
        const PyValuePtr pad = args.get(s("padding"), 4);
        if (pad && pad->kind == PyValue::Kind::Str)
            l->padding = pad->text;
        else
            l->explicitPadding = r.tuple("padding", 4, n);
        l->dilationRate = r.tuple("dilation", 5, n);
        l->groups = r.integer("groups", 6, 1);
        l->useBias = r.boolean("bias", 7, true);
    } else if (cls == s("MaxPool1d") || cls == s("MaxPool2d") || cls == s("AvgPool1d")
               || cls == s("AvgPool2d")) {
        const int n = cls.endsWith(s("1d")) ? 1 : 2;
        l->type = (cls.startsWith(s("Max")) ? s("MaxPooling") : s("AveragePooling"))
                  + QString::number(n) + s("D");
        l->poolSize = r.tuple("kernel_size", 0, n);
        l->strides = r.tuple("stride", 1, n);
        l->explicitPadding = r.tuple("padding", 2, n);
    } else if (cls == s("AdaptiveAvgPool2d") || cls == s("AdaptiveMaxPool2d")
               || cls == s("AdaptiveAvgPool1d") || cls == s("AdaptiveMaxPool1d")) {
        const qint64 out = r.integer("output_size", 0, 1);
        if (out != 1) {
            *error = QStringLiteral("nn.%1 with output size %2 is not supported (only 1)")
                         .arg(cls).arg(out);
            return nullptr;
        }
        l->type = (cls.contains(s("Avg")) ? s("GlobalAveragePooling") : s("GlobalMaxPooling"))
                  + (cls.endsWith(s("1d")) ? s("1D") : s("2D"));
    } else if (cls == s("BatchNorm1d") || cls == s("BatchNorm2d")) {
        l->type = s("BatchNormalization");
        l->axis = 1;
        l->inputDim = r.integer("num_features", 0, 0);
        l->epsilon = r.real("eps", 1, 1e-5);
        l->momentum = 1.0 - r.real("momentum", 2, 0.1);
        const bool affine = r.boolean("affine", 3, true);
        l->center = l->scale = affine;
    } else if (cls == s("Dropout") || cls == s("Dropout2d")) {
        l->type = s("Dropout");
        l->rate = r.real("p", 0, 0.5);
    } else if (cls == s("Flatten")) {
        l->type = s("Flatten");
    } else if (cls == s("Embedding")) {
        l->type = s("Embedding");
        l->inputDim = r.integer("num_embeddings", 0, 0);
        l->outputDim = r.integer("embedding_dim", 1, 0);
    } else if (cls == s("LSTM") || cls == s("GRU") || cls == s("RNN")) {
        l->type = cls == s("RNN") ? s("SimpleRNN") : cls;
        l->units = r.integer("hidden_size", 1, 0);
        l->activation = s("tanh");
        l->returnSequences = true;
        if (r.integer("num_layers", 2, 1) != 1 || r.boolean("bidirectional", -1, false)) {
            *error = QStringLiteral("nn.%1 with several layers or bidirectional is not supported")
                         .arg(cls);
            return nullptr;
        }
    } else {
        *error = QStringLiteral("nn.%1 is not supported").arg(cls);
        return nullptr;
    }
    return l;
}

bool makeOptimizer(const QString &cls, const CallArgs &args, bool torch, OptimizerSpec *o)
{
    QStringList ignored;
    ArgReader r(args, cls, &ignored);
    const QString name = cls.toLower();
    OptimizerSpec spec;
    spec.fromCode = true;
    const int lrPos = torch ? 1 : 0;
    auto lr = [&](double fallback) {
        return r.real("learning_rate", lrPos, r.real("lr", torch ? 1 : -1, fallback));
    };
    if (name == s("sgd")) {
        spec.type = s("sgd");
        spec.learningRate = lr(0.01);
        spec.momentum = r.real("momentum", torch ? -1 : 1, 0.0);
        spec.nesterov = r.boolean("nesterov", torch ? -1 : 2, false);
    } else if (name == s("adam") || name == s("adamw")) {
        spec.type = name;
        spec.learningRate = lr(1e-3);
        spec.epsilon = r.real("eps", -1, r.real("epsilon", -1, torch ? 1e-8 : 1e-7));
        spec.beta1 = r.real("beta_1", -1, 0.9);
        spec.beta2 = r.real("beta_2", -1, 0.999);
        const PyValuePtr betas = args.get(s("betas"));
        if (betas && betas->kind == PyValue::Kind::List && betas->items.size() == 2) {
            spec.beta1 = betas->items[0]->number();
            spec.beta2 = betas->items[1]->number();
        }
        spec.weightDecay = r.real("weight_decay", -1, name == s("adamw") ? (torch ? 0.01 : 0.004) : 0.0);
    } else if (name == s("rmsprop")) {
        spec.type = s("rmsprop");
        spec.learningRate = lr(torch ? 1e-2 : 1e-3);
        spec.rho = r.real("rho", -1, r.real("alpha", -1, torch ? 0.99 : 0.9));
        spec.epsilon = r.real("eps", -1, r.real("epsilon", -1, torch ? 1e-8 : 1e-7));
        spec.momentum = r.real("momentum", -1, 0.0);
    } else if (name == s("adagrad")) {
        spec.type = s("adagrad");
        spec.learningRate = lr(torch ? 1e-2 : 1e-3);
        spec.initialAccumulator = r.real("initial_accumulator_value", -1, torch ? 0.0 : 0.1);
        spec.epsilon = r.real("eps", -1, r.real("epsilon", -1, torch ? 1e-10 : 1e-7));
    } else {
        return false;
    }
    *o = spec;
    return true;
}

bool optimizerFromString(const QString &name, OptimizerSpec *optimizer)
{
    return makeOptimizer(name, CallArgs(), false, optimizer);
}

QString canonicalLoss(const QString &raw, bool *fromLogits)
{
    const QString name = raw.section(QLatin1Char('.'), -1);
    static const QHash<QString, QString> map{
        {s("mse"), s("mean_squared_error")},
        {s("mean_squared_error"), s("mean_squared_error")},
        {s("MeanSquaredError"), s("mean_squared_error")},
        {s("mae"), s("mean_absolute_error")},
        {s("mean_absolute_error"), s("mean_absolute_error")},
        {s("MeanAbsoluteError"), s("mean_absolute_error")},
        {s("huber"), s("huber")}, {s("huber_loss"), s("huber")}, {s("Huber"), s("huber")},
        {s("categorical_crossentropy"), s("categorical_crossentropy")},
        {s("CategoricalCrossentropy"), s("categorical_crossentropy")},
        {s("sparse_categorical_crossentropy"), s("sparse_categorical_crossentropy")},
        {s("SparseCategoricalCrossentropy"), s("sparse_categorical_crossentropy")},
        {s("binary_crossentropy"), s("binary_crossentropy")},
        {s("BinaryCrossentropy"), s("binary_crossentropy")},
        {s("MSELoss"), s("mean_squared_error")},
        {s("L1Loss"), s("mean_absolute_error")},
        {s("HuberLoss"), s("huber")},
        {s("SmoothL1Loss"), s("huber")},
        {s("BCELoss"), s("binary_crossentropy")},
        {s("NLLLoss"), s("sparse_categorical_crossentropy")},
    };
    if (name == s("CrossEntropyLoss")) {
        *fromLogits = true;
        return s("sparse_categorical_crossentropy");
    }
    if (name == s("BCEWithLogitsLoss")) {
        *fromLogits = true;
        return s("binary_crossentropy");
    }
    return map.value(name);
}

} // namespace kmw
