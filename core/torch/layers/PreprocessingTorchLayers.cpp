#include <torch/torch.h>

// LibTorch builds of the preprocessing family (core/model/layers/PreprocessingLayers.cpp):
// Resizing, CenterCrop, Rescaling, RandomFlip and the other random augmentations,
// Normalization, and the Lambda layers the extractor reads as one of them.

#include "TorchLayer.h"
#include "TorchHelpers.h"

namespace kmw::torchsmoke {

namespace {

/// Resizing (nearest or bilinear to `size`) and CenterCrop (the middle `size`), on
/// images; a Lambda of tf.image.resize reads as Resizing.
class ResizingTorchLayer : public TorchLayer {
public:
    explicit ResizingTorchLayer(const LayerSpec &spec, bool crop) : TorchLayer(spec), crop_(crop) {}
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        needRank(in[0], 4);
        at::Tensor x = toChannelsFirst(in[0], channelsFirst_);
        const int64_t h = spec_.size.value(0), w = spec_.size.value(1);
        if (crop_) {
            if (x.size(2) < h || x.size(3) < w)
                throw fail(QStringLiteral("an input smaller than the crop is not supported"));
            x = x.narrow(2, (x.size(2) - h) / 2, h).narrow(3, (x.size(3) - w) / 2, w);
        } else {
            namespace F = torch::nn::functional;
            x = interpolateImage(x, F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w}),
                                 spec_.interpolation == QLatin1String("bilinear"));
        }
        return fromChannelsFirst(x, channelsFirst_);
    }

private:
    bool crop_;
};

/// Rescaling: x * scale + offset (also a Lambda of an affine expression).
class RescalingTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        return in[0] * spec_.rescale + spec_.offset;
    }
};

/// keras.applications' preprocess_input (keras/applications/imagenet_utils.py), read from
/// a Lambda: channels reversed when flipChannels, then (x * scale - mean[c]) / std[c].
class ChannelNormalizationTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const at::Tensor &x = in[0];
        const int64_t channelDim = channelsFirst_ && x.dim() > 2 ? 1 : x.dim() - 1;
        std::vector<int64_t> view(size_t(x.dim()), 1);
        view[size_t(channelDim)] = -1;
        const auto values = [&](const QVector<double> &v) {
            return torch::tensor(std::vector<double>(v.cbegin(), v.cend()), x.options()).view(view);
        };
        const at::Tensor flipped = spec_.flipChannels ? x.flip({channelDim}) : x;
        return (flipped * spec_.rescale - values(spec_.channelMean)) / values(spec_.channelStd);
    }
};

/// RandomFlip: each image flipped with probability 1/2, in training only
/// (keras/layers/preprocessing/image_preprocessing.py).
class RandomFlipTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) override
    {
        needRank(in[0], 4);
        at::Tensor x = toChannelsFirst(in[0], channelsFirst_);
        if (run.training) {
            auto flip = [&](int64_t dim) {
                const at::Tensor pick = torch::rand({x.size(0), 1, 1, 1}, x.options()) < 0.5;
                x = torch::where(pick, x.flip({dim}), x);
            };
            if (spec_.mode.contains(QLatin1String("horizontal")))
                flip(3);
            if (spec_.mode.contains(QLatin1String("vertical")))
                flip(2);
        }
        return fromChannelsFirst(x, channelsFirst_);
    }
};

/// RandomRotation, RandomZoom, RandomTranslation, RandomContrast: left out of a smoke run
/// (the output passes the input on), with a note saying so.
class AugmentationTorchLayer : public TorchLayer {
public:
    explicit AugmentationTorchLayer(const LayerSpec &spec) : TorchLayer(spec)
    {
        notes << QStringLiteral("%1 (%2): augmentation left out of the smoke run").arg(spec.name, spec.type);
    }
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override { return in[0]; }
};

/// Normalization: (x - mean) / sqrt(variance) per feature, with the statistics as
/// buffers; trained with mean 0 and variance 1, since adapt() runs on data the code reads.
class NormalizationTorchLayer : public TorchLayer {
public:
    explicit NormalizationTorchLayer(const LayerSpec &spec) : TorchLayer(spec)
    {
        notes << QStringLiteral("%1 (Normalization): trained with mean 0 and variance 1 (what adapt() "
                                "computes is not in the code)").arg(spec.name);
    }
    void build(torch::nn::Module &module, const std::vector<at::Tensor> &in) override
    {
        const at::Tensor &x = in.at(0);
        const int64_t c = x.size(featureAxis(x));
        const auto opts = torch::TensorOptions().dtype(torch::kFloat);
        mean_ = module.register_buffer("mean", torch::zeros({c}, opts));
        variance_ = module.register_buffer("variance", torch::ones({c}, opts));
        module.register_buffer("count", torch::zeros({}, torch::TensorOptions().dtype(torch::kLong)));
    }
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const at::Tensor &x = in[0];
        std::vector<int64_t> view(size_t(x.dim()), 1);
        view[size_t(featureAxis(x))] = -1;
        return (x - mean_.view(view)) / torch::sqrt(variance_.view(view)).clamp_min(1e-7);
    }

private:
    int64_t featureAxis(const at::Tensor &x) const { return channelsFirst_ && x.dim() > 2 ? 1 : x.dim() - 1; }
    at::Tensor mean_, variance_;
};

} // namespace

void registerPreprocessingTorchLayers()
{
    registerTorchLayer({QStringLiteral("Resizing")},
                       [](const LayerSpec &spec) { return std::make_unique<ResizingTorchLayer>(spec, false); });
    registerTorchLayer({QStringLiteral("CenterCrop")},
                       [](const LayerSpec &spec) { return std::make_unique<ResizingTorchLayer>(spec, true); });
    registerTorchLayer<RescalingTorchLayer>({QStringLiteral("Rescaling")});
    registerTorchLayer<RandomFlipTorchLayer>({QStringLiteral("RandomFlip")});
    registerTorchLayer<AugmentationTorchLayer>({QStringLiteral("RandomRotation"), QStringLiteral("RandomZoom"),
                                                QStringLiteral("RandomTranslation"), QStringLiteral("RandomContrast")});
    registerTorchLayer<NormalizationTorchLayer>({QStringLiteral("Normalization")});
    // Lambda: the function LayerSpec::function says it computes
    registerTorchLambda(QStringLiteral("resize"),
                        [](const LayerSpec &spec) { return std::make_unique<ResizingTorchLayer>(spec, false); });
    registerTorchLambda(QStringLiteral("affine"),
                        [](const LayerSpec &spec) { return std::make_unique<RescalingTorchLayer>(spec); });
    registerTorchLambda(QStringLiteral("channels"),
                        [](const LayerSpec &spec) { return std::make_unique<ChannelNormalizationTorchLayer>(spec); });
}

} // namespace kmw::torchsmoke
