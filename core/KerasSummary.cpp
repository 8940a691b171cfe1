#include "KerasSummary.h"

#include <QJsonObject>

#include <QJsonDocument>

#include <QJsonArray>

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

// model.summary() tables: reading the ones saved in notebook outputs (Keras 2 and
// Keras 3 styles), making the one tf.keras 2.x would print for a ModelIR, and comparing
// the two. The Keras sources followed are cited where they are reproduced:
//   keras/utils/layer_utils.py   print_summary (tf.keras 2.4 - 2.8, standalone Keras 2)
//   keras/engine/functional.py   _map_graph_network / _build_map (layer order)
//   keras/src/utils/summary_utils.py (Keras 3, rich box table; only read here)

namespace kmw {

namespace {

// ---------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------

/// Python's `'{:,}'.format(n)`; "?" for a count the table did not give (-1).
QString withCommas(qint64 n)
{
    return n < 0 ? QStringLiteral("?") : groupedThousands(n);
}

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
        if (!inBlock || (!nameSeg.isEmpty() && !paramSeg.isEmpty())) {
            PendingRow p;
            p.nameField = nameSeg;
            p.nameMayBeCut = !wrapStyle && rightTrimmed(segment(l, iName)).size() >= width(iName) - 1;
            p.shape = shapeSeg;
            p.params = paramSeg;
            if (!connSeg.isEmpty())
                p.connFragments << connSeg;
            pending.append(p);
            inBlock = true;
            continue;
        }
        PendingRow &p = pending.last();
        p.nameField = joinWrapped(p.nameField, nameSeg);
        p.shape = joinWrapped(p.shape, shapeSeg);
        if (p.params.isEmpty())
            p.params = paramSeg;
        if (!connSeg.isEmpty())
            p.connFragments << connSeg;
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
        if (!inBlock || (!name.isEmpty() && !params.isEmpty() && !pending.last().params.isEmpty())) {
            PendingRow p;
            p.nameField = name;
            p.shape = shape;
            p.params = params;
            if (!conn.isEmpty())
                p.connFragments << conn;
            pending.append(p);
            inBlock = true;
            continue;
        }
        PendingRow &p = pending.last();
        p.nameField = joinWrapped(p.nameField, name);
        p.shape = joinWrapped(p.shape, shape);
        if (p.params.isEmpty())
            p.params = params;
        if (!conn.isEmpty())
            p.connFragments << conn;
    }
    for (const PendingRow &p : pending)
        s.rows.append(finishRow(p, true));
    const int after = readTotals(lines, j, s);
    out.append(s);
    return std::max(after, t + 1);
}

// ---------------------------------------------------------------------------------
// Layer order of functional models
// ---------------------------------------------------------------------------------

/// The layers of a functional model in Keras's `model.layers` order and whether
/// print_summary treats the model as `sequential_like`.
struct GraphOrder {
    QVector<int> layers;
    bool sequentialLike = true;
};

/// keras/engine/functional.py _map_graph_network with one node per layer (each layer
/// called once):
///  - _build_map: depth-first from each output (model.outputs order) through the
///    inbound layers in argument order; `layer_indices` numbers layers on first visit,
///    `nodes_in_decreasing_depth` lists nodes when finished (post-order);
///  - depths: for node in reversed(post-order): depth = nodes_depths.setdefault(node, 0),
///    max'ed with the layer's depth so far; each parent node gets max(depth + 1, its own);
///  - inputs not connected to an output get depth 0 and layer index -1;
///  - layers grouped by depth, depths descending, ties by layer_indices.
/// sequential_like follows layer_utils.print_summary: false as soon as a depth holds
/// more than one node or a node has more than one inbound tensor (the shared-layer check
/// cannot fire with one call per layer).
GraphOrder functionalOrder(const ModelIR &m)
{
    const int n = int(m.layers.size());
    auto valid = [n](int i) { return i >= 0 && i < n; };
    QVector<int> layerIndex(n, -2);  // -2: not part of the graph
    QVector<char> state(n, 0);       // 0 unseen, 1 in progress, 2 finished
    QVector<int> postOrder;
    int counter = 0;

    QVector<int> outputs;
    for (int o : m.outputs)
        if (valid(o))
            outputs << o;
    if (outputs.isEmpty() && n > 0)
        outputs << n - 1;

    // _build_map_helper, iteratively (stack of layer and next inbound argument).
    for (int o : outputs) {
        if (state[o] != 0)
            continue;
        QVector<QPair<int, int>> stack;
        auto enter = [&](int v) {
            if (layerIndex[v] < 0)
                layerIndex[v] = counter++;
            state[v] = 1;
            stack.append({v, 0});
        };
        enter(o);
        while (!stack.isEmpty()) {
            auto &top = stack.last();
            const LayerSpec &layer = m.layers.at(top.first);
            if (top.second < layer.inbound.size()) {
                const int u = layer.inbound.at(top.second++);
                if (valid(u) && state[u] == 0) // finished: shared subgraph; 1: a cycle, skipped
                    enter(u);
                continue;
            }
            state[top.first] = 2;
            postOrder.append(top.first);
            stack.removeLast();
        }
    }

    QVector<int> depth(n, -1); // nodes_depths (= layers_depths: one node per layer)
    for (int k = int(postOrder.size()) - 1; k >= 0; --k) {
        const int v = postOrder.at(k);
        const int d = std::max(depth[v], 0);
        depth[v] = d;
        for (int u : m.layers.at(v).inbound)
            if (valid(u))
                depth[u] = std::max(d + 1, std::max(depth[u], 0));
    }
    QVector<int> included = postOrder;
    for (int i : m.inputs) {
        if (valid(i) && depth[i] < 0) {
            depth[i] = 0;
            layerIndex[i] = -1;
            included.append(i);
        }
    }

    GraphOrder g;
    g.layers = included;
    std::stable_sort(g.layers.begin(), g.layers.end(), [&](int a, int b) {
        if (depth[a] != depth[b])
            return depth[a] > depth[b];
        return layerIndex[a] < layerIndex[b];
    });

    QHash<int, int> nodesAtDepth;
    for (int v : included) {
        if (++nodesAtDepth[depth[v]] > 1)
            g.sequentialLike = false;
        if (m.layers.at(v).inbound.size() > 1)
            g.sequentialLike = false;
    }
    return g;
}

/// The output shape of an InputLayer when inferModel() left it empty: the model's
/// declared input shape.
TensorShape layerShape(const ModelIR &m, int index)
{
    const LayerSpec &l = m.layers.at(index);
    if (l.outputShape.isEmpty() && l.type == QLatin1String("InputLayer")) {
        const int k = int(m.inputs.indexOf(index));
        if (k >= 0 && k < m.inputShapes.size())
            return m.inputShapes.at(k);
    }
    return l.outputShape;
}

// ---------------------------------------------------------------------------------
// Comparison helpers
// ---------------------------------------------------------------------------------

/// The stem of an automatic layer name ("dense_1" of a Dense -> "dense"), or "" when
/// the name is not automatic for `type`. InputLayers are `input_N` in Keras 2 and
/// `input_layer_N` in Keras 3; both give "input".
QString automaticStem(const QString &name, const QString &type)
{
    if (name.isEmpty() || type.isEmpty())
        return {};
    QStringList stems{kerasSnakeCase(type)};
    if (type == QLatin1String("InputLayer"))
        stems = QStringList{QStringLiteral("input_layer"), QStringLiteral("input")};
    static const QRegularExpression suffix(QStringLiteral("^_\\d+$"));
    for (const QString &stem : stems) {
        if (name == stem || (name.startsWith(stem) && suffix.match(name.mid(stem.size())).hasMatch()))
            return type == QLatin1String("InputLayer") ? QStringLiteral("input") : stem;
    }
    return {};
}

/// Shapes compared across styles: whitespace removed, a one-tensor list "[(None, 1)]"
/// unwrapped to "(None, 1)".
QString normalShape(const QString &shape)
{
    QString s = shape;
    s.remove(QLatin1Char(' '));
    if (s.startsWith(QLatin1String("[(")) && s.endsWith(QLatin1String(")]")) && s.count(QLatin1Char('(')) == 1)
        s = s.mid(1, s.size() - 2);
    return s;
}

/// A shape string whose brackets do not balance was cut at its column.
bool shapeIsCut(const QString &shape)
{
    return shape.count(QLatin1Char('(')) != shape.count(QLatin1Char(')'))
           || shape.count(QLatin1Char('[')) != shape.count(QLatin1Char(']'));
}

bool shapesMatch(const QString &saved, const QString &ours)
{
    if (saved.isEmpty() || saved == QLatin1String("multiple") || saved == QLatin1String("?"))
        return true;
    if (shapeIsCut(saved)) {
        QString a = saved, b = ours;
        a.remove(QLatin1Char(' '));
        b.remove(QLatin1Char(' '));
        if (b.startsWith(a))
            return true;
        if (a.startsWith(QLatin1Char('[')))
            a.remove(0, 1);
        return normalShape(ours).startsWith(a);
    }
    return normalShape(saved) == normalShape(ours);
}

/// A connected-to entry reduced for comparison: "input_2[0][0]" -> "input" (automatic
/// names by their stem, the type taken from the summary's own rows), explicit names
/// as they are.
QString connectionKey(const QString &entry, const QHash<QString, QString> &typeOf)
{
    static const QRegularExpression indices(QStringLiteral("(\\[\\d+\\])+$"));
    QString name = entry;
    name.remove(indices);
    const QString stem = automaticStem(name, typeOf.value(name));
    return stem.isEmpty() ? name : stem;
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

ModelSummary summarizeModel(const ModelIR &model)
{
    ModelSummary s;
    s.modelName = model.name;
    s.style = QStringLiteral("keras2");
    s.totalParams = model.paramsKeras;
    s.trainableParams = model.trainableKeras;
    s.nonTrainableParams = model.nonTrainableKeras;

    if (model.kind != QLatin1String("Functional")) {
        // Sequential.layers leaves out the InputLayer (keras/engine/sequential.py), and
        // print_summary treats Sequential (and subclassed) models as sequential_like.
        for (const LayerSpec &l : model.layers) {
            if (l.type == QLatin1String("InputLayer"))
                continue;
            SummaryRow row;
            row.name = l.name;
            row.type = l.type;
            row.outputShape = kerasShapeString(l.outputShape);
            row.params = l.paramsKeras;
            s.rows.append(row);
        }
        return s;
    }

    const GraphOrder g = functionalOrder(model);
    s.connectedColumn = !g.sequentialLike;
    for (int index : g.layers) {
        const LayerSpec &l = model.layers.at(index);
        SummaryRow row;
        row.name = l.name;
        row.type = l.type;
        row.outputShape = kerasShapeString(layerShape(model, index));
        // InputLayer.output_shape is a list of one shape in tf.keras >= 2.4.
        if (l.type == QLatin1String("InputLayer"))
            row.outputShape = QLatin1Char('[') + row.outputShape + QLatin1Char(']');
        row.params = l.paramsKeras;
        if (!g.sequentialLike) {
            // print_layer_summary_with_connections: '{}[{}][{}]'.format(inbound_layer.name,
            // node_index, tensor_index); one call per layer, one output per layer.
            for (int u : l.inbound)
                if (u >= 0 && u < model.layers.size())
                    row.connectedTo << model.layers.at(u).name + QStringLiteral("[0][0]");
        }
        s.rows.append(row);
    }
    return s;
}

QString formatKerasSummary(const ModelSummary &summary)
{
    bool wide = summary.connectedColumn;
    for (const SummaryRow &r : summary.rows)
        wide = wide || !r.connectedTo.isEmpty();

    // print_summary: line_length 65, positions [.45, .85, 1.] for sequential_like models,
    // else 98 with [.33, .55, .67, 1.]; positions = [int(line_length * p) for p in …].
    const int lineLength = wide ? 98 : 65;
    const QVector<int> positions = wide ? QVector<int>{32, 53, 65, 98} : QVector<int>{29, 55, 65};

    QStringList lines;
    // print_row: each field is appended after replacing the previous line's last
    // character by a space, cut at its position, then padded to it.
    auto printRow = [&](const QStringList &fields) {
        QString line;
        for (int i = 0; i < fields.size() && i < positions.size(); ++i) {
            if (i > 0)
                line = line.left(line.size() - 1) + QLatin1Char(' ');
            line += fields.at(i);
            line = line.left(positions.at(i));
            line += QString(positions.at(i) - line.size(), QLatin1Char(' '));
        }
        lines << line;
    };

    lines << QStringLiteral("Model: \"%1\"").arg(summary.modelName);
    lines << QString(lineLength, QLatin1Char('_'));
    QStringList header{QStringLiteral("Layer (type)"), QStringLiteral("Output Shape"), QStringLiteral("Param #")};
    if (wide)
        header << QStringLiteral("Connected to");
    printRow(header);
    lines << QString(lineLength, QLatin1Char('='));

    for (int i = 0; i < summary.rows.size(); ++i) {
        const SummaryRow &r = summary.rows.at(i);
        QStringList fields{r.name + QStringLiteral(" (") + r.type + QLatin1Char(')'), r.outputShape,
                           r.params >= 0 ? QString::number(r.params) : QStringLiteral("?")};
        if (wide)
            fields << (r.connectedTo.isEmpty() ? QString() : r.connectedTo.first());
        printRow(fields);
        for (int c = 1; wide && c < r.connectedTo.size(); ++c)
            printRow({QString(), QString(), QString(), r.connectedTo.at(c)});
        lines << QString(lineLength, i == summary.rows.size() - 1 ? QLatin1Char('=') : QLatin1Char('_'));
    }
    lines << QStringLiteral("Total params: ") + withCommas(summary.totalParams);
    lines << QStringLiteral("Trainable params: ") + withCommas(summary.trainableParams);
    lines << QStringLiteral("Non-trainable params: ") + withCommas(summary.nonTrainableParams);
    lines << QString(lineLength, QLatin1Char('_'));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

SummaryComparison compareSummaries(const ModelSummary &saved, const ModelSummary &ours)
{
    SummaryComparison c;
    auto label = [](int i, const SummaryRow &r) {
        return QStringLiteral("row %1 (%2)").arg(i + 1).arg(r.name);
    };

    QHash<QString, QString> savedTypes, ourTypes;
    for (const SummaryRow &r : saved.rows)
        savedTypes.insert(r.name, r.type);
    for (const SummaryRow &r : ours.rows)
        ourTypes.insert(r.name, r.type);
    const bool compareConnections = saved.connectedColumn && ours.connectedColumn;

    const int common = int(std::min(saved.rows.size(), ours.rows.size()));
    c.rowsCompared = common;
    for (int i = 0; i < common; ++i) {
        const SummaryRow &a = saved.rows.at(i);
        const SummaryRow &b = ours.rows.at(i);
        const QString where = label(i, a);

        // Type: a cut type matches by prefix.
        if (!a.type.isEmpty()) {
            const bool ok = a.typeCut ? b.type.startsWith(a.type) : a.type == b.type;
            if (!ok)
                c.differences << QStringLiteral("%1: type %2 vs %3").arg(where, a.type, b.type);
        }

        // Name: automatic names by stem, explicit ones exactly (a cut one by prefix).
        const QString stemType = (a.typeCut && b.type.startsWith(a.type)) ? b.type : a.type;
        const QString savedStem = automaticStem(a.name, stemType);
        if (!savedStem.isEmpty()) {
            const QString ourStem = automaticStem(b.name, b.type);
            if (ourStem != savedStem)
                c.differences << QStringLiteral("%1: name %2 vs %3").arg(where, a.name, b.name);
        } else if (!a.name.isEmpty()) {
            const bool ok = a.nameCut ? b.name.startsWith(a.name) : a.name == b.name;
            if (!ok)
                c.differences << QStringLiteral("%1: name %2 vs %3").arg(where, a.name, b.name);
        }

        if (!shapesMatch(a.outputShape, b.outputShape))
            c.differences << QStringLiteral("%1: output shape %2 vs %3").arg(where, a.outputShape, b.outputShape);

        if (a.params >= 0 && b.params >= 0 && a.params != b.params)
            c.differences << QStringLiteral("%1: params %2 vs %3").arg(where).arg(a.params).arg(b.params);

        if (compareConnections) {
            bool ok = a.connectedTo.size() == b.connectedTo.size();
            for (int k = 0; ok && k < a.connectedTo.size(); ++k) {
                const QString &x = a.connectedTo.at(k);
                const QString &y = b.connectedTo.at(k);
                static const QRegularExpression complete(QStringLiteral("\\[\\d+\\]\\[\\d+\\]$"));
                if (!complete.match(x).hasMatch()) // cut at the line's end
                    ok = y.startsWith(x) || connectionKey(y, ourTypes).startsWith(x);
                else
                    ok = connectionKey(x, savedTypes) == connectionKey(y, ourTypes);
            }
            if (!ok)
                c.differences << QStringLiteral("%1: connected to %2 vs %3")
                                     .arg(where, a.connectedTo.join(QStringLiteral(", ")),
                                          b.connectedTo.join(QStringLiteral(", ")));
        }
    }
    if (saved.rows.size() != ours.rows.size()) {
        c.differences << QStringLiteral("%1 rows saved vs %2 ours").arg(saved.rows.size()).arg(ours.rows.size());
        for (int i = common; i < saved.rows.size(); ++i)
            c.differences << QStringLiteral("row %1: %2 (%3) missing from ours")
                                 .arg(QString::number(i + 1), saved.rows.at(i).name, saved.rows.at(i).type);
        for (int i = common; i < ours.rows.size(); ++i)
            c.differences << QStringLiteral("row %1: %2 (%3) extra in ours")
                                 .arg(QString::number(i + 1), ours.rows.at(i).name, ours.rows.at(i).type);
    }

    auto total = [&](const char *what, qint64 a, qint64 b) {
        if (a >= 0 && b >= 0 && a != b)
            c.differences << QStringLiteral("%1 params %2 vs %3")
                                 .arg(QLatin1String(what), withCommas(a), withCommas(b));
    };
    total("Total", saved.totalParams, ours.totalParams);
    total("Trainable", saved.trainableParams, ours.trainableParams);
    total("Non-trainable", saved.nonTrainableParams, ours.nonTrainableParams);

    c.matched = c.differences.isEmpty();
    return c;
}

QString cellOutputText(const Document &document, int cell)
{
    if (cell < 0 || cell >= document.cells.size())
        return QString();
    const Cell &c = document.cells[cell];
    if (c.outputsBegin < 0 || c.outputsEnd <= c.outputsBegin || c.outputsEnd > document.raw.size())
        return QString();
    const QJsonDocument json = QJsonDocument::fromJson(document.raw.mid(c.outputsBegin, c.outputsEnd - c.outputsBegin));
    const auto joined = [](const QJsonValue &v) {
        if (v.isString())
            return v.toString();
        QString text;
        for (const QJsonValue &line : v.toArray())
            text += line.toString();
        return text;
    };
    QString text;
    for (const QJsonValue &output : json.array()) {
        const QJsonObject o = output.toObject();
        if (o.contains(QStringLiteral("text")))
            text += joined(o.value(QStringLiteral("text")));
        else
            text += joined(o.value(QStringLiteral("data")).toObject().value(QStringLiteral("text/plain")));
        text += QLatin1Char('\n');
    }
    return text;
}

} // namespace kmw
