#pragma once

#include "ImportTable.h"
#include "PythonParser.h"

#include <QByteArray>
#include <QSet>

namespace kmw {

/// Which names and expressions of a document are Keras objects, so that a rule that
/// rewrites a method call or a keyword argument fires only on Keras: scikit-learn's
/// `GradientBoostingClassifier(subsample=0.5)` and `clf.predict_proba(X)`, XGBoost's
/// `XGBClassifier(subsample=…)`, `torch.optim.SGD(params, lr=…)` and pandas'
/// `df.save(…)` keep their meaning. Read statically, in document order (a notebook is
/// one namespace, like BackendTensors):
/// - a name or dotted name whose first part an import binds is Keras when it resolves
///   to `keras.…`, `tensorflow.keras.…` or `tf_keras.…`, and foreign otherwise;
/// - a name assigned (or bound by a `for` loop) from an expression is what that
///   expression is: a call is what its function is (`Sequential(…)`, `Dense(64)(x)`),
///   a method call, attribute or subscript what its object is (`model.layers[0]`,
///   `model.fit(…)`'s History);
/// - a function of the document that returns a Keras object makes one, and so does a
///   class whose base class is Keras (`class Net(keras.Model)`), inside which `self` is
///   Keras too (a callback's `self.model`);
/// - with `from keras… import *` (and no other star import), a name nothing binds is
///   Keras.
/// A literal (`{'lr': []}`, a list, a string, a number) is a Python value, not Keras.
/// Anything else (a parameter, `self.model`, a name from a local helper module) is
/// Unknown: a rule reports it without a fix.
class KerasObjects {
public:
    enum class Kind { Keras, Foreign, Unknown };

    /// Records the bindings under `root` (a cell parsed from `text`, with the imports in
    /// effect there). Feed the cells in order.
    void addCell(TSNode root, const QByteArray &text, const ImportTable &imports);

    /// Adds what `context` knows of names this one does not bind (a snippet `%load`ed
    /// into a notebook sees the notebook's models).
    void addContext(const KerasObjects &context);

    /// What `node` evaluates to. An identifier that is the attribute part of a dotted
    /// name (`fit` in `model.fit`) is classified as the whole dotted name.
    Kind classify(TSNode node, const QByteArray &text, const ImportTable &imports) const;

    /// True when `node` (a name, or a constructor call) is a Keras preprocessing layer that
    /// switches to TensorFlow inside `tf.data` (a `DataLayer` in Keras 3: Rescaling,
    /// Resizing, the Random* augmentations, Normalization, the lookups, Hashing,
    /// TextVectorization without a Python `standardize`/`split` function, …).
    bool isDataLayer(TSNode node, const QByteArray &text, const ImportTable &imports) const;

    /// The string literals (with their quotes, as written) that a Keras object was saved
    /// to: `model.save('dir')`, `keras.models.save_model(model, 'dir')`.
    const QSet<QByteArray> &savedPaths() const { return m_savedPaths; }

private:
    Kind classifyName(const QByteArray &name, const ImportTable &imports) const;
    void bind(const QByteArray &name, Kind kind);

    QSet<QByteArray> m_keras;     ///< names bound to Keras objects (and Keras-returning functions)
    QSet<QByteArray> m_foreign;   ///< names bound to other libraries' objects
    QSet<QByteArray> m_savedPaths;
    QSet<QByteArray> m_dataLayers; ///< names bound to a data layer's constructor call
};

/// The kind of a fully qualified module path: Keras (`keras.…`, `tensorflow.keras.…`,
/// `tensorflow.python.keras.…`, `tf_keras.…`) or Foreign.
KerasObjects::Kind kindOfQualifiedName(const QString &qualified);

} // namespace kmw
