#include "Query.h"

#include <map>

namespace kmw {

namespace {

/// The registered predicates. std::map keeps each kind's address stable (QueryPredicate
/// points at it) when later names are added.
std::map<QByteArray, PredicateKind> &predicateRegistry()
{
    static std::map<QByteArray, PredicateKind> registry;
    return registry;
}

} // namespace

void registerPredicate(const QByteArray &name, PredicateKind kind)
{
    predicateRegistry().try_emplace(name, std::move(kind)); // the first stays: queries point at it
}

const PredicateKind *predicateKind(const QByteArray &name)
{
    const auto it = predicateRegistry().find(name);
    return it == predicateRegistry().end() ? nullptr : &it->second;
}

QList<QByteArray> registeredPredicates()
{
    QList<QByteArray> names;
    for (const auto &entry : predicateRegistry())
        names << entry.first;
    return names;
}

std::shared_ptr<Query> Query::compile(const QByteArray &source, uint32_t *errorOffset,
                                      QString *message)
{
    TSQueryError type = TSQueryErrorNone;
    uint32_t offset = 0;
    TSQuery *raw = ts_query_new(tree_sitter_python(), source.constData(), uint32_t(source.size()),
                                &offset, &type);
    if (!raw) {
        static const char *const kinds[] = {"none", "syntax error", "unknown node type",
                                            "unknown field", "unknown capture", "impossible pattern",
                                            "language"};
        *errorOffset = offset;
        *message = QStringLiteral("query %1").arg(QLatin1String(kinds[std::min<int>(type, 6)]));
        return nullptr;
    }
    std::shared_ptr<Query> q(new Query);
    q->m_query.reset(raw, QueryDeleter());
    q->m_count = ts_query_pattern_count(raw);
    for (uint32_t i = 0; i < ts_query_capture_count(raw); ++i) {
        uint32_t len = 0;
        const char *name = ts_query_capture_name_for_id(raw, i, &len);
        q->m_captureNames << QString::fromUtf8(name, len);
    }
    const auto stringValue = [raw](uint32_t id) {
        uint32_t len = 0;
        const char *s = ts_query_string_value_for_id(raw, id, &len);
        return QByteArray(s, len);
    };
    for (uint32_t p = 0; p < ts_query_pattern_count(raw); ++p) {
        uint32_t count = 0;
        const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(raw, p, &count);
        QVector<QueryPredicate> preds;
        for (uint32_t i = 0; i < count;) {
            uint32_t j = i;
            while (j < count && steps[j].type != TSQueryPredicateStepTypeDone)
                ++j;
            // steps[i..j) is one predicate: name, then arguments.
            const auto fail = [&](const QString &why) {
                *errorOffset = ts_query_start_byte_for_pattern(raw, p);
                *message = why;
            };
            if (j == i || steps[i].type != TSQueryPredicateStepTypeString) {
                fail(QStringLiteral("ill-formed predicate"));
                return nullptr;
            }
            QByteArray name = stringValue(steps[i].value_id);
            QueryPredicate pred;
            if (name.startsWith("not-")) {
                pred.negated = true;
                name = name.mid(4);
            }
            if (name == "eq?") {
                pred.op = QueryPredicate::Op::Eq;
            } else if (name == "match?") {
                pred.op = QueryPredicate::Op::Match;
            } else if (name == "any-of?") {
                pred.op = QueryPredicate::Op::AnyOf;
            } else if (const PredicateKind *kind = predicateKind(name)) {
                pred.op = QueryPredicate::Op::Registered;
                pred.kind = kind;
            } else {
                fail(QStringLiteral("unknown predicate #%1").arg(QString::fromUtf8(name)));
                return nullptr;
            }
            const bool unary = pred.kind && pred.kind->arguments == PredicateKind::Arguments::Capture;
            if (unary) {
                if (j - i != 2 || steps[i + 1].type != TSQueryPredicateStepTypeCapture) {
                    fail(QStringLiteral("predicate #%1 takes one capture").arg(QString::fromUtf8(name)));
                    return nullptr;
                }
                pred.captureId = steps[i + 1].value_id;
                preds << pred;
                i = j + 1;
                continue;
            }
            if (j - i < 3 || steps[i + 1].type != TSQueryPredicateStepTypeCapture) {
                fail(QStringLiteral("predicate #%1 needs a capture and a value").arg(QString::fromUtf8(name)));
                return nullptr;
            }
            pred.captureId = steps[i + 1].value_id;
            if (pred.op == QueryPredicate::Op::AnyOf) {
                for (uint32_t k = i + 2; k < j; ++k)
                    pred.anyOf << stringValue(steps[k].value_id);
            } else if (steps[i + 2].type == TSQueryPredicateStepTypeCapture) {
                pred.compareCapture = true;
                pred.otherCaptureId = steps[i + 2].value_id;
            } else {
                pred.literal = stringValue(steps[i + 2].value_id);
                if (pred.op != QueryPredicate::Op::Eq) {
                    const QString pattern = QString::fromUtf8(pred.literal);
                    pred.regex.setPattern(pred.kind && pred.kind->anchored ? QRegularExpression::anchoredPattern(pattern)
                                                                           : pattern);
                    if (!pred.regex.isValid()) {
                        fail(QStringLiteral("invalid regex in #%1: %2").arg(QString::fromUtf8(name), pred.regex.errorString()));
                        return nullptr;
                    }
                }
            }
            preds << pred;
            i = j + 1;
        }
        q->m_predicates << preds;
    }
    return q;
}

bool Query::predicatesHold(const TSQueryMatch &match, const QByteArray &text, const MatchContext &context) const
{
    const auto captureNode = [&](uint32_t id, TSNode *node) {
        for (uint16_t k = 0; k < match.capture_count; ++k)
            if (match.captures[k].index == id) {
                *node = match.captures[k].node;
                return true;
            }
        return false;
    };
    const auto captureText = [&](uint32_t id, bool *found) {
        for (uint16_t k = 0; k < match.capture_count; ++k)
            if (match.captures[k].index == id) {
                *found = true;
                return nodeText(match.captures[k].node, text);
            }
        *found = false;
        return QByteArray();
    };
    for (const QueryPredicate &pred : m_predicates.value(match.pattern_index)) {
        bool found = false;
        const QByteArray value = captureText(pred.captureId, &found);
        if (!found)
            continue; // an optional capture that did not match: no constraint
        bool holds = false;
        switch (pred.op) {
        case QueryPredicate::Op::Eq:
            if (pred.compareCapture) {
                bool other = false;
                holds = captureText(pred.otherCaptureId, &other) == value && other;
            } else {
                holds = value == pred.literal;
            }
            break;
        case QueryPredicate::Op::Match:
            holds = pred.regex.match(QString::fromUtf8(value)).hasMatch();
            break;
        case QueryPredicate::Op::AnyOf:
            holds = pred.anyOf.contains(value);
            break;
        case QueryPredicate::Op::Registered: {
            TSNode node{};
            captureNode(pred.captureId, &node);
            holds = pred.kind->holds(PredicateCall{node, value, text, pred, context});
            break;
        }
        }
        if (holds == pred.negated)
            return false;
    }
    return true;
}

std::shared_ptr<Query> Query::subset(uint32_t first, uint32_t count) const
{
    std::shared_ptr<Query> q(new Query(*this));
    q->m_first = m_first + first;
    q->m_count = count;
    return q;
}

void Query::forEachMatch(TSNode root, const QByteArray &text, const MatchContext &context,
                         const std::function<void(const CaptureMap &, int)> &onMatch) const
{
    QueryCursorPtr cursor(ts_query_cursor_new());
    ts_query_cursor_exec(cursor.get(), m_query.get(), root);
    TSQueryMatch match;
    const bool whole = m_first == 0 && m_count == ts_query_pattern_count(m_query.get());
    while (ts_query_cursor_next_match(cursor.get(), &match)) {
        if (!whole && (match.pattern_index < m_first || match.pattern_index >= m_first + m_count))
            continue;
        if (!predicatesHold(match, text, context))
            continue;
        CaptureMap captures;
        for (uint16_t k = 0; k < match.capture_count; ++k) {
            const QString &name = m_captureNames[match.captures[k].index];
            if (!captures.contains(name))
                captures.insert(name, match.captures[k].node);
        }
        onMatch(captures, int(match.pattern_index - m_first));
    }
}

bool Query::anyMatch(TSNode root, const QByteArray &text, const MatchContext &context) const
{
    bool any = false;
    forEachMatch(root, text, context, [&](const CaptureMap &, int) { any = true; });
    return any;
}

} // namespace kmw
