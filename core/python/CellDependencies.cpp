#include "CellDependencies.h"

#include "MagicMask.h"
#include "PythonParser.h"

#include <algorithm>

namespace kmw {

namespace {

QString textOf(TSNode node, const QByteArray &source)
{
    const uint32_t b = ts_node_start_byte(node), e = ts_node_end_byte(node);
    return QString::fromUtf8(source.constData() + b, int(e - b));
}

/// Identifiers a target binds (`a, (b, c) = …`, `*rest`); attribute and subscript
/// targets bind nothing new (they read their object).
void collectTargets(TSNode node, const QByteArray &source, QSet<uint32_t> *at, QSet<QString> *binds)
{
    if (ts_node_is_null(node))
        return;
    if (is(node, "identifier")) {
        at->insert(ts_node_start_byte(node));
        binds->insert(textOf(node, source));
        return;
    }
    if (is(node, "attribute") || is(node, "subscript")) {
        // `x.attr = …`, `x[i] = …` change the object x names
        TSNode object = field(node, is(node, "attribute") ? "object" : "value");
        if (is(object, "identifier"))
            binds->insert(textOf(object, source));
        return;
    }
    const uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; ++i)
        collectTargets(ts_node_named_child(node, i), source, at, binds);
}

/// The name an import binds: `import a.b` binds `a`; `import a.b as c` binds `c`.
void collectImport(TSNode node, const QByteArray &source, QSet<uint32_t> *at, QSet<QString> *binds)
{
    if (is(node, "aliased_import")) {
        collectTargets(field(node, "alias"), source, at, binds);
        return;
    }
    if (is(node, "dotted_name") && ts_node_named_child_count(node) > 0) {
        binds->insert(textOf(ts_node_named_child(node, 0), source));
    }
}

} // namespace

CellNames cellNames(const QByteArray &original)
{
    CellNames names;
    const QByteArray source = maskIPythonMagics(original);
    PythonParser parser;
    const TreePtr tree = parser.parse(source);
    if (!tree)
        return names;
    QSet<uint32_t> boundAt; // start bytes of identifiers in binding positions
    QSet<uint32_t> notRead; // identifiers that are names, not reads (attributes, keywords, imports)
    forEachNode(ts_tree_root_node(tree.get()), [&](TSNode node) {
        if (is(node, "assignment") || is(node, "augmented_assignment")) {
            collectTargets(field(node, "left"), source, &boundAt, &names.binds);
            if (is(node, "augmented_assignment"))
                boundAt.remove(ts_node_start_byte(field(node, "left"))); // `x += 1` reads x too
        } else if (is(node, "for_statement") || is(node, "for_in_clause")) {
            collectTargets(field(node, "left"), source, &boundAt, &names.binds);
        } else if (is(node, "as_pattern")) {
            collectTargets(field(node, "alias"), source, &boundAt, &names.binds);
        } else if (is(node, "named_expression")) {
            collectTargets(field(node, "name"), source, &boundAt, &names.binds);
        } else if (is(node, "expression_statement") && is(ts_node_named_child(node, 0), "call")) {
            // `model.add(…)`, `model.fit(…)` as a statement change the object: later
            // cells that use it depend on this one too
            const TSNode function = field(ts_node_named_child(node, 0), "function");
            const TSNode object = field(function, "object");
            if (is(function, "attribute") && is(object, "identifier"))
                names.binds.insert(textOf(object, source));
        } else if (is(node, "function_definition") || is(node, "class_definition")) {
            collectTargets(field(node, "name"), source, &boundAt, &names.binds);
        } else if (is(node, "parameters") || is(node, "lambda_parameters")) {
            // parameter names are local to the function; default values are reads
            forEachNode(node, [&](TSNode p) {
                if (!is(p, "identifier"))
                    return true;
                const TSNode parent = ts_node_parent(p);
                const bool isName = is(parent, "parameters") || is(parent, "lambda_parameters")
                                    || is(parent, "typed_parameter") || is(parent, "list_splat_pattern")
                                    || is(parent, "dictionary_splat_pattern")
                                    || ts_node_eq(field(parent, "name"), p);
                if (isName)
                    notRead.insert(ts_node_start_byte(p));
                return true;
            });
        } else if (is(node, "import_statement") || is(node, "import_from_statement")) {
            const uint32_t n = ts_node_named_child_count(node);
            for (uint32_t i = 0; i < n; ++i) {
                const TSNode child = ts_node_named_child(node, i);
                if (is(node, "import_from_statement") && i == 0)
                    continue; // the module
                collectImport(child, source, &boundAt, &names.imports);
            }
            forEachNode(node, [&](TSNode p) {
                if (is(p, "identifier"))
                    notRead.insert(ts_node_start_byte(p));
                return true;
            });
            return false;
        } else if (is(node, "attribute")) {
            const TSNode attr = field(node, "attribute");
            if (!ts_node_is_null(attr))
                notRead.insert(ts_node_start_byte(attr));
        } else if (is(node, "keyword_argument")) {
            const TSNode name = field(node, "name");
            if (!ts_node_is_null(name))
                notRead.insert(ts_node_start_byte(name));
        } else if (is(node, "identifier")) {
            const uint32_t at = ts_node_start_byte(node);
            if (!boundAt.contains(at) && !notRead.contains(at))
                names.reads.insert(textOf(node, source));
        }
        return true;
    });
    names.imports.subtract(names.binds);
    names.binds.unite(names.imports);
    return names;
}

QHash<int, QVector<int>> cellDependencies(const Document &document)
{
    QHash<int, QVector<int>> depends;
    QHash<QString, int> lastBinder;
    for (int i = 0; i < document.cells.size(); ++i) {
        const Cell &cell = document.cells[i];
        if (cell.type != CellType::Code)
            continue;
        const CellNames names = cellNames(cell.source);
        QVector<int> from;
        for (const QString &name : names.reads) {
            const auto it = lastBinder.constFind(name);
            if (it != lastBinder.constEnd() && !from.contains(it.value()))
                from << it.value();
        }
        std::sort(from.begin(), from.end());
        if (!from.isEmpty())
            depends.insert(i, from);
        for (const QString &name : names.binds) {
            if (names.imports.contains(name))
                lastBinder.remove(name);
            else
                lastBinder.insert(name, i);
        }
    }
    return depends;
}

} // namespace kmw
