// Values shown in a run notebook's saved outputs (OutputEvidence.h).

#include "OutputEvidence.h"

#include "MagicMask.h"
#include "PythonParser.h"
#include "Query.h"

#include <QRegularExpression>

namespace kmw {

namespace {

QString nodeString(TSNode node, const QByteArray &source)
{
    return QString::fromUtf8(nodeText(node, source));
}

/// The regular expression of one print() argument: a literal's text, or a capture for an
/// expression (its source in `*expressions`). False when the argument cannot be matched
/// (escapes, format specifications, starred arguments).
bool argumentPattern(TSNode arg, const QByteArray &source, QString *pattern, QStringList *expressions)
{
    if (is(arg, "string")) {
        const QString start = nodeString(ts_node_child(arg, 0), source);
        const bool fString = start.contains(QLatin1Char('f'), Qt::CaseInsensitive);
        const uint32_t n = ts_node_named_child_count(arg);
        for (uint32_t i = 0; i < n; ++i) {
            const TSNode part = ts_node_named_child(arg, i);
            if (is(part, "string_start") || is(part, "string_end"))
                continue;
            if (is(part, "string_content")) {
                *pattern += QRegularExpression::escape(nodeString(part, source));
            } else if (fString && is(part, "interpolation")) {
                if (ts_node_named_child_count(part) != 1)
                    return false; // !r conversions, :format specifications
                *pattern += QStringLiteral("(.+?)");
                *expressions << nodeString(ts_node_named_child(part, 0), source);
            } else {
                return false; // escape sequences
            }
        }
        return true;
    }
    if (is(arg, "list_splat") || is(arg, "dictionary_splat") || is(arg, "keyword_argument"))
        return false;
    *pattern += QStringLiteral("(.+?)");
    *expressions << nodeString(arg, source);
    return true;
}

struct PrintCall {
    QRegularExpression line;
    QStringList expressions;
};

/// A top-level `print(a, "b", f"c {d}")` as a line pattern; invalid when it cannot be.
bool printPattern(TSNode statement, const QByteArray &source, PrintCall *out)
{
    if (!is(statement, "expression_statement") || ts_node_named_child_count(statement) != 1)
        return false;
    const TSNode call = ts_node_named_child(statement, 0);
    if (!is(call, "call") || nodeString(field(call, "function"), source) != QLatin1String("print"))
        return false;
    const TSNode args = field(call, "arguments");
    if (!is(args, "argument_list"))
        return false;
    QStringList parts;
    const uint32_t n = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode arg = ts_node_named_child(args, i);
        if (is(arg, "comment"))
            continue;
        QString part;
        if (!argumentPattern(arg, source, &part, &out->expressions))
            return false;
        parts << part;
    }
    if (out->expressions.isEmpty())
        return false;
    out->line = QRegularExpression(QLatin1Char('^') + parts.join(QLatin1Char(' ')) + QStringLiteral("\\s*$"));
    return out->line.isValid();
}

void addValue(QVector<OutputValue> *values, const QString &expression, const QString &text, int cell,
              const QString &shown)
{
    OutputValue v;
    if (!parseShownIntegers(text, &v.values, &v.tuple))
        return;
    v.expression = expressionKey(expression);
    v.cell = cell;
    v.shown = shown.trimmed();
    values->append(v);
}

} // namespace

QString outputValueText(const OutputValue &value)
{
    if (!value.tuple)
        return QString::number(value.values.value(0));
    QStringList items;
    for (const qint64 v : value.values)
        items << QString::number(v);
    return QLatin1Char('(') + items.join(QStringLiteral(", ")) + (items.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")"));
}

QString expressionKey(const QString &expression)
{
    QString key = expression;
    key.remove(QRegularExpression(QStringLiteral("\\s+")));
    return key;
}

bool parseShownIntegers(const QString &text, QVector<qint64> *values, bool *tuple)
{
    static const QRegularExpression integer(QStringLiteral("^(?:np\\.(?:u?int\\d+)\\()?(-?\\d+)\\)?$"));
    static const QRegularExpression tupleForm(QStringLiteral("^\\(([-\\d, ]*)\\)$"));
    const QString t = text.trimmed();
    values->clear();
    *tuple = false;
    QRegularExpressionMatch m = integer.match(t);
    if (m.hasMatch() && (t.startsWith(QLatin1String("np.")) == t.endsWith(QLatin1Char(')')))) {
        values->append(m.captured(1).toLongLong());
        return true;
    }
    m = tupleForm.match(t);
    if (!m.hasMatch())
        return false;
    const QStringList items = m.captured(1).split(QLatin1Char(','));
    for (int i = 0; i < items.size(); ++i) {
        const QString item = items[i].trimmed();
        if (item.isEmpty() && i == items.size() - 1 && i > 0)
            break; // "(5,)"
        bool ok = false;
        const qint64 v = item.toLongLong(&ok);
        if (!ok)
            return false;
        values->append(v);
    }
    *tuple = true;
    return !values->isEmpty();
}

QVector<OutputValue> outputEvidence(const Document &document, int lastCell)
{
    QVector<OutputValue> values;
    if (document.kind != DocumentKind::Notebook)
        return values;
    PythonParser parser;
    const int end = lastCell < 0 ? int(document.cells.size()) : std::min<int>(lastCell + 1, document.cells.size());
    for (int c = 0; c < end; ++c) {
        const Cell &cell = document.cells[c];
        if (cell.type != CellType::Code || cell.outputs.isEmpty())
            continue;
        QString result;
        QStringList streamLines;
        for (const CellOutput &o : cell.outputs) {
            if (o.type == QLatin1String("execute_result"))
                result = o.text;
            else if (o.type == QLatin1String("stream"))
                streamLines += o.text.split(QLatin1Char('\n'));
        }
        const QByteArray source = maskIPythonMagics(cell.source);
        const TreePtr tree = parser.parse(source);
        const TSNode root = ts_tree_root_node(tree.get());
        QVector<TSNode> statements;
        for (uint32_t i = 0; i < ts_node_named_child_count(root); ++i)
            if (!is(ts_node_named_child(root, i), "comment"))
                statements.append(ts_node_named_child(root, i));
        int next = 0; // the first stream line not yet matched to a print
        for (const TSNode statement : statements) {
            PrintCall print;
            if (!printPattern(statement, source, &print))
                continue;
            for (int l = next; l < streamLines.size(); ++l) {
                const QRegularExpressionMatch m = print.line.match(streamLines[l]);
                if (!m.hasMatch())
                    continue;
                for (int e = 0; e < print.expressions.size(); ++e)
                    addValue(&values, print.expressions[e], m.captured(e + 1), c, streamLines[l]);
                next = l + 1;
                break;
            }
        }
        if (!result.isEmpty() && !statements.isEmpty()) {
            const TSNode last = statements.last();
            if (is(last, "expression_statement") && ts_node_named_child_count(last) == 1) {
                const TSNode expression = ts_node_named_child(last, 0);
                const bool printCall = is(expression, "call")
                                       && nodeString(field(expression, "function"), source) == QLatin1String("print");
                if (!printCall && !is(expression, "string"))
                    addValue(&values, nodeString(expression, source), result, c, result);
            }
        }
    }
    return values;
}

} // namespace kmw
