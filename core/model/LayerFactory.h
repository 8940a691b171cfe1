#pragma once

// Keras and torch.nn constructor calls -> LayerSpec / OptimizerSpec / loss names, with the
// argument names, positions and defaults of Keras 2.x (keras/layers/*.py,
// keras/optimizers/*.py) and PyTorch (torch/nn/modules/*.py, torch/optim/*.py).

#include "ModelIR.h"
#include "PyValue.h"

#include <memory>

namespace kmw {

/// An input shape given on a layer (`input_shape=`, `input_dim=`, `batch_input_shape=`,
/// Embedding `input_length=`).
struct DeclaredInput {
    bool given = false;
    TensorShape shape;
};

/// Keras's class for a short alias (`MaxPool2D` -> `MaxPooling2D`, `AvgPool1D`,
/// `GlobalAvgPool2D`, `Convolution2D`, … as keras/layers/__init__.py exports them);
/// other names unchanged.
QString canonicalLayerClass(const QString &className);

/// True when `className` (last component of a keras.layers path) is a layer class the IR
/// knows (aliases included); `Input`/`InputLayer` included.
bool isKerasLayerClass(const QString &className);

/// Builds the LayerSpec of `keras.layers.<className>(args)`. Arguments that are Unknown
/// are listed in `*unresolved` as "`expr` (units of Dense)" and left at 0. Returns null
/// with `*error` for a class the IR does not support.
std::shared_ptr<LayerSpec> makeKerasLayer(const QString &className, const CallArgs &args,
                                          DeclaredInput *input, QStringList *unresolved,
                                          QString *error);

/// Builds the LayerSpec of `torch.nn.<className>(args)` in PyTorch layout (framework
/// "pytorch", channels-first). Activation modules (ReLU, Tanh, …) become Activation.
/// Null with `*error` for an unsupported module.
std::shared_ptr<LayerSpec> makeTorchLayer(const QString &className, const CallArgs &args,
                                          QStringList *unresolved, QString *error);

/// Keras optimizer `keras.optimizers.<className>(args)` (`lr=` accepted as Keras 2 did;
/// `decay` ignored) or, with `torch` true, `torch.optim.<className>(params, args)` with
/// PyTorch's defaults (Adam eps 1e-8, RMSprop lr 1e-2 alpha 0.99). False when unknown.
bool makeOptimizer(const QString &className, const CallArgs &args, bool torch,
                   OptimizerSpec *optimizer);

/// The optimizer a `compile(optimizer='adam')` string names, Keras defaults.
bool optimizerFromString(const QString &name, OptimizerSpec *optimizer);

/// Canonical Keras loss name for a loss string, function or class name
/// ("mse" -> "mean_squared_error", "CategoricalCrossentropy" ->
/// "categorical_crossentropy"; torch "CrossEntropyLoss" ->
/// "sparse_categorical_crossentropy" with *fromLogits). "" when unknown.
QString canonicalLoss(const QString &name, bool *fromLogits);

/// Activation name from a value: a string, or a function path (`tf.nn.relu`,
/// `keras.activations.softmax`); "" for None/linear.
QString activationName(const PyValuePtr &value);

} // namespace kmw
