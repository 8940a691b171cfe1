#pragma once

#include "ModelIR.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace kmw {

/// One step that turns a Keras weight array into the PyTorch parameter's layout.
/// "reshape" (to `values`), "permute" (axes `values`, numpy.transpose order), "blocks"
/// (split `axis` into `count` equal blocks and put them in the order `values`), "row"
/// (take index values[0] of the first axis).
struct WeightOp {
    QString op;
    QVector<qint64> values;
    int axis = 0;
    int count = 0;
};

/// A PyTorch tensor of a layer filled from one Keras weight of the same layer.
struct WeightAssignment {
    QString torchName;   ///< in the layer's module: "weight", "bias_hh_l0_reverse"
    int kerasIndex = -1; ///< index in Keras's layer.get_weights(); -1: set to zeros
    QVector<WeightOp> ops;
};

/// How one layer's Keras weights become its PyTorch module's state_dict entries.
struct LayerWeightMap {
    int layer = -1;      ///< index into ModelIR::layers
    QString name;        ///< Keras layer name
    QString type;        ///< Keras class name
    QString field;       ///< the module's attribute (state_dict prefix), torchFieldNames()
    int kerasWeights = 0; ///< how many arrays Keras's get_weights() returns
    QVector<WeightAssignment> weights;
};

/// The weight map from a Keras model to the module generateTorchModule() writes for it
/// (same IR). Per layer type (Keras and PyTorch layer docs: keras.io/api/layers,
/// pytorch.org/docs/stable/nn.html):
/// - Dense: kernel (in, units) -> weight (units, in), transposed; after a Flatten of an
///   (H, W, C) image, the rows are first reordered from H·W·C to C·H·W, the order
///   torch.flatten gives channels-first tensors.
/// - Conv2D: kernel HWIO -> weight OIHW (permute 3, 2, 0, 1); Conv1D: (K, I, O) -> (O, I, K).
/// - BatchNormalization: gamma, beta, moving_mean, moving_variance -> weight, bias,
///   running_mean, running_var.
/// - Embedding: embeddings -> weight.
/// - SimpleRNN/LSTM/GRU: kernel and recurrent_kernel transposed to weight_ih_l0 /
///   weight_hh_l0; bias -> bias_ih_l0 and bias_hh_l0 = 0. LSTM gates are i, f, c, o in
///   both. GRU: Keras z, r, h -> PyTorch r, z, n; reset_after=True's bias rows are the
///   input and the recurrent bias.
/// - Bidirectional: the forward layer's weights, then the backward layer's, to the
///   `_reverse` tensors.
/// Layers without weights are left out. False with `*error` naming the layer when a
/// type has weights the map does not know.
bool torchWeightMap(const ModelIR &model, QVector<LayerWeightMap> *map, QString *error);

/// The map as JSON (kmw_verify.py's "weight_map"): [{"layer", "name", "type", "field",
/// "keras_weights", "weights": [{"torch", "from", "ops": [{"op", ...}]}]}].
QByteArray weightMapJson(const QVector<LayerWeightMap> &map);

/// A float32 array in row-major order.
struct HostArray {
    QVector<qint64> shape;
    std::vector<float> values;
};

/// Applies `ops` in order. False with `*error` when a shape does not fit an operation.
bool applyWeightOps(HostArray *array, const QVector<WeightOp> &ops, QString *error);

} // namespace kmw
