#pragma once

// Pieces of PyTorch source text the layer descriptors (LayerType::torchSource) and the
// module generator (PyTorchCodegen.h) share. Text only: nothing here runs PyTorch.

#include <QString>
#include <QVector>

namespace kmw {

/// A Python literal for a list of ints: `3` when all equal, else `(3, 5)`; `fallback`
/// when empty.
QString pythonInts(const QVector<qint64> &v, qint64 fallback);

/// The torch expression applying Keras activation `name` to `x` (softmax over dim
/// `dim`); `x` itself for "" and "linear"; "" for an activation without one. Sources:
/// https://keras.io/api/layers/activations/, https://pytorch.org/docs/stable/nn.functional.html.
QString torchActivation(const QString &name, const QString &x, int dim);

/// A Keras axis (with batch, may be negative) as the torch dim of a tensor of `rank`
/// (without batch) in PyTorch layout: the channels (the last Keras axis) are dim 1 for
/// images.
int torchDim(int axis, int rank);

} // namespace kmw
