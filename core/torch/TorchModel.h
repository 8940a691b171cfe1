#pragma once

// Private to kmw_torch: the ModelIR -> LibTorch module builder. Include <torch/torch.h>
// before this header (and before any Qt header) in every .cpp that uses it.

#include "ModelIR.h"

#include <torch/torch.h>

#include <QString>
#include <QStringList>

#include <memory>
#include <string>
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

/// One LayerSpec as a torch module. Parameters are created lazily on the first forward
/// (the graph's build pass) from the actual input shapes, with Keras's initialisers,
/// and registered as "weight", "bias", "weight_ih", … so that the graph names them
/// "<keras layer name>.<param>". Tensors stay in the layer's own layout (Keras:
/// channels-last; permuted to channels-first around conv/pool only).
class LayerImpl : public torch::nn::Module {
public:
    /// Throws std::runtime_error for an unsupported type or argument.
    explicit LayerImpl(const LayerSpec &spec);

    /// Runs the layer on its inbound tensors (batch first).
    at::Tensor forward(const std::vector<at::Tensor> &in);

    const LayerSpec &spec() const { return spec_; }
    /// True when the layer's own softmax/sigmoid is the model's final activation and
    /// the loss works on logits: forward then skips it (a Softmax/Activation layer passes
    /// its input through).
    bool stripActivation = false;
    /// The activation this layer applies last (Linear when none).
    Act finalActivation() const;
    /// What the builder assumed for this layer (e.g. GRU reset_after=False), for reports.
    QStringList notes;

private:
    enum class Kind { Input, Dense, Activation, Dropout, Flatten, Reshape, Conv, MaxPool,
                      AvgPool, GlobalAvgPool, GlobalMaxPool, ZeroPad, BatchNorm, Embedding,
                      Recurrent, Concatenate, Add, Multiply, Dot, LeakyReLU, ReLU, Softmax,
                      SpatialDropout, GaussianNoise, GaussianDropout, AlphaDropout, Identity,
                      ConvTranspose, UpSample, Resize, CenterCrop, Rescale, Flip, Normalize,
                      ChannelNormalize };
    enum class Rnn { Simple, Lstm, Gru };

    void build(const std::vector<at::Tensor> &in);
    at::Tensor conv(const at::Tensor &x) const;
    /// Conv2DTranspose with Keras's output size (keras/utils/conv_utils.py
    /// deconv_output_length): the full transposed convolution, cropped as Keras pads.
    at::Tensor convTranspose(const at::Tensor &x) const;
    /// UpSampling1D/2D, Resizing, CenterCrop, RandomFlip on channels-last or -first input.
    at::Tensor resample(const at::Tensor &x) const;
    at::Tensor pool(const at::Tensor &x) const;
    at::Tensor batchNorm(const at::Tensor &x);
    /// `states`: initial_state tensors (batch, units) — h, or h then c for LSTM — or none.
    at::Tensor recurrent(const at::Tensor &x, const std::vector<at::Tensor> &states = {});
    at::Tensor dot(const at::Tensor &a, const at::Tensor &b) const;
    at::Tensor activate(const at::Tensor &x) const;
    /// TF 'same' padding {left, right} for one spatial dimension.
    static std::pair<int64_t, int64_t> samePadding(int64_t length, int64_t kernel,
                                                   int64_t stride, int64_t dilation);

    LayerSpec spec_;
    Kind kind_ = Kind::Input;
    Act act_ = Act::Linear;
    bool built_ = false;
    bool channelsFirst_ = false;  ///< pytorch framework or data_format channels_first
    int spatial_ = 0;             ///< 1 or 2 for conv/pool/global pooling
    std::vector<int64_t> kernel_, stride_, dilation_, pad_;
    // Recurrent
    Rnn rnn_ = Rnn::Simple;
    LayerSpec cell_;              ///< the recurrent spec (wrapped one for Bidirectional)
    bool bidirectional_ = false;
    bool rnnRelu_ = false;
    std::vector<at::Tensor> rnnParams_;
    // Parameters and buffers
    at::Tensor weight_, bias_, runningMean_, runningVar_;
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
