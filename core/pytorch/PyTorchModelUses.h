#pragma once

#include "PyTorchRewrites.h"

#include <QString>
#include <QVector>

#include <functional>

namespace kmw {

/// The plain-PyTorch target converts a Keras model only with everything that uses it
/// (a module passed on to code that still expects Keras breaks there). Starting at the
/// statement that last binds `variable` at or before cell `cell` (a top-level
/// `variable = …`), and until the next such binding, every use of the name is checked:
/// the methods the target's generators rewrite (`compile`, `fit`, `evaluate`,
/// `predict`, `summary`, `save`, `add`, and the nn.Module's own `parameters`, `to`,
/// `train`, `eval`, `state_dict`…), `print(model)`, and `y = model(x)` as a statement
/// of its own (the torch-call generator) are fine; anything else — `model.layers`,
/// `model.get_weights()`, `model.output_shape`, the model passed to another function or
/// put in a list, `fit`/`evaluate`/`predict` on ImageDataGenerator.flow() /
/// flow_from_dataframe() batches or on a tf.data pipeline (the loops take arrays and
/// DataLoaders) — blocks the conversion. A function defined before the binding that
/// reads the name as a global counts too (it runs when called: `def create_model():
/// … base_model.output`).
///
/// Layers of the model read or written (`model.get_layer('n')`, `model.layers[k]` with
/// `.get_weights()`, `.weights`, `.set_weights(w)`, `.trainable = b`, or bound to a name
/// used only so; the model's own `get_weights()` / `set_weights(w)`) are converted when
/// `layerCheck(name, k, weights)` (optional; name "" for `layers[k]`, "*" for the whole
/// model) returns "" (else its text says why not).
///
/// Returns "" when nothing blocks it, else the first blocking use, for people:
/// "`model.layers` in cell 65".
///
/// Each call of a method a generator rewrites (`fit`, `evaluate`, `compile`, `save`,
/// `load_weights`…, node: the call) is given to `conversion(cell, call, method)`
/// (optional): "" when that call converts, else why not; a call that does not convert
/// blocks as any other use ("`model.fit(…)` in cell 9 (the metric 'auc' is not
/// converted…)"), since it would stay Keras code on a module.
using LayerCheck = std::function<QString(const QString &name, qint64 position, bool weights)>;
using UseConversion = std::function<QString(int cell, TSNode call, const QByteArray &method)>;
QString blockingModelUse(const QVector<ParsedCellView> &cells, int cell, const QString &variable,
                         const LayerCheck &layerCheck = {}, const UseConversion &conversion = {});

/// When the model `variable` (its last top-level binding at or before `cell`, and the
/// `variable.add(…)` calls after it) contains another of the document's `models` as a
/// layer (`probs = Sequential([model, Softmax()])`, or a Functional graph calling it:
/// `img = generator(z)` … `gan = Model(z, discriminator(img))`) that the document trains
/// or loads weights into, before or after (`model.fit(…)`, `train_on_batch`,
/// `load_weights`), the model it
/// contains, for people: "the model `model` inside it in cell 12"; else "". A module of
/// fresh layers would lose those weights, so neither is converted alone. (A pretrained
/// keras.applications base is converted, with a note on its weights.)
QString nestedModelIn(const QVector<ParsedCellView> &cells, int cell, const QString &variable, const QStringList &models);

/// When a layer object the model `variable` is built from (`emb = Embedding(…)` then
/// `model = Sequential([emb, …])` or `model.add(emb)`; a Functional model's arguments
/// are tensors, not read here) is used after the model's
/// construction (`emb.set_weights(w)`, `emb.get_weights()`, `emb.trainable = False`),
/// that use, for people: "`emb.set_weights` in cell 7 uses the layer `emb` the model is
/// built from"; else "". Converted, the model would be a module whose layers are not
/// that Keras object: its weights would be set on an orphan.
QString layerObjectUse(const QVector<ParsedCellView> &cells, int cell, const QString &variable, const QStringList &models);

/// When the Functional model `variable` (`m = Model(inputs, outputs)`) and another
/// Functional model of the document are built on a same tensor (`encoder_input` in a training model
/// and in its inference encoder), so share layers, and one of them is trained: the other
/// model and the tensor, for people: "the model `model_train` (cell 104) shares
/// `encoder_input` with it, and so its layers"; else "". Modules of new layers would not
/// share weights, so neither is converted alone.
QString sharedTensorModel(const QVector<ParsedCellView> &cells, int cell, const QString &variable);

} // namespace kmw
