// The plain-PyTorch target's generators for a Keras model's layers and weights read or
// written by the notebook: `model.get_layer('n')` and `model.layers[i]` become the
// module's submodule; `get_weights()`, `.weights` and `set_weights(…)` (of a layer or of
// the whole model) its tensors in Keras's layout (https://keras.io/api/layers/base_layer/).
#include "PyTorchRewriteInternal.h"

namespace kmw::rewrite {

namespace {

/// One Keras weight of a layer and the module tensor that holds it.
struct WeightRef {
    QString tensor;  ///< "weight", "bias", "running_mean", "running_var"
    QString toKeras; ///< Python: %1 (the tensor as a NumPy array) in Keras's layout
    QString toTorch; ///< Python: %1 (Keras's array) in the tensor's layout
};

/// The Keras weights of layer `index`, in get_weights() order: true with none for a
/// layer without weights; false with `*error` for one whose layout is not converted.
bool weightRefs(const ModelIR &m, int index, QVector<WeightRef> *refs, QString *error)
{
    refs->clear();
    const LayerSpec &l = m.layers[index];
    const QString same = QStringLiteral("%1");
    if (l.type == s("Dense")) {
        // kernel (in, units) = weight.T; after a Flatten of (H, W, C) images the module's
        // inputs are C·H·W: the rows go back to Keras's H·W·C order
        WeightRef kernel{s("weight"), s("%1.T"), s("%1.T")};
        const LayerSpec *flatten = l.inbound.isEmpty() ? nullptr : &m.layers[l.inbound.first()];
        if (flatten && flatten->type == s("Flatten") && !flatten->inbound.isEmpty()) {
            const TensorShape image = m.layers[flatten->inbound.first()].outputShape;
            if (image.size() == 3) {
                const qint64 h = image[0], w = image[1], c = image[2];
                // (the array's placeholder %1 is added last: arg() would fill it first)
                kernel.toKeras = s("%1") + QStringLiteral(".T.reshape(%1, %2, %3, -1).transpose(1, 2, 0, 3).reshape(%4, -1)")
                                               .arg(c).arg(h).arg(w).arg(h * w * c);
                kernel.toTorch = s("%1") + QStringLiteral(".reshape(%1, %2, %3, -1).transpose(2, 0, 1, 3).reshape(%4, -1).T")
                                               .arg(h).arg(w).arg(c).arg(h * w * c);
            } else if (image.size() > 3) {
                *error = QStringLiteral("%1 follows a Flatten of rank %2: write its weights' order by hand").arg(l.name).arg(image.size());
                return false;
            }
        }
        *refs << kernel;
        if (l.useBias)
            *refs << WeightRef{s("bias"), same, same};
    } else if (l.type == s("Embedding")) {
        *refs << WeightRef{s("weight"), same, same};
    } else if (l.type == s("Conv2D") || l.type == s("Conv1D")) {
        // Keras kernels are (rows, cols, in, out) / (width, in, out); PyTorch's (out, in, …)
        if (l.type == s("Conv2D"))
            *refs << WeightRef{s("weight"), s("%1.transpose(2, 3, 1, 0)"), s("%1.transpose(3, 2, 0, 1)")};
        else
            *refs << WeightRef{s("weight"), s("%1.transpose(2, 1, 0)"), s("%1.transpose(2, 1, 0)")};
        if (l.useBias)
            *refs << WeightRef{s("bias"), same, same};
    } else if (l.type == s("BatchNormalization") && l.scale && l.center) {
        *refs << WeightRef{s("weight"), same, same} << WeightRef{s("bias"), same, same}
              << WeightRef{s("running_mean"), same, same} << WeightRef{s("running_var"), same, same};
    } else if (l.paramsKeras > 0) {
        *error = QStringLiteral("the weights of %1 (%2) are not converted: read the module's tensors by hand")
                     .arg(l.name, l.type);
        return false;
    }
    return true;
}

/// The IR layers a Keras model's weights come from, in get_weights() order (a layer called
/// twice once).
QVector<int> weightedLayers(const ModelIR &m)
{
    QVector<int> out;
    for (int i = 0; i < m.layers.size(); ++i)
        if (m.layers[i].sharedWith < 0 && m.layers[i].paramsKeras > 0)
            out << i;
    return out;
}

QString arrayOf(const QString &module, const WeightRef &w)
{
    return w.toKeras.arg(QStringLiteral("%1.%2.detach().cpu().numpy()").arg(module, w.tensor));
}

/// The model or layer a layer reference reads: `model.get_layer('n')` (a string) or
/// `model.layers[k]` (an integer, negative from the end), the IR index of the layer.
struct LayerRef {
    QString model;
    QString key; ///< "'n'" or "[k]" for messages
    int index = -1;
};

/// Python lines that copy `weights` (Keras's arrays, in get_weights() order) into the
/// module's tensors of layers `layers` (IR indices), reached through `moduleOf(layer)`.
QStringList setLines(const ModelIR &m, const QVector<int> &layers, const std::function<QString(int)> &moduleOf,
                     const QString &weights, QString *error)
{
    QStringList lines{s("with torch.no_grad():  # set_weights(): Keras's arrays into the module's tensors"),
                      QStringLiteral("    weights_ = list(%1)").arg(weights)};
    int k = 0;
    for (int i : layers) {
        QVector<WeightRef> refs;
        if (!weightRefs(m, i, &refs, error))
            return {};
        for (const WeightRef &w : refs) {
            const QString tensor = moduleOf(i) + QLatin1Char('.') + w.tensor;
            lines << QStringLiteral("    %1.copy_(torch.as_tensor(%2, dtype=%1.dtype))")
                         .arg(tensor, w.toTorch.arg(QStringLiteral("np.asarray(weights_[%1])").arg(k++)));
        }
    }
    lines << QStringLiteral("    assert len(weights_) == %1, 'set_weights: %1 arrays expected'").arg(k);
    return lines;
}

} // namespace

QString kerasWeightsExpression(const ModelIR &m, int index, const QString &module, QString *error)
{
    if (index < 0 || index >= m.layers.size()) {
        *error = s("no such layer");
        return {};
    }
    const int own = m.layers[index].sharedWith >= 0 ? m.layers[index].sharedWith : index;
    QVector<WeightRef> refs;
    if (!weightRefs(m, own, &refs, error))
        return {};
    QStringList arrays;
    for (const WeightRef &w : refs)
        arrays << arrayOf(module, w);
    return QLatin1Char('[') + arrays.join(s(", ")) + QLatin1Char(']');
}

QString modelWeightsCheck(const ModelIR &m)
{
    QString error;
    for (int i : weightedLayers(m)) {
        QVector<WeightRef> refs;
        if (!weightRefs(m, i, &refs, &error))
            return error;
    }
    return {};
}

int kerasLayerIndex(const ModelIR &m, qint64 k)
{
    QVector<int> visible; // Keras's model.layers: one entry per layer object; a Sequential lists no InputLayer
    for (int i = 0; i < m.layers.size(); ++i)
        if (m.layers[i].sharedWith < 0 && !(m.kind == s("Sequential") && m.layers[i].type == s("InputLayer")))
            visible << i;
    if (k < 0)
        k += visible.size();
    return k >= 0 && k < visible.size() ? visible[int(k)] : -1;
}

LayerRefUse layerRefUse(TSNode ref, const QByteArray &text)
{
    LayerRefUse use;
    use.outer = ref;
    const TSNode parent = ts_node_parent(ref);
    const auto attributeOf = [&](TSNode node, const char *name) {
        return is(node, "attribute") && ts_node_eq(field(node, "object"), ref) && nodeText(field(node, "attribute"), text) == name;
    };
    const auto emptyCall = [&](TSNode call) {
        return is(call, "call") && ts_node_named_child_count(field(call, "arguments")) == 0;
    };
    if (attributeOf(parent, "get_weights") && emptyCall(ts_node_parent(parent))) {
        use.kind = LayerRefUse::GetWeights;
        use.outer = ts_node_parent(parent);
    } else if (attributeOf(parent, "set_weights") && is(ts_node_parent(parent), "call")
               && is(ts_node_parent(ts_node_parent(parent)), "expression_statement")
               && ts_node_named_child_count(field(ts_node_parent(parent), "arguments")) == 1) {
        use.kind = LayerRefUse::SetWeights;
        use.outer = ts_node_parent(parent);
        use.argument = ts_node_named_child(field(use.outer, "arguments"), 0);
    } else if (attributeOf(parent, "weights")) {
        use.kind = LayerRefUse::Weights;
        use.outer = parent;
        // `.weights[k].numpy()`: the array itself
        const TSNode item = ts_node_parent(parent);
        if (is(item, "subscript") && ts_node_eq(field(item, "value"), parent)) {
            const TSNode numpy = ts_node_parent(item);
            if (is(numpy, "attribute") && nodeText(field(numpy, "attribute"), text) == "numpy" && emptyCall(ts_node_parent(numpy))) {
                use.kind = LayerRefUse::WeightsItem;
                use.outer = ts_node_parent(numpy);
                use.argument = field(item, "subscript");
            }
        }
    } else if (attributeOf(parent, "trainable") && is(ts_node_parent(parent), "assignment")
               && ts_node_eq(field(ts_node_parent(parent), "left"), parent)
               && is(ts_node_parent(ts_node_parent(parent)), "expression_statement")) {
        use.kind = LayerRefUse::Trainable;
        use.outer = ts_node_parent(parent);
        use.argument = field(use.outer, "right");
    } else if (is(parent, "assignment") && ts_node_eq(field(parent, "right"), ref) && is(field(parent, "left"), "identifier")
               && is(ts_node_parent(parent), "expression_statement")) {
        use.kind = LayerRefUse::Bound;
    }
    return use;
}

bool layerRefKey(TSNode ref, const QByteArray &text, QString *model, QString *name, qint64 *position)
{
    *position = 0;
    name->clear();
    if (is(ref, "call")) {
        const TSNode fn = field(ref, "function");
        const TSNode args = field(ref, "arguments");
        if (!is(fn, "attribute") || !is(field(fn, "object"), "identifier") || nodeText(field(fn, "attribute"), text) != "get_layer"
            || ts_node_named_child_count(args) != 1 || !is(ts_node_named_child(args, 0), "string"))
            return false;
        const QRegularExpressionMatch m = stringLiteral().match(QString::fromUtf8(nodeText(ts_node_named_child(args, 0), text)));
        if (!m.hasMatch())
            return false;
        *model = QString::fromUtf8(nodeText(field(fn, "object"), text));
        *name = m.captured(3);
        return true;
    }
    if (is(ref, "subscript")) {
        const TSNode value = field(ref, "value");
        if (!is(value, "attribute") || !is(field(value, "object"), "identifier") || nodeText(field(value, "attribute"), text) != "layers")
            return false;
        bool ok = false;
        *position = QString::fromUtf8(nodeText(field(ref, "subscript"), text)).remove(QLatin1Char(' ')).toLongLong(&ok);
        if (!ok)
            return false;
        *model = QString::fromUtf8(nodeText(field(value, "object"), text));
        return true;
    }
    return false;
}

int layerIndexOf(const ModelIR &m, const QString &name, qint64 position)
{
    if (name.isEmpty())
        return kerasLayerIndex(m, position);
    for (int i = 0; i < m.layers.size(); ++i)
        if (m.layers[i].name == name)
            return i;
    return -1;
}

namespace {

/// The layer a reference names in the model's IR, or false with `out` saying why (or
/// notApplicable when the object is no Keras model).
bool resolveRef(const RewriteRequest &r, TSNode ref, LayerRef *layer, const ExtractResult **x, RewriteResult *out)
{
    QString name;
    qint64 position = 0;
    if (!layerRefKey(ref, *r.masked, &layer->model, &name, &position)) {
        out->notApplicable = true;
        return false;
    }
    layer->key = name.isEmpty() ? QStringLiteral("layers[%1]").arg(position) : QStringLiteral("get_layer('%1')").arg(name);
    *x = &r.context->extract(r.cell, layer->model);
    out->notApplicable = notKerasModel(**x, layer->model);
    if (out->notApplicable)
        return false;
    if (!(*x)->ok) {
        out->error = QStringLiteral("the model cannot be read: %1").arg((*x)->error);
        return false;
    }
    const GeneratedModule &g = r.context->module(r.cell, layer->model);
    if (!g.ok) {
        out->error = QStringLiteral("no PyTorch module: %1").arg(g.error);
        return false;
    }
    layer->index = layerIndexOf((*x)->model, name, position);
    if (layer->index < 0) {
        out->error = QStringLiteral("`%1.%2` is not a layer of the model read here").arg(layer->model, layer->key);
        return false;
    }
    return true;
}

RewriteResult replaceNode(const RewriteRequest &r, TSNode node, const QString &value, const QStringList &notes)
{
    RewriteResult out;
    out.edits << TextEdit{r.cell, qsizetype(ts_node_start_byte(node)), qsizetype(ts_node_end_byte(node)), value.toUtf8()};
    out.notes = notes;
    out.ok = true;
    return out;
}

/// The conversion of a use of a layer (`module`: its submodule's expression).
RewriteResult convertUse(const RewriteRequest &r, const LayerRefUse &use, const ModelIR &m, int index, const QString &module,
                         const QString &what)
{
    RewriteResult out;
    const QString array = s("the weights in Keras's layout (kernels transposed), as NumPy arrays");
    switch (use.kind) {
    case LayerRefUse::GetWeights:
    case LayerRefUse::Weights:
    case LayerRefUse::WeightsItem: {
        QString value = kerasWeightsExpression(m, index, module, &out.error);
        if (value.isEmpty())
            return out;
        if (use.kind == LayerRefUse::WeightsItem)
            value += QLatin1Char('[') + text(r, use.argument) + QLatin1Char(']');
        return replaceNode(r, use.outer, value,
                           {use.kind == LayerRefUse::Weights
                                ? QStringLiteral("%1.weights: %2 (Keras gives variables)").arg(what, array)
                                : QStringLiteral("%1: %2").arg(what, array)});
    }
    case LayerRefUse::SetWeights: {
        const int own = m.layers[index].sharedWith >= 0 ? m.layers[index].sharedWith : index;
        const QStringList lines = setLines(m, {own}, [&](int) { return module; }, text(r, use.argument), &out.error);
        if (lines.isEmpty())
            return out;
        return finish(r, statementOf(use.outer), lines.join(QLatin1Char('\n')), {});
    }
    case LayerRefUse::Trainable:
        return finish(r, statementOf(use.outer),
                      QStringLiteral("%1.requires_grad_(bool(%2))  # trainable in Keras").arg(module, text(r, use.argument)),
                      {QStringLiteral("%1.trainable: requires_grad_ on the submodule's parameters").arg(what)});
    case LayerRefUse::Bound:
        return replaceNode(r, use.outer, module, {QStringLiteral("%1 is the module's submodule %2").arg(what, module)});
    case LayerRefUse::Unsupported:
        break;
    }
    out.error = QStringLiteral("`%1` is used in a way this conversion does not follow: convert it by hand").arg(what);
    return out;
}

bool isLayerRef(TSNode value, const RewriteRequest &r)
{
    QString model, name;
    qint64 position = 0;
    return layerRefKey(value, *r.masked, &model, &name, &position);
}

} // namespace

RewriteResult generateLayerWeights(const RewriteRequest &r)
{
    RewriteResult out;
    const TSNode node = r.node;
    // `model.get_layer('n')…` / `model.layers[k]…`
    if (isLayerRef(node, r)) {
        LayerRef layer;
        const ExtractResult *x = nullptr;
        if (!resolveRef(r, node, &layer, &x, &out))
            return out;
        const QString module = layer.model + QLatin1Char('.') + torchFieldNames(x->model).value(layer.index);
        return convertUse(r, layerRefUse(node, *r.masked), x->model, layer.index, module,
                          QStringLiteral("%1.%2").arg(layer.model, layer.key));
    }
    // `name.get_weights()` / `name.set_weights(w)`: a Keras model, or a layer bound above
    const TSNode fn = field(node, "function");
    if (!is(node, "call") || !is(fn, "attribute") || !is(field(fn, "object"), "identifier")) {
        out.notApplicable = true;
        return out;
    }
    const QString name = text(r, field(fn, "object"));
    const QString method = text(r, field(fn, "attribute"));
    LayerRefUse use = layerRefUse(field(fn, "object"), *r.masked);
    if (use.kind != LayerRefUse::GetWeights && use.kind != LayerRefUse::SetWeights) {
        out.notApplicable = true;
        return out;
    }
    const ExtractResult &whole = r.context->extract(r.cell, name);
    if (!notKerasModel(whole, name)) {
        // the whole model: every layer's weights in order
        if (!whole.ok) {
            out.error = QStringLiteral("the model cannot be read: %1").arg(whole.error);
            return out;
        }
        const GeneratedModule &g = r.context->module(r.cell, name);
        if (!g.ok) {
            out.error = QStringLiteral("no PyTorch module: %1").arg(g.error);
            return out;
        }
        const QVector<QString> fields = torchFieldNames(whole.model);
        const auto moduleOf = [&](int i) { return name + QLatin1Char('.') + fields.value(i); };
        if (use.kind == LayerRefUse::SetWeights) {
            const QStringList lines = setLines(whole.model, weightedLayers(whole.model), moduleOf, text(r, use.argument), &out.error);
            if (lines.isEmpty())
                return out;
            return finish(r, statementOf(node), lines.join(QLatin1Char('\n')), {});
        }
        QStringList arrays;
        for (int i : weightedLayers(whole.model)) {
            const QString list = kerasWeightsExpression(whole.model, i, moduleOf(i), &out.error);
            if (list.isEmpty())
                return out;
            arrays << list.mid(1).chopped(1);
        }
        return replaceNode(r, node, QLatin1Char('[') + arrays.join(s(", ")) + QLatin1Char(']'),
                           {QStringLiteral("%1.get_weights(): every layer's weights in Keras's layout, as NumPy arrays").arg(name)});
    }
    // a name bound to `model.get_layer('n')` / `model.layers[k]`
    const std::optional<Binding> b = lastBinding(r, name, [&](TSNode value) { return is(value, "call") || is(value, "subscript"); });
    if (!b || !isLayerRef(b->value, b->where)) {
        out.notApplicable = true;
        return out;
    }
    LayerRef layer;
    const ExtractResult *x = nullptr;
    if (!resolveRef(b->where, b->value, &layer, &x, &out))
        return out;
    Q_UNUSED(method);
    return convertUse(r, use, x->model, layer.index, name, name);
}

} // namespace kmw::rewrite
