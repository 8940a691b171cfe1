#pragma once

// Private to kmw_torch_module: a layer type's LibTorch build, the runner's half of its
// descriptor (core/model/LayerType.h holds the rest: Keras arguments, shapes, counts,
// PyTorch source). Only this module may include LibTorch, so the build of a family of
// layer types lives in core/torch/layers/<Family>TorchLayers.cpp, beside
// core/model/layers/<Family>Layers.cpp, and registers under the descriptor's class names
// from registerTorchLayers() when the module is loaded.
// Include <torch/torch.h> before this header (and before any Qt header).

#include "ModelIR.h"

#include <torch/torch.h>

#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace kmw::torchsmoke {

/// Keras activations by name (keras/activations.py; Keras 3 semantics for
/// hard_sigmoid = relu6(x + 3) / 6 and leaky_relu slope 0.2).
enum class Act { Linear, Relu, Tanh, Sigmoid, Softmax, Elu, Selu, Softplus, Softsign,
                 LeakyRelu, Gelu, Swish, HardSigmoid, Exponential };

/// Parses a Keras activation name ("" = linear); false for an unknown name.
bool parseActivation(const QString &name, Act *out);
/// Applies `act`; softmax runs over the last axis.
at::Tensor applyActivation(Act act, const at::Tensor &x);

/// What a layer's forward() reads from the module running it.
struct TorchForward {
    bool training = false;         ///< training mode: dropout, noise and batch statistics on
    bool stripActivation = false;  ///< leave out the final softmax/sigmoid (a logits loss)
};

/// One layer (a LayerSpec) as LibTorch computations. Tensors stay in the layer's own
/// layout (Keras: channels-last, permuted to channels-first around conv/pool only).
/// Subclasses check the spec in their constructor and throw std::runtime_error (fail())
/// for an argument the runner cannot build.
class TorchLayer {
public:
    explicit TorchLayer(const LayerSpec &spec);
    virtual ~TorchLayer();

    /// Creates the parameters from the first inputs (the graph's build pass), with
    /// Keras's initialisers, registered on `module` as "weight", "bias", "weight_ih", …
    /// so that the graph names them "<keras layer name>.<param>". Default: none.
    virtual void build(torch::nn::Module &module, const std::vector<at::Tensor> &in);
    /// The layer's output from its inbound tensors (batch first; in[0] already float
    /// unless keepsInputType()). Throws std::runtime_error for an input it cannot take.
    virtual at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) = 0;
    /// The activation this layer applies last (Linear when none): a model whose output
    /// layer ends in softmax/sigmoid can train on logits.
    virtual Act finalActivation() const;
    /// True when in[0] reaches forward() as it is (Input, Embedding's integer ids).
    virtual bool keepsInputType() const;

    const LayerSpec &spec() const { return spec_; }
    /// What the build assumed (e.g. GRU reset_after=False), for the smoke report.
    QStringList notes;

protected:
    LayerSpec spec_;
    bool channelsFirst_ = false; ///< a PyTorch-framework layer or data_format channels_first
    int spatial_ = 0;            ///< 1 or 2 for a *1D / *2D class name
};

/// A layer with an `activation=` argument (Dense, Activation, Conv*): parsed in the
/// constructor (std::runtime_error for a name parseActivation() does not know), applied
/// last unless the run strips it for a logits loss.
class ActivatedTorchLayer : public TorchLayer {
public:
    explicit ActivatedTorchLayer(const LayerSpec &spec);
    Act finalActivation() const override;

protected:
    at::Tensor activate(const at::Tensor &x, const TorchForward &run) const;
    Act act_ = Act::Linear;
};

/// Makes the TorchLayer of one spec; throws std::runtime_error for an argument it cannot
/// build.
using TorchLayerFactory = std::function<std::unique_ptr<TorchLayer>(const LayerSpec &)>;

/// Registers the build of Keras classes `classes`. Each must be a class of a registered
/// layer descriptor (kerasLayerType()); one that is not is recorded and makeTorchLayer()
/// then refuses every layer, naming it (a table out of step with the descriptors).
void registerTorchLayer(const QStringList &classes, TorchLayerFactory make);
/// Registers the build of Lambda layers whose LayerSpec::function is `function`.
void registerTorchLambda(const QString &function, TorchLayerFactory make);

/// registerTorchLayer() for a TorchLayer subclass constructed from the spec.
template <class T>
void registerTorchLayer(const QStringList &classes)
{
    registerTorchLayer(classes, [](const LayerSpec &spec) { return std::make_unique<T>(spec); });
}

/// The layer of `spec`. Throws std::runtime_error: "layer type X is not supported by the
/// torch runner", or what the layer's own checks throw.
std::unique_ptr<TorchLayer> makeTorchLayer(const LayerSpec &spec);

/// Registers every built-in family (core/torch/layers/); called once when the module's
/// API table is first asked for (kmw_torch_api()).
void registerTorchLayers();
void registerCoreTorchLayers();
void registerConvTorchLayers();
void registerPreprocessingTorchLayers();
void registerRecurrentTorchLayers();
void registerMergeTorchLayers();

// ---------------------------------------------------------------------------------------
// Shared by the families

/// Keras's glorot_uniform (keras/initializers/initializers.py): U(-l, l),
/// l = sqrt(6 / (fan_in + fan_out)).
void glorotUniform(at::Tensor &t, int64_t fanIn, int64_t fanOut);
/// Expands a Keras int-or-tuple argument to `n` entries (`fallback` when empty).
std::vector<int64_t> expandArgument(const QVector<qint64> &v, int n, int64_t fallback);
/// TF 'same' padding {left, right} for one spatial dimension
/// (tensorflow/python/ops/nn_ops.py).
std::pair<int64_t, int64_t> samePadding(int64_t length, int64_t kernel, int64_t stride,
                                        int64_t dilation);
/// A channels-last tensor (batch, steps, channels) or (batch, h, w, channels) as
/// channels-first, and back; unchanged when `channelsFirst`.
at::Tensor toChannelsFirst(const at::Tensor &x, bool channelsFirst);
at::Tensor fromChannelsFirst(const at::Tensor &x, bool channelsFirst);
/// Nearest or (when `bilinear`, half-pixel centres) bilinear interpolation of a
/// channels-first image batch to the size or scale in `options`.
at::Tensor interpolateImage(const at::Tensor &x, torch::nn::functional::InterpolateFuncOptions options,
                            bool bilinear);
/// Throws "expects a rank-N input (batch included), gets rank M" unless x.dim() == rank.
void needRank(const at::Tensor &x, int64_t rank);

} // namespace kmw::torchsmoke
