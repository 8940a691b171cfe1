#include "ClassEdits.h"

#include "Query.h"

namespace kmw {

namespace {

/// The whitespace between the start of `node`'s line and `node`.
QByteArray indentation(TSNode node, const QByteArray &source)
{
    const qsizetype begin = ts_node_start_byte(node);
    const qsizetype lineStart = source.lastIndexOf('\n', begin - 1) + 1;
    return source.mid(lineStart, begin - lineStart);
}

TSNode definition(TSNode statement)
{
    return is(statement, "decorated_definition") ? field(statement, "definition") : statement;
}

bool isDocstring(TSNode statement)
{
    return is(statement, "expression_statement") && ts_node_named_child_count(statement) == 1 &&
           is(ts_node_named_child(statement, 0), "string");
}

} // namespace

bool statementInInit(TSNode node, const QByteArray &source, const QByteArray &statement, qsizetype *at, QByteArray *text)
{
    TSNode cls = node;
    while (!ts_node_is_null(cls) && !is(cls, "class_definition"))
        cls = ts_node_parent(cls);
    if (ts_node_is_null(cls))
        return false;
    const TSNode body = field(cls, "body");
    const uint32_t n = ts_node_named_child_count(body);
    if (n == 0)
        return false;
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode def = definition(ts_node_named_child(body, i));
        if (!is(def, "function_definition") || nodeText(field(def, "name"), source) != "__init__")
            continue;
        const TSNode initBody = field(def, "body");
        const uint32_t count = ts_node_named_child_count(initBody);
        if (count == 0)
            return false;
        for (uint32_t k = 0; k < count; ++k)
            if (nodeText(ts_node_named_child(initBody, k), source).trimmed() == statement.trimmed())
                return false; // already made there
        const TSNode last = ts_node_named_child(initBody, count - 1);
        *at = ts_node_end_byte(last);
        *text = '\n' + indentation(ts_node_named_child(initBody, 0), source) + statement;
        return true;
    }
    // No __init__: a new one before the first statement that is not the docstring.
    const QByteArray indent = indentation(ts_node_named_child(body, 0), source);
    if (!indent.trimmed().isEmpty())
        return false; // `class A: pass`, a body on the class's line
    QByteArray unit = indent.mid(indentation(cls, source).size());
    if (unit.isEmpty())
        unit = "    ";
    const QByteArray init = indent + "def __init__(self, **kwargs):\n" + indent + unit + "super().__init__(**kwargs)\n" +
                            indent + unit + statement + '\n';
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode first = ts_node_named_child(body, i);
        if (isDocstring(first) || is(first, "comment"))
            continue;
        *at = source.lastIndexOf('\n', ts_node_start_byte(first) - 1) + 1;
        *text = init + '\n';
        return true;
    }
    *at = ts_node_end_byte(ts_node_named_child(body, n - 1));
    *text = "\n\n" + init;
    *text = text->left(text->size() - 1);
    return true;
}

} // namespace kmw
