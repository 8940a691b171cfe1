#include "KerasSummary.h"




#include <QHash>
#include <QRegularExpression>

#include <algorithm>

// model.summary() tables: making the one tf.keras 2.x would print for a ModelIR,
// formatting it, and comparing it with one saved in a notebook output (read by
// parseSavedSummaries, in KerasSummaryParse.cpp). The Keras sources followed are cited
// where they are reproduced:
//   keras/utils/layer_utils.py   print_summary (tf.keras 2.4 - 2.8, standalone Keras 2)
//   keras/engine/functional.py   _map_graph_network / _build_map (layer order)

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

ModelSummary summarizeModel(const ModelIR &model)
{
    ModelSummary s;
    s.modelName = model.name;
    s.style = QStringLiteral("keras2");
    s.totalParams = model.paramsKeras;
    s.trainableParams = model.trainableKeras;
    s.nonTrainableParams = model.nonTrainableKeras;

    if (model.subclassed) {
        // print_summary of a subclassed model: its tracked layers, output shape "multiple"
        for (int index : model.tracked) {
            const LayerSpec &l = model.layers.at(index);
            SummaryRow row;
            row.name = l.name;
            row.type = l.type;
            row.outputShape = QStringLiteral("multiple");
            row.params = l.paramsKeras;
            s.rows.append(row);
        }
        return s;
    }
    if (model.kind != QLatin1String("Functional")) {
        // Sequential.layers leaves out the InputLayer (keras/engine/sequential.py), and
        // print_summary treats Sequential (and subclassed) models as sequential_like.
        QString group; // a model used as a layer: one row for its layers
        for (const LayerSpec &l : model.layers) {
            if (l.type == QLatin1String("InputLayer"))
                continue;
            if (!l.nestedModel.isEmpty() && l.nestedModel == group && !s.rows.isEmpty()) {
                s.rows.last().outputShape = kerasShapeString(l.outputShape);
                s.rows.last().params += l.paramsKeras;
                continue;
            }
            group = l.nestedModel;
            SummaryRow row;
            row.name = group.isEmpty() ? l.name : group;
            row.type = group.isEmpty() ? l.type : l.nestedKind;
            row.outputShape = kerasShapeString(l.outputShape);
            row.params = l.paramsKeras;
            s.rows.append(row);
        }
        return s;
    }

    const GraphOrder g = functionalOrder(model);
    s.connectedColumn = !g.sequentialLike;
    // a layer called several times (LayerSpec::sharedWith) is one row, its calls being its
    // nodes 0, 1, …: Keras names a call's output `<layer>[<node>][0]`
    QHash<int, QVector<int>> calls; // owner -> its calls in order (owner first)
    for (int i = 0; i < model.layers.size(); ++i) {
        const int owner = model.layers.at(i).sharedWith >= 0 ? model.layers.at(i).sharedWith : i;
        calls[owner].append(i);
    }
    const auto tensorName = [&](int u) {
        const int owner = model.layers.at(u).sharedWith >= 0 ? model.layers.at(u).sharedWith : u;
        // a model used as a layer: its call on new inputs is its node 1 (node 0 is its own graph)
        if (!model.layers.at(u).nestedModel.isEmpty())
            return QStringLiteral("%1[1][0]").arg(model.layers.at(u).nestedModel);
        return QStringLiteral("%1[%2][0]").arg(model.layers.at(owner).name).arg(calls.value(owner).indexOf(u));
    };
    QString group;
    for (int index : g.layers) {
        const LayerSpec &l = model.layers.at(index);
        if (l.sharedWith >= 0)
            continue; // on its first call's row
        if (!l.nestedModel.isEmpty() && l.nestedModel == group && !s.rows.isEmpty()) {
            s.rows.last().outputShape = kerasShapeString(layerShape(model, index));
            s.rows.last().params += l.paramsKeras;
            continue;
        }
        group = l.nestedModel;
        if (!group.isEmpty()) {
            SummaryRow row;
            row.name = group;
            row.type = l.nestedKind;
            row.outputShape = kerasShapeString(layerShape(model, index));
            row.params = l.paramsKeras;
            if (!g.sequentialLike)
                for (int u : l.inbound)
                    if (u >= 0 && u < model.layers.size())
                        row.connectedTo << tensorName(u);
            s.rows.append(row);
            continue;
        }
        SummaryRow row;
        row.name = l.name;
        row.type = l.type;
        row.outputShape = kerasShapeString(layerShape(model, index));
        for (int call : calls.value(index)) // Layer.output_shape: "multiple" when calls differ
            if (kerasShapeString(layerShape(model, call)) != row.outputShape)
                row.outputShape = QStringLiteral("multiple");
        // InputLayer.output_shape is a list of one shape in tf.keras >= 2.4.
        if (l.type == QLatin1String("InputLayer"))
            row.outputShape = QLatin1Char('[') + row.outputShape + QLatin1Char(']');
        row.params = l.paramsKeras;
        if (!g.sequentialLike || calls.value(index).size() > 1) {
            // print_layer_summary_with_connections: '{}[{}][{}]'.format(inbound_layer.name,
            // node_index, tensor_index); one output per layer.
            for (int call : calls.value(index))
                for (int u : model.layers.at(call).inbound)
                    if (u >= 0 && u < model.layers.size())
                        row.connectedTo << tensorName(u);
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
    for (int i = 0; i < saved.rows.size(); ++i) {
        // a type cut at its column ("Conv2DTranspo") is completed from our row, so the
        // automatic names in "Connected to" compare by their stems
        const SummaryRow &r = saved.rows.at(i);
        const QString ourType = i < ours.rows.size() ? ours.rows.at(i).type : QString();
        savedTypes.insert(r.name, r.typeCut && ourType.startsWith(r.type) ? ourType : r.type);
    }
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
            // a Functional model used as a layer: "Model" before tf.keras 2.4, "Functional" after
            const bool model = (a.type == QLatin1String("Model") || a.type == QLatin1String("Functional"))
                               && b.type == QLatin1String("Functional");
            const bool ok = model || (a.typeCut ? b.type.startsWith(a.type) : a.type == b.type);
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


} // namespace kmw
