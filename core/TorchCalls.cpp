// The plain-PyTorch target's generators for a model's other uses: `y = model(x)` (calling
// a Keras model on arrays, as notebooks do to look at its outputs) as a forward pass of
// the module, and `model.summary()` as print(model) and its parameter count.
#include "TorchRewriteInternal.h"

namespace kmw::rewrite {

RewriteResult generateCall(const RewriteRequest &r)
{
    RewriteResult out;
    TSNode call = r.node;
    if (!is(call, "call"))
        call = findMethodCall(statementOf(r.node), *r.masked, QString());
    const TSNode assignment = ts_node_parent(call);
    const TSNode statement = statementOf(call);
    if (!is(assignment, "assignment") || !ts_node_eq(field(assignment, "right"), call) ||
        !is(statement, "expression_statement") || !is(field(assignment, "left"), "identifier")) {
        out.error = s("the model is called inside a larger expression: write `y = model(x)` as a statement of its "
                      "own, or convert it by hand");
        return out;
    }
    const TSNode args = field(call, "arguments");
    const QString model = text(r, field(call, "function"));
    LoopModel m;
    if (!loopModel(r, model, &m, &out.error, &out.notApplicable, false))
        return out;
    if (ts_node_named_child_count(args) != 1 || is(ts_node_named_child(args, 0), "keyword_argument")) {
        out.error = s("the model is called with several arguments: convert the call by hand");
        return out;
    }
    const QString target = text(r, field(assignment, "left"));
    const QString x = text(r, ts_node_named_child(args, 0));
    QString value = QStringLiteral("%1(%2.to(next(%1.parameters()).device))").arg(model, inputTensor(x, m));
    QStringList notes;
    if (m.dropped == s("softmax")) {
        value = QStringLiteral("torch.softmax(%1, dim=-1)").arg(value);
        notes << s("the module returns logits: the softmax Keras's model ended with is applied here");
    } else if (m.dropped == s("sigmoid")) {
        value = QStringLiteral("torch.sigmoid(%1)").arg(value);
        notes << s("the module returns logits: the sigmoid Keras's model ended with is applied here");
    }
    QStringList L;
    L << QStringLiteral("%1.eval()  # calling a Keras model on data runs it in inference mode").arg(model);
    L << s("with torch.no_grad():");
    L << QStringLiteral("    %1 = %2.cpu()").arg(target, value);
    return finish(r, statement, L.join(QLatin1Char('\n')), notes);
}

RewriteResult generateSummary(const RewriteRequest &r)
{
    RewriteResult out;
    TSNode statement;
    CallText c;
    if (!methodCallAt(r, {s("summary")}, &statement, &c, &out))
        return out;
    const ExtractResult &x = r.context->extract(r.cell, c.object);
    out.notApplicable = notKerasModel(x, c.object);
    if (out.notApplicable)
        return out;
    const GeneratedModule &g = r.context->module(r.cell, c.object);
    if (!g.ok) {
        out.error = x.ok ? g.error : QStringLiteral("the model cannot be read: %1").arg(x.error);
        return out;
    }
    QStringList L;
    L << QStringLiteral("print(%1)").arg(c.object);
    L << QStringLiteral("print(f\"Total params: {sum(p.numel() for p in %1.parameters()):,}\")").arg(c.object);
    return finish(r, statement, L.join(QLatin1Char('\n')), {});
}


RewriteResult generateModelAttribute(const RewriteRequest &r)
{
    // `model.output_shape` / `model.metrics_names` (attributes), `model.layers` alone on its
    // line (a notebook displaying it) and `model.count_params()`:
    // Keras's values, which the nn.Module does not have, written out from the model read
    // (https://keras.io/api/models/model/) or computed on the module.
    RewriteResult out;
    TSNode node = r.node;
    TSNode attribute = is(node, "call") ? field(node, "function") : node;
    if (!is(attribute, "attribute")) {
        out.error = s("not a model attribute");
        return out;
    }
    const QString model = text(r, field(attribute, "object"));
    const QString name = text(r, field(attribute, "attribute"));
    LoopModel m;
    if (!loopModel(r, model, &m, &out.error, &out.notApplicable, false))
        return out;
    QString value;
    if (name == s("output_shape")) {
        value = kerasShapeString(m.outputShape);
        out.notes << QStringLiteral("`%1.output_shape` is Keras's (channels last, batch None), written out").arg(model);
    } else if (name == s("metrics_names")) {
        QStringList names{s("'loss'")};
        for (const QString &metric : m.metrics)
            names << QStringLiteral("'%1'").arg(metric);
        value = QStringLiteral("[%1]").arg(names.join(s(", ")));
    } else if (name == s("layers") && is(ts_node_parent(node), "expression_statement")) {
        // shown, not used: the module's submodules are what a notebook displays
        value = QStringLiteral("list(%1.children())").arg(model);
    } else if (name == s("count_params") && is(node, "call")) {
        // Keras counts every weight, BatchNormalization's moving statistics included:
        // the module's floating-point parameters and buffers
        value = QStringLiteral("sum(t.numel() for t in %1.state_dict().values() if t.is_floating_point())").arg(model);
    } else {
        out.error = QStringLiteral("`%1.%2` has no PyTorch equivalent here").arg(model, name);
        return out;
    }
    out.edits << TextEdit{r.cell, qsizetype(ts_node_start_byte(node)), qsizetype(ts_node_end_byte(node)), value.toUtf8()};
    out.ok = true;
    return out;
}

} // namespace kmw::rewrite

namespace kmw::rewrite {

QString kerasWeightsExpression(const ModelIR &m, int index, const QString &module, QString *error)
{
    if (index < 0 || index >= m.layers.size()) {
        *error = s("no such layer");
        return {};
    }
    const LayerSpec &l = m.layers[index].sharedWith >= 0 ? m.layers[m.layers[index].sharedWith] : m.layers[index];
    const auto np = [&](const char *tensor) { return QStringLiteral("%1.%2.detach().cpu().numpy()").arg(module, s(tensor)); };
    QStringList w;
    if (l.type == s("Dense")) {
        // kernel (in, units) = weight.T; after a Flatten of (H, W, C) images the module's
        // inputs are C·H·W: the rows go back to Keras's H·W·C order
        QString kernel = np("weight") + s(".T");
        const LayerSpec *flatten = l.inbound.isEmpty() ? nullptr : &m.layers[l.inbound.first()];
        if (flatten && flatten->type == s("Flatten") && !flatten->inbound.isEmpty()) {
            const TensorShape image = m.layers[flatten->inbound.first()].outputShape;
            if (image.size() == 3)
                kernel = QStringLiteral("%1.reshape(%2, %3, %4, -1).transpose(1, 2, 0, 3).reshape(%5, -1)")
                             .arg(kernel).arg(image[2]).arg(image[0]).arg(image[1]).arg(image[0] * image[1] * image[2]);
            else if (image.size() > 3) {
                *error = QStringLiteral("%1 follows a Flatten of rank %2: write its weights' order by hand").arg(l.name).arg(image.size());
                return {};
            }
        }
        w << kernel;
        if (l.useBias)
            w << np("bias");
    } else if (l.type == s("Embedding")) {
        w << np("weight");
    } else if (l.type == s("Conv2D") || l.type == s("Conv1D")) {
        // Keras kernels are (rows, cols, in, out) / (width, in, out); PyTorch's (out, in, …)
        w << np("weight") + (l.type == s("Conv2D") ? s(".transpose(2, 3, 1, 0)") : s(".transpose(2, 1, 0)"));
        if (l.useBias)
            w << np("bias");
    } else if (l.type == s("BatchNormalization") && l.scale && l.center) {
        w << np("weight") << np("bias") << np("running_mean") << np("running_var");
    } else {
        *error = QStringLiteral("get_weights() of %1 (%2) is not converted: read the module's tensors by hand")
                     .arg(l.name, l.type);
        return {};
    }
    return QLatin1Char('[') + w.join(s(", ")) + QLatin1Char(']');
}

namespace {

/// `model.get_layer('name')` at `call`: the model variable and the layer's index in its
/// IR, or false with `out` saying why.
bool layerOfGetLayer(const RewriteRequest &r, TSNode call, QString *model, int *index, const ExtractResult **x,
                     RewriteResult *out)
{
    const TSNode fn = field(call, "function");
    const TSNode args = field(call, "arguments");
    if (!is(fn, "attribute") || ts_node_named_child_count(args) != 1 || !is(ts_node_named_child(args, 0), "string")) {
        out->notApplicable = true;
        return false;
    }
    *model = text(r, field(fn, "object"));
    const QRegularExpressionMatch name = stringLiteral().match(text(r, ts_node_named_child(args, 0)));
    *x = &r.context->extract(r.cell, *model);
    out->notApplicable = notKerasModel(**x, *model);
    if (out->notApplicable)
        return false;
    if (!(*x)->ok) {
        out->error = QStringLiteral("the model cannot be read: %1").arg((*x)->error);
        return false;
    }
    const GeneratedModule &g = r.context->module(r.cell, *model);
    if (!g.ok) {
        out->error = QStringLiteral("no PyTorch module: %1").arg(g.error);
        return false;
    }
    *index = -1;
    for (int i = 0; i < (*x)->model.layers.size(); ++i)
        if (name.hasMatch() && (*x)->model.layers[i].name == name.captured(3))
            *index = i;
    if (*index < 0) {
        out->error = QStringLiteral("`%1` has no layer named %2").arg(*model, name.hasMatch() ? name.captured(3) : s("?"));
        return false;
    }
    return true;
}

bool isGetLayer(TSNode value, const RewriteRequest &r)
{
    return is(value, "call") && is(field(value, "function"), "attribute")
           && text(r, field(field(value, "function"), "attribute")) == s("get_layer");
}

} // namespace

RewriteResult generateLayerWeights(const RewriteRequest &r)
{
    // `model.get_layer('n').get_weights()`, `v = model.get_layer('n')` and `v.get_weights()`
    // (the Keras layer's weights as NumPy arrays, https://keras.io/api/layers/base_layer/):
    // the module's submodule and its tensors in Keras's layout
    RewriteResult out;
    const TSNode call = r.node;
    const TSNode fn = field(call, "function");
    if (!is(call, "call") || !is(fn, "attribute")) {
        out.notApplicable = true;
        return out;
    }
    const QString method = text(r, field(fn, "attribute"));
    QString model;
    int index = -1;
    const ExtractResult *x = nullptr;
    if (method == s("get_layer")) {
        if (!layerOfGetLayer(r, call, &model, &index, &x, &out))
            return out;
        const QString submodule = model + QLatin1Char('.') + torchFieldNames(x->model).value(index);
        const TSNode parent = ts_node_parent(call);
        const TSNode outer = ts_node_parent(parent);
        if (is(parent, "attribute") && text(r, field(parent, "attribute")) == s("get_weights") && is(outer, "call")
            && ts_node_named_child_count(field(outer, "arguments")) == 0) {
            const QString value = kerasWeightsExpression(x->model, index, submodule, &out.error);
            if (value.isEmpty())
                return out;
            out.edits << TextEdit{r.cell, qsizetype(ts_node_start_byte(outer)), qsizetype(ts_node_end_byte(outer)), value.toUtf8()};
        } else if (is(parent, "assignment") && ts_node_eq(field(parent, "right"), call)) {
            out.edits << TextEdit{r.cell, qsizetype(ts_node_start_byte(call)), qsizetype(ts_node_end_byte(call)), submodule.toUtf8()};
        } else {
            out.error = QStringLiteral("`%1.get_layer(…)` is used inside a larger expression: convert it by hand").arg(model);
            return out;
        }
        out.notes << QStringLiteral("%1 is the module's submodule %2").arg(text(r, call), submodule);
        out.ok = true;
        return out;
    }
    if (method != s("get_weights") || !is(field(fn, "object"), "identifier")) {
        out.notApplicable = true;
        return out;
    }
    // `v.get_weights()`: v bound to `model.get_layer('n')` above
    const QString v = text(r, field(fn, "object"));
    const std::optional<Binding> b = lastBinding(r, v, [&](TSNode value) { return is(value, "call"); });
    if (!b || !isGetLayer(b->value, b->where)) {
        out.notApplicable = true;
        return out;
    }
    if (!layerOfGetLayer(b->where, b->value, &model, &index, &x, &out))
        return out;
    const QString value = kerasWeightsExpression(x->model, index, v, &out.error);
    if (value.isEmpty())
        return out;
    out.edits << TextEdit{r.cell, qsizetype(ts_node_start_byte(call)), qsizetype(ts_node_end_byte(call)), value.toUtf8()};
    out.notes << QStringLiteral("the weights in Keras's layout (kernels transposed), as NumPy arrays");
    out.ok = true;
    return out;
}

} // namespace kmw::rewrite
