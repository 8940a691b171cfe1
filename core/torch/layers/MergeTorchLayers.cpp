#include <torch/torch.h>

// LibTorch builds of the merge family (core/model/layers/MergeLayers.cpp): Concatenate,
// Add, Multiply and Dot. Subtract, Average and Maximum have a descriptor and PyTorch
// source but no build here: a smoke run says the runner does not support them.

#include "TorchLayer.h"
#include "TorchHelpers.h"

namespace kmw::torchsmoke {

namespace {

/// Concatenate along `axis` (integer inputs as float).
class ConcatenateTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        std::vector<at::Tensor> parts;
        parts.reserve(in.size());
        for (const at::Tensor &t : in)
            parts.push_back(t.is_floating_point() ? t : t.to(torch::kFloat));
        return torch::cat(parts, spec_.axis);
    }
};

/// Add and Multiply: the elementwise sum or product of the inputs.
class ElementwiseMergeTorchLayer : public TorchLayer {
public:
    using TorchLayer::TorchLayer;
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const bool add = spec_.type == QLatin1String("Add");
        at::Tensor y = in[0];
        for (size_t i = 1; i < in.size(); ++i)
            y = add ? y + in[i] : y * in[i];
        return y;
    }
};

/// Dot: batch_dot over `axes` (batch axis included), of L2-normalised inputs when
/// `normalize` (keras/layers/merging/dot.py).
class DotTorchLayer : public TorchLayer {
public:
    explicit DotTorchLayer(const LayerSpec &spec) : TorchLayer(spec)
    {
        if (spec.dotAxes.size() > 2)
            throw fail(QStringLiteral("axes must be one or two integers"));
    }
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        if (in.size() != 2)
            throw fail(QStringLiteral("Dot needs two inputs, gets %1").arg(in.size()));
        const at::Tensor &a0 = in[0], &b0 = in[1];
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
};

} // namespace

void registerMergeTorchLayers()
{
    registerTorchLayer<ConcatenateTorchLayer>({QStringLiteral("Concatenate")});
    registerTorchLayer<ElementwiseMergeTorchLayer>({QStringLiteral("Add"), QStringLiteral("Multiply")});
    registerTorchLayer<DotTorchLayer>({QStringLiteral("Dot")});
}

} // namespace kmw::torchsmoke
