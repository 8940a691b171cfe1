#include "LayerFactory.h"

#include "KerasArguments.h"
#include "LayerType.h"

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

QString canonicalLayerClass(const QString &className)
{
    QString cls;
    kerasLayerType(className, &cls);
    return cls;
}

bool isKerasLayerClass(const QString &className)
{
    return kerasLayerType(className) != nullptr;
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

    // the class's own arguments: its descriptor (core/model/layers/)
    const LayerType *type = kerasLayerType(cls);
    if (type && type->readKeras && !type->readKeras(KerasCall{r, args, cls, input, error}, l.get()))
        return nullptr;
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
