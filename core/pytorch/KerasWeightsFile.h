#pragma once

#include "WeightMap.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace kmw {

/// One layer's weights as Keras's layer.get_weights() lists them.
struct KerasLayerWeights {
    QString layer;             ///< Keras layer name
    QStringList names;         ///< "dense/kernel:0" (HDF5 files of Keras 2) or "vars/0"
    QVector<HostArray> arrays; ///< float32, in get_weights() order
};

/// Reads the weights of a Keras model file, by layer name:
/// - `.h5` written by Keras 2's model.save() or save_weights(): the layers of the
///   `layer_names` attribute (under `model_weights/` for a whole model), each with its
///   `weight_names` in order (https://www.tensorflow.org/guide/keras/serialization_and_saving);
/// - `.keras` (a zip archive) or `.weights.h5` of the Keras 3 format: `model.weights.h5`,
///   `layers/<name>/…/vars/<i>`; a Bidirectional layer's forward weights before its
///   backward ones (https://keras.io/guides/serialization_and_saving/).
/// False with `*error` (the path and what cannot be read). Uses libhdf5.
bool readKerasWeights(const QString &path, QHash<QString, KerasLayerWeights> *layers, QString *error);

/// The model's architecture as Keras saved it, a JSON object ({"class_name":
/// "Sequential", "config": {"layers": […]}, …}): a `.keras` archive's `config.json`
/// (its `compile_config` inside), or a Keras 2 `.h5` file's `model_config` attribute (and
/// its `training_config` attribute in `*training`, empty when absent)
/// (https://keras.io/guides/serialization_and_saving/). False with `*error` naming the
/// file when it has no architecture (a weights-only file) or cannot be read.
bool readKerasModelConfig(const QString &path, QByteArray *config, QByteArray *training, QString *error);

/// The weight map applied to `layers`: the PyTorch state_dict entries of the generated
/// module (key -> tensor), in module order, with zeros for tensors PyTorch has and Keras
/// has not (an LSTM's second bias) and BatchNorm's num_batches_tracked left out. False
/// with `*error` naming the layer when a layer is missing or its arrays do not fit.
bool portWeights(const QVector<LayerWeightMap> &map, const QHash<QString, KerasLayerWeights> &layers,
                 QVector<QPair<QString, HostArray>> *state, QString *error);

} // namespace kmw
