#pragma once

#include "PythonParser.h"

#include <QByteArray>
#include <QHash>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <memory>

namespace kmw {

class KerasObjects;

/// One text predicate of a tree-sitter query: `#eq?`, `#match?`, `#any-of?` and their
/// `#not-` forms. The tree-sitter C API parses predicates but leaves their evaluation
/// to the caller (api.h, ts_query_predicates_for_pattern); Query::matches does it.
struct QueryPredicate {
    enum class Op {
        Eq,
        Match,
        AnyOf,
        ResolvesTo,   ///< `#resolves-to? @a "regex"`: the capture's dotted text, resolved
                      ///< through the imports (ImportTable), matches the regex
        InsideClass,  ///< `#inside-class? @a "regex"`: an enclosing class's bases match
        Keras3Missing,///< `#keras3-missing? @a`: the resolved name is one Keras 3 lacks
        Unused,       ///< `#unused? @a`: the name is used nowhere in the document
                      ///< outside import statements
        BackendTensor,///< `#backend-tensor? @a`: the expression is a backend tensor under
                      ///< Keras 3 (a model's output, …: BackendTensors.h)
        AllNamesIn,   ///< `#all-names-in? @import "keras.ops"`: every name the `from … import`
                      ///< statement imports exists in that Keras 3 module (KerasApi)
        KerasModel,   ///< `#keras-model? @a`: the name is bound to a Keras model
                      ///< (`Sequential(…)`, `Model(…)`, `load_model(…)`: BackendTensors.h)
        Imports,      ///< `#imports? @a "regex"`: an import in effect binds a name to a
                      ///< qualified name matching the regex (`"^h5py$"`); @a only anchors it
        SavedPath,    ///< `#saved-path? @a`: the string is a path that a Keras object was
                      ///< saved to earlier in the document (KerasObjects::savedPaths)
        KerasObject,  ///< `#keras-object? @a`: KerasObjects classifies the node as Keras
        DataLayer,    ///< `#data-layer? @a`: a Keras preprocessing layer that runs inside
                      ///< tf.data (KerasObjects::isDataLayer)
        KerasTensor,  ///< `#keras-tensor? @a`: the expression is a KerasTensor, a Functional
                      ///< model's symbolic value (BackendTensors::isKerasTensorExpression)
        MultiOutputModel, ///< `#multi-output-model? @a`: the name is bound to a Functional
                          ///< model with two or more outputs
        InsideFunction, ///< `#inside-function? @a "regex"`: the innermost function the capture
                        ///< is in has a name the regex matches whole (`"call"`)
        ClassDefines, ///< `#class-defines? @a "regex"`: the class the capture is (or is
                      ///< inside) defines a method whose whole name matches the regex
    };
    Op op = Op::Eq;
    bool negated = false;
    uint32_t captureId = 0;
    bool compareCapture = false; ///< `#eq? @a @b`: compare with another capture
    uint32_t otherCaptureId = 0;
    QByteArray literal;          ///< `#eq? @a "text"`
    QRegularExpression regex;    ///< `#match? @a "regex"` (a search, as in tree-sitter)
    QList<QByteArray> anyOf;     ///< `#any-of? @a "x" "y"`
};

/// The captures of one query match: capture name -> node (the first node captured
/// under that name).
using CaptureMap = QHash<QString, TSNode>;

class ImportTable;
class BackendTensors;

/// What predicates beyond text need: the imports in effect, the document's uses of
/// each identifier and its backend tensors. Any may be null (those predicates then
/// never hold).
struct MatchContext {
    const ImportTable *imports = nullptr;
    const QHash<QByteArray, int> *identifierUses = nullptr;
    const BackendTensors *tensors = nullptr;
    const KerasObjects *objects = nullptr;
};

/// A compiled tree-sitter query over Python with its predicates.
class Query {
public:
    /// Compiles `source`. On failure returns null and sets `*errorOffset` (byte offset
    /// in `source`) and `*message` (the kind of error: syntax, node type, field,
    /// capture, structure, or an unknown/ill-formed predicate).
    static std::shared_ptr<Query> compile(const QByteArray &source, uint32_t *errorOffset,
                                          QString *message);

    /// Runs the query on `root` (a tree parsed from `text`), calling `onMatch` with the
    /// captures of every match whose predicates all hold, and the index of the pattern
    /// that matched (patterns are numbered in the order they appear in the query).
    void forEachMatch(TSNode root, const QByteArray &text, const MatchContext &context,
                      const std::function<void(const CaptureMap &, int pattern)> &onMatch) const;

    /// Number of top-level patterns.
    uint32_t patternCount() const { return m_count; }

    /// The patterns [first, first + count) of this query as a query of their own,
    /// sharing the compiled query (nothing is recompiled): matches of other patterns
    /// are skipped and pattern indexes start at 0. How a rule pack gives each rule its
    /// query after compiling all of them as one (compiling is most of its load time).
    std::shared_ptr<Query> subset(uint32_t first, uint32_t count) const;
    /// Byte offset in the query's source where pattern `pattern` starts.
    uint32_t patternStartByte(uint32_t pattern) const
    {
        return ts_query_start_byte_for_pattern(m_query.get(), m_first + pattern);
    }

    /// True when the query has at least one match in `root`.
    bool anyMatch(TSNode root, const QByteArray &text, const MatchContext &context = {}) const;

private:
    Query() = default;
    bool predicatesHold(const TSQueryMatch &match, const QByteArray &text, const MatchContext &context) const;

    std::shared_ptr<TSQuery> m_query;
    QVector<QVector<QueryPredicate>> m_predicates; // per pattern of the whole query
    QStringList m_captureNames;
    uint32_t m_first = 0; ///< first pattern of this (sub)query
    uint32_t m_count = 0; ///< its number of patterns
};

/// The UTF-8 text of `node` in `text`; empty for a null node (an absent field).
QByteArray nodeText(TSNode node, const QByteArray &text);

} // namespace kmw
