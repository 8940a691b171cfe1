#include <torch/torch.h>

#include "TorchModel.h"
#include "TorchTrainer.h"

#include <QSet>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace kmw::torchsmoke {

namespace {

std::runtime_error fail(const QString &message)
{
    return std::runtime_error(message.toStdString());
}

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

int64_t product(const std::vector<int64_t> &v)
{
    int64_t p = 1;
    for (int64_t x : v)
        p *= x;
    return p;
}


} // namespace

bool parseActivation(const QString &name, Act *out)
{
    static const QHash<QString, Act> map = {
        {QString(), Act::Linear}, {QStringLiteral("linear"), Act::Linear},
        {QStringLiteral("relu"), Act::Relu}, {QStringLiteral("tanh"), Act::Tanh},
        {QStringLiteral("sigmoid"), Act::Sigmoid}, {QStringLiteral("softmax"), Act::Softmax},
        {QStringLiteral("elu"), Act::Elu}, {QStringLiteral("selu"), Act::Selu},
        {QStringLiteral("softplus"), Act::Softplus}, {QStringLiteral("softsign"), Act::Softsign},
        {QStringLiteral("leaky_relu"), Act::LeakyRelu}, {QStringLiteral("gelu"), Act::Gelu},
        {QStringLiteral("swish"), Act::Swish}, {QStringLiteral("silu"), Act::Swish},
        {QStringLiteral("hard_sigmoid"), Act::HardSigmoid},
        {QStringLiteral("exponential"), Act::Exponential},
    };
    auto it = map.constFind(name.trimmed().toLower());
    if (it == map.constEnd())
        return false;
    *out = it.value();
    return true;
}

at::Tensor applyActivation(Act act, const at::Tensor &x)
{
    switch (act) {
    case Act::Linear: return x;
    case Act::Relu: return torch::relu(x);
    case Act::Tanh: return torch::tanh(x);
    case Act::Sigmoid: return torch::sigmoid(x);
    case Act::Softmax: return torch::softmax(x, -1);
    case Act::Elu: return torch::elu(x);
    case Act::Selu: return torch::selu(x);
    case Act::Softplus: return torch::softplus(x);
    case Act::Softsign: return x / (x.abs() + 1);
    case Act::LeakyRelu: return torch::leaky_relu(x, 0.2);
    case Act::Gelu: return torch::gelu(x);
    case Act::Swish: return torch::silu(x);
    case Act::HardSigmoid: return torch::hardsigmoid(x);
    case Act::Exponential: return torch::exp(x);
    }
    return x;
}

// ---------------------------------------------------------------------------------------
// LayerImpl

LayerImpl::LayerImpl(const LayerSpec &spec) : spec_(spec)
{
    static const QHash<QString, Kind> kinds = {
        {QStringLiteral("InputLayer"), Kind::Input}, {QStringLiteral("Dense"), Kind::Dense},
        {QStringLiteral("Activation"), Kind::Activation},
        {QStringLiteral("Dropout"), Kind::Dropout}, {QStringLiteral("Flatten"), Kind::Flatten},
        {QStringLiteral("Reshape"), Kind::Reshape}, {QStringLiteral("Conv1D"), Kind::Conv},
        {QStringLiteral("Conv2D"), Kind::Conv}, {QStringLiteral("MaxPooling1D"), Kind::MaxPool},
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
    };
    auto it = kinds.constFind(spec.type);
    if (it == kinds.constEnd())
        throw fail(QStringLiteral("layer type %1 is not supported by the torch runner")
                       .arg(spec.type));
    kind_ = it.value();
    channelsFirst_ = spec.framework == QLatin1String("pytorch")
                     || spec.dataFormat == QLatin1String("channels_first");

    const bool usesActivation = kind_ == Kind::Dense || kind_ == Kind::Conv
                                || kind_ == Kind::Activation;
    if (usesActivation && !parseActivation(spec.activation, &act_))
        throw fail(QStringLiteral("activation '%1' is not supported").arg(spec.activation));

    if (spec.type.endsWith(QLatin1String("1D")))
        spatial_ = 1;
    else if (spec.type.endsWith(QLatin1String("2D")))
        spatial_ = 2;

    if (kind_ == Kind::Conv) {
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
    case Kind::Activation:
        return act_;
    case Kind::Softmax:
        return Act::Softmax;
    default:
        return Act::Linear;
    }
}

std::pair<int64_t, int64_t> LayerImpl::samePadding(int64_t length, int64_t kernel,
                                                   int64_t stride, int64_t dilation)
{
    // tensorflow/python/ops/nn_ops.py (SAME): out = ceil(L / s),
    // total = max((out - 1) * s + (k - 1) * d + 1 - L, 0), left = total / 2.
    const int64_t out = (length + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((out - 1) * stride + (kernel - 1) * dilation + 1
                                                - length, 0);
    return {total / 2, total - total / 2};
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

at::Tensor LayerImpl::activate(const at::Tensor &x) const
{
    return stripActivation ? x : applyActivation(act_, x);
}

at::Tensor LayerImpl::conv(const at::Tensor &input) const
{
    at::Tensor x = input;
    if (!channelsFirst_)
        x = spatial_ == 1 ? x.permute({0, 2, 1}) : x.permute({0, 3, 1, 2});
    std::vector<int64_t> padding(size_t(spatial_), 0);
    const QString mode = spec_.padding.toLower();
    if (mode == QLatin1String("same") || mode == QLatin1String("causal")) {
        std::vector<int64_t> pads; // constant_pad_nd order: last dimension first
        bool symmetric = true;
        for (int d = spatial_ - 1; d >= 0; --d) {
            const size_t i = size_t(d);
            std::pair<int64_t, int64_t> p;
            if (mode == QLatin1String("causal"))
                p = {(kernel_[i] - 1) * dilation_[i], 0};
            else
                p = samePadding(x.size(2 + d), kernel_[i], stride_[i], dilation_[i]);
            pads.push_back(p.first);
            pads.push_back(p.second);
            padding[i] = p.first;
            symmetric = symmetric && p.first == p.second;
        }
        if (!symmetric) {
            x = torch::constant_pad_nd(x, pads, 0);
            std::fill(padding.begin(), padding.end(), 0);
        }
    } else if (spec_.framework == QLatin1String("pytorch")) {
        padding = pad_;
    }
    const int64_t groups = std::max<qint64>(1, spec_.groups);
    at::Tensor y = spatial_ == 1
                       ? torch::conv1d(x, weight_, bias_, stride_, padding, dilation_, groups)
                       : torch::conv2d(x, weight_, bias_, stride_, padding, dilation_, groups);
    if (!channelsFirst_)
        y = spatial_ == 1 ? y.permute({0, 2, 1}) : y.permute({0, 2, 3, 1});
    return activate(y);
}

at::Tensor LayerImpl::pool(const at::Tensor &input) const
{
    at::Tensor x = input;
    if (x.dim() != spatial_ + 2)
        throw fail(QStringLiteral("expects a rank-%1 input (batch included), gets rank %2")
                       .arg(spatial_ + 2).arg(x.dim()));
    if (!channelsFirst_)
        x = spatial_ == 1 ? x.permute({0, 2, 1}) : x.permute({0, 3, 1, 2});
    const bool isMax = kind_ == Kind::MaxPool;
    at::Tensor y;
    if (spec_.padding.toLower() == QLatin1String("same")) {
        // TF 'same' pooling: pad (max: with -inf); the average counts only real inputs,
        // computed exactly as sum / count with a padded ones-mask.
        std::vector<int64_t> pads;
        bool any = false;
        for (int d = spatial_ - 1; d >= 0; --d) {
            auto p = samePadding(x.size(2 + d), kernel_[size_t(d)], stride_[size_t(d)], 1);
            pads.push_back(p.first);
            pads.push_back(p.second);
            any = any || p.first || p.second;
        }
        const std::vector<int64_t> zero(size_t(spatial_), 0);
        if (isMax) {
            if (any)
                x = torch::constant_pad_nd(x, pads, -std::numeric_limits<double>::infinity());
            y = spatial_ == 1 ? torch::max_pool1d(x, kernel_, stride_, zero)
                              : torch::max_pool2d(x, kernel_, stride_, zero);
        } else if (!any) {
            y = spatial_ == 1 ? torch::avg_pool1d(x, kernel_, stride_, zero)
                              : torch::avg_pool2d(x, kernel_, stride_, zero);
        } else {
            std::vector<int64_t> maskShape = {1, 1};
            for (int d = 0; d < spatial_; ++d)
                maskShape.push_back(x.size(2 + d));
            at::Tensor mask = torch::constant_pad_nd(torch::ones(maskShape, x.options()), pads, 0);
            x = torch::constant_pad_nd(x, pads, 0);
            if (spatial_ == 1)
                y = torch::avg_pool1d(x, kernel_, stride_, zero)
                    / torch::avg_pool1d(mask, kernel_, stride_, zero);
            else
                y = torch::avg_pool2d(x, kernel_, stride_, zero)
                    / torch::avg_pool2d(mask, kernel_, stride_, zero);
        }
    } else {
        // Keras 'valid' (no padding) or PyTorch's symmetric explicit padding.
        const std::vector<int64_t> padding =
            spec_.framework == QLatin1String("pytorch") ? pad_
                                                        : std::vector<int64_t>(size_t(spatial_), 0);
        if (isMax)
            y = spatial_ == 1 ? torch::max_pool1d(x, kernel_, stride_, padding)
                              : torch::max_pool2d(x, kernel_, stride_, padding);
        else
            y = spatial_ == 1 ? torch::avg_pool1d(x, kernel_, stride_, padding)
                              : torch::avg_pool2d(x, kernel_, stride_, padding);
    }
    if (!channelsFirst_)
        y = spatial_ == 1 ? y.permute({0, 2, 1}) : y.permute({0, 2, 3, 1});
    return y;
}

at::Tensor LayerImpl::batchNorm(const at::Tensor &x)
{
    // Keras momentum m keeps m of the old moving statistics; torch's momentum is the
    // weight of the new batch: 1 - m.
    const double momentum = 1.0 - spec_.momentum;
    int axis = channelsFirst_ ? 1 : spec_.axis;
    if (axis < 0)
        axis += int(x.dim());
    if (x.dim() == 2 && axis == 1)
        return torch::batch_norm(x, weight_, bias_, runningMean_, runningVar_, is_training(),
                                 momentum, spec_.epsilon, false);
    // Move the channel axis last and fold the rest into the batch: the statistics are
    // over every axis but the channel one, as Keras computes them.
    const bool last = axis == x.dim() - 1;
    at::Tensor t = last ? x : x.movedim(axis, -1);
    const int64_t c = t.size(-1);
    at::Tensor y = torch::batch_norm(t.reshape({-1, c}), weight_, bias_, runningMean_,
                                     runningVar_, is_training(), momentum, spec_.epsilon,
                                     false)
                       .reshape(t.sizes());
    return last ? y : y.movedim(-1, axis);
}

at::Tensor LayerImpl::recurrent(const at::Tensor &input)
{
    at::Tensor x = input.is_floating_point() ? input : input.to(torch::kFloat);
    const int64_t h = cell_.units;
    const int dirs = bidirectional_ ? 2 : 1;
    at::Tensor h0 = torch::zeros({dirs, x.size(0), h}, x.options());
    at::Tensor out, hn;
    const bool train = is_training();
    if (rnn_ == Rnn::Lstm) {
        auto r = torch::lstm(x, {h0, torch::zeros_like(h0)}, rnnParams_, cell_.useBias, 1, 0.0,
                             train, bidirectional_, true);
        out = std::get<0>(r);
        hn = std::get<1>(r);
    } else if (rnn_ == Rnn::Gru) {
        auto r = torch::gru(x, h0, rnnParams_, cell_.useBias, 1, 0.0, train, bidirectional_, true);
        out = std::get<0>(r);
        hn = std::get<1>(r);
    } else {
        auto r = rnnRelu_ ? torch::rnn_relu(x, h0, rnnParams_, cell_.useBias, 1, 0.0, train,
                                            bidirectional_, true)
                          : torch::rnn_tanh(x, h0, rnnParams_, cell_.useBias, 1, 0.0, train,
                                            bidirectional_, true);
        out = std::get<0>(r);
        hn = std::get<1>(r);
    }
    // return_sequences=False: the final state of each direction (the backward direction's
    // final state is the one after reading the whole reversed sequence, as Keras's).
    at::Tensor y = cell_.returnSequences ? out
                                         : (dirs == 1 ? hn[0] : torch::cat({hn[0], hn[1]}, -1));
    if (!bidirectional_ || spec_.mergeMode == QLatin1String("concat"))
        return y;
    at::Tensor f = y.narrow(-1, 0, h), b = y.narrow(-1, h, h);
    if (spec_.mergeMode == QLatin1String("sum"))
        return f + b;
    if (spec_.mergeMode == QLatin1String("mul"))
        return f * b;
    return (f + b) * 0.5; // ave
}

at::Tensor LayerImpl::dot(const at::Tensor &a0, const at::Tensor &b0) const
{
    // keras/layers/merging/dot.py: batch_dot over the given axes (batch axis included).
    int ax = spec_.dotAxes.isEmpty() ? -1 : spec_.dotAxes.first();
    int bx = spec_.dotAxes.size() > 1 ? spec_.dotAxes[1] : ax;
    if (ax < 0)
        ax += int(a0.dim());
    if (bx < 0)
        bx += int(b0.dim());
    at::Tensor a = a0, b = b0;
    if (spec_.normalize) {
        a = a / a.norm(2, {ax}, true).clamp_min(1e-12);
        b = b / b.norm(2, {bx}, true).clamp_min(1e-12);
    }
    if (a.dim() == 2 && b.dim() == 2)
        return (a * b).sum(1, true);
    if (a.dim() == 3 && b.dim() == 3) {
        if (ax == 1)
            a = a.transpose(1, 2);
        if (bx == 2)
            b = b.transpose(1, 2);
        return torch::bmm(a, b);
    }
    throw fail(QStringLiteral("Dot supports rank-2 and rank-3 inputs, gets ranks %1 and %2")
                   .arg(a0.dim()).arg(b0.dim()));
}

at::Tensor LayerImpl::forward(const std::vector<at::Tensor> &in)
{
    if (in.empty())
        throw fail(QStringLiteral("has no input"));
    if (!built_)
        build(in);
    const at::Tensor &x0 = in[0];
    const at::Tensor x = (kind_ == Kind::Embedding || x0.is_floating_point()) ? x0
                                                                               : x0.to(torch::kFloat);
    switch (kind_) {
    case Kind::Input:
        return x0;
    case Kind::Dense:
        return activate(torch::linear(x, weight_, bias_));
    case Kind::Activation:
        return activate(x);
    case Kind::Dropout:
        return spec_.rate > 0 ? torch::dropout(x, spec_.rate, is_training()) : x;
    case Kind::SpatialDropout: {
        // keras/layers/regularization/spatial_dropout.py: whole feature maps are dropped,
        // one mask per sample and channel (channels-last: noise shape (N, 1, ..., C)).
        if (!is_training() || spec_.rate <= 0)
            return x;
        std::vector<int64_t> noise(size_t(x.dim()), 1);
        noise.front() = x.size(0);
        const bool first = spec_.dataFormat == QLatin1String("channels_first");
        noise[first ? 1 : size_t(x.dim() - 1)] = x.size(first ? 1 : x.dim() - 1);
        const at::Tensor keep = torch::bernoulli(torch::full(noise, 1.0 - spec_.rate, x.options()));
        return x * keep / (1.0 - spec_.rate);
    }
    case Kind::GaussianNoise: // stddev in `rate`; training only (keras GaussianNoise)
        return is_training() && spec_.rate > 0 ? x + torch::randn_like(x) * spec_.rate : x;
    case Kind::GaussianDropout: // multiplicative N(1, rate/(1-rate)) noise, training only
        return is_training() && spec_.rate > 0 && spec_.rate < 1
                   ? x * (1.0 + torch::randn_like(x) * std::sqrt(spec_.rate / (1.0 - spec_.rate)))
                   : x;
    case Kind::AlphaDropout:
        return spec_.rate > 0 ? torch::alpha_dropout(x, spec_.rate, is_training()) : x;
    case Kind::Identity:
        return x;
    case Kind::Flatten:
        return x.dim() == 1 ? x.unsqueeze(1) : x.flatten(1);
    case Kind::Reshape: {
        std::vector<int64_t> shape = {x.size(0)};
        for (qint64 d : spec_.targetShape)
            shape.push_back(d);
        return x.reshape(shape);
    }
    case Kind::Conv:
        return conv(x);
    case Kind::MaxPool:
    case Kind::AvgPool:
        return pool(x);
    case Kind::GlobalAvgPool:
    case Kind::GlobalMaxPool: {
        if (x.dim() != spatial_ + 2)
            throw fail(QStringLiteral("expects a rank-%1 input (batch included), gets rank %2")
                           .arg(spatial_ + 2).arg(x.dim()));
        std::vector<int64_t> dims;
        for (int d = 0; d < spatial_; ++d)
            dims.push_back(channelsFirst_ ? 2 + d : 1 + d);
        return kind_ == Kind::GlobalAvgPool ? x.mean(dims) : x.amax(dims);
    }
    case Kind::ZeroPad: {
        const QVector<qint64> &p = spec_.explicitPadding;
        int64_t t = 1, b = 1, l = 1, r = 1; // keras ZeroPadding2D(padding=(1, 1))
        if (p.size() == 1) {
            t = b = l = r = p[0];
        } else if (p.size() == 2) {
            t = b = p[0];
            l = r = p[1];
        } else if (p.size() >= 4) {
            t = p[0]; b = p[1]; l = p[2]; r = p[3];
        }
        if (x.dim() != 4)
            throw fail(QStringLiteral("expects a rank-4 input, gets rank %1").arg(x.dim()));
        return channelsFirst_ ? torch::constant_pad_nd(x, {l, r, t, b}, 0)
                              : torch::constant_pad_nd(x, {0, 0, l, r, t, b}, 0);
    }
    case Kind::BatchNorm:
        return batchNorm(x);
    case Kind::Embedding:
        return torch::embedding(weight_, x0.is_floating_point() ? x0.to(torch::kLong) : x0);
    case Kind::Recurrent:
        return recurrent(x);
    case Kind::Concatenate: {
        std::vector<at::Tensor> parts;
        parts.reserve(in.size());
        for (const at::Tensor &t : in)
            parts.push_back(t.is_floating_point() ? t : t.to(torch::kFloat));
        return torch::cat(parts, spec_.axis);
    }
    case Kind::Add: {
        at::Tensor y = x;
        for (size_t i = 1; i < in.size(); ++i)
            y = y + in[i];
        return y;
    }
    case Kind::Multiply: {
        at::Tensor y = x;
        for (size_t i = 1; i < in.size(); ++i)
            y = y * in[i];
        return y;
    }
    case Kind::Dot:
        if (in.size() != 2)
            throw fail(QStringLiteral("Dot needs two inputs, gets %1").arg(in.size()));
        return dot(x, in[1]);
    case Kind::LeakyReLU:
        return torch::leaky_relu(x, spec_.negativeSlope);
    case Kind::ReLU:
        return torch::relu(x);
    case Kind::Softmax:
        return stripActivation ? x : torch::softmax(x, spec_.axis);
    }
    return x;
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
