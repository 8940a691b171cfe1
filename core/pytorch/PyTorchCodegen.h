#pragma once

#include "ModelIR.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace kmw {

/// The class name generateTorchModule() gives `model` by default: its variable in
/// CamelCase with "Model" appended unless it ends so ("model" -> "Model", "cnn" ->
/// "CnnModel").
QString torchClassName(const ModelIR &model);

/// The attribute generateTorchModule() gives each layer's module (`self.<field>`, the
/// state_dict prefix): the Keras layer name with characters other than [A-Za-z0-9_] made
/// `_` (`layer_<k>` when that leaves no valid name); "" for InputLayers.
QVector<QString> torchFieldNames(const ModelIR &model);

/// How generateTorchModule() names and writes the class.
struct CodegenOptions {
    QString className; ///< "" = from the model's variable ("model" -> "Model")
    QHash<qint64, QString> symbols; ///< placeholder size -> the expression it stands for
    /// true: `__init__` ends with `keras_init_(self)` (kerasInitHelperCode()), Keras's
    /// initialisation; false: PyTorch's default initialisation is kept.
    bool kerasInit = true;
};

/// The module-level helper the generated classes call for Keras's initialisation
/// (glorot_uniform kernels, zero biases, orthogonal recurrent kernels, LSTM forget-gate
/// bias 1, Embedding U(-0.05, 0.05), a recurrent layer's second bias frozen at 0): one per
/// file, `def keras_init_(module): …` (needs `torch.nn` imported as `nn`).
/// Source: https://keras.io/api/layers/initializers/.
QString kerasInitHelperCode();

/// A plain-PyTorch module generated from a model IR (`kmw-cli convert --to pytorch`).
struct GeneratedModule {
    bool ok = false;
    QString error;          ///< the layer that cannot be converted, and why
    QString className;      ///< e.g. "SequentialModel"
    QString moduleCode;     ///< `import torch` … `class X(nn.Module): …` (Python source)
    QString classCode;      ///< the class alone (needs torch, `nn` and `F` imported, and helperCode)
    QString helperCode;     ///< kerasInitHelperCode() when the class calls it, else ""
    TensorShape inputShape; ///< PyTorch layout, without batch (NCHW/NCL: channels first)
    qint64 paramsTorch = 0; ///< sum(p.numel() for p in module.parameters()), from the IR
    QStringList notes;      ///< what differs from the Keras model and why
    /// True when the module returns logits for a cross-entropy loss (its final softmax or
    /// sigmoid was left out, or the Keras loss had from_logits=True): the loss is then
    /// nn.CrossEntropyLoss / nn.BCEWithLogitsLoss, and predict() applies the activation.
    bool logits = false;
    /// True when the class has `regularization()`: the penalties of Keras's kernel/bias
    /// regularizers, which the generated loops add to the loss.
    bool regularized = false;
    /// The final activation left out of the module ("softmax", "sigmoid"; "" when none
    /// was: a Keras from_logits=True model already returned logits).
    QString dropped;
    /// Set (with ok false and classCode kept) when the module was generated but code that
    /// needs the Keras model uses it, so it is not applied: that use, for people.
    QString heldBackBy;
    /// The arguments of the call that makes the module when sizes come from the data
    /// (CodegenOptions::symbols): `x_train_shape_1=X_train.shape[1]`, one per
    /// constructor parameter; empty otherwise (`Net()`).
    QStringList constructorArguments;
};

/// Writes `model` (inferModel() already run, Keras layers) as a torch.nn.Module, following
/// the catalog §2 table and seeds 001/003: layers in __init__ with inferred
/// in_features/in_channels; forward in PyTorch layout (channels first; the input is
/// expected as PyTorch lays it out, see inputShape); no final softmax/sigmoid when the
/// loss maps to CrossEntropyLoss/BCEWithLogitsLoss (seed 001: "Don't use softmax with
/// CrossEntropyLoss"); recurrent layers with batch_first=True and the last step taken
/// when return_sequences is off; BatchNorm momentum 1 - m and Keras's epsilon; Keras's
/// glorot_uniform/zero-bias initialisation by `keras_init_(self)` (kerasInitHelperCode()).
/// `options.className` replaces the name made from the variable; `options.symbols`
/// (ExtractResult::symbols) makes sizes taken from the data constructor parameters
/// (`def __init__(self, x_train_shape_1)`, `nn.Linear(x_train_shape_1, 100)`; the call's
/// arguments in GeneratedModule::constructorArguments), and fails with the reason when a
/// size is computed from one.
GeneratedModule generateTorchModule(const ModelIR &model, const CodegenOptions &options = {});

/// The PyTorch loss for a model's Keras loss (`nn.CrossEntropyLoss()` for the
/// crossentropies on logits, `nn.BCELoss()` on probabilities, MSE/L1/Huber): Python
/// source, with `*comment` on what changes. "" with `*error` when the loss has no mapping
/// (a custom function). Sources: https://pytorch.org/docs/stable/nn.html#loss-functions,
/// https://keras.io/api/losses/.
QString lossCode(const ModelIR &model, bool logits, QString *comment, QString *error);

/// The torch.optim constructor for a Keras optimizer with its Keras defaults made
/// explicit (epsilon 1e-07, RMSprop rho as alpha, Adagrad's initial accumulator), over
/// `params` (Python source, e.g. `model.parameters()`). "" for an optimizer without a
/// mapping. Sources: https://keras.io/api/optimizers/, https://pytorch.org/docs/stable/optim.html.
QString optimizerCode(const OptimizerSpec &optimizer, const QString &params, QString *comment);

/// `kmw-cli convert --json`'s object (DESIGN.md contract): {"class_name", "module_code",
/// "input_shape" (PyTorch layout, without batch), "params_torch", "notes": [...]}, indented,
/// with a final newline.
QByteArray generatedModuleJson(const GeneratedModule &module);

} // namespace kmw
