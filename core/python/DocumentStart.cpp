#include "DocumentStart.h"

#include "Query.h"

#include <QRegularExpression>

namespace kmw {

int preambleCell(const Document &doc)
{
    static const QRegularExpression pip(QStringLiteral("^\\s*[!%]\\s*pip3?\\s+install\\b.*\\b(keras|tensorflow|tf[-_]keras)"),
                                        QRegularExpression::MultilineOption);
    static const QRegularExpression title(QStringLiteral("^\\s*#\\s*@(title|param|markdown)\\b"),
                                          QRegularExpression::MultilineOption);
    static const QRegularExpression code(QStringLiteral("^[ \\t]*[^#\\s]"), QRegularExpression::MultilineOption);
    const auto usable = [&](const Cell &c) {
        const QString source = QString::fromUtf8(c.source);
        return c.type == CellType::Code && !c.form && !title.match(source).hasMatch() && code.match(source).hasMatch();
    };
    int from = 0;
    for (int i = 0; i < doc.cells.size(); ++i) {
        if (doc.cells[i].type != CellType::Code)
            continue;
        const QString source = QString::fromUtf8(doc.cells[i].source);
        if (pip.match(source).hasMatch())
            from = i + 1;
        else if (source.contains(QLatin1String("import")) &&
                 (source.contains(QLatin1String("keras")) || source.contains(QLatin1String("tensorflow"))))
            break; // Keras is imported here: the preamble cannot come later
    }
    for (int i = from; i < doc.cells.size(); ++i)
        if (usable(doc.cells[i]))
            return i;
    for (int i = 0; i < doc.cells.size(); ++i)
        if (usable(doc.cells[i]))
            return i;
    return doc.firstCodeCell();
}

qsizetype documentStartOffset(const QByteArray &maskedSource, TSNode root)
{
    qsizetype end = 0;
    bool first = true;
    const uint32_t n = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode child = ts_node_named_child(root, i);
        const char *type = ts_node_type(child);
        const QByteArray text = nodeText(child, maskedSource);
        if (qstrcmp(type, "comment") == 0) {
            const bool header = ts_node_start_point(child).row <= 1 &&
                                (text.startsWith("#!") || text.contains("coding"));
            if (header)
                end = ts_node_end_byte(child);
            continue;
        }
        const bool docstring = first && qstrcmp(type, "expression_statement") == 0 &&
                               ts_node_named_child_count(child) == 1 &&
                               qstrcmp(ts_node_type(ts_node_named_child(child, 0)), "string") == 0;
        first = false;
        if (docstring || qstrcmp(type, "future_import_statement") == 0) {
            end = ts_node_end_byte(child);
            continue;
        }
        break;
    }
    if (end == 0)
        return 0;
    const qsizetype nl = maskedSource.indexOf('\n', end);
    return nl < 0 ? maskedSource.size() : nl + 1;
}

} // namespace kmw
