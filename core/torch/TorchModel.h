#pragma once

// Private to kmw_torch: the ModelIR -> LibTorch module builder; the layers' own builds
// are in TorchLayer.h and core/torch/layers/. Include <torch/torch.h>
// before this header (and before any Qt header) in every .cpp that uses it.

#include "ModelIR.h"
#include "TorchLayer.h"

#include <torch/torch.h>

#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kmw::torchsmoke {

/// One LayerSpec as a torch module: the TorchLayer its type registered
/// (makeTorchLayer(), TorchLayer.h), whose parameters are created on the first forward
/// (the graph's build pass) from the actual input shapes and registered on this module.
class LayerImpl : public torch::nn::Module {
public:
    /// Throws std::runtime_error for an unsupported type or argument.
    explicit LayerImpl(const LayerSpec &spec);

    /// Runs the layer on its inbound tensors (batch first).
    at::Tensor forward(const std::vector<at::Tensor> &in);

    const LayerSpec &spec() const { return layer_->spec(); }
    /// True when the layer's own softmax/sigmoid is the model's final activation and
    /// the loss works on logits: forward then skips it (a Softmax/Activation layer passes
    /// its input through).
    bool stripActivation = false;
    /// The activation this layer applies last (Linear when none).
    Act finalActivation() const { return layer_->finalActivation(); }
    /// What the builder assumed for this layer (e.g. GRU reset_after=False), for reports.
    const QStringList &notes() const { return layer_->notes; }

private:
    std::unique_ptr<TorchLayer> layer_;
    bool built_ = false;
};
TORCH_MODULE(Layer);

/// A ModelIR as one torch module: the layers in graph order, registered under their
/// Keras names. Built (parameters created and initialised) by build() on a sample batch;
/// torch::manual_seed before construction makes the initial weights reproducible.
class GraphNetImpl : public torch::nn::Module {
public:
    /// Throws std::runtime_error naming the layer ("foo (Lambda): …") for an unsupported
    /// layer or a graph that does not lead from the inputs to the output.
    explicit GraphNetImpl(const ModelIR &model);

    /// Creates the parameters by running `sample` (a few rows, model layout) through the
    /// graph in eval mode without gradients; returns the output. Throws
    /// std::runtime_error naming the failing layer.
    at::Tensor build(const at::Tensor &sample);
    /// The model output for batch `x` (logits when the final activation is stripped).
    at::Tensor forward(const at::Tensor &x);

    /// The activation the output layer ends in (Softmax, Sigmoid, …).
    Act finalActivation() const;
    /// Drops (or keeps) the final softmax/sigmoid so that the output is logits.
    void setStripFinalActivation(bool strip);
    /// Notes of all layers (assumptions the smoke report should show).
    QStringList notes() const;

private:
    std::vector<Layer> layers_;           ///< one per LayerSpec (index = IR index)
    std::vector<int> order_;              ///< reachable layers in evaluation order
    std::vector<std::vector<int>> inbound_;
    std::vector<int> inputs_;             ///< IR indices of the inputs
    std::vector<std::vector<int64_t>> inputShapes_; ///< for splitting multi-input rows
    int output_ = -1;
    std::vector<at::Tensor> values_;      ///< reused per forward
};
TORCH_MODULE(GraphNet);

} // namespace kmw::torchsmoke
