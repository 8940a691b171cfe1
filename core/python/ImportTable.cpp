#include "ImportTable.h"

#include "PythonParser.h"

namespace kmw {
namespace {

QString textOf(TSNode node, const QByteArray &text)
{
    return QString::fromUtf8(nodeText(node, text)).remove(QLatin1Char(' '));
}

void addImportStatement(ImportTable *table, TSNode stmt, const QByteArray &text)
{
    const char *type = ts_node_type(stmt);
    if (qstrcmp(type, "import_statement") == 0) {
        const uint32_t n = ts_node_named_child_count(stmt);
        for (uint32_t i = 0; i < n; ++i) {
            const TSNode child = ts_node_named_child(stmt, i);
            if (qstrcmp(ts_node_type(child), "aliased_import") == 0) {
                const TSNode name = field(child, "name");
                const TSNode alias = field(child, "alias");
                table->bind(textOf(alias, text), textOf(name, text));
            } else if (qstrcmp(ts_node_type(child), "dotted_name") == 0) {
                const QString dotted = textOf(child, text);
                const QString head = dotted.section(QLatin1Char('.'), 0, 0);
                table->bind(head, head); // `import a.b` binds `a`
            }
        }
        return;
    }
    if (qstrcmp(type, "import_from_statement") != 0)
        return;
    const TSNode module = field(stmt, "module_name");
    if (ts_node_is_null(module) || qstrcmp(ts_node_type(module), "dotted_name") != 0)
        return; // relative imports name local modules
    const QString from = textOf(module, text);
    const uint32_t n = ts_node_named_child_count(stmt);
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode child = ts_node_named_child(stmt, i);
        if (ts_node_eq(child, module))
            continue;
        if (qstrcmp(ts_node_type(child), "aliased_import") == 0) {
            const TSNode name = field(child, "name");
            const TSNode alias = field(child, "alias");
            table->bind(textOf(alias, text), from + QLatin1Char('.') + textOf(name, text));
        } else if (qstrcmp(ts_node_type(child), "dotted_name") == 0) {
            const QString name = textOf(child, text);
            table->bind(name, from + QLatin1Char('.') + name);
        } else if (qstrcmp(ts_node_type(child), "wildcard_import") == 0) {
            table->addStarImport(from);
        }
    }
}

} // namespace

void ImportTable::addImports(TSNode root, const QByteArray &text)
{
    forEachNode(root, [&](TSNode node) {
        const char *type = ts_node_type(node);
        if (qstrcmp(type, "import_statement") == 0 || qstrcmp(type, "import_from_statement") == 0) {
            addImportStatement(this, node, text);
            return false;
        }
        return ts_node_named_child_count(node) > 0; // statements only: imports never sit in expressions
    });
}

namespace {

/// The identifiers a binding target binds: `a`, `a, b`, `(a, [b, c])`; not `x.y` or `x[0]`.
void targetNames(TSNode target, const QByteArray &text, QSet<QString> *names)
{
    const char *type = ts_node_type(target);
    if (qstrcmp(type, "identifier") == 0) {
        names->insert(QString::fromUtf8(nodeText(target, text)));
        return;
    }
    if (qstrcmp(type, "pattern_list") == 0 || qstrcmp(type, "tuple_pattern") == 0 ||
        qstrcmp(type, "list_pattern") == 0 || qstrcmp(type, "expression_list") == 0 ||
        qstrcmp(type, "tuple") == 0 || qstrcmp(type, "list") == 0 || qstrcmp(type, "list_splat_pattern") == 0 ||
        qstrcmp(type, "parenthesized_expression") == 0)
        for (uint32_t i = 0; i < ts_node_named_child_count(target); ++i)
            targetNames(ts_node_named_child(target, i), text, names);
}

} // namespace

void ImportTable::addRebindings(TSNode root, const QByteArray &text)
{
    forEachNode(root, [&](TSNode node) {
        const char *type = ts_node_type(node);
        if (qstrcmp(type, "assignment") == 0 || qstrcmp(type, "augmented_assignment") == 0 ||
            qstrcmp(type, "for_statement") == 0 || qstrcmp(type, "for_in_clause") == 0) {
            targetNames(field(node, "left"), text, &m_rebound);
        } else if (qstrcmp(type, "function_definition") == 0 || qstrcmp(type, "class_definition") == 0) {
            targetNames(field(node, "name"), text, &m_rebound);
        } else if (qstrcmp(type, "parameters") == 0 || qstrcmp(type, "lambda_parameters") == 0) {
            for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
                const TSNode p = ts_node_named_child(node, i);
                const TSNode name = field(p, "name");
                targetNames(ts_node_is_null(name) ? (qstrcmp(ts_node_type(p), "typed_parameter") == 0 ? ts_node_named_child(p, 0) : p) : name,
                            text, &m_rebound);
            }
        } else if (qstrcmp(type, "as_pattern") == 0) {
            targetNames(field(node, "alias"), text, &m_rebound);
            const TSNode alias = ts_node_named_child(node, ts_node_named_child_count(node) - 1);
            if (qstrcmp(ts_node_type(alias), "as_pattern_target") == 0)
                for (uint32_t i = 0; i < ts_node_named_child_count(alias); ++i)
                    targetNames(ts_node_named_child(alias, i), text, &m_rebound);
        } else if (qstrcmp(type, "named_expression") == 0) {
            targetNames(field(node, "name"), text, &m_rebound);
        }
        return true;
    });
}

QString ImportTable::resolve(const QByteArray &reference) const
{
    QString ref = QString::fromUtf8(reference);
    ref.remove(QLatin1Char(' ')).remove(QLatin1Char('\n')).remove(QLatin1Char('\r')).remove(QLatin1Char('\t'));
    const qsizetype dot = ref.indexOf(QLatin1Char('.'));
    const QString head = dot < 0 ? ref : ref.left(dot);
    const auto it = m_names.constFind(head);
    if (it == m_names.constEnd() || m_rebound.contains(head))
        return ref;
    return dot < 0 ? it.value() : it.value() + ref.mid(dot);
}

bool ImportTable::bindsTo(const QString &qualified) const
{
    for (auto it = m_names.constBegin(); it != m_names.constEnd(); ++it)
        if (it.value() == qualified || it.value() == QLatin1String("tensorflow.") + qualified)
            return true;
    return false;
}

void ImportTable::addContext(const ImportTable &context)
{
    for (auto it = context.m_names.constBegin(); it != context.m_names.constEnd(); ++it)
        if (!m_names.contains(it.key()))
            m_names.insert(it.key(), it.value());
    for (const QString &module : context.m_star)
        addStarImport(module);
}

bool ImportTable::bindsMatching(const QRegularExpression &re) const
{
    for (auto it = m_names.constBegin(); it != m_names.constEnd(); ++it)
        if (re.match(it.value()).hasMatch())
            return true;
    return false;
}

QString canonicalKerasName(const QString &qualified)
{
    for (const QLatin1String prefix : {QLatin1String("tensorflow.python.keras"), QLatin1String("tensorflow.keras")}) {
        if (qualified == prefix)
            return QStringLiteral("keras");
        if (qualified.startsWith(prefix + QLatin1Char('.')))
            return QStringLiteral("keras") + qualified.mid(prefix.size());
    }
    return qualified;
}

} // namespace kmw
