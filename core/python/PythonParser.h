#pragma once

#include <QByteArray>

#include <memory>

#include <tree_sitter/api.h>

extern "C" const TSLanguage *tree_sitter_python(void);

namespace kmw {

struct TreeDeleter {
    void operator()(TSTree *t) const { ts_tree_delete(t); }
};
struct QueryDeleter {
    void operator()(TSQuery *q) const { ts_query_delete(q); }
};
struct QueryCursorDeleter {
    void operator()(TSQueryCursor *c) const { ts_query_cursor_delete(c); }
};
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;
using QueryPtr = std::unique_ptr<TSQuery, QueryDeleter>;
using QueryCursorPtr = std::unique_ptr<TSQueryCursor, QueryCursorDeleter>;

/// A tree-sitter parser for Python (grammar tree-sitter-python 0.23.6, ABI 14).
/// Not thread-safe: use one per thread.
class PythonParser {
public:
    PythonParser();
    ~PythonParser();
    PythonParser(const PythonParser &) = delete;
    PythonParser &operator=(const PythonParser &) = delete;

    /// Parses UTF-8 `source` (magics already masked). Byte offsets of nodes are offsets
    /// into `source`. Never fails on syntax errors: they become ERROR/MISSING nodes.
    TreePtr parse(const QByteArray &source) const;

    /// Parses masked `source` and tells whether the tree holds an ERROR or MISSING node.
    bool hasSyntaxError(const QByteArray &source) const;
    /// Parses masked `source` and counts its ERROR and MISSING nodes, and the statements
    /// CPython's compiler refuses that tree-sitter takes (countCompileErrors()).
    int syntaxErrorCount(const QByteArray &source) const;

private:
    TSParser *m_parser;
};

/// Statements that parse but that CPython refuses to compile (a SyntaxError or
/// IndentationError from compile()): `return`/`yield` outside a function, `break`/
/// `continue` outside a loop, and a statement of a block that starts its line at another
/// column than the block's first statement (an inserted line at column 0 in a function
/// body). https://docs.python.org/3/reference/lexical_analysis.html#indentation
int countCompileErrors(TSNode root, const QByteArray &source);

/// True when `node` is not null and of `type` ("call", "identifier", …).
/// The UTF-8 text of `node` in `text`; empty for a null node (an absent field).
QByteArray nodeText(TSNode node, const QByteArray &text);

/// The name an import capture binds, or a name node's text: the alias of an
/// `aliased_import` (`np` of `import numpy as np`), else the node's text.
QByteArray localName(TSNode node, const QByteArray &text);

inline bool is(TSNode node, const char *type)
{
    return !ts_node_is_null(node) && qstrcmp(ts_node_type(node), type) == 0;
}

/// The child in field `name` ("function", "arguments", …); a null node when absent or
/// when `node` itself is null (tree-sitter's own call does not take a null node).
inline TSNode field(TSNode node, const char *name)
{
    return ts_node_is_null(node) ? TSNode{} : ts_node_child_by_field_name(node, name, uint32_t(qstrlen(name)));
}

/// Visits `root` and its descendants in document order without recursion (any depth).
/// `visit(node)` returns whether to descend into that node's children.
template <typename Visit>
void forEachNode(TSNode root, Visit visit)
{
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    for (;;) {
        if (visit(ts_tree_cursor_current_node(&cursor)) && ts_tree_cursor_goto_first_child(&cursor))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
            if (!ts_tree_cursor_goto_parent(&cursor)) {
                ts_tree_cursor_delete(&cursor);
                return;
            }
        }
    }
}

/// Number of ERROR and MISSING nodes under `node` (iterative walk).
int countSyntaxErrors(TSNode node);

/// True when `node` or one of its ancestors is an ERROR node: tree-sitter recovered
/// around broken code there, so what it matched may not be what the code means.
bool insideSyntaxError(TSNode node);

} // namespace kmw
