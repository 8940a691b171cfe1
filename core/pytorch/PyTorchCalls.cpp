// The plain-PyTorch target's generators for a model's other uses: `y = model(x)` (calling
// a Keras model on arrays, as notebooks do to look at its outputs) as a forward pass of
// the module, and `model.summary()` as print(model) and its parameter count.
#include "PyTorchRewriteInternal.h"

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
