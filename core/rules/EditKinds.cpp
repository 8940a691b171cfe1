#include "EditKinds.h"

#include "ClassEdits.h"
#include "ImportTable.h"
#include "PythonParser.h"
#include "SourceRange.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <list>

namespace kmw {

using json = nlohmann::json;

namespace {

std::list<EditKind> &kindStore()
{
    static std::list<EditKind> kinds; // stable addresses: EditTemplate points at them
    return kinds;
}

std::vector<const EditKind *> &kindOrder()
{
    static std::vector<const EditKind *> order;
    return order;
}

QString str(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

/// A kind whose JSON is `key: text`.
std::function<bool(const json &, EditTemplate *, QString *, QString *)> textOf(const char *key)
{
    return [key](const json &e, EditTemplate *edit, QString *, QString *) {
        edit->text = str(e, key);
        return true;
    };
}

/// A whole statement and the line end after it.
std::pair<qsizetype, qsizetype> withLineEnd(TSNode statement, const QByteArray &source)
{
    return {ts_node_start_byte(statement), pastLineEnd(source, ts_node_end_byte(statement))};
}

/// Byte range that deleting `node` removes: with its separating comma inside argument,
/// parameter and import lists; a whole import statement (and its line end) when the
/// node is its only imported name.
std::pair<qsizetype, qsizetype> deletionRange(TSNode node, const QByteArray &source)
{
    TSNode parent = ts_node_parent(node);
    const char *parentType = ts_node_is_null(parent) ? "" : ts_node_type(parent);
    QVector<TSNode> items;
    if (qstrcmp(parentType, "import_from_statement") == 0) {
        const TSNode module = ts_node_child_by_field_name(parent, "module_name", 11);
        for (uint32_t i = 0; i < ts_node_named_child_count(parent); ++i) {
            const TSNode c = ts_node_named_child(parent, i);
            if (!ts_node_eq(c, module) && qstrcmp(ts_node_type(c), "comment") != 0)
                items << c;
        }
        if (items.size() == 1)
            return withLineEnd(parent, source);
    } else if (qstrcmp(parentType, "argument_list") == 0 || qstrcmp(parentType, "parameters") == 0 ||
               qstrcmp(parentType, "import_statement") == 0 || qstrcmp(parentType, "list") == 0 ||
               qstrcmp(parentType, "tuple") == 0) {
        for (uint32_t i = 0; i < ts_node_named_child_count(parent); ++i) {
            const TSNode c = ts_node_named_child(parent, i);
            if (qstrcmp(ts_node_type(c), "comment") != 0)
                items << c;
        }
        if (items.size() == 1 && qstrcmp(parentType, "import_statement") == 0)
            return withLineEnd(parent, source);
    }
    const qsizetype at = std::find_if(items.cbegin(), items.cend(), [&](const TSNode &n) { return ts_node_eq(n, node); }) - items.cbegin();
    if (items.size() < 2 || at >= items.size())
        return {ts_node_start_byte(node), ts_node_end_byte(node)};
    // With the comma after it when it opens the list or starts its own line (so the
    // next item keeps its place and indentation), else with the comma before it.
    const bool startsLine = at > 0 && ts_node_start_point(node).row != ts_node_end_point(items[at - 1]).row;
    if (at + 1 < items.size() && (at == 0 || startsLine))
        return {ts_node_start_byte(node), ts_node_start_byte(items[at + 1])};
    return {ts_node_end_byte(items[at - 1]), ts_node_end_byte(node)};
}

bool readEnsureImport(const json &e, EditTemplate *edit, QString *errorKey, QString *error)
{
    edit->text = str(e, "ensure_import");
    const QByteArray statement = edit->text.toUtf8();
    PythonParser parser;
    const TreePtr tree = parser.parse(statement);
    ImportTable table;
    table.addImports(ts_tree_root_node(tree.get()), statement);
    for (const QString &local : QString(edit->text).replace(QLatin1Char(','), QLatin1Char(' ')).split(QLatin1Char(' '), Qt::SkipEmptyParts))
        if (!table.qualified(local).isEmpty())
            edit->binds.insert(local, table.qualified(local));
    if (edit->binds.isEmpty() || ts_node_has_error(ts_tree_root_node(tree.get()))) {
        *errorKey = QStringLiteral("ensure_import");
        *error = QStringLiteral("ensure_import needs one import statement");
        return false;
    }
    return true;
}

bool readRegex(const json &e, EditTemplate *edit, QString *errorKey, QString *error)
{
    edit->regex.setPattern(str(e, "regex"));
    edit->text = str(e, "replace");
    if (!edit->regex.isValid()) {
        *errorKey = QStringLiteral("regex");
        *error = QStringLiteral("invalid regex: %1").arg(edit->regex.errorString());
        return false;
    }
    return true;
}

qsizetype startOf(const EditSite &s) { return ts_node_start_byte(s.target); }
qsizetype endOf(const EditSite &s) { return ts_node_end_byte(s.target); }

/// Replaces the capture by `text` unless that changes nothing.
bool replaced(const EditSite &s, const QByteArray &text, EditSpan *out)
{
    const QByteArray old = s.source.mid(startOf(s), endOf(s) - startOf(s));
    if (text == old)
        return false;
    *out = EditSpan{startOf(s), endOf(s), text};
    return true;
}

} // namespace

void registerEditKind(EditKind kind)
{
    for (const EditKind *known : kindOrder())
        if (known->key == kind.key)
            return;
    kindStore().push_back(std::move(kind));
    kindOrder().push_back(&kindStore().back());
}

const std::vector<const EditKind *> &editKinds()
{
    return kindOrder();
}

void registerEditKinds()
{
    const auto noText = [](const EditTemplate &, const QString &, const std::function<QString(const QString &)> &, QString *) {
        return false;
    };
    registerEditKind({QStringLiteral("insert_document_start"), EditPlacement::DocumentStart,
                      textOf("insert_document_start"), {}, noText});
    registerEditKind({QStringLiteral("ensure_import"), EditPlacement::Import, readEnsureImport, {}, noText});
    registerEditKind({QStringLiteral("delete"), EditPlacement::Capture,
                      [](const json &, EditTemplate *, QString *, QString *) { return true; },
                      [](const EditSite &s, EditSpan *out) {
                          const auto [b, e] = deletionRange(s.target, s.masked);
                          *out = EditSpan{b, e, QByteArray()};
                          return true;
                      },
                      [](const EditTemplate &, const QString &, const std::function<QString(const QString &)> &, QString *r) {
                          r->clear();
                          return true;
                      }});
    registerEditKind({QStringLiteral("insert_before"), EditPlacement::Capture, textOf("insert_before"),
                      [](const EditSite &s, EditSpan *out) {
                          *out = EditSpan{startOf(s), startOf(s), s.expandInCell(s.edit.text)};
                          return true;
                      },
                      noText});
    registerEditKind({QStringLiteral("insert_in_init"), EditPlacement::Capture, textOf("insert_in_init"),
                      [](const EditSite &s, EditSpan *out) {
                          qsizetype at = 0;
                          QByteArray text;
                          if (!statementInInit(s.target, s.source, s.expand(s.edit.text).toUtf8(), &at, &text))
                              return false;
                          *out = EditSpan{at, at, withLineEndings(text, s.source)};
                          return true;
                      },
                      noText});
    registerEditKind({QStringLiteral("insert_after"), EditPlacement::Capture, textOf("insert_after"),
                      [](const EditSite &s, EditSpan *out) {
                          *out = EditSpan{endOf(s), endOf(s), s.expandInCell(s.edit.text)};
                          return true;
                      },
                      noText});
    registerEditKind({QStringLiteral("regex"), EditPlacement::Capture, readRegex,
                      [](const EditSite &s, EditSpan *out) {
                          const QByteArray old = s.source.mid(startOf(s), endOf(s) - startOf(s));
                          return replaced(s, QString::fromUtf8(old).replace(s.edit.regex, s.edit.text).toUtf8(), out);
                      },
                      [](const EditTemplate &edit, const QString &old, const std::function<QString(const QString &)> &, QString *r) {
                          *r = QString(old).replace(edit.regex, edit.text);
                          return true;
                      }});
    registerEditKind({QStringLiteral("template"), EditPlacement::Capture, textOf("template"),
                      [](const EditSite &s, EditSpan *out) { return replaced(s, s.expandInCell(s.edit.text), out); },
                      [](const EditTemplate &edit, const QString &, const std::function<QString(const QString &)> &expand, QString *r) {
                          *r = expand(edit.text);
                          return true;
                      }});
}

} // namespace kmw
