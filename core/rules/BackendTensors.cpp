#include "BackendTensors.h"

#include "Query.h"

#include <QRegularExpression>

#include <algorithm>

namespace kmw {

namespace {

bool makesModel(const QString &callee)
{
    static const QRegularExpression re(QStringLiteral(
        "^keras\\.(?:models\\.)?(?:Sequential|Model)$|^keras\\.(?:models|saving)\\.load_model$|^keras\\.applications\\."));
    return re.match(canonicalKerasName(callee)).hasMatch();
}

/// A TensorFlow op or keras.ops function (what a tensor argument keeps a tensor).
bool isTensorOp(const QString &callee)
{
    const QString name = canonicalKerasName(callee);
    if (name.startsWith(QLatin1String("keras.ops.")))
        return true;
    return name.startsWith(QLatin1String("tensorflow.")) && !name.startsWith(QLatin1String("tensorflow.keras"));
}

bool makesInput(const QString &callee)
{
    const QString name = canonicalKerasName(callee);
    return name == QLatin1String("keras.Input") || name == QLatin1String("keras.layers.Input");
}

/// A `keras.layers` class (`Dense`) or functional form (`concatenate`), not Input.
bool isLayerName(const QString &callee)
{
    const QString name = canonicalKerasName(callee);
    return name.startsWith(QLatin1String("keras.layers.")) && !makesInput(callee) && name.count(QLatin1Char('.')) == 2;
}

/// The `outputs` argument of a `Model(…)` call: the keyword, else the second positional.
TSNode modelOutputs(TSNode call, const QByteArray &text)
{
    const TSNode args = field(call, "arguments");
    int positional = 0;
    const uint32_t n = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode arg = ts_node_named_child(args, i);
        if (is(arg, "keyword_argument")) {
            const QByteArray name = nodeText(field(arg, "name"), text);
            if (name == "outputs" || name == "output")
                return field(arg, "value");
        } else if (positional++ == 1) {
            return arg;
        }
    }
    return TSNode{};
}

} // namespace

bool BackendTensors::isLayer(TSNode function, const QByteArray &text, const ImportTable &imports) const
{
    if (is(function, "identifier") && (m_layers.contains(nodeText(function, text)) || m_models.contains(nodeText(function, text))))
        return true;
    if (is(function, "call")) // Dense(3)(x)
        return isLayerName(imports.resolve(nodeText(field(function, "function"), text)));
    return (is(function, "attribute") || is(function, "identifier")) && isLayerName(imports.resolve(nodeText(function, text)));
}

bool BackendTensors::isKerasTensorExpression(TSNode node, const QByteArray &text, const ImportTable &imports) const
{
    if (ts_node_is_null(node))
        return false;
    if (is(node, "identifier"))
        return isKerasTensorName(nodeText(node, text), ts_node_start_byte(node));
    const auto anyChild = [&](TSNode parent) {
        const uint32_t n = ts_node_named_child_count(parent);
        for (uint32_t i = 0; i < n; ++i) {
            TSNode child = ts_node_named_child(parent, i);
            if (is(child, "keyword_argument") || is(child, "pair"))
                child = field(child, "value");
            if (isKerasTensorExpression(child, text, imports))
                return true;
        }
        return false;
    };
    if (is(node, "call")) {
        const TSNode function = field(node, "function");
        const QString callee = imports.resolve(nodeText(function, text));
        if (makesInput(callee))
            return true;
        if (is(function, "identifier") && m_functions.contains(nodeText(function, text)))
            return anyChild(field(node, "arguments")); // a block builder: conv_block(x, 32)
        if (!isLayer(function, text, imports) && !isTensorOp(callee))
            return false;
        return anyChild(field(node, "arguments"));
    }
    if (is(node, "attribute")) { // base_model.output, model.layers[-1].output
        const QByteArray attribute = nodeText(field(node, "attribute"), text);
        if (attribute != "output" && attribute != "input" && attribute != "outputs" && attribute != "inputs")
            return false;
        TSNode object = field(node, "object");
        while (is(object, "subscript") || is(object, "call") || is(object, "attribute"))
            object = is(object, "subscript") ? field(object, "value") : is(object, "call") ? field(object, "function") : field(object, "object");
        return is(object, "identifier") && m_models.contains(nodeText(object, text));
    }
    if (is(node, "subscript"))
        return isKerasTensorExpression(field(node, "value"), text, imports);
    if (is(node, "binary_operator") || is(node, "unary_operator") || is(node, "parenthesized_expression") ||
        is(node, "list") || is(node, "tuple") || is(node, "dictionary"))
        return anyChild(node);
    return false;
}

bool BackendTensors::isKerasTensorName(const QByteArray &name, uint32_t at) const
{
    const auto bindings = m_cellKerasTensors.constFind(name);
    if (bindings != m_cellKerasTensors.cend())
        for (auto it = bindings->crbegin(); it != bindings->crend(); ++it)
            if (it->first <= at)
                return it->second;
    return m_kerasTensorsBefore.contains(name);
}

void BackendTensors::bindKerasTensor(const QByteArray &name, uint32_t at, bool kerasTensor)
{
    auto &bindings = m_cellKerasTensors[name];
    const auto it = std::upper_bound(bindings.begin(), bindings.end(), at,
                                     [](uint32_t offset, const QPair<uint32_t, bool> &b) { return offset < b.first; });
    bindings.insert(it, {at, kerasTensor});
}

namespace {

/// The names of a function's parameters that a call can give by position, in order,
/// then the keyword-only ones.
QList<QByteArray> parameterNames(TSNode function, const QByteArray &text)
{
    QList<QByteArray> names;
    const TSNode params = field(function, "parameters");
    const uint32_t n = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode p = ts_node_named_child(params, i);
        TSNode name = is(p, "identifier") ? p : field(p, "name");
        if (ts_node_is_null(name) && ts_node_named_child_count(p) > 0)
            name = ts_node_named_child(p, 0); // typed_parameter
        names << (is(name, "identifier") ? nodeText(name, text) : QByteArray("*")); // *args, **kwargs: no name
    }
    return names;
}

} // namespace

QHash<QByteArray, QSet<QByteArray>> BackendTensors::kerasTensorParameters(TSNode root, const QByteArray &text, const ImportTable &imports,
                                                                          const std::vector<TSNode> &functions) const
{
    QHash<QByteArray, QList<QByteArray>> parameters;
    for (TSNode def : functions)
        parameters.insert(nodeText(field(def, "name"), text), parameterNames(def, text));
    QHash<QByteArray, QSet<QByteArray>> found;
    forEachNode(root, [&](TSNode node) {
        if (!is(node, "call") || !is(field(node, "function"), "identifier"))
            return true;
        const auto params = parameters.constFind(nodeText(field(node, "function"), text));
        if (params == parameters.cend())
            return true;
        const TSNode args = field(node, "arguments");
        const uint32_t n = ts_node_named_child_count(args);
        int position = 0;
        for (uint32_t i = 0; i < n; ++i) {
            const TSNode arg = ts_node_named_child(args, i);
            QByteArray param;
            TSNode value = arg;
            if (is(arg, "keyword_argument")) {
                param = nodeText(field(arg, "name"), text);
                value = field(arg, "value");
            } else if (position < params->size()) {
                param = params->at(position++);
            }
            if (!param.isEmpty() && param != "*" && params->contains(param) && isKerasTensorExpression(value, text, imports))
                found[params.key()].insert(param);
        }
        return true;
    });
    return found;
}

bool BackendTensors::isTensorExpression(TSNode node, const QByteArray &text, const ImportTable &imports) const
{
    if (ts_node_is_null(node))
        return false;
    if (is(node, "identifier"))
        return m_tensors.contains(nodeText(node, text));
    if (is(node, "call")) {
        const TSNode function = field(node, "function");
        if (is(function, "identifier") && m_models.contains(nodeText(function, text)))
            return true;
        if (!is(function, "attribute") || !isTensorOp(imports.resolve(nodeText(function, text))))
            return false;
        const TSNode args = field(node, "arguments");
        const uint32_t n = ts_node_named_child_count(args);
        for (uint32_t i = 0; i < n; ++i) {
            TSNode arg = ts_node_named_child(args, i);
            if (is(arg, "keyword_argument"))
                arg = field(arg, "value");
            if (isTensorExpression(arg, text, imports))
                return true;
        }
        return false;
    }
    if (is(node, "subscript"))
        return isTensorExpression(field(node, "value"), text, imports);
    if (is(node, "binary_operator") || is(node, "comparison_operator") || is(node, "unary_operator") ||
        is(node, "parenthesized_expression")) {
        const uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; ++i)
            if (isTensorExpression(ts_node_named_child(node, i), text, imports))
                return true;
    }
    return false;
}

void BackendTensors::addCell(TSNode root, const QByteArray &text, const ImportTable &imports)
{
    std::vector<TSNode> functions;
    forEachNode(root, [&](TSNode node) {
        if (is(node, "function_definition")) {
            functions.push_back(node);
            m_functions.insert(nodeText(field(node, "name"), text));
        }
        return true;
    });
    // Parameters given KerasTensors are known once the calls are read: read the cell
    // again with them (a block calling a block needs one more round).
    const QSet<QByteArray> before = m_kerasTensors;
    const QSet<QByteArray> models = m_models, tensors = m_tensors, layers = m_layers, multiOutput = m_multiOutput;
    QHash<QByteArray, QSet<QByteArray>> kerasParameters;
    for (int round = 0; round < 3; ++round) {
        m_models = models;
        m_tensors = tensors;
        m_layers = layers;
        m_multiOutput = multiOutput;
        m_kerasTensors = before;
        m_kerasTensorsBefore = before;
        m_cellKerasTensors.clear();
        for (TSNode def : functions)
            for (const QByteArray &p : kerasParameters.value(nodeText(field(def, "name"), text))) {
                bindKerasTensor(p, ts_node_start_byte(field(def, "body")), true);
                bindKerasTensor(p, ts_node_end_byte(def), before.contains(p));
            }
        addAssignments(root, text, imports);
        if (functions.empty())
            break;
        const auto found = kerasTensorParameters(root, text, imports, functions);
        if (found == kerasParameters)
            break;
        kerasParameters = found;
    }
}

void BackendTensors::addAssignments(TSNode root, const QByteArray &text, const ImportTable &imports)
{
    forEachNode(root, [&](TSNode node) {
        if (!is(node, "assignment"))
            return true;
        const TSNode left = field(node, "left");
        const TSNode right = field(node, "right");
        if (!is(left, "identifier") || ts_node_is_null(right))
            return true;
        const QByteArray name = nodeText(left, text);
        const bool kerasTensor = isKerasTensorExpression(right, text, imports);
        bindKerasTensor(name, ts_node_end_byte(node), kerasTensor);
        m_kerasTensors.remove(name);
        m_layers.remove(name);
        m_multiOutput.remove(name);
        const QString callee = is(right, "call") ? imports.resolve(nodeText(field(right, "function"), text)) : QString();
        if (is(right, "call") && makesModel(callee)) {
            m_models.insert(name);
            m_tensors.remove(name);
            const TSNode outputs = modelOutputs(right, text);
            if ((is(outputs, "list") || is(outputs, "tuple")) && ts_node_named_child_count(outputs) >= 2)
                m_multiOutput.insert(name);
            else if (is(outputs, "dictionary") && ts_node_named_child_count(outputs) >= 2)
                m_multiOutput.insert(name);
        } else if (kerasTensor) {
            m_kerasTensors.insert(name);
            m_tensors.remove(name);
        } else if (is(right, "call") && isLayerName(callee)) {
            m_layers.insert(name);
            m_tensors.remove(name);
        } else if (isTensorExpression(right, text, imports)) {
            m_tensors.insert(name);
        } else {
            m_tensors.remove(name); // rebound to something else
        }
        return true;
    });
}

} // namespace kmw
