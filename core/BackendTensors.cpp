#include "BackendTensors.h"

#include "Query.h"

#include <QRegularExpression>

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

} // namespace

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
    forEachNode(root, [&](TSNode node) {
        if (!is(node, "assignment"))
            return true;
        const TSNode left = field(node, "left");
        const TSNode right = field(node, "right");
        if (!is(left, "identifier") || ts_node_is_null(right))
            return true;
        const QByteArray name = nodeText(left, text);
        if (is(right, "call") && makesModel(imports.resolve(nodeText(field(right, "function"), text)))) {
            m_models.insert(name);
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
