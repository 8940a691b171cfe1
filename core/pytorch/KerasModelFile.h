#pragma once
// Saved Keras model files (.keras, .h5) as input of `model`, `convert` and `smoke`: the
// architecture Keras saved is written out as the Keras code that builds it, which the
// model extractor then reads like any script.

#include "Document.h"

#include <QByteArray>
#include <QString>

namespace kmw {

/// True for the suffixes of Keras model files: .keras, .h5, .hdf5.
bool isKerasModelFile(const QString &path);

/// Keras code that builds the model of a saved architecture (`config`: the JSON of
/// readKerasModelConfig(); `training`: its training_config, may be empty): a
/// Sequential's layers added in order (an InputLayer's shape given to the first layer
/// as batch_input_shape), or a Functional model's layers called on their inbound tensors
/// (Keras 2's `inbound_nodes` lists and Keras 3's `keras_history` form), then `compile()`
/// with the saved loss and optimizer when there is one. Layer arguments are the saved
/// config's keys; initialisers become their names, regularisers and constraints are left
/// out (they do not change shapes or counts). False with `*error` for a model nested in
/// another or a config that is not a Keras model. Format:
/// https://keras.io/guides/serialization_and_saving/ ("config.json").
bool kerasConfigToSource(const QByteArray &config, const QByteArray &training, QString *source, QString *error);

/// Reads a Keras model file as a one-cell script Document holding kerasConfigToSource()'s
/// code (Document::path is the model file; such a document is never written back).
/// False with `*error` (path and reason) when the file has no readable architecture.
bool readKerasModelDocument(const QString &path, Document *out, InputError *error);

/// readKerasModelDocument() for Keras model files, readDocument() for the rest.
bool readModelSourceDocument(const QString &path, Document *out, InputError *error);

} // namespace kmw
