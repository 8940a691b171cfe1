#pragma once

#include "ImportTable.h"
#include "PythonParser.h"

#include <QByteArray>
#include <QSet>

namespace kmw {

/// Which values of a document are backend tensors once it runs on Keras 3: with the
/// torch backend, calling a Keras model returns a torch tensor (not a tf.Tensor), so
/// TensorFlow ops applied to it fail (https://keras.io/guides/migrating_to_keras_3/,
/// "Transitioning to backend-agnostic Keras 3": use keras.ops). Read statically, in
/// document order:
/// - models: names assigned from `Sequential(…)`, `Model(…)`, `load_model(…)` or a
///   `keras.applications` constructor (through the imports; `tensorflow.keras` counts);
/// - tensors: names assigned from an expression that is one (isTensorExpression()).
class BackendTensors {
public:
    /// Records the assignments under `root` (a cell parsed from `text`, with the imports
    /// in effect there). Feed the cells in order.
    void addCell(TSNode root, const QByteArray &text, const ImportTable &imports);

    /// True when `node` evaluates to a backend tensor: a tensor name; a call of a model
    /// (`model(X)`); a TensorFlow or keras.ops call with a tensor argument (the migrated
    /// code makes it keras.ops); a subscript, arithmetic, comparison or parenthesized
    /// expression over one. A method call on a tensor (`t.numpy()`), an attribute
    /// (`t.shape`) or another function's result (`np.asarray(t)`) is not.
    bool isTensorExpression(TSNode node, const QByteArray &text, const ImportTable &imports) const;

    const QSet<QByteArray> &models() const { return m_models; }
    const QSet<QByteArray> &tensors() const { return m_tensors; }

private:
    QSet<QByteArray> m_models;
    QSet<QByteArray> m_tensors;
};

} // namespace kmw
