#pragma once

// The smoke runner: the only code that includes LibTorch (in TorchRunner.cpp and its
// siblings, built as the module kmw_torch_module; this header stays free of torch so Qt
// code can include it, and TorchLoader.cpp forwards these functions to the module).

#include "Dataset.h"
#include "ModelIR.h"
#include "SmokeTypes.h"
#include "WeightMap.h"

#include <QString>

#include <atomic>

namespace kmw {

/// Builds `model` (inferModel() already run) as LibTorch modules and smoke-trains it on
/// `data`, used as given: the caller has already shuffled, standardized and reshaped it
/// to model.inputShapes[0] (prepareSmoke() in SmokeSetup.h). Keras layout is kept: inputs arrive channels-last and are permuted around
/// convolutions and pooling. Keras-equivalent initialisation (glorot_uniform kernels, zero
/// biases, orthogonal recurrent kernels, Embedding U(-0.05, 0.05), BatchNorm momentum
/// 1 - m and epsilon kept), the compile() optimizer with its arguments and the loss
/// mapped as catalog §2 (softmax + crossentropy -> cross_entropy on logits, sigmoid +
/// binary -> BCE with logits, mse, mae, huber).
///
/// Rows are split as Keras's validation_split (options.validationSplit, already resolved
/// by the caller: the last fraction of the rows), trained for
/// epochs/steps with torch::manual_seed(seed) — the same seed gives the same numbers —
/// and checked (SmokeCheck names: initial_loss, loss_decreases, finite, gradients,
/// overfit_batch, output_shape, param_count). `progress` is called on this thread after
/// every step; `cancel` (may be null) is polled every step. Never throws: LibTorch
/// errors come back in SmokeResult::error.
///
/// Nothing is trained (ran false, `error` set) for: a layer type or argument the runner
/// does not support, or a shape error while building ("lambda_1 (Lambda): …",
/// "dense (Dense): expects 32 input features, gets 64"); an optimizer other than sgd,
/// adam, adamw, rmsprop, adagrad; a loss other than categorical/sparse/binary
/// crossentropy, mse, mae, huber; an output that cannot meet the targets ("the output
/// has 5 units but the data has 10 classes"); rows whose size differs from
/// model.inputShapes[0]. Several inputs are fed by splitting each row in input order
/// (their shapes must be fully known). Differences from Keras, by design: TF 'same'
/// padding is applied explicitly (exact, average pooling excludes the padding), torch's
/// fused LSTM/GRU/SimpleRNN kernels fix tanh/sigmoid (another activation is trained
/// as tanh and noted in the param_count detail, as is GRU reset_after=False), and torch
/// Adam/RMSprop place epsilon slightly differently from Keras.
SmokeResult runSmoke(const ModelIR &model, const Dataset &data, const SmokeOptions &options,
                     const SmokeProgressFn &progress = {},
                     const std::atomic_bool *cancel = nullptr);

/// Loads a TorchScript module (torch::jit::load) and smoke-trains it the same way:
/// options.loss ("" = cross-entropy when data has classes, else mse) and
/// options.optimizer (default Adam 1e-3). Its input is fed as the data is shaped.
SmokeResult runTorchScriptSmoke(const QString &path, const Dataset &data,
                                const SmokeOptions &options,
                                const SmokeProgressFn &progress = {},
                                const std::atomic_bool *cancel = nullptr);

/// Writes a small TorchScript MLP (in -> hidden -> classes, tanh) made with
/// torch::jit::Module::define to `path`: the fixture of the TorchScript tests and
/// demo. False with `*error` when it cannot be saved.
bool writeTorchScriptFixture(const QString &path, int in, int hidden, int classes,
                             QString *error);

/// Writes `state` (state_dict key -> float32 tensor, in order) as a PyTorch state_dict
/// file that `torch.load()` reads and `module.load_state_dict()` takes: a dict of
/// tensors pickled by torch::pickle_save (https://pytorch.org/cppdocs/api/function_namespacetorch_1a.html).
/// Written atomically; false with `*error` when it cannot be.
bool writeStateDict(const QString &path, const QVector<QPair<QString, HostArray>> &state, QString *error);

/// The absolute path of the LibTorch module file loaded (see torchAvailable()); empty when
/// it cannot be loaded.
QString torchModulePath();

/// LibTorch's version string ("1.13.0"); empty when the module cannot be loaded.
QString torchVersion();

/// Loads the LibTorch module if needed (kmw_torch_module: the programs do not link
/// LibTorch, which would cost ~0.4 s at every start); false with `*error` saying where
/// it was looked for. The functions above return that error in SmokeResult::error.
bool torchAvailable(QString *error = nullptr);

} // namespace kmw
