// The models the extractor reads from classes — PyTorch nn.Module subclasses (forward())
// and subclassed keras.Model (call()) — and the `trainable` flags set on models and layers
// after they were built. Part of the model extractor (ModelExtractorInternal.h).
#include "ModelExtractorInternal.h"

#include <functional>

namespace kmw::extract {

void Extractor::setTrainable(const PyValuePtr &object, bool trainable, Scope &scope)
{
    // every model value visible from `scope`
    QVector<std::shared_ptr<ModelBuild>> models;
    for (Scope *s = &scope; s; s = s->parent)
        for (const PyValuePtr &v : std::as_const(s->vars))
            if (v && v->kind == K::Model && !models.contains(v->model))
                models << v->model;
    auto nodeLayers = [&](int node) {
        // every model built so far that holds this graph node, and the copies of that
        // layer in the models those were added to as a layer
        for (const auto &m : std::as_const(models))
            for (int i = 0; i < m->nodes.size(); ++i)
                if (m->nodes[i] == node && i < m->ir.layers.size()) {
                    m->ir.layers[i].trainable = trainable;
                    for (const auto &outer : std::as_const(models))
                        for (LayerSpec &copy : outer->ir.layers)
                            if (outer != m && copy.nestedModel == m->ir.name && copy.name == m->ir.layers[i].name)
                                copy.trainable = trainable;
                }
    };
    // Keras's Model.trainable setter sets every layer inside it, nested models too
    std::function<void(ModelBuild &, int)> setModel = [&](ModelBuild &b, int depth) {
        b.ir.trainable = trainable;
        QSet<QString> nested;
        for (LayerSpec &l : b.ir.layers) {
            l.trainable = trainable;
            l.nestedTrainable = trainable;
            if (!l.nestedModel.isEmpty())
                nested.insert(l.nestedModel);
        }
        for (int n : std::as_const(b.nodes))
            if (n >= 0 && n < graph.size()) {
                graph[n].trainable = trainable;
                nodeLayers(n); // models built from its layers
            }
        for (const auto &m : std::as_const(models)) {
            if (m.get() == &b)
                continue;
            for (LayerSpec &l : m->ir.layers)
                if (l.nestedModel == b.ir.name) { // copies in the models it was added to
                    l.trainable = trainable;
                    l.nestedTrainable = trainable;
                }
            if (depth < 4 && nested.contains(m->ir.name))
                setModel(*m, depth + 1); // a model added to it
        }
    };
    switch (object->kind) {
    case K::Model:
        setModel(*object->model, 0);
        break;
    case K::Tensor:
        if (object->node >= 0 && object->node < graph.size()) {
            graph[object->node].trainable = trainable;
            nodeLayers(object->node);
        }
        break;
    case K::Layer:
        if (object->layer)
            object->layer->trainable = trainable;
        if (object->model && object->index >= 0 && object->index < object->model->ir.layers.size()) {
            LayerSpec &l = object->model->ir.layers[object->index];
            l.trainable = trainable;
            // its copies in the models this one was added to
            for (const auto &m : std::as_const(models))
                for (LayerSpec &copy : m->ir.layers)
                    if (m != object->model && copy.nestedModel == object->model->ir.name && copy.name == l.name)
                        copy.trainable = trainable;
        }
        break;
    default:
        break;
    }
}

bool Extractor::torchModuleIR(const PyValuePtr &object, ModelIR *ir, QString *error)
{
    const TorchObject &obj = *object->object;
    // the input: given, or from the first layer's in_features / the data
    TensorShape shape = opt.inputShape;
    if (shape.isEmpty()) {
        for (const auto &attr : obj.attributes) {
            const PyValuePtr first = attr.second->kind == K::Layers && !attr.second->items.isEmpty()
                                         ? attr.second->items.first()
                                         : attr.second;
            if (first->kind == K::Layer) {
                if (first->layer->type == s("Dense") && first->layer->inputDim > 0)
                    shape = {first->layer->inputDim};
                break;
            }
        }
    }
    if (shape.isEmpty())
        shape = opt.dataShape;
    if (shape.isEmpty()) {
        *error = QStringLiteral("the input shape of %1 is not known: give --input-shape "
                                "(channels first, e.g. 1,28,28) or data")
                     .arg(obj.className);
        return false;
    }
    LayerSpec input;
    input.type = s("InputLayer");
    input.name = autoName(s("input"), true);
    input.framework = s("pytorch");
    const int inNode = addNode(input, {});
    inputShapes.insert(inNode, shape);
    // run forward(self, x)
    const Definition def = functions[object->index];
    Scope local;
    local.parent = &globals;
    local.self = object;
    TSNode params = field(def.node, "parameters");
    if (ts_node_named_child_count(params) >= 2) // `text` reads the cell of `def`
        local.vars.insert(QString::fromUtf8(nodeText(ts_node_named_child(params, 1), cells[size_t(def.cell)].source)),
                          tensor(inNode));
    const PyValuePtr out = runBody(def.cell, field(def.node, "body"), local);
    if (!out || out->kind != K::Tensor) {
        *error = QStringLiteral("%1.forward() does not return a layer output we can follow")
                     .arg(obj.className);
        return false;
    }
    if (!functionalIR({inNode}, {out->node}, ir, error))
        return false;
    ir->kind = s("nn.Module");
    ir->name = obj.className;
    return true;
}

bool Extractor::subclassIR(const ModelBuild &b, ModelIR *ir, QString *error)
{
    const PyValue &object = *b.subclass;
    TensorShape shape = !opt.inputShape.isEmpty() ? opt.inputShape : b.hasDeclaredInput ? b.declaredInput : TensorShape();
    if (shape.isEmpty() && !opt.dataShape.isEmpty()) {
        shape = opt.dataShape;
        notes.append(QStringLiteral("input shape %1 taken from the data").arg(kerasShapeString(shape)));
    }
    if (shape.isEmpty()) {
        *error = QStringLiteral("the input shape of %1 is not known: call %2.build((None, …)), give input_shape to its "
                                "first layer, or give data")
                     .arg(object.object->className, b.ir.name);
        return false;
    }
    LayerSpec input;
    input.type = s("InputLayer");
    input.name = autoName(s("input"), true);
    const int inNode = addNode(input, {});
    inputShapes.insert(inNode, shape);
    // run call(self, x)
    const Definition def = functions[object.index];
    Scope local;
    local.parent = &globals;
    local.self = b.subclass;
    const TSNode params = field(def.node, "parameters");
    if (ts_node_named_child_count(params) >= 2) {
        TSNode x = ts_node_named_child(params, 1);
        if (is(x, "typed_parameter") || is(x, "default_parameter"))
            x = ts_node_named_child(x, 0);
        local.vars.insert(QString::fromUtf8(nodeText(x, cells[size_t(def.cell)].source)), tensor(inNode));
    }
    const PyValuePtr out = runBody(def.cell, field(def.node, "body"), local);
    if (!out || out->kind != K::Tensor) {
        *error = QStringLiteral("%1.call() does not return a layer output we can follow").arg(object.object->className);
        return false;
    }
    QVector<int> nodes;
    if (!functionalIR({inNode}, {out->node}, ir, error, &nodes))
        return false;
    ir->kind = s("Functional");
    ir->subclassed = true;
    ir->name = b.ir.name;
    ir->trainable = b.ir.trainable;
    ir->loss = b.ir.loss;
    ir->fromLogits = b.ir.fromLogits;
    ir->metrics = b.ir.metrics;
    ir->optimizer = b.ir.optimizer;
    ir->fit = b.ir.fit;
    // Keras lists a subclassed model's layers in the order __init__ assigned them
    ir->tracked.clear();
    for (const auto &attr : std::as_const(object.object->attributes)) {
        if (attr.second->kind != K::Layer || !attr.second->layer)
            continue;
        const int node = layerNodes.value(attr.second->layer.get(), -1);
        const int index = int(nodes.indexOf(node));
        if (index >= 0 && !ir->tracked.contains(index))
            ir->tracked << index;
    }
    return true;
}

} // namespace kmw::extract
