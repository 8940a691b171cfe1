#include <torch/torch.h>

// LayerImpl's computations: Keras activations, the per-kind tensor operations
// (conv, pool, batch norm, recurrent, dot) and forward's dispatch over the kinds.
// Construction, build and the graph model are in TorchModel.cpp.

#include "TorchModel.h"
#include "TorchHelpers.h"

#include <QHash>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace kmw::torchsmoke {

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

at::Tensor LayerImpl::convTranspose(const at::Tensor &input) const
{
    if (input.dim() != 4)
        throw fail(QStringLiteral("expects a rank-4 input (batch included), gets rank %1").arg(input.dim()));
    at::Tensor x = channelsFirst_ ? input : input.permute({0, 3, 1, 2});
    std::vector<int64_t> outputPadding(2, 0), start(2, 0), length(2, 0);
    const bool same = spec_.padding.toLower() == QLatin1String("same");
    for (size_t d = 0; d < 2; ++d) {
        const int64_t k = kernel_[d] + (kernel_[d] - 1) * (dilation_[d] - 1);
        const int64_t s = stride_[d], L = x.size(2 + int64_t(d));
        outputPadding[d] = std::max<int64_t>(s - k, 0); // torch needs it below the stride
        if (spec_.outputPadding.isEmpty()) {
            start[d] = same ? std::max<int64_t>(k - s, 0) / 2 : 0;
            length[d] = same ? L * s : L * s + std::max<int64_t>(k - s, 0);
        } else {
            const int64_t op = spec_.outputPadding.size() > int(d) ? spec_.outputPadding[int(d)] : spec_.outputPadding.last();
            start[d] = same ? k / 2 : 0;
            length[d] = (L - 1) * s + k - 2 * start[d] + op;
        }
    }
    at::Tensor y = torch::conv_transpose2d(x, weight_, bias_.defined() ? bias_ : at::Tensor(), stride_, {0, 0},
                                           outputPadding, 1, dilation_);
    for (size_t d = 0; d < 2; ++d) {
        const int64_t dim = 2 + int64_t(d);
        if (start[d] + length[d] > y.size(dim))
            throw fail(QStringLiteral("output_padding larger than the kernel allows is not supported"));
        y = y.narrow(dim, start[d], length[d]);
    }
    y = activate(y);
    return channelsFirst_ ? y : y.permute({0, 2, 3, 1});
}

at::Tensor LayerImpl::resample(const at::Tensor &input) const
{
    if (kind_ == Kind::UpSample && spatial_ == 1) { // (batch, steps, features)
        const int64_t n = spec_.size.isEmpty() ? 2 : spec_.size.first();
        return input.repeat_interleave(n, channelsFirst_ ? 2 : 1);
    }
    if (input.dim() != 4)
        throw fail(QStringLiteral("expects a rank-4 input (batch included), gets rank %1").arg(input.dim()));
    at::Tensor x = channelsFirst_ ? input : input.permute({0, 3, 1, 2});
    const bool bilinear = spec_.interpolation == QLatin1String("bilinear");
    namespace F = torch::nn::functional;
    auto interpolate = [&](F::InterpolateFuncOptions o) {
        return F::interpolate(x, bilinear ? o.mode(torch::kBilinear).align_corners(false) : o.mode(torch::kNearest));
    };
    switch (kind_) {
    case Kind::UpSample: {
        const int64_t a = spec_.size.isEmpty() ? 2 : spec_.size.first();
        const int64_t b = spec_.size.size() > 1 ? spec_.size[1] : a;
        x = bilinear ? interpolate(F::InterpolateFuncOptions().scale_factor(std::vector<double>{double(a), double(b)}))
                     : x.repeat_interleave(a, 2).repeat_interleave(b, 3);
        break;
    }
    case Kind::Resize:
        x = interpolate(F::InterpolateFuncOptions().size(std::vector<int64_t>{spec_.size.value(0), spec_.size.value(1)}));
        break;
    case Kind::CenterCrop: {
        const int64_t h = spec_.size.value(0), w = spec_.size.value(1);
        if (x.size(2) < h || x.size(3) < w)
            throw fail(QStringLiteral("an input smaller than the crop is not supported"));
        x = x.narrow(2, (x.size(2) - h) / 2, h).narrow(3, (x.size(3) - w) / 2, w);
        break;
    }
    case Kind::Flip:
        // keras/layers/preprocessing/image_preprocessing.py: each image flipped with
        // probability 1/2, in training only
        if (is_training()) {
            auto flip = [&](int64_t dim) {
                const at::Tensor pick = torch::rand({x.size(0), 1, 1, 1}, x.options()) < 0.5;
                x = torch::where(pick, x.flip({dim}), x);
            };
            if (spec_.mode.contains(QLatin1String("horizontal")))
                flip(3);
            if (spec_.mode.contains(QLatin1String("vertical")))
                flip(2);
        }
        break;
    default:
        break;
    }
    return channelsFirst_ ? x : x.permute({0, 2, 3, 1});
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

at::Tensor LayerImpl::recurrent(const at::Tensor &input, const std::vector<at::Tensor> &states)
{
    at::Tensor x = input.is_floating_point() ? input : input.to(torch::kFloat);
    const int64_t h = cell_.units;
    const int dirs = bidirectional_ ? 2 : 1;
    // Keras's initial_state (batch, units) is torch's (layers * directions, batch, units)
    at::Tensor h0 = !states.empty() && dirs == 1 ? states[0].unsqueeze(0)
                                                 : torch::zeros({dirs, x.size(0), h}, x.options());
    at::Tensor c0 = states.size() > 1 && dirs == 1 ? states[1].unsqueeze(0) : torch::zeros_like(h0);
    at::Tensor out, hn;
    const bool train = is_training();
    if (rnn_ == Rnn::Lstm) {
        auto r = torch::lstm(x, {h0, c0}, rnnParams_, cell_.useBias, 1, 0.0,
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
    case Kind::ConvTranspose:
        return convTranspose(x);
    case Kind::UpSample:
    case Kind::Resize:
    case Kind::CenterCrop:
    case Kind::Flip:
        return resample(x);
    case Kind::Rescale:
        return x * spec_.rescale + spec_.offset;
    case Kind::ChannelNormalize: {
        // keras.applications' preprocess_input (keras/applications/imagenet_utils.py)
        const int64_t channelDim = channelsFirst_ && x.dim() > 2 ? 1 : x.dim() - 1;
        std::vector<int64_t> view(size_t(x.dim()), 1);
        view[size_t(channelDim)] = -1;
        const auto values = [&](const QVector<double> &v) {
            return torch::tensor(std::vector<double>(v.cbegin(), v.cend()), x.options()).view(view);
        };
        const at::Tensor in = spec_.flipChannels ? x.flip({channelDim}) : x;
        return (in * spec_.rescale - values(spec_.channelMean)) / values(spec_.channelStd);
    }
    case Kind::Normalize: {
        std::vector<int64_t> view(size_t(x.dim()), 1);
        view[channelsFirst_ && x.dim() > 2 ? 1 : size_t(x.dim() - 1)] = -1;
        return (x - runningMean_.view(view)) / torch::sqrt(runningVar_.view(view)).clamp_min(1e-7);
    }
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
        return recurrent(x, std::vector<at::Tensor>(in.begin() + 1, in.end()));
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
        return spec_.maxValue >= 0 ? torch::clamp(torch::relu(x), c10::nullopt, spec_.maxValue) : torch::relu(x);
    case Kind::Softmax:
        return stripActivation ? x : torch::softmax(x, spec_.axis);
    }
    return x;
}

} // namespace kmw::torchsmoke
