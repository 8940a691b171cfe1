#include "KerasSummary.h"

#include <QRegularExpression>

#include <algorithm>

// Reading the model.summary() tables saved in notebook outputs: Keras 2 (tf.keras <= 2.8
// underscore/equals rules with fields cut at their columns, tf.keras >= 2.9 wrapped
// fields) and Keras 3 (box table). Making, formatting and comparing summaries is in
// KerasSummary.cpp. The Keras sources followed:
//   keras/utils/layer_utils.py   print_summary (tf.keras 2.4 - 2.8, standalone Keras 2)
//   keras/src/utils/summary_utils.py (Keras 3, rich box table; only read here)

namespace kmw {

namespace {

// ---------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------

/// "25,636,712", "6500", "0 (unused)", "7,510 (29.34 KB)" -> the leading number, or -1.
qint64 leadingNumber(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d[\\d,]*)"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return -1;
    QString digits = m.captured(1);
    digits.remove(QLatin1Char(','));
    bool ok = false;
    const qint64 v = digits.toLongLong(&ok);
    return ok ? v : -1;
}

QString rightTrimmed(const QString &s)
{
    int end = int(s.size());
    while (end > 0 && s.at(end - 1).isSpace())
        --end;
    return s.left(end);
}

/// A rule line: only `ch`, at least 10 of them (Keras prints line_length of them).
bool isRule(const QString &line, QChar ch)
{
    const QString t = line.trimmed();
    if (t.size() < 10)
        return false;
    for (QChar c : t)
        if (c != ch)
            return false;
    return true;
}

/// `Model: "name"` (all Keras versions that print it); the name without quotes.
bool modelLine(const QString &line, QString *name)
{
    static const QRegularExpression re(QStringLiteral("^\\s*Model:\\s*\"?([^\"]*)\"?\\s*$"));
    const QRegularExpressionMatch m = re.match(line);
    if (!m.hasMatch())
        return false;
    if (name)
        *name = m.captured(1).trimmed();
    return true;
}

bool startsWithBox(const QString &trimmed)
{
    if (trimmed.isEmpty())
        return false;
    const QChar c = trimmed.at(0);
    return c == QChar(0x250F) /*┏*/ || c == QChar(0x2503) /*┃*/ || c == QChar(0x2502) /*│*/
           || c == QChar(0x2521) /*┡*/ || c == QChar(0x251C) /*├*/ || c == QChar(0x2514) /*└*/;
}

/// The header row of a Keras 2 table: `Layer (type)   Output Shape   Param # …`.
bool isKeras2Header(const QString &line)
{
    return line.contains(QLatin1String("Layer (type)")) && line.contains(QLatin1String("Output Shape"))
           && !startsWithBox(line.trimmed());
}

/// Joins the pieces of a field that was wrapped over several lines (Keras >= 2.9 wraps
/// long fields instead of cutting them, Keras 3's rich table wraps at spaces): trimming
/// lost the space at the break, so put one back after a comma and before "(type)".
QString joinWrapped(const QString &prev, const QString &next)
{
    if (prev.isEmpty())
        return next;
    if (next.isEmpty())
        return prev;
    if (prev.endsWith(QLatin1Char(',')))
        return prev + QLatin1Char(' ') + next;
    if (next.startsWith(QLatin1Char('(')) && !prev.endsWith(QLatin1Char('(')) && !prev.endsWith(QLatin1Char('[')))
        return prev + QLatin1Char(' ') + next;
    return prev + next;
}

/// Splits "name (Type)" into the row's name and type. `mayBeCut`: the field filled its
/// column, so Keras may have cut it (then a missing ")" means the type was cut and a
/// missing " (" means the name was).
void splitNameField(const QString &field, bool mayBeCut, SummaryRow &row)
{
    const QString f = field.trimmed();
    const int p = int(f.lastIndexOf(QLatin1String(" (")));
    if (p < 0) {
        row.name = f;
        row.nameCut = mayBeCut && !f.isEmpty();
        return;
    }
    row.name = f.left(p).trimmed();
    QString type = f.mid(p + 2);
    if (type.endsWith(QLatin1Char(')')))
        type.chop(1);
    else
        row.typeCut = mayBeCut;
    row.type = type.trimmed();
}

/// A row while its lines are being read.
struct PendingRow {
    QString nameField, shape, params;
    QStringList connFragments;
    bool nameMayBeCut = false;
};

/// A table line's cells: a new row when `startsRow`, else the continuation of the last
/// one (a wrapped name, shape or connection).
void addToRows(QVector<PendingRow> *pending, bool startsRow, const QString &name, const QString &shape,
               const QString &params, const QString &conn)
{
    if (startsRow) {
        PendingRow p;
        p.nameField = name;
        p.shape = shape;
        p.params = params;
        if (!conn.isEmpty())
            p.connFragments << conn;
        pending->append(p);
        return;
    }
    PendingRow &p = pending->last();
    p.nameField = joinWrapped(p.nameField, name);
    p.shape = joinWrapped(p.shape, shape);
    if (p.params.isEmpty())
        p.params = params;
    if (!conn.isEmpty())
        p.connFragments << conn;
}

/// Connected-to entries from the fragments of one row: one per line in tf.keras <= 2.8
/// ("conv2_block1_0_bn[0][0]"), a Python list wrapped over lines in Keras 2.9+
/// ("['a[0][0]',", "'b[0][0]']"), comma-separated in Keras 3 ("-" for inputs).
QStringList connectionsFrom(const QStringList &fragments, bool keras3)
{
    QStringList out;
    if (fragments.isEmpty())
        return out;
    if (keras3) {
        QString joined;
        for (const QString &f : fragments)
            joined = joinWrapped(joined, f);
        for (const QString &part : joined.split(QLatin1Char(','))) {
            const QString t = part.trimmed();
            if (!t.isEmpty() && t != QLatin1String("-"))
                out << t;
        }
        return out;
    }
    if (fragments.first().startsWith(QLatin1Char('['))) {
        const QString joined = fragments.join(QString());
        static const QRegularExpression quoted(QStringLiteral("'([^']*)'"));
        auto it = quoted.globalMatch(joined);
        while (it.hasNext())
            out << it.next().captured(1);
        return out;
    }
    for (const QString &f : fragments)
        if (!f.isEmpty())
            out << f;
    return out;
}

SummaryRow finishRow(const PendingRow &p, bool keras3)
{
    SummaryRow row;
    splitNameField(p.nameField, p.nameMayBeCut, row);
    row.outputShape = p.shape.trimmed();
    row.params = leadingNumber(p.params);
    row.connectedTo = connectionsFrom(p.connFragments, keras3);
    return row;
}

/// Reads `Total params: …`, `Trainable params: …`, `Non-trainable params: …` (Keras 3
/// adds sizes "(29.34 KB)" and may add `Optimizer params`) from line `from` on, with
/// the closing '_' rule of Keras 2. Returns the first line after them.
int readTotals(const QStringList &lines, int from, ModelSummary &s)
{
    static const QRegularExpression re(
        QStringLiteral("^(Total|Trainable|Non-trainable|Optimizer) params:\\s*(\\d[\\d,]*)"));
    int k = from;
    bool any = false;
    int blanks = 0;
    while (k < lines.size()) {
        const QString t = lines.at(k).trimmed();
        if (t.isEmpty()) {
            if (++blanks > 2)
                break;
            ++k;
            continue;
        }
        blanks = 0;
        const QRegularExpressionMatch m = re.match(t);
        if (m.hasMatch()) {
            any = true;
            const QString kind = m.captured(1);
            const qint64 v = leadingNumber(m.captured(2));
            if (kind == QLatin1String("Total"))
                s.totalParams = v;
            else if (kind == QLatin1String("Trainable"))
                s.trainableParams = v;
            else if (kind == QLatin1String("Non-trainable"))
                s.nonTrainableParams = v;
            ++k;
            continue;
        }
        if (any && isRule(t, QLatin1Char('_')))
            ++k;
        break;
    }
    return any ? k : from;
}

/// The `Model: "name"` line above a table starting at line `top` (blank lines and one
/// '_' rule may sit between). Sets the name and firstLine.
void findModelLine(const QStringList &lines, int top, ModelSummary &s)
{
    s.firstLine = top + 1;
    for (int k = top - 1, steps = 0; k >= 0 && steps < 4; --k, ++steps) {
        const QString &l = lines.at(k);
        QString name;
        if (modelLine(l, &name)) {
            s.modelName = name;
            s.firstLine = k + 1;
            return;
        }
        if (!l.trimmed().isEmpty() && !isRule(l, QLatin1Char('_')))
            return;
    }
}

/// A Keras 2 table whose header row is line `h` (layer_utils.print_summary). Columns are
/// split at the header's "Output Shape", "Param #", "Connected to" (and Keras 2.9+'s
/// "Trainable") positions, not at whitespace: tf.keras <= 2.8 cuts a long field at its
/// column (`line[:positions[i]]`, then `line[:-1] + ' '` before the next field), so a
/// cut field runs up to the next column. Rows are separated by '_' rules (blank lines
/// in Keras 2.9+, which wraps long fields over continuation lines instead of cutting);
/// a line with an empty Param # is a continuation (more inbound connections).
/// Returns the line after the table.
int parseKeras2(const QStringList &lines, int h, QVector<ModelSummary> &out)
{
    const QString &header = lines.at(h);
    const int cShape = int(header.indexOf(QLatin1String("Output Shape")));
    const int cParam = int(header.indexOf(QLatin1String("Param #")));
    if (cShape <= 0 || cParam <= cShape)
        return h + 1;
    int cConn = int(header.indexOf(QLatin1String("Connected to"), cParam));
    int cTrain = int(header.indexOf(QLatin1String("Trainable"), cParam));

    enum Role { Name, Shape, Param, Conn, Other };
    QVector<QPair<int, Role>> cols{{0, Name}, {cShape, Shape}, {cParam, Param}};
    if (cConn > cParam)
        cols.append({cConn, Conn});
    if (cTrain > cParam)
        cols.append({cTrain, Other});
    std::sort(cols.begin(), cols.end(),
              [](const QPair<int, Role> &a, const QPair<int, Role> &b) { return a.first < b.first; });

    // Keras >= 2.9 starts every row with a space and wraps instead of cutting.
    const bool wrapStyle = header.startsWith(QLatin1Char(' '));

    ModelSummary s;
    s.style = QStringLiteral("keras2");
    s.connectedColumn = cConn > cParam;
    int top = h;
    if (h > 0 && isRule(lines.at(h - 1), QLatin1Char('_')))
        top = h - 1;
    findModelLine(lines, top, s);

    int lineLength = int(rightTrimmed(header).size());
    if (top < h)
        lineLength = std::max(lineLength, int(lines.at(top).trimmed().size()));
    int j = h + 1;
    if (j < lines.size() && isRule(lines.at(j), QLatin1Char('='))) {
        lineLength = std::max(lineLength, int(lines.at(j).trimmed().size()));
        ++j;
    }

    auto segment = [&](const QString &line, int k) {
        const int start = cols.at(k).first;
        if (start >= line.size())
            return QString();
        if (k + 1 < cols.size())
            return line.mid(start, cols.at(k + 1).first - start);
        return line.mid(start);
    };
    auto width = [&](int k) {
        return (k + 1 < cols.size() ? cols.at(k + 1).first : lineLength) - cols.at(k).first;
    };
    auto roleIndex = [&](Role r) {
        for (int k = 0; k < cols.size(); ++k)
            if (cols.at(k).second == r)
                return k;
        return -1;
    };
    const int iName = roleIndex(Name), iShape = roleIndex(Shape), iParam = roleIndex(Param),
              iConn = roleIndex(Conn);

    QVector<PendingRow> pending;
    bool inBlock = false;
    bool sawEnd = false;
    for (; j < lines.size(); ++j) {
        const QString &l = lines.at(j);
        const QString t = l.trimmed();
        if (isRule(l, QLatin1Char('='))) {
            sawEnd = true;
            ++j;
            break;
        }
        if (t.startsWith(QLatin1String("Total params:")))
            break;
        if (t.isEmpty() || isRule(l, QLatin1Char('_')) || isRule(l, QChar(0x00AF) /*¯*/)) {
            inBlock = false;
            continue;
        }
        if (modelLine(l, nullptr) || isKeras2Header(l) || startsWithBox(t))
            break;
        const QString nameSeg = segment(l, iName).trimmed();
        const QString paramSeg = segment(l, iParam).trimmed();
        const QString shapeSeg = segment(l, iShape).trimmed();
        const QString connSeg = iConn >= 0 ? segment(l, iConn).trimmed() : QString();
        const bool startsRow = !inBlock || (!nameSeg.isEmpty() && !paramSeg.isEmpty());
        addToRows(&pending, startsRow, nameSeg, shapeSeg, paramSeg, connSeg);
        if (startsRow)
            pending.last().nameMayBeCut = !wrapStyle && rightTrimmed(segment(l, iName)).size() >= width(iName) - 1;
        inBlock = true;
    }
    for (const PendingRow &p : pending)
        s.rows.append(finishRow(p, false));
    const int after = readTotals(lines, j, s);
    if (!sawEnd && s.rows.isEmpty() && s.totalParams < 0)
        return h + 1; // a header line without a table
    out.append(s);
    return std::max(after, h + 1);
}

/// The cells of a Keras 3 box-table line ("│ a │ b │" -> {"a", "b"}), trimmed.
QStringList boxCells(const QString &trimmedLine, QChar sep)
{
    QString t = trimmedLine;
    if (t.startsWith(sep))
        t.remove(0, 1);
    if (t.endsWith(sep))
        t.chop(1);
    QStringList cells = t.split(sep);
    for (QString &c : cells)
        c = c.trimmed();
    return cells;
}

/// A Keras 3 table (keras/src/utils/summary_utils.py, a rich.table.Table with
/// show_lines): ┏━┳━┓ top, ┃-separated header, ┡━╇━┩, │-separated rows with ├─┼─┤ between
/// them (a cell wraps over several lines at spaces; Param # only on its first line),
/// └─┴─┘ bottom, then " Total params: 7,510 (29.34 KB)" and the others. Returns the line
/// after the table.
int parseKeras3(const QStringList &lines, int t, QVector<ModelSummary> &out)
{
    const QChar heavyBar(0x2503), lightBar(0x2502);
    int j = t + 1;
    QStringList header;
    while (j < lines.size() && lines.at(j).trimmed().startsWith(heavyBar)) {
        const QStringList cells = boxCells(lines.at(j).trimmed(), heavyBar);
        for (int k = 0; k < cells.size(); ++k) {
            if (k < header.size())
                header[k] = joinWrapped(header[k], cells.at(k));
            else
                header << cells.at(k);
        }
        ++j;
    }
    if (j >= lines.size() || !lines.at(j).trimmed().startsWith(QChar(0x2521) /*┡*/))
        return t + 1;
    ++j;
    int iName = -1, iShape = -1, iParam = -1, iConn = -1;
    for (int k = 0; k < header.size(); ++k) {
        const QString &h = header.at(k);
        if (h.contains(QLatin1String("Layer")))
            iName = k;
        else if (h.contains(QLatin1String("Output Shape")))
            iShape = k;
        else if (h.contains(QLatin1String("Param")))
            iParam = k;
        else if (h.contains(QLatin1String("Connected")))
            iConn = k;
    }
    if (iName < 0)
        return t + 1;

    ModelSummary s;
    s.style = QStringLiteral("keras3");
    s.connectedColumn = iConn >= 0;
    findModelLine(lines, t, s);

    QVector<PendingRow> pending;
    bool inBlock = false;
    for (; j < lines.size(); ++j) {
        const QString l = lines.at(j).trimmed();
        if (l.startsWith(QChar(0x251C) /*├*/)) {
            inBlock = false;
            continue;
        }
        if (l.startsWith(QChar(0x2514) /*└*/)) {
            ++j;
            break;
        }
        if (!l.startsWith(lightBar))
            break;
        const QStringList cells = boxCells(l, lightBar);
        auto cell = [&](int k) { return k >= 0 && k < cells.size() ? cells.at(k) : QString(); };
        const QString name = cell(iName), shape = cell(iShape), params = cell(iParam),
                      conn = cell(iConn);
        addToRows(&pending, !inBlock || (!name.isEmpty() && !params.isEmpty() && !pending.last().params.isEmpty()),
                  name, shape, params, conn);
        inBlock = true;
    }
    for (const PendingRow &p : pending)
        s.rows.append(finishRow(p, true));
    const int after = readTotals(lines, j, s);
    out.append(s);
    return std::max(after, t + 1);
}

} // namespace

// ---------------------------------------------------------------------------------
// Public functions
// ---------------------------------------------------------------------------------

QVector<ModelSummary> parseSavedSummaries(const QString &text)
{
    QString normalized = text;
    normalized.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    normalized.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    // Keras 3 prints its table with rich, whose terminal colours Jupyter saves as ANSI
    // SGR sequences ("\x1b[38;5;33mEmbedding\x1b[0m"): the text is what is left.
    static const QRegularExpression ansi(QStringLiteral("\x1b\\[[0-9;]*m"));
    normalized.remove(ansi);
    const QStringList lines = normalized.split(QLatin1Char('\n'));

    QVector<ModelSummary> out;
    for (int i = 0; i < lines.size();) {
        const QString t = lines.at(i).trimmed();
        if (t.startsWith(QChar(0x250F) /*┏*/)) {
            i = parseKeras3(lines, i, out);
            continue;
        }
        if (isKeras2Header(lines.at(i))) {
            i = parseKeras2(lines, i, out);
            continue;
        }
        ++i;
    }
    return out;
}

} // namespace kmw
