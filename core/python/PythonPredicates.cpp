#include "PythonPredicates.h"

#include "ImportTable.h"
#include "Query.h"

namespace kmw {

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

PredicateKind withValue(std::function<bool(const PredicateCall &)> holds, bool anchored = false)
{
    return PredicateKind{PredicateKind::Arguments::CaptureAndValue, anchored, std::move(holds)};
}

} // namespace

void registerPythonPredicates()
{
    registerPredicate("resolves-to?", withValue([](const PredicateCall &c) {
        return c.context.imports && c.predicate.regex.match(c.context.imports->resolve(c.value)).hasMatch();
    }));
    registerPredicate("imports?", withValue([](const PredicateCall &c) {
        return c.context.imports && c.context.imports->bindsMatching(c.predicate.regex);
    }));
    registerPredicate("inside-class?", withValue([](const PredicateCall &c) {
        return insideClass(c.node, c.text, c.predicate.regex);
    }));
    registerPredicate("inside-function?", withValue([](const PredicateCall &c) {
        return insideFunction(c.node, c.text, c.predicate.regex);
    }, true));
    registerPredicate("class-defines?", withValue([](const PredicateCall &c) {
        return classDefines(c.node, c.text, c.predicate.regex);
    }, true));
    registerPredicate("unused?", PredicateKind{PredicateKind::Arguments::Capture, false, [](const PredicateCall &c) {
        return c.context.identifierUses && c.context.identifierUses->value(localName(c.node, c.text)) == 0;
    }});
}

} // namespace kmw
