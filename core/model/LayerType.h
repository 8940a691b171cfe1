#pragma once

// One descriptor per layer type: what the workbench knows of a Keras layer class, in one
// place. A family of layer types registers its descriptors from one file
// (core/model/layers/*.cpp, e.g. ConvLayers.cpp); docs/ARCHITECTURE.md shows how to add one.

#include "ModelIR.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <QHash>

#include <functional>

namespace kmw {

struct KerasCall;

/// A layer's parameter counts: Keras's count_params() (`keras`, of which `nonTrainable`
/// are statistics such as BatchNormalization's moving mean and variance), the sum of
/// numel over the PyTorch module's parameters() (`torch`) and the PyTorch buffers that
/// hold Keras weights (`buffers`).
struct LayerCounts {
    qint64 keras = 0, nonTrainable = 0, torch = 0, buffers = 0;
};

/// What a layer's PyTorch source is written from (generateTorchModule(), PyTorchCodegen.h).
struct TorchSourceInput {
    const LayerSpec &layer;
    QString module;        ///< `self.<field>`: its nn module (the first call's, for a shared layer)
    QStringList inputs;    ///< the forward() variables of its inputs, in order (`x`, `h2`)
    TensorShape shape;     ///< its first input's Keras shape, without batch
    QString activation;    ///< its activation; "" when the final one is left out for a logits loss
    QString output;        ///< the forward() variable it writes (`h3`)
    bool last = false;     ///< it is the model's output layer
    bool crossEntropy = false; ///< the model's loss is a categorical cross-entropy
};

/// A layer's PyTorch source: lines of `__init__` and `forward()`, and its output.
struct TorchSource {
    QStringList init;      ///< `self.dense = nn.Linear(784, 64, bias=True)`, …
    QStringList forward;   ///< lines before `output = expression` (a recurrent layer's call)
    QString expression;    ///< its output from the inputs; "" when its activation has no torch one
    QStringList notes;     ///< where it differs from Keras, and why
    QString error;         ///< set when it cannot be written (the module is then not generated)
    bool logits = false;   ///< its final Softmax was left out for nn.CrossEntropyLoss
    QString dropped;       ///< that activation ("softmax")
};

/// One layer type (or a family sharing one rule, such as Conv1D/Conv2D).
struct LayerType {
    /// The Keras class names it stands for, as supportedLayerTypes() lists them.
    QStringList names;
    /// Whether it handles `layer`; null: `names`, `unlisted` or `prefixes` hold the layer's
    /// type. Descriptors are tried in registration order; the first that handles a layer
    /// is its descriptor.
    std::function<bool(const LayerSpec &layer)> matches;
    /// Shape inference and parameter counts (Keras's compute_output_shape and
    /// count_params, keras/layers/*.py): sets `layer.outputShape` (without the batch
    /// dimension) from `inputs` (one per inbound tensor) and `*counts`; false with `*why`
    /// ("expects 4D input …") when the input does not fit.
    std::function<bool(LayerSpec &layer, const QVector<TensorShape> &inputs, LayerCounts *counts, QString *why)> infer;
    /// Keras's other names for its classes (keras/layers/__init__.py: `MaxPool2D` ->
    /// `MaxPooling2D`), read as the class they stand for.
    QHash<QString, QString> aliases;
    /// Classes it also reads that supportedLayerTypes() does not list (`Input`, the merges
    /// the PyTorch code writes but the runner does not build).
    QStringList unlisted;
    /// Reads the class's own constructor arguments into `layer` (those every layer
    /// takes, `name=`, `activation=`, `input_shape=`, …, are read before: LayerFactory.h)
    /// and an input shape it declares into `*call.input`; false with `*call.error` for a
    /// call the IR cannot follow. Null: the class has no arguments of its own.
    std::function<bool(const KerasCall &call, LayerSpec *layer)> readKeras;
    /// Writes the layer as PyTorch source (torch.nn modules and functions, PyTorch layout:
    /// channels first). Null: the layer has no PyTorch form yet (the module is not
    /// generated, and says so).
    std::function<void(const TorchSourceInput &source, TorchSource *out)> torchSource;
    /// Classes it also handles by the start of their name, every rank of a family
    /// (`MaxPooling3D`, `SpatialDropout3D`) or every `Random*` augmentation: its
    /// inference says which it cannot take.
    QStringList prefixes;

    /// Setters that return the descriptor, so that a family registers each of its types
    /// in one statement: registerLayerType(LayerType{{"Cropping1D"}, nullptr,
    /// inferCropping}.reading(readCroppingArguments).writing(croppingTorchSource)).
    LayerType &withAliases(QHash<QString, QString> classes) { aliases = std::move(classes); return *this; }
    LayerType &withUnlisted(QStringList classes) { unlisted = std::move(classes); return *this; }
    LayerType &withPrefixes(QStringList starts) { prefixes = std::move(starts); return *this; }
    LayerType &reading(std::function<bool(const KerasCall &, LayerSpec *)> read) { readKeras = std::move(read); return *this; }
    LayerType &writing(std::function<void(const TorchSourceInput &, TorchSource *)> write) { torchSource = std::move(write); return *this; }
};

/// The descriptor of Keras class `className` (an alias, an unlisted class included), or
/// nullptr; `*canonical` (may be null) gets the class an alias stands for.
const LayerType *kerasLayerType(const QString &className, QString *canonical = nullptr);

/// Adds `type` after those registered before it. Not thread-safe: register before the
/// first model is inferred (Builtins.cpp does, before main()).
void registerLayerType(LayerType type);
/// The first registered descriptor that handles `layer`, or nullptr.
const LayerType *layerTypeOf(const LayerSpec &layer);

/// False with "layer type X is not supported (supported: …)" in `*why`.
bool unsupportedLayer(const LayerSpec &layer, QString *why);

/// layerTypeOf(layer)->infer(…), or unsupportedLayer().
bool inferLayerShape(LayerSpec &layer, const QVector<TensorShape> &inputs, LayerCounts *counts, QString *why);

/// Registers every built-in layer family (core/model/layers/), in the order their
/// descriptors are tried.
void registerLayerTypes();

} // namespace kmw
