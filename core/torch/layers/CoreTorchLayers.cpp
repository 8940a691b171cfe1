#include <torch/torch.h>

// LibTorch builds of the core family (core/model/layers/CoreLayers.cpp): InputLayer,
// Dense, the shape-keeping layers (activations, dropouts, noise) and Flatten, Reshape,
// BatchNormalization.

#include "TorchLayer.h"
#include "TorchHelpers.h"

#include <cmath>

namespace kmw::torchsmoke {

namespace {

/// InputLayer: passes the model input on as it is (integer ids included).
class InputTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override { return in[0]; }
    bool keepsInputType() const override { return true; }
};

/// Dense: y = activation(x W^T + b), W (units, in) glorot-uniform, b zeros.
class DenseTorchLayer : public ActivatedTorchLayer {
public:
    explicit DenseTorchLayer(const LayerSpec &spec) : ActivatedTorchLayer(spec)
    {
        if (spec.units <= 0)
            throw fail(QStringLiteral("units must be positive"));
    }
    void build(torch::nn::Module &module, const std::vector<at::Tensor> &in) override
    {
        const int64_t inF = in.at(0).size(-1);
        if (spec_.inputDim > 0 && spec_.inputDim != inF)
            throw fail(QStringLiteral("expects %1 input features, gets %2").arg(spec_.inputDim).arg(inF));
        const auto opts = torch::TensorOptions().dtype(torch::kFloat);
        weight_ = torch::empty({spec_.units, inF}, opts);
        glorotUniform(weight_, inF, spec_.units);
        weight_ = module.register_parameter("weight", weight_, spec_.trainable);
        if (spec_.useBias)
            bias_ = module.register_parameter("bias", torch::zeros({spec_.units}, opts), spec_.trainable);
    }
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) override
    {
        return activate(torch::linear(in[0], weight_, bias_), run);
    }

private:
    at::Tensor weight_, bias_;
};

/// Activation: its activation alone.
class ActivationTorchLayer : public ActivatedTorchLayer {
public:
    using ActivatedTorchLayer::ActivatedTorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) override
    {
        return activate(in[0], run);
    }
};

/// LeakyReLU (slope `negative_slope`, Keras 2 `alpha`), ReLU (`max_value`), Softmax
/// (over `axis`; left out with a logits loss when it is the output).
class ActivationLayerTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) override
    {
        const at::Tensor &x = in[0];
        if (spec_.type == QLatin1String("LeakyReLU"))
            return torch::leaky_relu(x, spec_.negativeSlope);
        if (spec_.type == QLatin1String("ReLU"))
            return spec_.maxValue >= 0 ? torch::clamp(torch::relu(x), c10::nullopt, spec_.maxValue)
                                       : torch::relu(x);
        return run.stripActivation ? x : torch::softmax(x, spec_.axis);
    }
    Act finalActivation() const override
    {
        return spec_.type == QLatin1String("Softmax") ? Act::Softmax : Act::Linear;
    }
};

/// Dropout, AlphaDropout (rate), SpatialDropout1D/2D (whole feature maps), GaussianNoise
/// (additive, stddev in `rate`), GaussianDropout (multiplicative N(1, rate/(1-rate))):
/// in training only (keras/layers/regularization/*.py).
class DropoutTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) override
    {
        const at::Tensor &x = in[0];
        const double rate = spec_.rate;
        if (spec_.type == QLatin1String("Dropout"))
            return rate > 0 ? torch::dropout(x, rate, run.training) : x;
        if (spec_.type == QLatin1String("AlphaDropout"))
            return rate > 0 ? torch::alpha_dropout(x, rate, run.training) : x;
        if (spec_.type == QLatin1String("GaussianNoise"))
            return run.training && rate > 0 ? x + torch::randn_like(x) * rate : x;
        if (spec_.type == QLatin1String("GaussianDropout"))
            return run.training && rate > 0 && rate < 1
                       ? x * (1.0 + torch::randn_like(x) * std::sqrt(rate / (1.0 - rate)))
                       : x;
        // SpatialDropout: one mask per sample and channel (channels-last: noise shape
        // (N, 1, ..., C)).
        if (!run.training || rate <= 0)
            return x;
        std::vector<int64_t> noise(size_t(x.dim()), 1);
        noise.front() = x.size(0);
        const bool first = spec_.dataFormat == QLatin1String("channels_first");
        noise[first ? 1 : size_t(x.dim() - 1)] = x.size(first ? 1 : x.dim() - 1);
        const at::Tensor keep = torch::bernoulli(torch::full(noise, 1.0 - rate, x.options()));
        return x * keep / (1.0 - rate);
    }
};

/// A layer that computes nothing in a smoke run (ActivityRegularization; the random
/// augmentations register it too).
class IdentityTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override { return in[0]; }
};

/// Flatten: every axis after the batch as one.
class FlattenTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const at::Tensor &x = in[0];
        return x.dim() == 1 ? x.unsqueeze(1) : x.flatten(1);
    }
};

/// Reshape: (batch, *target_shape).
class ReshapeTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        std::vector<int64_t> shape = {in[0].size(0)};
        for (qint64 d : spec_.targetShape)
            shape.push_back(d);
        return in[0].reshape(shape);
    }
};

/// BatchNormalization over `axis` (keras/layers/normalization/batch_normalization.py):
/// gamma ones, beta zeros, moving mean zeros and variance ones.
class BatchNormalizationTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    void build(torch::nn::Module &module, const std::vector<at::Tensor> &in) override
    {
        const at::Tensor &x = in.at(0);
        const int axis = channelAxis(x);
        if (axis <= 0 || axis >= x.dim())
            throw fail(QStringLiteral("axis %1 is out of range for a rank-%2 input").arg(spec_.axis).arg(x.dim()));
        const int64_t c = x.size(axis);
        const auto opts = torch::TensorOptions().dtype(torch::kFloat);
        if (spec_.scale)
            weight_ = module.register_parameter("weight", torch::ones({c}, opts), spec_.trainable);
        if (spec_.center)
            bias_ = module.register_parameter("bias", torch::zeros({c}, opts), spec_.trainable);
        runningMean_ = module.register_buffer("running_mean", torch::zeros({c}, opts));
        runningVar_ = module.register_buffer("running_var", torch::ones({c}, opts));
    }
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) override
    {
        // Keras momentum m keeps m of the old moving statistics; torch's momentum is the
        // weight of the new batch: 1 - m.
        const at::Tensor &x = in[0];
        const double momentum = 1.0 - spec_.momentum;
        const int axis = channelAxis(x);
        if (x.dim() == 2 && axis == 1)
            return torch::batch_norm(x, weight_, bias_, runningMean_, runningVar_, run.training,
                                     momentum, spec_.epsilon, false);
        // Move the channel axis last and fold the rest into the batch: the statistics are
        // over every axis but the channel one, as Keras computes them.
        const bool last = axis == x.dim() - 1;
        at::Tensor t = last ? x : x.movedim(axis, -1);
        const int64_t c = t.size(-1);
        at::Tensor y = torch::batch_norm(t.reshape({-1, c}), weight_, bias_, runningMean_, runningVar_,
                                         run.training, momentum, spec_.epsilon, false)
                           .reshape(t.sizes());
        return last ? y : y.movedim(-1, axis);
    }

private:
    int channelAxis(const at::Tensor &x) const
    {
        int axis = channelsFirst_ ? 1 : spec_.axis;
        return axis < 0 ? axis + int(x.dim()) : axis;
    }
    at::Tensor weight_, bias_, runningMean_, runningVar_;
};

} // namespace

void registerCoreTorchLayers()
{
    registerTorchLayer<InputTorchLayer>({QStringLiteral("InputLayer")});
    registerTorchLayer<DenseTorchLayer>({QStringLiteral("Dense")});
    registerTorchLayer<ActivationTorchLayer>({QStringLiteral("Activation")});
    registerTorchLayer<ActivationLayerTorchLayer>({QStringLiteral("LeakyReLU"), QStringLiteral("ReLU"), QStringLiteral("Softmax")});
    registerTorchLayer<DropoutTorchLayer>({QStringLiteral("Dropout"), QStringLiteral("SpatialDropout1D"), QStringLiteral("SpatialDropout2D"),
                                           QStringLiteral("GaussianNoise"), QStringLiteral("GaussianDropout"), QStringLiteral("AlphaDropout")});
    registerTorchLayer<IdentityTorchLayer>({QStringLiteral("ActivityRegularization")});
    registerTorchLayer<FlattenTorchLayer>({QStringLiteral("Flatten")});
    registerTorchLayer<ReshapeTorchLayer>({QStringLiteral("Reshape")});
    registerTorchLayer<BatchNormalizationTorchLayer>({QStringLiteral("BatchNormalization")});
}

} // namespace kmw::torchsmoke
