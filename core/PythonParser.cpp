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
    return tree ? countSyntaxErrors(ts_tree_root_node(tree.get())) : 0;
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

} // namespace kmw
