#include <torch/torch.h>

#include "TorchModel.h"
#include "TorchTrainer.h"
#include "TorchHelpers.h"

#include <QSet>

#include <cmath>
#include <stdexcept>

namespace kmw::torchsmoke {

namespace {

/// Keras's glorot_uniform (keras/initializers/initializers.py): U(-l, l),
/// l = sqrt(6 / (fan_in + fan_out)).
void glorotUniform(at::Tensor &t, int64_t fanIn, int64_t fanOut)
{
    const double limit = std::sqrt(6.0 / double(std::max<int64_t>(1, fanIn + fanOut)));
    t.uniform_(-limit, limit);
}

/// Expands a Keras int-or-tuple argument to `n` entries (`fallback` when empty).
std::vector<int64_t> expand(const QVector<qint64> &v, int n, int64_t fallback)
{
    std::vector<int64_t> out(size_t(n), fallback);
    for (int i = 0; i < n; ++i) {
        if (!v.isEmpty())
            out[size_t(i)] = v.size() > i ? v[i] : v.last();
    }
    return out;
}



} // namespace

// ---------------------------------------------------------------------------------------
// LayerImpl

LayerImpl::LayerImpl(const LayerSpec &spec) : spec_(spec)
{
    static const QHash<QString, Kind> kinds = {
        {QStringLiteral("InputLayer"), Kind::Input}, {QStringLiteral("Dense"), Kind::Dense},
        {QStringLiteral("Activation"), Kind::Activation},
        {QStringLiteral("Dropout"), Kind::Dropout}, {QStringLiteral("Flatten"), Kind::Flatten},
        {QStringLiteral("Reshape"), Kind::Reshape}, {QStringLiteral("Conv1D"), Kind::Conv},
        {QStringLiteral("Conv2D"), Kind::Conv}, {QStringLiteral("DepthwiseConv2D"), Kind::Conv}, {QStringLiteral("MaxPooling1D"), Kind::MaxPool},
        {QStringLiteral("MaxPooling2D"), Kind::MaxPool},
        {QStringLiteral("AveragePooling1D"), Kind::AvgPool},
        {QStringLiteral("AveragePooling2D"), Kind::AvgPool},
        {QStringLiteral("GlobalAveragePooling1D"), Kind::GlobalAvgPool},
        {QStringLiteral("GlobalAveragePooling2D"), Kind::GlobalAvgPool},
        {QStringLiteral("GlobalMaxPooling1D"), Kind::GlobalMaxPool},
        {QStringLiteral("GlobalMaxPooling2D"), Kind::GlobalMaxPool},
        {QStringLiteral("ZeroPadding2D"), Kind::ZeroPad},
        {QStringLiteral("BatchNormalization"), Kind::BatchNorm},
        {QStringLiteral("Embedding"), Kind::Embedding},
        {QStringLiteral("SimpleRNN"), Kind::Recurrent}, {QStringLiteral("LSTM"), Kind::Recurrent},
        {QStringLiteral("GRU"), Kind::Recurrent},
        {QStringLiteral("Bidirectional"), Kind::Recurrent},
        {QStringLiteral("Concatenate"), Kind::Concatenate}, {QStringLiteral("Add"), Kind::Add},
        {QStringLiteral("Multiply"), Kind::Multiply}, {QStringLiteral("Dot"), Kind::Dot},
        {QStringLiteral("LeakyReLU"), Kind::LeakyReLU}, {QStringLiteral("ReLU"), Kind::ReLU},
        {QStringLiteral("Softmax"), Kind::Softmax},
        {QStringLiteral("SpatialDropout1D"), Kind::SpatialDropout},
        {QStringLiteral("SpatialDropout2D"), Kind::SpatialDropout},
        {QStringLiteral("GaussianNoise"), Kind::GaussianNoise},
        {QStringLiteral("GaussianDropout"), Kind::GaussianDropout},
        {QStringLiteral("AlphaDropout"), Kind::AlphaDropout},
        {QStringLiteral("ActivityRegularization"), Kind::Identity},
        {QStringLiteral("Conv2DTranspose"), Kind::ConvTranspose},
        {QStringLiteral("UpSampling1D"), Kind::UpSample}, {QStringLiteral("UpSampling2D"), Kind::UpSample},
        {QStringLiteral("Resizing"), Kind::Resize}, {QStringLiteral("CenterCrop"), Kind::CenterCrop},
        {QStringLiteral("Rescaling"), Kind::Rescale}, {QStringLiteral("RandomFlip"), Kind::Flip},
        {QStringLiteral("RandomRotation"), Kind::Identity}, {QStringLiteral("RandomZoom"), Kind::Identity},
        {QStringLiteral("RandomTranslation"), Kind::Identity},
        {QStringLiteral("RandomContrast"), Kind::Identity},
        {QStringLiteral("Normalization"), Kind::Normalize},
    };
    // Lambda: the function it was built from (LayerSpec::function)
    static const QHash<QString, Kind> functions = {
        {QStringLiteral("resize"), Kind::Resize}, {QStringLiteral("affine"), Kind::Rescale},
        {QStringLiteral("channels"), Kind::ChannelNormalize}};
    const bool lambda = spec.type == QLatin1String("Lambda");
    const auto &table = lambda ? functions : kinds;
    auto it = table.constFind(lambda ? spec.function : spec.type);
    if (it == table.constEnd())
        throw fail(QStringLiteral("layer type %1 is not supported by the torch runner")
                       .arg(spec.type));
    kind_ = it.value();
    channelsFirst_ = spec.framework == QLatin1String("pytorch")
                     || spec.dataFormat == QLatin1String("channels_first");

    const bool usesActivation = kind_ == Kind::Dense || kind_ == Kind::Conv
                                || kind_ == Kind::ConvTranspose || kind_ == Kind::Activation;
    if (spec.type.startsWith(QLatin1String("Random")) && kind_ == Kind::Identity)
        notes << QStringLiteral("%1 (%2): augmentation left out of the smoke run").arg(spec.name, spec.type);
    if (kind_ == Kind::Normalize)
        notes << QStringLiteral("%1 (Normalization): trained with mean 0 and variance 1 (what adapt() "
                                "computes is not in the code)").arg(spec.name);
    if (usesActivation && !parseActivation(spec.activation, &act_))
        throw fail(QStringLiteral("activation '%1' is not supported").arg(spec.activation));

    if (spec.type.endsWith(QLatin1String("1D")))
        spatial_ = 1;
    else if (spec.type.endsWith(QLatin1String("2D")) || kind_ == Kind::ConvTranspose)
        spatial_ = 2;

    if (kind_ == Kind::Conv || kind_ == Kind::ConvTranspose) {
        if (spec.filters <= 0)
            throw fail(QStringLiteral("filters must be positive"));
        if (spec.kernelSize.isEmpty())
            throw fail(QStringLiteral("kernel_size is missing"));
        kernel_ = expand(spec.kernelSize, spatial_, 1);
        stride_ = expand(spec.strides, spatial_, 1);
        dilation_ = expand(spec.dilationRate, spatial_, 1);
        pad_ = expand(spec.explicitPadding, spatial_, 0);
    } else if (kind_ == Kind::MaxPool || kind_ == Kind::AvgPool) {
        kernel_ = expand(spec.poolSize, spatial_, 2);
        stride_ = spec.strides.isEmpty() ? kernel_ : expand(spec.strides, spatial_, 1);
        dilation_ = std::vector<int64_t>(size_t(spatial_), 1);
        pad_ = expand(spec.explicitPadding, spatial_, 0);
    } else if (kind_ == Kind::Dense && spec.units <= 0) {
        throw fail(QStringLiteral("units must be positive"));
    } else if (kind_ == Kind::Embedding && (spec.inputDim <= 0 || spec.outputDim <= 0)) {
        throw fail(QStringLiteral("input_dim and output_dim must be positive"));
    } else if (kind_ == Kind::Recurrent) {
        if (spec.type == QLatin1String("Bidirectional")) {
            if (!spec.wrapped)
                throw fail(QStringLiteral("Bidirectional without a wrapped layer"));
            cell_ = *spec.wrapped;
            bidirectional_ = true;
        } else {
            cell_ = spec;
        }
        if (cell_.type == QLatin1String("LSTM"))
            rnn_ = Rnn::Lstm;
        else if (cell_.type == QLatin1String("GRU"))
            rnn_ = Rnn::Gru;
        else if (cell_.type == QLatin1String("SimpleRNN"))
            rnn_ = Rnn::Simple;
        else
            throw fail(QStringLiteral("Bidirectional wraps %1, not a recurrent layer")
                           .arg(cell_.type));
        if (cell_.units <= 0)
            throw fail(QStringLiteral("units must be positive"));
        const QString a = cell_.activation.trimmed().toLower();
        if (rnn_ == Rnn::Simple && a == QLatin1String("relu"))
            rnnRelu_ = true;
        else if (!a.isEmpty() && a != QLatin1String("tanh"))
            notes << QStringLiteral("%1: activation '%2' trained as tanh (LibTorch's fused "
                                    "recurrent kernels)").arg(spec.name, a);
        if (rnn_ != Rnn::Simple && cell_.recurrentActivation != QLatin1String("sigmoid")
            && !cell_.recurrentActivation.isEmpty())
            notes << QStringLiteral("%1: recurrent_activation '%2' trained as sigmoid")
                         .arg(spec.name, cell_.recurrentActivation);
        if (rnn_ == Rnn::Gru && !cell_.resetAfter)
            notes << QStringLiteral("%1: GRU reset_after=False trained as torch GRU "
                                    "(reset_after=True, two biases)").arg(spec.name);
        if (bidirectional_) {
            static const QStringList modes = {QStringLiteral("concat"), QStringLiteral("sum"),
                                              QStringLiteral("mul"), QStringLiteral("ave")};
            if (!modes.contains(spec.mergeMode))
                throw fail(QStringLiteral("merge_mode '%1' is not supported").arg(spec.mergeMode));
        }
    } else if (kind_ == Kind::Dot && spec.dotAxes.size() > 2) {
        throw fail(QStringLiteral("axes must be one or two integers"));
    }
}

Act LayerImpl::finalActivation() const
{
    switch (kind_) {
    case Kind::Dense:
    case Kind::Conv:
    case Kind::ConvTranspose:
    case Kind::Activation:
        return act_;
    case Kind::Softmax:
        return Act::Softmax;
    default:
        return Act::Linear;
    }
}

void LayerImpl::build(const std::vector<at::Tensor> &in)
{
    torch::NoGradGuard noGrad;
    const bool trainable = spec_.trainable;
    const at::Tensor &x = in.at(0);
    auto opts = torch::TensorOptions().dtype(torch::kFloat);
    switch (kind_) {
    case Kind::Dense: {
        const int64_t inF = x.size(-1);
        if (spec_.inputDim > 0 && spec_.inputDim != inF)
            throw fail(QStringLiteral("expects %1 input features, gets %2")
                           .arg(spec_.inputDim).arg(inF));
        weight_ = torch::empty({spec_.units, inF}, opts);
        glorotUniform(weight_, inF, spec_.units);
        weight_ = register_parameter("weight", weight_, trainable);
        if (spec_.useBias)
            bias_ = register_parameter("bias", torch::zeros({spec_.units}, opts), trainable);
        break;
    }
    case Kind::Conv: {
        if (x.dim() != spatial_ + 2)
            throw fail(QStringLiteral("expects a rank-%1 input (batch included), gets rank %2")
                           .arg(spatial_ + 2).arg(x.dim()));
        const int64_t inC = channelsFirst_ ? x.size(1) : x.size(-1);
        if (spec_.inputDim > 0 && spec_.inputDim != inC)
            throw fail(QStringLiteral("expects %1 input channels, gets %2")
                           .arg(spec_.inputDim).arg(inC));
        const int64_t groups = std::max<qint64>(1, spec_.groups);
        if (inC % groups != 0 || spec_.filters % groups != 0)
            throw fail(QStringLiteral("groups %1 do not divide the channels").arg(groups));
        std::vector<int64_t> shape = {spec_.filters, inC / groups};
        shape.insert(shape.end(), kernel_.begin(), kernel_.end());
        weight_ = torch::empty(shape, opts);
        const int64_t rf = product(kernel_);
        glorotUniform(weight_, rf * (inC / groups), rf * spec_.filters);
        weight_ = register_parameter("weight", weight_, trainable);
        if (spec_.useBias)
            bias_ = register_parameter("bias", torch::zeros({spec_.filters}, opts), trainable);
        break;
    }
    case Kind::ConvTranspose: {
        if (x.dim() != 4)
            throw fail(QStringLiteral("expects a rank-4 input (batch included), gets rank %1").arg(x.dim()));
        const int64_t inC = channelsFirst_ ? x.size(1) : x.size(-1);
        // torch's layout (in, out, kH, kW); Keras's kernel is (kH, kW, out, in)
        std::vector<int64_t> shape = {inC, spec_.filters};
        shape.insert(shape.end(), kernel_.begin(), kernel_.end());
        weight_ = torch::empty(shape, opts);
        const int64_t rf = product(kernel_);
        glorotUniform(weight_, rf * spec_.filters, rf * inC);
        weight_ = register_parameter("weight", weight_, trainable);
        if (spec_.useBias)
            bias_ = register_parameter("bias", torch::zeros({spec_.filters}, opts), trainable);
        break;
    }
    case Kind::Normalize: {
        const int64_t c = channelsFirst_ && x.dim() > 2 ? x.size(1) : x.size(-1);
        runningMean_ = register_buffer("mean", torch::zeros({c}, opts));
        runningVar_ = register_buffer("variance", torch::ones({c}, opts));
        register_buffer("count", torch::zeros({}, torch::TensorOptions().dtype(torch::kLong)));
        break;
    }
    case Kind::BatchNorm: {
        int axis = channelsFirst_ ? 1 : spec_.axis;
        if (axis < 0)
            axis += int(x.dim());
        if (axis <= 0 || axis >= x.dim())
            throw fail(QStringLiteral("axis %1 is out of range for a rank-%2 input")
                           .arg(spec_.axis).arg(x.dim()));
        const int64_t c = x.size(axis);
        if (spec_.scale)
            weight_ = register_parameter("weight", torch::ones({c}, opts), trainable);
        if (spec_.center)
            bias_ = register_parameter("bias", torch::zeros({c}, opts), trainable);
        runningMean_ = register_buffer("running_mean", torch::zeros({c}, opts));
        runningVar_ = register_buffer("running_var", torch::ones({c}, opts));
        break;
    }
    case Kind::Embedding: {
        weight_ = torch::empty({spec_.inputDim, spec_.outputDim}, opts);
        weight_.uniform_(-0.05, 0.05); // keras Embedding embeddings_initializer="uniform"
        weight_ = register_parameter("weight", weight_, trainable);
        break;
    }
    case Kind::Recurrent: {
        if (x.dim() != 3)
            throw fail(QStringLiteral("expects (batch, time, features), gets rank %1")
                           .arg(x.dim()));
        const int64_t inF = x.size(2);
        const int64_t h = cell_.units;
        const int64_t gates = rnn_ == Rnn::Lstm ? 4 : rnn_ == Rnn::Gru ? 3 : 1;
        const int dirs = bidirectional_ ? 2 : 1;
        for (int d = 0; d < dirs; ++d) {
            const std::string sfx = d == 0 ? "" : "_reverse";
            at::Tensor wih = torch::empty({gates * h, inF}, opts);
            glorotUniform(wih, inF, gates * h); // Keras kernel (in, gates*h)
            at::Tensor whh = torch::empty({gates * h, h}, opts);
            torch::nn::init::orthogonal_(whh);  // Keras recurrent_initializer="orthogonal"
            rnnParams_.push_back(register_parameter("weight_ih" + sfx, wih, trainable));
            rnnParams_.push_back(register_parameter("weight_hh" + sfx, whh, trainable));
            if (cell_.useBias) {
                at::Tensor bih = torch::zeros({gates * h}, opts);
                if (rnn_ == Rnn::Lstm) // unit_forget_bias=True; torch gate order i, f, g, o
                    bih.narrow(0, h, h).fill_(1.0);
                rnnParams_.push_back(register_parameter("bias_ih" + sfx, bih, trainable));
                rnnParams_.push_back(register_parameter("bias_hh" + sfx,
                                                        torch::zeros({gates * h}, opts),
                                                        trainable));
            }
        }
        break;
    }
    default:
        break;
    }
    built_ = true;
}

// ---------------------------------------------------------------------------------------
// GraphNetImpl

GraphNetImpl::GraphNetImpl(const ModelIR &model)
{
    const int n = model.layers.size();
    if (n == 0)
        throw fail(QStringLiteral("the model has no layers"));
    QSet<QString> used;
    for (int i = 0; i < n; ++i) {
        const LayerSpec &spec = model.layers[i];
        QString name = spec.name;
        name.replace(QLatin1Char('.'), QLatin1Char('_'));
        if (name.isEmpty())
            name = spec.type.toLower();
        if (name.isEmpty())
            name = QStringLiteral("layer");
        if (used.contains(name))
            name += QStringLiteral("_%1").arg(i);
        used.insert(name);
        try {
            if (spec.sharedWith >= 0 && spec.sharedWith < i) // one module, called again
                layers_.push_back(layers_[size_t(spec.sharedWith)]);
            else
                layers_.push_back(register_module(name.toStdString(), Layer(spec)));
        } catch (const std::exception &e) {
            throw fail(QStringLiteral("%1 (%2): %3").arg(spec.name, spec.type, errorMessage(e)));
        }
        std::vector<int> inb;
        for (int j : spec.inbound) {
            if (j < 0 || j >= n || j == i)
                throw fail(QStringLiteral("%1 (%2): inbound layer index %3 is out of range")
                               .arg(spec.name, spec.type).arg(j));
            inb.push_back(j);
        }
        inbound_.push_back(inb);
    }
    for (int i : model.inputs)
        if (i >= 0 && i < n)
            inputs_.push_back(i);
    if (inputs_.empty())
        inputs_.push_back(0);
    output_ = model.outputLayer();
    if (output_ < 0 || output_ >= n)
        output_ = n - 1;
    if (inputs_.size() > 1) {
        if (model.inputShapes.size() != int(inputs_.size()))
            throw fail(QStringLiteral("the model has %1 inputs but %2 input shapes")
                           .arg(inputs_.size()).arg(model.inputShapes.size()));
        for (const TensorShape &s : model.inputShapes) {
            std::vector<int64_t> shape;
            for (qint64 d : s) {
                if (d < 0)
                    throw fail(QStringLiteral("an input shape is not fully known, so one "
                                              "data array cannot be split over %1 inputs")
                                   .arg(inputs_.size()));
                shape.push_back(d);
            }
            inputShapes_.push_back(shape);
        }
    }

    // Evaluation order: depth-first post-order from the output (only what it needs).
    std::vector<int> state(size_t(n), 0); // 0 new, 1 on stack, 2 done
    std::function<void(int)> visit = [&](int i) {
        if (state[size_t(i)] == 2)
            return;
        if (state[size_t(i)] == 1)
            throw fail(QStringLiteral("the layer graph has a cycle at %1")
                           .arg(model.layers[i].name));
        state[size_t(i)] = 1;
        for (int j : inbound_[size_t(i)])
            visit(j);
        state[size_t(i)] = 2;
        order_.push_back(i);
    };
    visit(output_);
    for (int i : order_) {
        if (inbound_[size_t(i)].empty()
            && std::find(inputs_.begin(), inputs_.end(), i) == inputs_.end())
            throw fail(QStringLiteral("%1 (%2): has no inbound layer and is not a model input")
                           .arg(model.layers[i].name, model.layers[i].type));
    }
    values_.resize(size_t(n));
}

at::Tensor GraphNetImpl::build(const at::Tensor &sample)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = is_training();
    eval();
    at::Tensor out;
    try {
        out = forward(sample);
    } catch (...) {
        train(wasTraining);
        throw;
    }
    train(wasTraining);
    return out;
}

at::Tensor GraphNetImpl::forward(const at::Tensor &x)
{
    std::vector<at::Tensor> external(inputs_.size());
    if (inputs_.size() == 1) {
        external[0] = x;
    } else {
        std::vector<int64_t> sizes;
        for (const auto &s : inputShapes_)
            sizes.push_back(product(s));
        at::Tensor flat = x.reshape({x.size(0), -1});
        if (flat.size(1) != std::accumulate(sizes.begin(), sizes.end(), int64_t(0)))
            throw fail(QStringLiteral("the data has %1 features per row; the %2 model inputs "
                                      "need %3")
                           .arg(flat.size(1)).arg(inputs_.size())
                           .arg(std::accumulate(sizes.begin(), sizes.end(), int64_t(0))));
        auto parts = flat.split_with_sizes(sizes, 1);
        for (size_t k = 0; k < parts.size(); ++k) {
            std::vector<int64_t> shape = {x.size(0)};
            shape.insert(shape.end(), inputShapes_[k].begin(), inputShapes_[k].end());
            external[k] = parts[k].reshape(shape);
        }
    }
    std::vector<at::Tensor> args;
    for (int i : order_) {
        args.clear();
        const auto &inb = inbound_[size_t(i)];
        if (inb.empty()) {
            const auto pos = std::find(inputs_.begin(), inputs_.end(), i) - inputs_.begin();
            args.push_back(external[size_t(pos)]);
        } else {
            for (int j : inb)
                args.push_back(values_[size_t(j)]);
        }
        Layer &layer = layers_[size_t(i)];
        try {
            values_[size_t(i)] = layer->forward(args);
        } catch (const std::exception &e) {
            for (auto &t : values_)
                t.reset();
            const LayerSpec &s = layer->spec();
            throw fail(QStringLiteral("%1 (%2): %3").arg(s.name, s.type, errorMessage(e)));
        }
    }
    at::Tensor out = values_[size_t(output_)];
    for (auto &t : values_)
        t.reset();
    return out;
}

Act GraphNetImpl::finalActivation() const
{
    return layers_[size_t(output_)]->finalActivation();
}

void GraphNetImpl::setStripFinalActivation(bool strip)
{
    layers_[size_t(output_)]->stripActivation = strip;
}

QStringList GraphNetImpl::notes() const
{
    QStringList out;
    for (const Layer &l : layers_)
        out += l->notes;
    return out;
}

} // namespace kmw::torchsmoke
