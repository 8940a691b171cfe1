#include "PythonParser.h"

namespace kmw {

PythonParser::PythonParser() : m_parser(ts_parser_new())
{
    ts_parser_set_language(m_parser, tree_sitter_python());
}

PythonParser::~PythonParser()
{
    ts_parser_delete(m_parser);
}

TreePtr PythonParser::parse(const QByteArray &source) const
{
    return TreePtr(ts_parser_parse_string(m_parser, nullptr, source.constData(),
                                          uint32_t(source.size())));
}

bool PythonParser::hasSyntaxError(const QByteArray &source) const
{
    const TreePtr tree = parse(source);
    return tree && ts_node_has_error(ts_tree_root_node(tree.get()));
}

int PythonParser::syntaxErrorCount(const QByteArray &source) const
{
    const TreePtr tree = parse(source);
    return tree ? countSyntaxErrors(ts_tree_root_node(tree.get())) + countCompileErrors(ts_tree_root_node(tree.get()), source) : 0;
}

namespace {

/// The column of `node` when it starts its line (only blanks before it), else -1.
qsizetype lineStartColumn(TSNode node, const QByteArray &source)
{
    const qsizetype begin = ts_node_start_byte(node);
    const qsizetype lineStart = source.lastIndexOf('\n', begin - 1) + 1;
    for (qsizetype i = lineStart; i < begin; ++i)
        if (source[i] != ' ' && source[i] != '\t')
            return -1;
    return begin - lineStart;
}

/// True when an ancestor of `node` of one of `types` comes before one of `stops`.
bool enclosedBy(TSNode node, std::initializer_list<const char *> types, std::initializer_list<const char *> stops)
{
    for (TSNode n = ts_node_parent(node); !ts_node_is_null(n); n = ts_node_parent(n)) {
        for (const char *t : types)
            if (is(n, t))
                return true;
        for (const char *s : stops)
            if (is(n, s))
                return false;
    }
    return false;
}

} // namespace

int countCompileErrors(TSNode root, const QByteArray &source)
{
    int count = 0;
    forEachNode(root, [&](TSNode node) {
        if (is(node, "return_statement") || is(node, "yield")) {
            if (!enclosedBy(node, {"function_definition"}, {"class_definition"}))
                ++count;
        } else if (is(node, "break_statement") || is(node, "continue_statement")) {
            if (!enclosedBy(node, {"for_statement", "while_statement"}, {"function_definition", "class_definition"}))
                ++count;
        } else if (is(node, "block")) {
            qsizetype column = -1;
            const uint32_t n = ts_node_named_child_count(node);
            for (uint32_t i = 0; i < n; ++i) {
                const TSNode statement = ts_node_named_child(node, i);
                if (is(statement, "comment"))
                    continue;
                const qsizetype c = lineStartColumn(statement, source);
                if (c < 0)
                    continue; // `if x: y` on the header's line
                if (column < 0)
                    column = c;
                else if (c != column)
                    ++count;
            }
        }
        return true;
    });
    return count;
}

namespace {
bool isErrorNode(TSNode node)
{
    return ts_node_symbol(node) == TSSymbol(-1); // ts_builtin_sym_error
}
} // namespace

int countSyntaxErrors(TSNode node)
{
    int count = 0;
    forEachNode(node, [&](TSNode current) {
        if (isErrorNode(current) || ts_node_is_missing(current))
            ++count;
        // Descend only into subtrees that hold an error.
        return ts_node_has_error(current) && !isErrorNode(current);
    });
    return count;
}

bool insideSyntaxError(TSNode node)
{
    for (TSNode n = node; !ts_node_is_null(n); n = ts_node_parent(n))
        if (isErrorNode(n))
            return true;
    return false;
}

QByteArray nodeText(TSNode node, const QByteArray &text)
{
    if (ts_node_is_null(node))
        return {}; // an absent field (`x: int` has no right side)
    const uint32_t b = ts_node_start_byte(node), e = ts_node_end_byte(node);
    return text.mid(b, e - b);
}

QByteArray localName(TSNode node, const QByteArray &text)
{
    if (qstrcmp(ts_node_type(node), "aliased_import") == 0)
        return nodeText(ts_node_child_by_field_name(node, "alias", 5), text);
    return nodeText(node, text);
}

} // namespace kmw
