#pragma once

#include "PythonParser.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace kmw {

/// The names bound by import statements, so that a use can be resolved to what it
/// names: with `import tensorflow as tf`, `tf.keras.layers.Dense` resolves to
/// `tensorflow.keras.layers.Dense`; with `from keras import backend as K`, `K.exp` to
/// `keras.backend.exp`. A notebook is one namespace: the engine feeds the cells in
/// order, so imports of earlier cells apply to later ones (Python's own rule for a
/// kernel run top to bottom). Imports anywhere in a cell count (also inside functions).
class ImportTable {
public:
    /// Adds the bindings of every import statement under `root` (parsed from `text`).
    void addImports(TSNode root, const QByteArray &text);
    /// Binds `local` to `qualified` (e.g. "np" -> "numpy").
    void bind(const QString &local, const QString &qualified) { m_names.insert(local, qualified); }
    /// Records the names that code under `root` assigns, defines or takes as parameters
    /// (`image = load(...)`, `for K in …`, `def f(image)`): a name rebound anywhere is
    /// not resolved through its import, since it may not name the module there.
    void addRebindings(TSNode root, const QByteArray &text);

    /// Resolves a dotted reference (`tf.keras.layers`, `K.exp`, `Dense`; whitespace is
    /// ignored): the first name is replaced by what it is bound to. A first name that no
    /// import binds is kept, so unresolved text resolves to itself.
    QString resolve(const QByteArray &reference) const;
    /// Adds the bindings and star imports of `context` that this table does not have:
    /// the names a snippet (`%load`ed into a notebook) takes from the notebook.
    void addContext(const ImportTable &context);
    /// Records `from module import *`.
    void addStarImport(const QString &module) { if (!m_star.contains(module)) m_star << module; }
    /// The modules of the `from … import *` statements seen, in order.
    const QStringList &starModules() const { return m_star; }
    /// True when `local` was assigned, defined or taken as a parameter somewhere in the
    /// document (addRebindings).
    bool isRebound(const QString &local) const { return m_rebound.contains(local); }
    /// What `local` is bound to, or an empty string.
    QString qualified(const QString &local) const { return m_names.value(local); }
    /// True when some name is bound to `qualified` or to `tensorflow.` + `qualified`
    /// (which the import rules rewrite to `qualified`).
    bool bindsTo(const QString &qualified) const;
    /// True when some name is bound to a qualified name that `re` matches.
    bool bindsMatching(const QRegularExpression &re) const;

private:
    QHash<QString, QString> m_names;
    QSet<QString> m_rebound;
    QStringList m_star;
};

/// Keras 2 spellings of a Keras module path, made Keras 3's: `tensorflow.keras` and
/// `tensorflow.python.keras` become `keras`. Other names are returned unchanged.
QString canonicalKerasName(const QString &qualified);

} // namespace kmw
