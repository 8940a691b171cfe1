#pragma once

// Private to kmw_torch: the smoke training loop and its checks, shared by the ModelIR
// runner and the TorchScript runner. Include <torch/torch.h> first.

#include "Dataset.h"
#include "SmokeTypes.h"

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kmw::torchsmoke {

/// What the loop trains: a built module behind a small interface.
class SmokeNet {
public:
    virtual ~SmokeNet() = default;
    /// Batch-first output (logits when the loss plan works on logits).
    virtual at::Tensor forward(const at::Tensor &x) = 0;
    /// Every parameter with its qualified name ("dense_1.bias").
    virtual std::vector<std::pair<std::string, at::Tensor>> namedParameters() = 0;
    virtual std::vector<at::Tensor> buffers() = 0;
    virtual void setTraining(bool on) = 0;
};

/// A fresh copy of the net, initialised exactly as the first one (same seed / file);
/// for the overfit_batch check. Throws on failure.
using NetFactory = std::function<std::unique_ptr<SmokeNet>()>;

/// How outputs and targets meet (catalog §2 "Losses").
struct LossPlan {
    enum class Kind {
        CrossEntropyLogits,     ///< class-id targets, output = logits
        SoftCrossEntropyLogits, ///< one-hot/soft targets, output = logits
        NllOfProbs,             ///< class-id targets, output = probabilities
        SoftNllOfProbs,         ///< one-hot/soft targets, output = probabilities
        BceLogits,              ///< 0/1 float targets, output = logits
        BceProbs,               ///< 0/1 float targets, output = probabilities
        Mse, Mae, Huber
    };
    enum class Accuracy { None, Argmax, BinaryLogit, BinaryProb };
    enum class Targets { ClassIds, Floats, OneHot };

    Kind kind = Kind::Mse;
    Accuracy accuracy = Accuracy::None;
    Targets targets = Targets::Floats;
    bool stripFinalActivation = false; ///< the net must output logits
    int classes = 0;                   ///< for ln(C) and one-hot targets
    QString describe;                  ///< e.g. "cross_entropy on logits (softmax dropped)"
};

/// Decides the loss from a loss name (Keras names, or torch names "cross_entropy",
/// "bce_with_logits", "nll", "mse", "l1", "huber"; "" = cross-entropy when the data has
/// classes, else mse), the activation the model output ends in ("softmax", "sigmoid" or
/// "") and the output width. `torchNames` says that crossentropy means logits (no final
/// softmax to drop); `fromLogits` that the outputs are logits whatever the name says
/// (Keras from_logits=True, PyTorch code with nn.CrossEntropyLoss/BCEWithLogitsLoss).
/// False with `*error` when output and data do not fit.
bool planLoss(const QString &lossName, const QString &finalActivation, bool torchNames, bool fromLogits,
              const std::vector<int64_t> &outputShape, const Dataset &data, LossPlan *plan,
              QString *error);

/// The resolved run settings.
struct RunSettings {
    int epochs = 1;
    int batchSize = 32;
    double validationSplit = 0;
    qint64 maxSteps = 0;          ///< 0 = epochs * steps per epoch
    OptimizerSpec optimizer;
    quint64 seed = 0;
    int overfitSteps = 150;
    double budgetSeconds = 0;     ///< SmokeOptions::budgetSeconds
    qint64 startedAtMs = 0;       ///< SmokeOptions::startedAtMs: the setup counts too
};

/// Makes the torch optimizer for `spec` (sgd, adam, adamw, rmsprop, adagrad) over
/// `params`. Throws std::runtime_error for an unknown type.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerSpec &spec,
                                                       const std::vector<at::Tensor> &params);

/// `data.features` as one (rows, featureShape…) tensor, float or int64 (`integer`),
/// copied once. Throws when the sizes disagree.
at::Tensor featureTensor(const Dataset &data, bool integer);

/// Trains `net` on `x`/`data` as `plan` and `settings` say and fills `result`: rows,
/// steps, history, speed, and the checks initial_loss, loss_decreases, finite,
/// gradients, overfit_batch (in that order). Sets result->ran. Throws LibTorch errors
/// (the caller turns them into SmokeResult::error).
void trainAndCheck(SmokeNet &net, const NetFactory &fresh, const at::Tensor &x,
                   const Dataset &data, const LossPlan &plan, const RunSettings &settings,
                   const SmokeProgressFn &progress, const std::atomic_bool *cancel,
                   SmokeResult *result);

/// The message of an exception without LibTorch's backtrace (first line).
QString errorMessage(const std::exception &e);

} // namespace kmw::torchsmoke
