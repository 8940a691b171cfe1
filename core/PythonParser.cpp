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

} // namespace kmw
