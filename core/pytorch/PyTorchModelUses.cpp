#include "PyTorchModelUses.h"

#include "Query.h"
#include "PyTorchRewriteInternal.h"

#include <QHash>

#include <climits>
#include <QRegularExpression>
#include <QSet>

namespace kmw {

namespace {

/// Calls `visit(cellView, statement)` for each top-level statement of the cells up to `cell`.
template <typename Visit>
void forEachStatementUpTo(const QVector<ParsedCellView> &cells, int cell, Visit visit)
{
    for (const ParsedCellView &c : cells) {
        if (c.index > cell)
            break;
        const uint32_t n = ts_node_named_child_count(c.root);
        for (uint32_t i = 0; i < n; ++i)
            visit(c, ts_node_named_child(c.root, i));
    }
}

bool isTopLevelBinding(TSNode statement, const QByteArray &text, const QString &variable)
{
    if (!is(statement, "expression_statement"))
        return false;
    const TSNode assignment = ts_node_named_child(statement, 0);
    if (!is(assignment, "assignment"))
        return false;
    const TSNode left = field(assignment, "left");
    return is(left, "identifier") && nodeText(left, text) == variable.toUtf8();
}

/// True when `expr` is batches of ImageDataGenerator.flow(): the loops take arrays and
/// DataLoaders, not Keras iterators (`gen.flow(x, y)`, or a name bound to one).
bool isFlow(TSNode expr, const QByteArray &text, const QSet<QByteArray> &flowNames)
{
    static const QRegularExpression flowCall(QStringLiteral("\\.\\s*flow(_from_dataframe)?\\s*\\("));
    if (is(expr, "identifier"))
        return flowNames.contains(nodeText(expr, text));
    return flowCall.match(QString::fromUtf8(nodeText(expr, text))).hasMatch();
}

/// True when `expr` is a tf.data pipeline (or a Keras dataset utility's), which the loops
/// cannot iterate as PyTorch batches: `tf.data.Dataset.from_tensor_slices(…)`,
/// `image_dataset_from_directory(…)`, `tfds.load(…)`, a method chain on one
/// (`ds.shuffle(…).batch(32)`), or a name bound to one.
bool isTfData(TSNode expr, const QByteArray &text, const QSet<QByteArray> &dataNames)
{
    static const QRegularExpression dataCall(QStringLiteral(
        "\\btf\\.data\\.|\\bfrom_tensor_slices\\s*\\(|\\bfrom_generator\\s*\\(|\\b(image|text)_dataset_from_directory\\s*\\(|"
        "\\btimeseries_dataset_from_array\\s*\\(|\\btfds\\.load\\s*\\("));
    while (is(expr, "call") && is(field(expr, "function"), "attribute"))
        expr = field(field(expr, "function"), "object"); // ds.shuffle(…).batch(32) -> ds
    if (is(expr, "identifier"))
        return dataNames.contains(nodeText(expr, text));
    return dataCall.match(QString::fromUtf8(nodeText(expr, text))).hasMatch();
}

/// True when `value` (the right side of a top-level assignment) is a KerasTensor, the
/// symbolic output of a Functional graph under construction: `Input(…)`, a layer called
/// on something (`Dense(4)(x)`), any call given one of `kerasTensors` (`generator(z)`,
/// `layers.concatenate([a, b])`), or a model's `.output` / `.input`.
bool isKerasTensorValue(TSNode value, const QByteArray &text, const QSet<QByteArray> &kerasTensors)
{
    if (is(value, "attribute")) {
        const QByteArray attribute = nodeText(field(value, "attribute"), text);
        return attribute == "output" || attribute == "input" || attribute == "outputs" || attribute == "inputs";
    }
    if (!is(value, "call"))
        return false;
    const TSNode function = field(value, "function");
    const QByteArray callee = nodeText(function, text);
    if (callee == "Input" || callee.endsWith(".Input") || is(function, "call"))
        return true;
    bool given = false;
    forEachNode(field(value, "arguments"), [&](TSNode node) {
        given = given || (is(node, "identifier") && kerasTensors.contains(nodeText(node, text)));
        return !given;
    });
    return given;
}

/// True when `statement` is a function (or decorated function) that reads `name` as a
/// global: it uses the name and neither takes it as a parameter nor assigns it.
bool definesFunctionUsing(TSNode statement, const QByteArray &text, const QByteArray &name)
{
    if (is(statement, "decorated_definition"))
        statement = field(statement, "definition");
    if (!is(statement, "function_definition"))
        return false;
    bool used = false, local = false;
    forEachNode(field(statement, "parameters"), [&](TSNode node) {
        local = local || (is(node, "identifier") && nodeText(node, text) == name);
        return !local;
    });
    forEachNode(field(statement, "body"), [&](TSNode node) {
        if (is(node, "assignment") && is(field(node, "left"), "identifier") && nodeText(field(node, "left"), text) == name)
            local = true;
        if (is(node, "identifier") && nodeText(node, text) == name)
            used = true;
        return !local;
    });
    return used && !local;
}

/// A name bound to a layer of the model: `v = model.get_layer('n')` / `model.layers[k]`.
struct LayerAlias {
    QString text; ///< the reference's code, for messages
    QString name; ///< n ("" for layers[k])
    qint64 position = 0;
};

/// The state of a use check: the names bound to a layer of the model.
struct UseCheck {
    LayerCheck layerCheck;
    UseConversion conversion;
    int cell = -1; ///< the cell being walked
    QHash<QByteArray, LayerAlias> aliases;
    QVector<QPair<int, QByteArray>> savedTo; ///< `model.save(arg)`: cell, arg's text
};

/// What the use of `alias` (bound to a layer of the model) at identifier `node` is, when
/// it blocks: `v.get_weights()`, `v.set_weights(w)` and showing it are converted.
QString blockingAliasUse(TSNode node, const QByteArray &text, const LayerAlias &bound, const UseCheck &check)
{
    const TSNode parent = ts_node_parent(node);
    const QString alias = QString::fromUtf8(nodeText(node, text));
    const QString &layer = bound.text;
    const rewrite::LayerRefUse use = rewrite::layerRefUse(node, text);
    if (use.kind == rewrite::LayerRefUse::GetWeights || use.kind == rewrite::LayerRefUse::SetWeights) {
        const QString why = check.layerCheck ? check.layerCheck(bound.name, bound.position, true) : QString();
        return why.isEmpty() ? QString() : QStringLiteral("`%1.%2` (%1 is %3: %4)")
                                               .arg(alias, QString::fromUtf8(nodeText(field(parent, "attribute"), text)), layer, why);
    }
    if (is(parent, "attribute") && ts_node_eq(field(parent, "object"), node))
        return QStringLiteral("`%1.%2` (%1 is %3)").arg(alias, QString::fromUtf8(nodeText(field(parent, "attribute"), text)), layer);
    if (is(parent, "expression_statement"))
        return {};
    if (is(parent, "argument_list") && nodeText(field(ts_node_parent(parent), "function"), text) == "print")
        return {};
    return QStringLiteral("`%1` (%1 is %2, used as %3)").arg(alias, layer, QString::fromUtf8(ts_node_type(parent)));
}

/// A use of a layer of the model (`ref`: `model.get_layer('n')` or `model.layers[k]`), when
/// it blocks; a name bound to it is remembered in `check`.
QString blockingLayerUse(TSNode ref, const QByteArray &text, UseCheck &check)
{
    QString model, name;
    qint64 position = 0;
    const QString what = QString::fromUtf8(nodeText(ref, text));
    if (!rewrite::layerRefKey(ref, text, &model, &name, &position))
        return QStringLiteral("`%1`").arg(what);
    const rewrite::LayerRefUse use = rewrite::layerRefUse(ref, text);
    if (use.kind == rewrite::LayerRefUse::Unsupported)
        return QStringLiteral("`%1` (used as %2)").arg(what, QString::fromUtf8(ts_node_type(ts_node_parent(ref))));
    const bool weights = use.kind != rewrite::LayerRefUse::Trainable && use.kind != rewrite::LayerRefUse::Bound;
    const QString why = check.layerCheck ? check.layerCheck(name, position, weights) : QString();
    if (!why.isEmpty())
        return QStringLiteral("`%1` (%2)").arg(what, why);
    if (use.kind == rewrite::LayerRefUse::Bound)
        check.aliases.insert(nodeText(field(ts_node_parent(ref), "left"), text), LayerAlias{what, name, position});
    return {};
}

QString blockingUse(TSNode node, const QByteArray &text, const QString &variable, const QSet<QByteArray> &flowNames,
                    const QSet<QByteArray> &dataNames, const QSet<QByteArray> &kerasTensors, UseCheck &check)
{
    static const QSet<QByteArray> loops{"fit", "fit_generator", "evaluate", "evaluate_generator", "predict",
                                        "predict_generator", "predict_proba", "predict_classes", "train_on_batch", "test_on_batch"};
    static const QSet<QByteArray> converted{
        "compile", "fit", "fit_generator", "evaluate", "evaluate_generator", "predict", "predict_generator", "predict_proba", "predict_classes", "train_on_batch", "test_on_batch", "summary",
        "save", "save_weights", "load_weights", "add", "to", "parameters", "named_parameters", "train", "eval", "state_dict", "load_state_dict",
        "zero_grad", "children", "modules", "cuda", "cpu", "forward"};
    const TSNode parent = ts_node_parent(node);
    if (is(parent, "attribute") && ts_node_eq(field(parent, "object"), node)) {
        const QByteArray name = nodeText(field(parent, "attribute"), text);
        const TSNode call = ts_node_parent(parent);
        if (loops.contains(name) && is(call, "call")) {
            const TSNode first = ts_node_named_child(field(call, "arguments"), 0);
            if (!ts_node_is_null(first) && !is(first, "keyword_argument") && isFlow(first, text, flowNames))
                return QStringLiteral("`%1.%2(…)` on ImageDataGenerator.flow()").arg(variable, QString::fromUtf8(name));
            if (!ts_node_is_null(first) && !is(first, "keyword_argument") && isTfData(first, text, dataNames))
                return QStringLiteral("`%1.%2(…)` on a tf.data pipeline (the PyTorch loops take arrays and DataLoaders)")
                    .arg(variable, QString::fromUtf8(name));
        }
        if (converted.contains(name)) {
            // a method a generator rewrites must be rewritten here, or it stays Keras code
            static const QSet<QByteArray> generated{
                "compile", "fit", "fit_generator", "evaluate", "evaluate_generator", "predict", "predict_generator",
                "predict_proba", "predict_classes", "train_on_batch", "test_on_batch", "summary", "save",
                "save_weights", "load_weights"};
            if (check.conversion && generated.contains(name) && is(call, "call") && ts_node_eq(field(call, "function"), parent)) {
                const QString why = check.conversion(check.cell, call, name);
                if (!why.isEmpty())
                    return QStringLiteral("`%1.%2(…)` (not converted: %3)").arg(variable, QString::fromUtf8(name), why);
            }
            return {};
        }
        // Keras's values the torch-model-attribute generator writes out
        static const QSet<QByteArray> written{"output_shape", "metrics_names"};
        if (written.contains(name) && !is(call, "call"))
            return {};
        if (name == "count_params" && is(call, "call") && ts_node_eq(field(call, "function"), parent))
            return {};
        if (name == "layers" && is(call, "expression_statement")) // displayed: list(model.children())
            return {};
        // a layer of the model, its weights (torch-layer-weights)
        if (name == "get_layer" && is(call, "call") && ts_node_eq(field(call, "function"), parent))
            return blockingLayerUse(call, text, check);
        if (name == "layers" && is(call, "subscript") && ts_node_eq(field(call, "value"), parent))
            return blockingLayerUse(call, text, check);
        if (name == "get_weights" || name == "set_weights") {
            const rewrite::LayerRefUse use = rewrite::layerRefUse(node, text);
            if (use.kind == rewrite::LayerRefUse::GetWeights || use.kind == rewrite::LayerRefUse::SetWeights) {
                const QString why = check.layerCheck ? check.layerCheck(QStringLiteral("*"), 0, true) : QString();
                return why.isEmpty() ? QString() : QStringLiteral("`%1.%2` (%3)").arg(variable, QString::fromUtf8(name), why);
            }
        }
        return QStringLiteral("`%1.%2`").arg(variable, QString::fromUtf8(name));
    }
    if (is(parent, "call") && ts_node_eq(field(parent, "function"), node)) {
        // `y = model(x)` alone on its statement, one positional argument: torch-call
        const TSNode args = field(parent, "arguments");
        const TSNode assignment = ts_node_parent(parent);
        const bool single = ts_node_named_child_count(args) == 1 && !is(ts_node_named_child(args, 0), "keyword_argument");
        // called on a Keras tensor, the model is a layer of another Keras model
        const TSNode argument = ts_node_named_child(args, 0);
        if (single && is(argument, "identifier") && kerasTensors.contains(nodeText(argument, text)))
            return QStringLiteral("`%1` (the model is a layer of another Keras model built on the Keras tensor `%2`)")
                .arg(QString::fromUtf8(nodeText(parent, text)).left(60), QString::fromUtf8(nodeText(argument, text)));
        if (single && is(assignment, "assignment") && ts_node_eq(field(assignment, "right"), parent) &&
            is(field(assignment, "left"), "identifier") && is(ts_node_parent(assignment), "expression_statement"))
            return {};
        return QStringLiteral("`%1`").arg(QString::fromUtf8(nodeText(parent, text)).section(QLatin1Char('\n'), 0, 0).left(60));
    }
    if (is(parent, "argument_list")) {
        const TSNode call = ts_node_parent(parent);
        const QByteArray function = nodeText(field(call, "function"), text);
        if (function == "print" || function == "type" || function == "id")
            return {};
        return QStringLiteral("`%1(…%2…)`").arg(QString::fromUtf8(function), variable);
    }
    if (is(parent, "keyword_argument") && ts_node_eq(field(parent, "name"), node))
        return {}; // `f(model=…)` names a parameter
    if (is(parent, "expression_statement"))
        return {}; // `model` alone: the notebook shows it
    if (is(parent, "delete_statement") || (is(parent, "expression_list") && is(ts_node_parent(parent), "delete_statement")))
        return {}; // `del model`: the name goes, whatever it holds
    return QStringLiteral("`%1` (%2)").arg(variable, QString::fromUtf8(ts_node_type(parent)));
}


/// blockingModelUse() for the uses of `variable` itself; `check.savedTo` gets the
/// arguments of its `save(…)` calls.
QString directUse(const QVector<ParsedCellView> &cells, int cell, const QString &variable, UseCheck &check)
{
    // the binding: the last top-level `variable = …` at or before `cell`
    int bindingCell = -1;
    uint32_t bindingEnd = 0;
    forEachStatementUpTo(cells, cell, [&](const ParsedCellView &c, TSNode st) {
        if (isTopLevelBinding(st, *c.masked, variable)) {
            bindingCell = c.index;
            bindingEnd = ts_node_end_byte(st);
        }
    });
    if (bindingCell < 0)
        return {};
    const QByteArray name = variable.toUtf8();
    QSet<QByteArray> flowNames; // names bound to ImageDataGenerator.flow() batches so far
    QSet<QByteArray> dataNames; // names bound to tf.data pipelines so far
    QSet<QByteArray> kerasTensors; // names bound to KerasTensors so far
    for (const ParsedCellView &c : cells) {
        const uint32_t n = ts_node_named_child_count(c.root);
        for (uint32_t i = 0; i < n; ++i) {
            const TSNode st = ts_node_named_child(c.root, i);
            if (is(st, "expression_statement") && is(ts_node_named_child(st, 0), "assignment")) {
                const TSNode a = ts_node_named_child(st, 0);
                if (is(field(a, "left"), "identifier")) {
                    const QByteArray bound = nodeText(field(a, "left"), *c.masked);
                    if (isFlow(field(a, "right"), *c.masked, flowNames))
                        flowNames.insert(bound);
                    else
                        flowNames.remove(bound);
                    if (isTfData(field(a, "right"), *c.masked, dataNames))
                        dataNames.insert(bound);
                    else
                        dataNames.remove(bound);
                    if (isKerasTensorValue(field(a, "right"), *c.masked, kerasTensors))
                        kerasTensors.insert(bound);
                    else
                        kerasTensors.remove(bound);
                }
            }
            // A function defined before the binding runs later, when called: its uses count
            // (`def create_model(): … base_model.output`), unless it binds the name itself.
            const bool before = c.index < bindingCell || (c.index == bindingCell && ts_node_start_byte(st) < bindingEnd);
            if (before && !definesFunctionUsing(st, *c.masked, name))
                continue;
            QString found;
            check.cell = c.index;
            forEachNode(st, [&](TSNode node) {
                if (!found.isEmpty())
                    return false;
                if (!is(node, "identifier"))
                    return true;
                const QByteArray id = nodeText(node, *c.masked);
                const bool alias = check.aliases.contains(id);
                if (id == name || alias) {
                    const TSNode parent = ts_node_parent(node);
                    if (id == name && is(parent, "attribute") && nodeText(field(parent, "attribute"), *c.masked) == "save"
                        && is(ts_node_parent(parent), "call")) {
                        const TSNode first = ts_node_named_child(field(ts_node_parent(parent), "arguments"), 0);
                        if (!ts_node_is_null(first) && !is(first, "keyword_argument"))
                            check.savedTo.append({c.index, nodeText(first, *c.masked)});
                    }
                    const bool target = is(parent, "assignment") && ts_node_eq(field(parent, "left"), node);
                    const bool attributeName = is(parent, "attribute") && ts_node_eq(field(parent, "attribute"), node);
                    if (target && alias && id != name)
                        check.aliases.remove(id); // rebound: no longer the layer
                    else if (!target && !attributeName)
                        found = id == name ? blockingUse(node, *c.masked, variable, flowNames, dataNames, kerasTensors, check)
                                           : blockingAliasUse(node, *c.masked, check.aliases.value(id), check);
                }
                return true;
            });
            if (!found.isEmpty())
                return QStringLiteral("%1 in cell %2").arg(found).arg(c.index);
            if (isTopLevelBinding(st, *c.masked, variable))
                return {}; // rebound: later uses are another model's
        }
    }
    return {};
}


/// directUse(), then the models loaded from the files it saves: `model.save(p)` and a
/// later `other = load_model(p)` that stays Keras would read a file that is now PyTorch's
/// state_dict, so other's uses count as the model's (a few levels deep).
QString blockingUseOf(const QVector<ParsedCellView> &cells, int cell, const QString &variable,
                      const LayerCheck &layerCheck, const UseConversion &conversion, int depth)
{
    UseCheck check;
    check.layerCheck = layerCheck;
    check.conversion = conversion;
    const QString direct = directUse(cells, cell, variable, check);
    if (!direct.isEmpty() || depth > 3)
        return direct;
    for (const auto &[savedCell, path] : std::as_const(check.savedTo)) {
        for (const ParsedCellView &c : cells) {
            if (c.index < savedCell)
                continue;
            const uint32_t n = ts_node_named_child_count(c.root);
            for (uint32_t i = 0; i < n; ++i) {
                const TSNode st = ts_node_named_child(c.root, i);
                const TSNode a = ts_node_named_child(st, 0);
                if (!is(st, "expression_statement") || !is(a, "assignment") || !is(field(a, "left"), "identifier"))
                    continue;
                const TSNode right = field(a, "right");
                if (!is(right, "call"))
                    continue;
                const QByteArray function = nodeText(field(right, "function"), *c.masked);
                const TSNode first = ts_node_named_child(field(right, "arguments"), 0);
                if ((function != "load_model" && !function.endsWith(".load_model")) || ts_node_is_null(first)
                    || nodeText(first, *c.masked) != path)
                    continue;
                const QString other = QString::fromUtf8(nodeText(field(a, "left"), *c.masked));
                const QString use = blockingUseOf(cells, c.index, other, layerCheck, conversion, depth + 1);
                if (!use.isEmpty())
                    return QStringLiteral("`%1 = %2(…)` in cell %3 loads the file `%4` is saved to, and %5")
                        .arg(other, QString::fromUtf8(function)).arg(c.index).arg(variable, use);
            }
        }
    }
    return {};
}

} // namespace

QString blockingModelUse(const QVector<ParsedCellView> &cells, int cell, const QString &variable,
                         const LayerCheck &layerCheck, const UseConversion &conversion)
{
    return blockingUseOf(cells, cell, variable, layerCheck, conversion, 0);
}

QString nestedModelIn(const QVector<ParsedCellView> &cells, int cell, const QString &variable, const QStringList &models)
{
    // the models the document trains or loads weights into
    QSet<QString> trained;
    static const QRegularExpression training(QStringLiteral("\\b(\\w+)\\s*\\.\\s*(fit|fit_generator|train_on_batch|load_weights)\\s*\\("));
    for (const ParsedCellView &c : cells) // before or after: the layers are shared either way
        for (auto m = training.globalMatch(QString::fromUtf8(*c.masked)); m.hasNext();)
            trained.insert(m.next().captured(1));
    QString found;
    forEachStatementUpTo(cells, cell, [&](const ParsedCellView &c, TSNode st) {
        TSNode right{};
        if (isTopLevelBinding(st, *c.masked, variable)) {
            found.clear(); // the last binding counts, with the add() calls after it
            right = field(ts_node_named_child(st, 0), "right");
        } else if (is(st, "expression_statement") && is(ts_node_named_child(st, 0), "call")) {
            const TSNode function = field(ts_node_named_child(st, 0), "function");
            if (is(function, "attribute") && nodeText(field(function, "object"), *c.masked) == variable.toUtf8() &&
                nodeText(field(function, "attribute"), *c.masked) == "add")
                right = field(ts_node_named_child(st, 0), "arguments");
        }
        if (ts_node_is_null(right))
            return;
        forEachNode(right, [&](TSNode node) {
            if (found.isEmpty() && is(node, "identifier") && !is(ts_node_parent(node), "attribute") && !is(ts_node_parent(node), "keyword_argument")) {
                const QString id = QString::fromUtf8(nodeText(node, *c.masked));
                if (id != variable && models.contains(id) && trained.contains(id))
                    found = QStringLiteral("the model `%1` inside it in cell %2").arg(id).arg(c.index);
            }
            return found.isEmpty();
        });
    });
    if (!found.isEmpty())
        return found;
    // A Functional model's graph: the top-level statements that make the tensors
    // `Model(…)` is given, back to its inputs; a model called there (`img = generator(z)`,
    // `pred = discriminator(img)`) is inside it
    QVector<QPair<const ParsedCellView *, TSNode>> assignments;
    int binding = -1;
    forEachStatementUpTo(cells, cell, [&](const ParsedCellView &c, TSNode st) {
        if (!is(st, "expression_statement") || !is(ts_node_named_child(st, 0), "assignment"))
            return;
        if (isTopLevelBinding(st, *c.masked, variable))
            binding = int(assignments.size());
        assignments.append({&c, st});
    });
    if (binding < 0)
        return {};
    const auto namesIn = [](TSNode node, const QByteArray &text) {
        QSet<QByteArray> names;
        forEachNode(node, [&](TSNode n) {
            if (is(n, "identifier") && !(is(ts_node_parent(n), "attribute") && ts_node_eq(field(ts_node_parent(n), "attribute"), n)) &&
                !(is(ts_node_parent(n), "keyword_argument") && ts_node_eq(field(ts_node_parent(n), "name"), n)))
                names.insert(nodeText(n, text));
            return true;
        });
        return names;
    };
    const TSNode model = field(ts_node_named_child(assignments[binding].second, 0), "right");
    if (!is(model, "call"))
        return {};
    QSet<QByteArray> needed = namesIn(field(model, "arguments"), *assignments[binding].first->masked);
    for (int k = binding - 1; k >= 0 && found.isEmpty(); --k) {
        const auto &[c, st] = assignments[k];
        const TSNode a = ts_node_named_child(st, 0);
        if (!namesIn(field(a, "left"), *c->masked).intersects(needed))
            continue;
        const TSNode right = field(a, "right");
        needed += namesIn(right, *c->masked);
        const QString callee = QString::fromUtf8(nodeText(field(right, "function"), *c->masked));
        if (is(right, "call") && callee != variable && trained.contains(callee)) // a trained model called on the graph
            found = QStringLiteral("the model `%1` inside it in cell %2").arg(callee).arg(c->index);
    }
    return found;
}

QString layerObjectUse(const QVector<ParsedCellView> &cells, int cell, const QString &variable, const QStringList &models)
{
    // names bound at the top level to a call (layer objects: `emb = Embedding(…)`)
    QSet<QByteArray> objects;
    forEachStatementUpTo(cells, cell, [&](const ParsedCellView &c, TSNode st) {
        const TSNode a = ts_node_named_child(st, 0);
        if (!is(st, "expression_statement") || !is(a, "assignment") || !is(field(a, "left"), "identifier"))
            return;
        const QByteArray name = nodeText(field(a, "left"), *c.masked);
        if (is(field(a, "right"), "call"))
            objects.insert(name);
        else
            objects.remove(name);
    });
    // the ones the model holds as layers: items of the Sequential's list, add()'s argument
    QSet<QByteArray> held;
    int lastCell = -1;
    uint32_t lastEnd = 0;
    const auto hold = [&](TSNode item, const ParsedCellView &c) {
        const QByteArray id = nodeText(item, *c.masked);
        if (is(item, "identifier") && objects.contains(id) && !models.contains(QString::fromUtf8(id)))
            held.insert(id);
    };
    forEachStatementUpTo(cells, cell, [&](const ParsedCellView &c, TSNode st) {
        const TSNode expression = ts_node_named_child(st, 0);
        if (isTopLevelBinding(st, *c.masked, variable)) {
            held.clear();
            // a Sequential's list holds layers; a Functional Model(…)'s arguments are tensors
            const TSNode right = field(expression, "right");
            if (!is(right, "call") || !nodeText(field(right, "function"), *c.masked).endsWith("Sequential"))
                return;
            const TSNode list = ts_node_named_child(field(right, "arguments"), 0);
            if (is(list, "list") || is(list, "tuple"))
                for (uint32_t k = 0; k < ts_node_named_child_count(list); ++k)
                    hold(ts_node_named_child(list, k), c);
        } else if (is(st, "expression_statement") && is(expression, "call")) {
            const TSNode function = field(expression, "function");
            if (!is(function, "attribute") || nodeText(field(function, "object"), *c.masked) != variable.toUtf8() ||
                nodeText(field(function, "attribute"), *c.masked) != "add")
                return;
            hold(ts_node_named_child(field(expression, "arguments"), 0), c);
        } else {
            return;
        }
        lastCell = c.index;
        lastEnd = ts_node_end_byte(st);
    });
    if (held.isEmpty())
        return {};
    // a later use of one of them (its weights read or set, its output…), until the model
    // is bound again
    QString found;
    for (const ParsedCellView &c : cells) {
        if (c.index < lastCell)
            continue;
        const uint32_t n = ts_node_named_child_count(c.root);
        for (uint32_t i = 0; i < n && found.isEmpty(); ++i) {
            const TSNode st = ts_node_named_child(c.root, i);
            if (c.index == lastCell && ts_node_start_byte(st) < lastEnd)
                continue;
            if (isTopLevelBinding(st, *c.masked, variable))
                return {};
            forEachNode(st, [&](TSNode node) {
                if (found.isEmpty() && is(node, "identifier") && held.contains(nodeText(node, *c.masked))) {
                    const TSNode parent = ts_node_parent(node);
                    if (!(is(parent, "attribute") && ts_node_eq(field(parent, "attribute"), node)))
                        found = QStringLiteral("`%1` in cell %2 uses the layer `%3` the model is built from")
                                    .arg(QString::fromUtf8(nodeText(is(parent, "attribute") ? parent : node, *c.masked)))
                                    .arg(c.index)
                                    .arg(QString::fromUtf8(nodeText(node, *c.masked)));
                }
                return found.isEmpty();
            });
        }
        if (!found.isEmpty())
            return found;
    }
    return {};
}

QString sharedTensorModel(const QVector<ParsedCellView> &cells, int cell, const QString &variable)
{
    // every top-level `m = …Model(…)` of the document: the names its arguments read
    struct Binding {
        QString model;
        int cell = -1;
        QSet<QByteArray> names;
    };
    QVector<Binding> bindings;
    QSet<QString> trained;
    static const QRegularExpression training(QStringLiteral("\\b(\\w+)\\s*\\.\\s*(fit|fit_generator|train_on_batch|load_weights)\\s*\\("));
    forEachStatementUpTo(cells, INT_MAX, [&](const ParsedCellView &c, TSNode st) {
        const TSNode a = ts_node_named_child(st, 0);
        if (!is(st, "expression_statement") || !is(a, "assignment") || !is(field(a, "left"), "identifier"))
            return;
        const TSNode right = field(a, "right");
        const QByteArray function = is(right, "call") ? nodeText(field(right, "function"), *c.masked) : QByteArray();
        if (!(function == "Model" || function.endsWith(".Model")))
            return;
        Binding b{QString::fromUtf8(nodeText(field(a, "left"), *c.masked)), c.index, {}};
        forEachNode(field(right, "arguments"), [&](TSNode node) {
            const TSNode parent = ts_node_parent(node);
            if (is(node, "identifier") && !(is(parent, "keyword_argument") && ts_node_eq(field(parent, "name"), node)) &&
                !(is(parent, "attribute") && ts_node_eq(field(parent, "attribute"), node)))
                b.names.insert(nodeText(node, *c.masked));
            return true;
        });
        bindings << b;
    });
    for (const ParsedCellView &c : cells)
        for (auto m = training.globalMatch(QString::fromUtf8(*c.masked)); m.hasNext();)
            trained.insert(m.next().captured(1));
    // this model's binding: the last at or before `cell`
    const Binding *own = nullptr;
    for (const Binding &b : bindings)
        if (b.model == variable && b.cell <= cell)
            own = &b;
    if (!own)
        return {};
    for (const Binding &b : bindings) {
        if (b.model == variable || !(trained.contains(b.model) || trained.contains(variable)))
            continue;
        for (const QByteArray &name : own->names)
            if (b.names.contains(name))
                return QStringLiteral("the model `%1` (cell %2) shares `%3` with it, and so its layers")
                    .arg(b.model).arg(b.cell).arg(QString::fromUtf8(name));
    }
    return {};
}

} // namespace kmw

