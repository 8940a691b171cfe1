#include <torch/torch.h>

// LibTorch builds of the recurrent family (core/model/layers/RecurrentLayers.cpp):
// Embedding, SimpleRNN, LSTM, GRU and Bidirectional, on LibTorch's fused kernels.

#include "TorchLayer.h"
#include "TorchHelpers.h"

namespace kmw::torchsmoke {

namespace {

/// Embedding: a (input_dim, output_dim) table, uniform in [-0.05, 0.05] (Keras's
/// embeddings_initializer="uniform"); float ids are cast to integers.
class EmbeddingTorchLayer : public TorchLayer {
public:
    explicit EmbeddingTorchLayer(const LayerSpec &spec) : TorchLayer(spec)
    {
        if (spec.inputDim <= 0 || spec.outputDim <= 0)
            throw fail(QStringLiteral("input_dim and output_dim must be positive"));
    }
    void build(torch::nn::Module &module, const std::vector<at::Tensor> &) override
    {
        weight_ = torch::empty({spec_.inputDim, spec_.outputDim}, torch::TensorOptions().dtype(torch::kFloat));
        weight_.uniform_(-0.05, 0.05);
        weight_ = module.register_parameter("weight", weight_, spec_.trainable);
    }
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &) override
    {
        const at::Tensor &ids = in[0];
        return torch::embedding(weight_, ids.is_floating_point() ? ids.to(torch::kLong) : ids);
    }
    bool keepsInputType() const override { return true; }

private:
    at::Tensor weight_;
};

/// SimpleRNN, LSTM, GRU, and Bidirectional around one of them (merge_mode concat, sum,
/// mul or ave). Keras's kernel is glorot-uniform, its recurrent kernel orthogonal, its
/// biases zeros but for the LSTM's forget gate (unit_forget_bias=True).
class RecurrentTorchLayer : public TorchLayer {
public:
    explicit RecurrentTorchLayer(const LayerSpec &spec) : TorchLayer(spec)
    {
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
            throw fail(QStringLiteral("Bidirectional wraps %1, not a recurrent layer").arg(cell_.type));
        if (cell_.units <= 0)
            throw fail(QStringLiteral("units must be positive"));
        addNotes();
        if (bidirectional_) {
            static const QStringList modes = {QStringLiteral("concat"), QStringLiteral("sum"),
                                              QStringLiteral("mul"), QStringLiteral("ave")};
            if (!modes.contains(spec.mergeMode))
                throw fail(QStringLiteral("merge_mode '%1' is not supported").arg(spec.mergeMode));
        }
    }

    void build(torch::nn::Module &module, const std::vector<at::Tensor> &in) override
    {
        const at::Tensor &x = in.at(0);
        if (x.dim() != 3)
            throw fail(QStringLiteral("expects (batch, time, features), gets rank %1").arg(x.dim()));
        const auto opts = torch::TensorOptions().dtype(torch::kFloat);
        const int64_t inF = x.size(2);
        const int64_t h = cell_.units;
        const int64_t gates = rnn_ == Rnn::Lstm ? 4 : rnn_ == Rnn::Gru ? 3 : 1;
        const bool trainable = spec_.trainable;
        for (int d = 0; d < (bidirectional_ ? 2 : 1); ++d) {
            const std::string sfx = d == 0 ? "" : "_reverse";
            at::Tensor wih = torch::empty({gates * h, inF}, opts);
            glorotUniform(wih, inF, gates * h); // Keras kernel (in, gates*h)
            at::Tensor whh = torch::empty({gates * h, h}, opts);
            torch::nn::init::orthogonal_(whh);
            params_.push_back(module.register_parameter("weight_ih" + sfx, wih, trainable));
            params_.push_back(module.register_parameter("weight_hh" + sfx, whh, trainable));
            if (cell_.useBias) {
                at::Tensor bih = torch::zeros({gates * h}, opts);
                if (rnn_ == Rnn::Lstm) // torch gate order i, f, g, o
                    bih.narrow(0, h, h).fill_(1.0);
                params_.push_back(module.register_parameter("bias_ih" + sfx, bih, trainable));
                params_.push_back(module.register_parameter("bias_hh" + sfx, torch::zeros({gates * h}, opts),
                                                            trainable));
            }
        }
    }

    /// in[1…]: initial_state tensors (batch, units), h, or h then c for an LSTM.
    at::Tensor forward(const std::vector<at::Tensor> &in, const TorchForward &run) override
    {
        const at::Tensor &x = in[0];
        const std::vector<at::Tensor> states(in.begin() + 1, in.end());
        const int64_t h = cell_.units;
        const int dirs = bidirectional_ ? 2 : 1;
        // Keras's initial_state (batch, units) is torch's (layers * directions, batch, units)
        at::Tensor h0 = !states.empty() && dirs == 1 ? states[0].unsqueeze(0)
                                                     : torch::zeros({dirs, x.size(0), h}, x.options());
        at::Tensor c0 = states.size() > 1 && dirs == 1 ? states[1].unsqueeze(0) : torch::zeros_like(h0);
        const bool useBias = cell_.useBias, train = run.training;
        std::tuple<at::Tensor, at::Tensor> r;
        if (rnn_ == Rnn::Lstm) {
            auto lstm = torch::lstm(x, {h0, c0}, params_, useBias, 1, 0.0, train, bidirectional_, true);
            r = {std::get<0>(lstm), std::get<1>(lstm)};
        } else if (rnn_ == Rnn::Gru) {
            r = torch::gru(x, h0, params_, useBias, 1, 0.0, train, bidirectional_, true);
        } else {
            r = rnnRelu_ ? torch::rnn_relu(x, h0, params_, useBias, 1, 0.0, train, bidirectional_, true)
                         : torch::rnn_tanh(x, h0, params_, useBias, 1, 0.0, train, bidirectional_, true);
        }
        const at::Tensor &out = std::get<0>(r), &hn = std::get<1>(r);
        // return_sequences=False: the final state of each direction (the backward
        // direction's final state is the one after reading the whole reversed sequence,
        // as Keras's).
        at::Tensor y = cell_.returnSequences ? out : (dirs == 1 ? hn[0] : torch::cat({hn[0], hn[1]}, -1));
        if (!bidirectional_ || spec_.mergeMode == QLatin1String("concat"))
            return y;
        at::Tensor f = y.narrow(-1, 0, h), b = y.narrow(-1, h, h);
        if (spec_.mergeMode == QLatin1String("sum"))
            return f + b;
        if (spec_.mergeMode == QLatin1String("mul"))
            return f * b;
        return (f + b) * 0.5; // ave
    }

private:
    enum class Rnn { Simple, Lstm, Gru };

    /// Where LibTorch's fused kernels differ from the Keras layer.
    void addNotes()
    {
        const QString a = cell_.activation.trimmed().toLower();
        if (rnn_ == Rnn::Simple && a == QLatin1String("relu"))
            rnnRelu_ = true;
        else if (!a.isEmpty() && a != QLatin1String("tanh"))
            notes << QStringLiteral("%1: activation '%2' trained as tanh (LibTorch's fused "
                                    "recurrent kernels)").arg(spec_.name, a);
        if (rnn_ != Rnn::Simple && cell_.recurrentActivation != QLatin1String("sigmoid")
            && !cell_.recurrentActivation.isEmpty())
            notes << QStringLiteral("%1: recurrent_activation '%2' trained as sigmoid")
                         .arg(spec_.name, cell_.recurrentActivation);
        if (rnn_ == Rnn::Gru && !cell_.resetAfter)
            notes << QStringLiteral("%1: GRU reset_after=False trained as torch GRU "
                                    "(reset_after=True, two biases)").arg(spec_.name);
    }

    LayerSpec cell_; ///< the recurrent spec (the wrapped one for Bidirectional)
    Rnn rnn_ = Rnn::Simple;
    bool bidirectional_ = false;
    bool rnnRelu_ = false;
    std::vector<at::Tensor> params_;
};

} // namespace

void registerRecurrentTorchLayers()
{
    registerTorchLayer<EmbeddingTorchLayer>({QStringLiteral("Embedding")});
    registerTorchLayer<RecurrentTorchLayer>({QStringLiteral("SimpleRNN"), QStringLiteral("LSTM"), QStringLiteral("GRU"),
                                             QStringLiteral("Bidirectional")});
}

} // namespace kmw::torchsmoke
