#pragma once

#include "ImportTable.h"
#include "PythonParser.h"

#include <QByteArray>
#include <QHash>
#include <QSet>

#include <vector>

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

    /// True when `node` evaluates to a KerasTensor, the symbolic placeholder of a
    /// Functional model under construction, which TensorFlow ops refuse in Keras 3 ("A
    /// KerasTensor cannot be used as input to a TensorFlow function";
    /// https://keras.io/guides/migrating_to_keras_3/, "Calling TF ops with a
    /// KerasTensor"): a call of `keras.Input`; a Keras layer (a constructor call, a name
    /// bound to one, a `keras.layers` function), a model, a `keras.ops` or TensorFlow op
    /// called with a KerasTensor argument; a model's `.input`/`.output`
    /// (`base.output`, `model.layers[-1].output`); a name bound to one; a subscript,
    /// arithmetic, or a list/tuple/dict literal over one. A function of the document
    /// called with a KerasTensor returns one (`x = conv_block(x, 32)`), and inside it the
    /// parameters that some call of the same cell gives a KerasTensor are KerasTensors.
    bool isKerasTensorExpression(TSNode node, const QByteArray &text, const ImportTable &imports) const;

    const QSet<QByteArray> &models() const { return m_models; }
    const QSet<QByteArray> &tensors() const { return m_tensors; }
    /// Names bound to a Functional `Model(…)` whose `outputs` is a list, tuple or dict of
    /// two or more outputs.
    const QSet<QByteArray> &multiOutputModels() const { return m_multiOutput; }

private:
    bool isLayer(TSNode function, const QByteArray &text, const ImportTable &imports) const;

    QSet<QByteArray> m_models;
    QSet<QByteArray> m_tensors;
    /// Whether `name` is bound to a KerasTensor just before byte `at` of the last cell added.
    bool isKerasTensorName(const QByteArray &name, uint32_t at) const;
    /// Records that from byte `at` of the last cell on, `name` is (or is not) a KerasTensor.
    void bindKerasTensor(const QByteArray &name, uint32_t at, bool kerasTensor);
    /// One pass over the cell's assignments in order.
    void addAssignments(TSNode root, const QByteArray &text, const ImportTable &imports);
    /// The parameters of the cell's `functions` that some call of the cell gives a
    /// KerasTensor (`conv_block(inputs, 32)`): function name -> parameter names.
    QHash<QByteArray, QSet<QByteArray>> kerasTensorParameters(TSNode root, const QByteArray &text, const ImportTable &imports,
                                                              const std::vector<TSNode> &functions) const;

    QSet<QByteArray> m_kerasTensors; ///< names bound to KerasTensors (or containers of them)
                                     ///< at the end of the last cell added
    QSet<QByteArray> m_kerasTensorsBefore; ///< … at its start
    /// The last cell's bindings of each name, in order: the assignment's end byte, and
    /// whether it binds a KerasTensor (a script rebinds `h = x.sum()` after the model).
    QHash<QByteArray, QVector<QPair<uint32_t, bool>>> m_cellKerasTensors;
    QSet<QByteArray> m_layers;       ///< names bound to a Keras layer constructor's call
    QSet<QByteArray> m_functions;    ///< functions the document defines
    QSet<QByteArray> m_multiOutput;
};

} // namespace kmw
