#include "Query.h"

#include "KerasObjects.h"

#include "BackendTensors.h"

#include "ImportTable.h"
#include "KerasApi.h"

namespace kmw {

QByteArray nodeText(TSNode node, const QByteArray &text)
{
    if (ts_node_is_null(node))
        return {}; // an absent field (`x: int` has no right side)
    const uint32_t b = ts_node_start_byte(node), e = ts_node_end_byte(node);
    return text.mid(b, e - b);
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
            if (name == "eq?")
                pred.op = QueryPredicate::Op::Eq;
            else if (name == "match?")
                pred.op = QueryPredicate::Op::Match;
            else if (name == "any-of?")
                pred.op = QueryPredicate::Op::AnyOf;
            else if (name == "resolves-to?")
                pred.op = QueryPredicate::Op::ResolvesTo;
            else if (name == "inside-class?")
                pred.op = QueryPredicate::Op::InsideClass;
            else if (name == "keras3-missing?")
                pred.op = QueryPredicate::Op::Keras3Missing;
            else if (name == "unused?")
                pred.op = QueryPredicate::Op::Unused;
            else if (name == "backend-tensor?")
                pred.op = QueryPredicate::Op::BackendTensor;
            else if (name == "keras-model?")
                pred.op = QueryPredicate::Op::KerasModel;
            else if (name == "imports?")
                pred.op = QueryPredicate::Op::Imports;
            else if (name == "saved-path?")
                pred.op = QueryPredicate::Op::SavedPath;
            else if (name == "keras-object?")
                pred.op = QueryPredicate::Op::KerasObject;
            else if (name == "data-layer?")
                pred.op = QueryPredicate::Op::DataLayer;
            else if (name == "keras-tensor?")
                pred.op = QueryPredicate::Op::KerasTensor;
            else if (name == "multi-output-model?")
                pred.op = QueryPredicate::Op::MultiOutputModel;
            else if (name == "inside-function?")
                pred.op = QueryPredicate::Op::InsideFunction;
            else if (name == "class-defines?")
                pred.op = QueryPredicate::Op::ClassDefines;
            else if (name == "all-names-in?")
                pred.op = QueryPredicate::Op::AllNamesIn;
            else {
                fail(QStringLiteral("unknown predicate #%1").arg(QString::fromUtf8(name)));
                return nullptr;
            }
            const bool unary = pred.op == QueryPredicate::Op::Keras3Missing || pred.op == QueryPredicate::Op::Unused ||
                               pred.op == QueryPredicate::Op::BackendTensor || pred.op == QueryPredicate::Op::KerasModel ||
                               pred.op == QueryPredicate::Op::SavedPath || pred.op == QueryPredicate::Op::KerasObject ||
                               pred.op == QueryPredicate::Op::DataLayer || pred.op == QueryPredicate::Op::KerasTensor ||
                               pred.op == QueryPredicate::Op::MultiOutputModel;
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
                    pred.regex.setPattern(pred.op == QueryPredicate::Op::ClassDefines || pred.op == QueryPredicate::Op::InsideFunction
                                              ? QRegularExpression::anchoredPattern(pattern) : pattern);
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

namespace {

bool insideClass(TSNode node, const QByteArray &text, const QRegularExpression &bases)
{
    for (TSNode n = ts_node_parent(node); !ts_node_is_null(n); n = ts_node_parent(n)) {
        if (qstrcmp(ts_node_type(n), "class_definition") != 0)
            continue;
        const TSNode superclasses = ts_node_child_by_field_name(n, "superclasses", 12);
        if (!ts_node_is_null(superclasses) && bases.match(QString::fromUtf8(nodeText(superclasses, text))).hasMatch())
            return true;
    }
    return false;
}

/// True when the class `node` is (or the innermost class it is inside) has a method
/// (decorated or not) whose name matches `name`.
bool classDefines(TSNode node, const QByteArray &text, const QRegularExpression &name)
{
    while (!ts_node_is_null(node) && qstrcmp(ts_node_type(node), "class_definition") != 0)
        node = ts_node_parent(node);
    if (ts_node_is_null(node))
        return false;
    const TSNode body = ts_node_child_by_field_name(node, "body", 4);
    const uint32_t n = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < n; ++i) {
        TSNode statement = ts_node_named_child(body, i);
        if (qstrcmp(ts_node_type(statement), "decorated_definition") == 0)
            statement = ts_node_child_by_field_name(statement, "definition", 10);
        if (qstrcmp(ts_node_type(statement), "function_definition") == 0 &&
            name.match(QString::fromUtf8(nodeText(ts_node_child_by_field_name(statement, "name", 4), text))).hasMatch())
            return true;
    }
    return false;
}

/// True when the innermost function definition enclosing `node` has a name matching `name`.
bool insideFunction(TSNode node, const QByteArray &text, const QRegularExpression &name)
{
    for (TSNode n = ts_node_parent(node); !ts_node_is_null(n); n = ts_node_parent(n))
        if (qstrcmp(ts_node_type(n), "function_definition") == 0)
            return name.match(QString::fromUtf8(nodeText(ts_node_child_by_field_name(n, "name", 4), text))).hasMatch();
    return false;
}

/// The name a capture binds or uses: an alias if it is an aliased import, else its text.
QByteArray localName(TSNode node, const QByteArray &text)
{
    if (qstrcmp(ts_node_type(node), "aliased_import") == 0)
        return nodeText(ts_node_child_by_field_name(node, "alias", 5), text);
    return nodeText(node, text);
}

} // namespace

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
        case QueryPredicate::Op::ResolvesTo:
            holds = context.imports && pred.regex.match(context.imports->resolve(value)).hasMatch();
            break;
        case QueryPredicate::Op::InsideClass: {
            TSNode node;
            holds = captureNode(pred.captureId, &node) && insideClass(node, text, pred.regex);
            break;
        }
        case QueryPredicate::Op::Keras3Missing: {
            TSNode node;
            if (context.imports && captureNode(pred.captureId, &node)) {
                // An import name resolves through the table like any use of it.
                const QByteArray name = qstrcmp(ts_node_type(node), "aliased_import") == 0
                                            ? localName(node, text) : value;
                holds = KerasApi::instance().status(context.imports->resolve(name)) == KerasApi::Status::Missing;
            }
            break;
        }
        case QueryPredicate::Op::BackendTensor: {
            TSNode node;
            holds = context.tensors && context.imports && captureNode(pred.captureId, &node) &&
                    context.tensors->isTensorExpression(node, text, *context.imports);
            break;
        }
        case QueryPredicate::Op::AllNamesIn: {
            TSNode node;
            if (!captureNode(pred.captureId, &node) || !is(node, "import_from_statement"))
                break;
            const TSNode module = field(node, "module_name");
            const uint32_t n = ts_node_named_child_count(node);
            int names = 0;
            holds = true;
            for (uint32_t k = 0; k < n && holds; ++k) {
                TSNode child = ts_node_named_child(node, k);
                if (ts_node_eq(child, module))
                    continue;
                if (is(child, "aliased_import"))
                    child = field(child, "name");
                if (!is(child, "dotted_name")) {
                    holds = false; // `import *`
                    break;
                }
                ++names;
                const QString qualified = QString::fromUtf8(pred.literal) + QLatin1Char('.') +
                                          QString::fromUtf8(nodeText(child, text));
                holds = KerasApi::instance().status(qualified) == KerasApi::Status::Present;
            }
            holds = holds && names > 0;
            break;
        }
        case QueryPredicate::Op::Imports:
            holds = context.imports && context.imports->bindsMatching(pred.regex);
            break;
        case QueryPredicate::Op::SavedPath:
            holds = context.objects && context.objects->savedPaths().contains(value);
            break;
        case QueryPredicate::Op::KerasObject: {
            TSNode node;
            holds = context.objects && context.imports && captureNode(pred.captureId, &node) &&
                    context.objects->classify(node, text, *context.imports) == KerasObjects::Kind::Keras;
            break;
        }
        case QueryPredicate::Op::DataLayer: {
            TSNode node;
            holds = context.objects && context.imports && captureNode(pred.captureId, &node) &&
                    context.objects->isDataLayer(node, text, *context.imports);
            break;
        }
        case QueryPredicate::Op::KerasTensor: {
            TSNode node;
            holds = context.tensors && context.imports && captureNode(pred.captureId, &node) &&
                    context.tensors->isKerasTensorExpression(node, text, *context.imports);
            break;
        }
        case QueryPredicate::Op::MultiOutputModel:
            holds = context.tensors && context.tensors->multiOutputModels().contains(value);
            break;
        case QueryPredicate::Op::InsideFunction: {
            TSNode node;
            holds = captureNode(pred.captureId, &node) && insideFunction(node, text, pred.regex);
            break;
        }
        case QueryPredicate::Op::ClassDefines: {
            TSNode node;
            holds = captureNode(pred.captureId, &node) && classDefines(node, text, pred.regex);
            break;
        }
        case QueryPredicate::Op::KerasModel:
            holds = context.tensors && context.tensors->models().contains(value);
            break;
        case QueryPredicate::Op::Unused: {
            TSNode node;
            holds = context.identifierUses && captureNode(pred.captureId, &node) &&
                    context.identifierUses->value(localName(node, text)) == 0;
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
