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

struct QueryPredicate;
class ImportTable;

/// What the layers above the parser know of a cell, for the predicates they register
/// (the rules layer's Keras objects and backend tensors: KerasFacts.h). Predicates
/// dynamic_cast it to their own type.
class MatchFacts {
public:
    virtual ~MatchFacts() = default;
};

/// What predicates beyond text need: the imports in effect, the document's uses of
/// each identifier, and the upper layers' facts. Any may be null (the predicates that
/// need it then never hold).
struct MatchContext {
    const ImportTable *imports = nullptr;
    const QHash<QByteArray, int> *identifierUses = nullptr;
    const MatchFacts *facts = nullptr;
};

/// One evaluation of a registered predicate on a match.
struct PredicateCall {
    TSNode node;                    ///< the node of the predicate's capture
    const QByteArray &value;        ///< its text
    const QByteArray &text;         ///< the text the tree was parsed from
    const QueryPredicate &predicate;///< its literal and regex (`"…"` argument)
    const MatchContext &context;
};

/// A predicate other than tree-sitter's own text ones (`#eq?`, `#match?`, `#any-of?`),
/// registered by the layer that knows what it means: `#resolves-to?`, `#unused?`, …
/// (PythonPredicates.cpp), `#keras-model?`, `#keras3-missing?`, … (KerasPredicates.cpp).
/// Every one also has its `#not-` form.
struct PredicateKind {
    enum class Arguments {
        Capture,         ///< `#name? @a`
        CaptureAndValue, ///< `#name? @a "regex"`: the regex compiled once, at compile()
    };
    Arguments arguments = Arguments::Capture;
    bool anchored = false; ///< the regex must match the whole text, not a part of it
    std::function<bool(const PredicateCall &)> holds;
};

/// Makes `name` (`keras-model?`: no `#`, no `not-`) known to Query::compile(). A name
/// registered twice keeps its first kind (compiled queries point at it). Not
/// thread-safe: register before the first compile() (Builtins.cpp does, before main()).
void registerPredicate(const QByteArray &name, PredicateKind kind);
/// The kind registered under `name`, or nullptr.
const PredicateKind *predicateKind(const QByteArray &name);
/// The registered names, sorted.
QList<QByteArray> registeredPredicates();

/// One predicate of a tree-sitter query. The tree-sitter C API parses predicates but
/// leaves their evaluation to the caller (api.h, ts_query_predicates_for_pattern);
/// Query::forEachMatch does it.
struct QueryPredicate {
    enum class Op {
        Eq,
        Match,
        AnyOf,
        Registered, ///< `kind` says what it means
    };
    Op op = Op::Eq;
    const PredicateKind *kind = nullptr;
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

} // namespace kmw
