#include "ModelExtractorInternal.h"
#include "SummaryEvidence.h"

#include "ImportTable.h"
#include "LayerFactory.h"
#include "MagicMask.h"

#include <QRegularExpression>

#include <algorithm>

namespace kmw {

namespace extract {

void Extractor::execBlock(TSNode block, Scope &scope)
{
    const uint32_t n = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < n && !returning; ++i)
        exec(ts_node_named_child(block, i), scope);
}

void Extractor::exec(TSNode stmt, Scope &scope)
{
    if (ts_node_has_error(stmt) && !is(stmt, "module") && !is(stmt, "block"))
        return; // broken code is never interpreted
    const char *type = ts_node_type(stmt);
    if (!std::strcmp(type, "expression_statement")) {
        TSNode e = ts_node_named_child(stmt, 0);
        if (is(e, "assignment")) {
            TSNode right = field(e, "right");
            if (ts_node_is_null(right))
                return;
            // a = b = value: the right side may itself be an assignment
            QVector<TSNode> targets{field(e, "left")};
            while (is(right, "assignment")) {
                targets.append(field(right, "left"));
                right = field(right, "right");
            }
            // `model = load_model('m.h5')` after the model was built and saved here: the
            // file holds that architecture, so the name keeps the model it had
            if (is(right, "call") && targets.size() == 1 && is(targets.first(), "identifier")) {
                const QString function = text(field(right, "function"));
                if (function == QLatin1String("load_model") || function.endsWith(QLatin1String(".load_model"))) {
                    const PyValuePtr before = lookup(text(targets.first()), scope);
                    if (before && before->kind == K::Model)
                        return;
                    // a file this notebook saved a model to: that model's architecture
                    const TSNode first = ts_node_named_child(field(right, "arguments"), 0);
                    const PyValuePtr path = ts_node_is_null(first) || is(first, "keyword_argument") ? nullptr : eval(first, scope);
                    if (path && path->kind == K::Str && savedModels.contains(path->text)) {
                        auto copy = makeValue(K::Model);
                        copy->model = std::make_shared<ModelBuild>(*savedModels.value(path->text)->model);
                        notes.append(QStringLiteral("%1: `%2` is the model saved to %3 above")
                                         .arg(where(right), text(targets.first()), path->text));
                        assign(targets.first(), copy, scope);
                        return;
                    }
                }
            }
            const PyValuePtr value = eval(right, scope);
            for (TSNode t : targets)
                assign(t, value, scope);
        } else if (is(e, "augmented_assignment")) {
            TSNode left = field(e, "left");
            const PyValuePtr before = is(left, "identifier") ? lookup(text(left), scope) : nullptr;
            // `x /= 255` keeps an array's shape; anything else is no longer known
            if (before && before->kind == K::DataArray && !before->items.isEmpty())
                return;
            if (is(left, "identifier"))
                bind(text(left), makeUnknown(text(e)), scope);
        } else {
            eval(e, scope);
        }
    } else if (!std::strcmp(type, "import_statement")
               || !std::strcmp(type, "import_from_statement")) {
        execImport(stmt, scope);
    } else if (!std::strcmp(type, "function_definition")) {
        functions.append({stmt, current});
        auto v = makeValue(K::Function);
        v->index = functions.size() - 1;
        bind(text(field(stmt, "name")), v, scope);
    } else if (!std::strcmp(type, "class_definition")) {
        classes.append({stmt, current});
        auto v = makeValue(K::Class);
        v->index = classes.size() - 1;
        bind(text(field(stmt, "name")), v, scope);
    } else if (!std::strcmp(type, "decorated_definition")) {
        exec(field(stmt, "definition"), scope);
    } else if (!std::strcmp(type, "return_statement")) {
        returned = ts_node_named_child_count(stmt) ? eval(ts_node_named_child(stmt, 0), scope)
                                                   : makeValue(K::None);
        returning = true;
    } else if (!std::strcmp(type, "with_statement") || !std::strcmp(type, "try_statement")) {
        execBlock(field(stmt, "body"), scope);
    } else if (!std::strcmp(type, "if_statement")) {
        const PyValuePtr c = eval(field(stmt, "condition"), scope);
        if (c->isNumber() || c->kind == K::None || c->kind == K::Str) {
            const bool truth = c->kind == K::Str ? !c->text.isEmpty()
                                                 : c->kind != K::None && c->number() != 0;
            if (truth) {
                execBlock(field(stmt, "consequence"), scope);
            } else {
                // the first else/elif clause: elif chains are re-evaluated as ifs
                const uint32_t n = ts_node_named_child_count(stmt);
                for (uint32_t i = 0; i < n; ++i) {
                    TSNode clause = ts_node_named_child(stmt, i);
                    if (is(clause, "else_clause")) {
                        execBlock(field(clause, "body"), scope);
                        break;
                    }
                    if (is(clause, "elif_clause")) {
                        const PyValuePtr e = eval(field(clause, "condition"), scope);
                        if (e->isNumber() && e->number() != 0) {
                            execBlock(field(clause, "consequence"), scope);
                            break;
                        }
                    }
                }
            }
        }
    } else if (!std::strcmp(type, "for_statement")) {
        const PyValuePtr iterable = eval(field(stmt, "right"), scope);
        TSNode body = field(stmt, "body");
        if (text(body).contains(s(".backward(")) && iterable->kind == K::List)
            fitEpochsFromLoop = int(iterable->items.size()); // a PyTorch training loop
        else if (iterable->kind == K::List && iterable->items.size() <= kMaxLoop) {
            for (const PyValuePtr &item : iterable->items) {
                assign(field(stmt, "left"), item, scope);
                execBlock(body, scope);
                if (returning)
                    break;
            }
        }
    }
}

void Extractor::execImport(TSNode stmt, Scope &scope)
{
    const bool from = is(stmt, "import_from_statement");
    const QString module = from ? text(field(stmt, "module_name")) : QString();
    const uint32_t n = ts_node_named_child_count(stmt);
    for (uint32_t i = 0; i < n; ++i) {
        TSNode child = ts_node_named_child(stmt, i);
        if (from && ts_node_eq(child, field(stmt, "module_name")))
            continue;
        if (is(child, "wildcard_import")) {
            wildcardModules.append(module);
            continue;
        }
        QString name, alias;
        if (is(child, "aliased_import")) {
            name = text(field(child, "name"));
            alias = text(field(child, "alias"));
        } else if (is(child, "dotted_name")) {
            name = text(child);
        } else {
            continue;
        }
        auto v = makeValue(K::Path);
        if (from) {
            v->text = module + QLatin1Char('.') + name;
            bind(alias.isEmpty() ? name : alias, v, scope);
        } else if (!alias.isEmpty()) {
            v->text = name;
            bind(alias, v, scope);
        } else {
            v->text = name.section(QLatin1Char('.'), 0, 0);
            bind(v->text, v, scope);
        }
    }
}

void Extractor::assign(TSNode target, const PyValuePtr &value, Scope &scope)
{
    if (is(target, "identifier")) {
        bind(text(target), value, scope);
    } else if (is(target, "attribute")) {
        TSNode object = field(target, "object");
        if (scope.self && is(object, "identifier") && text(object) == s("self"))
            scope.self->object->attributes.append({text(field(target, "attribute")), value});
        else if (text(field(target, "attribute")) == s("trainable") && value->isNumber())
            setTrainable(eval(object, scope), value->number() != 0, scope);
    } else if (is(target, "pattern_list") || is(target, "tuple_pattern")
               || is(target, "list_pattern")) {
        const uint32_t n = ts_node_named_child_count(target);
        for (uint32_t i = 0; i < n; ++i) {
            PyValuePtr item;
            if (value->kind == K::List && (value->items.size() == int(n)
                                           || (value->origin == kSymbolicShape && value->items.size() > int(n))))
                item = value->items[int(i)]; // a symbolic shape of unknown rank: the first n
            else if (value->kind == K::Tensor && i == 0)
                item = value; // out, (h, c) = lstm(x)
            else
                item = makeUnknown(text(target));
            assign(ts_node_named_child(target, i), item, scope);
        }
    }
}

void Extractor::bind(const QString &name, PyValuePtr value, Scope &scope)
{
    if (opt.bindings.contains(name)) {
        value = makeInt(opt.bindings.value(name));
    } else if (xNames.contains(name) || yNames.contains(name)) {
        if (value->kind != K::DataArray) {
            value = makeValue(K::DataArray);
            value->text = xNames.contains(name) ? s("x") : s("y");
        }
    } else if (value->kind == K::Unknown && value->origin.isEmpty()) {
        auto copy = std::make_shared<PyValue>(*value);
        copy->origin = name;
        value = copy;
    }
    scope.vars.insert(name, value);
    if (&scope == &globals && (value->kind == K::Model || value->kind == K::Object))
        noteModel(name);
}

void Extractor::noteModel(const QString &name)
{
    candidates.removeAll(name);
    candidates.append(name);
    lastModel = name;
    modelCells.insert(name, cells[current].index);
}

// ---------------------------------------------------------------- expressions

PyValuePtr Extractor::lookup(const QString &name, Scope &scope)
{
    for (Scope *sc = &scope; sc; sc = sc->parent)
        if (sc->vars.contains(name))
            return sc->vars.value(name);
    if (name == s("self") && scope.self)
        return scope.self;
    if (opt.bindings.contains(name))
        return makeInt(opt.bindings.value(name));
    if (xNames.contains(name) || yNames.contains(name)) {
        auto v = makeValue(K::DataArray);
        v->text = xNames.contains(name) ? s("x") : s("y");
        return v;
    }
    static const QSet<QString> builtins{s("range"), s("len"), s("int"), s("float"), s("tuple"),
                                        s("list"), s("print"), s("max"), s("min"), s("round")};
    if (builtins.contains(name)) {
        auto v = makeValue(K::Path);
        v->text = s("builtins.") + name;
        return v;
    }
    for (const QString &module : wildcardModules) {
        const QString path = canonicalKerasName(module);
        if ((path.startsWith(s("keras")) && (isKerasLayerClass(name) || name == s("Sequential")
                                             || name == s("Model")))
            || (path == s("torch.nn") && name.at(0).isUpper())) {
            auto v = makeValue(K::Path);
            v->text = module + QLatin1Char('.') + name;
            return v;
        }
    }
    return makeUnknown(name);
}


QString Extractor::autoName(const QString &stem, bool oneBased)
{
    const int n = counters.value(stem, 0);
    counters.insert(stem, n + 1);
    if (oneBased)
        return stem + QLatin1Char('_') + QString::number(n + 1);
    return n == 0 ? stem : stem + QLatin1Char('_') + QString::number(n);
}

int Extractor::addNode(LayerSpec layer, const QVector<int> &inbound)
{
    layer.inbound = inbound;
    graph.append(layer);
    return graph.size() - 1;
}

PyValuePtr Extractor::tensor(int node)
{
    if (node < 0)
        return makeUnknown(QString());
    auto v = makeValue(K::Tensor);
    v->node = node;
    return v;
}

QVector<int> Extractor::tensorNodes(const PyValuePtr &value) const
{
    QVector<int> nodes;
    if (!value)
        return nodes;
    if (value->kind == K::Tensor)
        nodes.append(value->node);
    else if (value->kind == K::List)
        for (const auto &item : value->items) {
            if (item->kind != K::Tensor)
                return {};
            nodes.append(item->node);
        }
    return nodes;
}

PyValuePtr Extractor::applyLayer(const std::shared_ptr<LayerSpec> &layer, const PyValuePtr &input,
                                 TSNode node)
{
    const QVector<int> in = tensorNodes(input);
    if (in.isEmpty()) {
        errors.append(QStringLiteral("%1: %2 is applied to `%3`, which is not a layer output")
                          .arg(where(node), layer->name, input->text));
        return makeUnknown(text(node));
    }
    const int n = addNode(*layer, in);
    // the same layer object called again: one set of weights
    if (const auto first = layerNodes.constFind(layer.get()); first != layerNodes.constEnd())
        graph[n].sharedWith = first.value();
    else {
        layerNodes.insert(layer.get(), n);
        calledLayers.push_back(layer);
    }
    return tensor(n);
}

void Extractor::sequentialAdd(ModelBuild &build, const PyValuePtr &item)
{
    if (item->kind == K::Tensor && item->node >= 0 && graph[item->node].type == s("InputLayer")) {
        build.declaredInput = inputShapes.value(item->node);
        build.hasDeclaredInput = true;
        build.inputName = graph[item->node].name;
        return;
    }
    if (item->kind == K::Model && item->model->ir.kind == s("Functional") && !item->model->subclass
        && item->model->ir.inputs.size() == 1) {
        // a Functional model (a keras.applications base) as a layer: its graph, branches
        // and all, reading the previous layer; the next layer reads its output
        const ModelIR &inner = item->model->ir;
        build.inlinedModel = true;
        if (build.ir.layers.isEmpty() && !build.hasDeclaredInput && !inner.inputShapes.isEmpty()) {
            build.declaredInput = inner.inputShapes.first();
            build.hasDeclaredInput = true;
        }
        const int previous = int(build.ir.layers.size()) - 1;
        QVector<int> map(inner.layers.size(), -1);
        for (int i = 0; i < inner.layers.size(); ++i) {
            if (inner.layers[i].type == s("InputLayer")) {
                map[i] = previous;
                continue;
            }
            LayerSpec l = inner.layers[i];
            QVector<int> inbound;
            for (int j : std::as_const(l.inbound))
                if (map.value(j, -1) >= 0)
                    inbound << map[j];
            l.inbound = inbound;
            l.sharedWith = l.sharedWith >= 0 ? map.value(l.sharedWith, -1) : -1;
            l.nestedModel = inner.name;
            l.nestedKind = inner.kind;
            l.nestedTrainable = inner.trainable && l.nestedTrainable;
            build.ir.layers.append(l);
            map[i] = int(build.ir.layers.size()) - 1;
        }
        build.tail = map.value(inner.outputLayer(), -1);
        return;
    }
    if (item->kind == K::Model) {
        build.inlinedModel = true;
        for (const LayerSpec &l : item->model->ir.layers) {
            auto v = makeValue(K::Layer);
            v->layer = std::make_shared<LayerSpec>(l);
            v->layer->nestedModel = item->model->ir.name;
            v->layer->nestedKind = item->model->ir.kind;
            v->layer->nestedTrainable = item->model->ir.trainable && l.nestedTrainable;
            sequentialAdd(build, v);
        }
        if (!build.hasDeclaredInput && item->model->hasDeclaredInput) {
            build.declaredInput = item->model->declaredInput; // a Sequential's input
            build.hasDeclaredInput = true;
        } else if (!build.hasDeclaredInput && !item->model->ir.inputShapes.isEmpty()) {
            build.declaredInput = item->model->ir.inputShapes.first();
            build.hasDeclaredInput = true;
        }
        return;
    }
    if (item->kind != K::Layer) {
        build.unresolved.append(QStringLiteral("`%1` (a layer of %2)")
                                    .arg(item->text.isEmpty() ? s("?") : item->text,
                                         build.ir.name));
        return;
    }
    LayerSpec l = *item->layer;
    if (l.type == s("InputLayer")) {
        if (item->declaredInput) {
            build.declaredInput = *item->declaredInput;
            build.hasDeclaredInput = true;
            build.inputName = l.name;
        }
        return;
    }
    if (build.ir.layers.isEmpty() && !build.hasDeclaredInput && item->declaredInput) {
        build.declaredInput = *item->declaredInput;
        build.hasDeclaredInput = true;
    }
    build.unresolved += item->unresolved;
    l.inbound.clear();
    if (!build.ir.layers.isEmpty())
        l.inbound = {build.tail >= 0 ? build.tail : int(build.ir.layers.size() - 1)};
    build.tail = -1;
    build.ir.layers.append(l);
}

bool Extractor::sequentialGraph(ModelBuild &b)
{
    if (b.inputNode >= 0 && b.nodes.size() == b.ir.layers.size())
        return true;
    if (!b.hasDeclaredInput || b.ir.layers.isEmpty())
        return false;
    LayerSpec in;
    in.type = s("InputLayer");
    in.name = !b.inputName.isEmpty() ? b.inputName : b.ir.layers.first().name + s("_input");
    int x = addNode(in, {});
    inputShapes.insert(x, b.declaredInput);
    b.inputNode = x;
    b.nodes.clear();
    for (const LayerSpec &l : std::as_const(b.ir.layers)) {
        x = addNode(l, {x});
        b.nodes << x;
    }
    return true;
}

PyValuePtr Extractor::makeSequential(const PyValuePtr &layers, const QString &name, bool torch)
{
    auto v = makeValue(K::Model);
    v->model = std::make_shared<ModelBuild>();
    ModelBuild &b = *v->model;
    b.ir.kind = torch ? s("nn.Sequential") : s("Sequential");
    b.ir.name = !name.isEmpty() ? name : autoName(torch ? s("sequential_module") : s("sequential"));
    if (layers && layers->kind == K::List)
        for (const auto &item : layers->items)
            sequentialAdd(b, item);
    return v;
}

bool Extractor::functionalIR(const QVector<int> &inputs, const QVector<int> &outputs,
                             ModelIR *ir, QString *error, QVector<int> *nodes)
{
    // the nodes reachable backwards from the outputs, in construction order
    QSet<int> reach;
    QVector<int> stack = outputs;
    while (!stack.isEmpty()) {
        const int n = stack.takeLast();
        if (n < 0 || n >= graph.size() || reach.contains(n))
            continue;
        reach.insert(n);
        for (int i : graph[n].inbound)
            stack.append(i);
    }
    QVector<int> order(reach.begin(), reach.end());
    std::sort(order.begin(), order.end());
    if (nodes)
        *nodes = order;
    QHash<int, int> index;
    for (int n : order)
        index.insert(n, index.size());
    ir->layers.clear();
    ir->inputs.clear();
    ir->outputs.clear();
    ir->inputShapes.clear();
    QHash<int, int> owner; // a shared layer's first call in this model, by graph owner
    for (int n : order) {
        LayerSpec l = graph[n];
        for (int &i : l.inbound)
            i = index.value(i);
        if (l.sharedWith < 0) {
            owner.insert(n, index.value(n));
        } else if (owner.contains(l.sharedWith)) {
            l.sharedWith = owner.value(l.sharedWith);
        } else { // its first call is not in this model: this call owns the weights here
            owner.insert(l.sharedWith, index.value(n));
            l.sharedWith = -1;
        }
        if (l.type == s("InputLayer") && !inputs.contains(n)) {
            *error = QStringLiteral("the outputs depend on input %1, which is not among the "
                                    "model's inputs").arg(l.name);
            return false;
        }
        ir->layers.append(l);
    }
    for (int n : inputs) {
        if (!index.contains(n)) {
            *error = QStringLiteral("input %1 is not connected to the outputs")
                         .arg(n >= 0 && n < graph.size() ? graph[n].name : QString());
            return false;
        }
        ir->inputs.append(index.value(n));
        ir->inputShapes.append(inputShapes.value(n));
    }
    for (int n : outputs)
        ir->outputs.append(index.value(n));
    return true;
}

PyValuePtr Extractor::makeFunctional(const PyValuePtr &inputs, const PyValuePtr &outputs,
                                     const QString &name, TSNode node)
{
    const QVector<int> in = tensorNodes(inputs), out = tensorNodes(outputs);
    if (in.isEmpty() || out.isEmpty()) {
        errors.append(QStringLiteral("%1: Model(inputs, outputs) needs layer outputs "
                                     "(`%2`, `%3`)")
                          .arg(where(node), inputs ? inputs->text : QString(),
                               outputs ? outputs->text : QString()));
        return makeUnknown(text(node));
    }
    auto v = makeValue(K::Model);
    v->model = std::make_shared<ModelBuild>();
    QString error;
    // with the graph node of every model layer, for .layers / .output
    if (!functionalIR(in, out, &v->model->ir, &error, &v->model->nodes)) {
        errors.append(where(node) + QStringLiteral(": ") + error);
        return makeUnknown(text(node));
    }
    v->model->ir.kind = s("Functional");
    v->model->ir.name = name.isEmpty() ? autoName(s("model")) : name;
    return v;
}

void Extractor::prescanFit()
{
    for (ParsedCell &cell : cells) {
        current = int(&cell - cells.data());
        forEachNode(ts_tree_root_node(cell.tree.get()), [&](TSNode n) {
            if (!is(n, "call"))
                return true;
            TSNode fn = field(n, "function");
            if (!is(fn, "attribute"))
                return true;
            const QString method = text(field(fn, "attribute"));
            if (method != s("fit") && method != s("evaluate") && method != s("train_on_batch"))
                return true;
            TSNode args = field(n, "arguments");
            int position = 0;
            const uint32_t count = ts_node_named_child_count(args);
            for (uint32_t i = 0; i < count; ++i) {
                TSNode a = ts_node_named_child(args, i);
                QString role;
                TSNode value = a;
                if (is(a, "keyword_argument")) {
                    const QString k = text(field(a, "name"));
                    role = k == s("x") ? s("x") : k == s("y") ? s("y") : QString();
                    value = field(a, "value");
                } else {
                    role = position == 0 ? s("x") : position == 1 ? s("y") : QString();
                    ++position;
                }
                if (is(value, "identifier") && role == s("x"))
                    xNames.insert(text(value));
                else if (is(value, "identifier") && role == s("y"))
                    yNames.insert(text(value));
            }
            return true;
        });
    }
    current = 0;
}

/// Parses the code cells up to cell `last` (IPython magics masked), finds fit()'s data
/// names (prescanFit), gathers the saved outputs' evidence (useOutputs), and runs the
/// cells in order on the globals, with a note for each cell with syntax errors.
void Extractor::runCells(int last)
{
    for (int i = 0; i <= last; ++i) {
        const Cell &c = doc.cells[i];
        if (c.type != CellType::Code || doc.kind == DocumentKind::Text)
            continue;
        ParsedCell parsed;
        parsed.index = i;
        parsed.source = maskIPythonMagics(c.source);
        parsed.tree = parser.parse(parsed.source);
        cells.push_back(std::move(parsed));
    }
    prescanFit();
    if (opt.useOutputs)
        for (const OutputValue &v : outputEvidence(doc, last))
            evidence[v.expression].append(v);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        current = int(i);
        TSNode root = ts_tree_root_node(cells[i].tree.get());
        if (ts_node_has_error(root))
            notes.append(QStringLiteral("cell %1 has syntax errors: its broken statements are "
                                        "skipped").arg(cells[i].index));
        execBlock(root, globals);
        returning = false;
    }
}

/// The loss, from_logits and optimizer of a PyTorch script (the last of each the globals
/// hold) and the epochs of its training loop, into `ir`.
void Extractor::torchScriptTraining(ModelIR &ir)
{
    for (auto it = globals.vars.cbegin(); it != globals.vars.cend(); ++it) {
        if (it.value()->kind == K::Loss) {
            ir.loss = it.value()->text;
            ir.fromLogits = it.value()->i != 0;
        } else if (it.value()->kind == K::Optimizer) {
            ir.optimizer = *it.value()->optimizer;
        }
    }
    if (fitEpochsFromLoop > 0) {
        ir.fit.epochs = fitEpochsFromLoop;
        ir.fit.fromCode = true;
    }
}

/// A Sequential's input and output layers and input shape: the declared one, else
/// ExtractOptions::inputShape, else a first Dense's input_dim, else the data's (noted).
void Extractor::sequentialInput(const ModelBuild &b, ModelIR &ir)
{
    ir.inputs = {0};
    ir.outputs = {int(ir.layers.size()) - 1};
    TensorShape shape = b.hasDeclaredInput ? b.declaredInput : TensorShape();
    const bool unknown = shape.isEmpty() || shape.contains(-1) || shape.contains(0);
    if (!opt.inputShape.isEmpty()) {
        shape = opt.inputShape;
    } else if (unknown && !ir.layers.isEmpty() && ir.layers.first().type == s("Dense")
               && ir.layers.first().inputDim > 0) {
        shape = {ir.layers.first().inputDim};
    } else if ((shape.isEmpty() || (shape.size() == 1 && shape[0] <= 0)) && !opt.dataShape.isEmpty()) {
        shape = opt.dataShape;
        notes.append(QStringLiteral("input shape %1 taken from the data")
                         .arg(kerasShapeString(shape)));
    }
    if (!shape.isEmpty())
        ir.inputShapes = {shape};
}

/// A last Dense (the output layer; `ir` has layers) without known units gets the data's
/// number of classes (1 for binary_crossentropy), with a note.
void Extractor::outputUnitsFromData(ModelIR &ir)
{
    LayerSpec &out = ir.layers[ir.outputLayer() >= 0 ? ir.outputLayer() : ir.layers.size() - 1];
    if (out.type == s("Dense") && out.units <= 0 && opt.dataClasses > 0) {
        out.units = ir.loss == s("binary_crossentropy") ? 1 : opt.dataClasses;
        notes.append(QStringLiteral("units of %1 = %2, the data's classes")
                         .arg(out.name).arg(out.units));
    }
}

ExtractResult Extractor::run()
{
    ExtractResult result;
    const int last = opt.cell < 0 ? doc.cells.size() - 1 : std::min(opt.cell, int(doc.cells.size()) - 1);
    if (opt.cell >= doc.cells.size()) {
        result.error = QStringLiteral("%1 has %2 cells; cell %3 does not exist")
                           .arg(doc.path).arg(doc.cells.size()).arg(opt.cell);
        return result;
    }
    runCells(last);
    result.candidates = candidates;
    const QString chosen = opt.modelName.isEmpty() ? lastModel : opt.modelName;
    const PyValuePtr value = globals.vars.value(chosen);
    if (chosen.isEmpty() || !value || (value->kind != K::Model && value->kind != K::Object)) {
        QString why = opt.modelName.isEmpty()
                          ? QStringLiteral("no Keras or PyTorch model is built in %1 up to cell %2")
                                .arg(doc.path).arg(last)
                          : QStringLiteral("`%1` is not a model in %2 up to cell %3 (models: %4)")
                                .arg(opt.modelName, doc.path).arg(last)
                                .arg(candidates.isEmpty() ? s("none") : candidates.join(s(", ")));
        if (!errors.isEmpty())
            why += QStringLiteral("; ") + errors.join(QStringLiteral("; "));
        result.error = why;
        result.model.notes = notes;
        return result;
    }
    ModelIR ir;
    QStringList unresolved;
    if (value->kind == K::Object) {
        QString error;
        if (!torchModuleIR(value, &ir, &error)) {
            result.error = error;
            return result;
        }
        torchScriptTraining(ir);
    } else {
        const ModelBuild &b = *value->model;
        if (b.subclass) {
            QString error;
            if (!subclassIR(b, &ir, &error)) {
                result.error = error;
                result.model.notes = notes;
                return result;
            }
        } else {
            ir = b.ir;
        }
        unresolved = b.unresolved;
        if (ir.kind == s("Sequential") || ir.kind == s("nn.Sequential"))
            sequentialInput(b, ir);
    }
    // a last Dense whose units the code cannot give: the data's classes
    if (!ir.layers.isEmpty())
        outputUnitsFromData(ir);
    ir.integerInputs = false;
    for (const LayerSpec &l : ir.layers) {
        if (l.type == s("InputLayer"))
            continue;
        ir.integerInputs = l.type == s("Embedding");
        break;
    }
    ir.variable = chosen;
    ir.cell = modelCells.value(chosen, -1);
    // sizes the code does not give, from the table the notebook's summary() printed
    if (opt.useOutputs && !ir.kind.startsWith(s("nn.")))
        fillFromSavedSummary(doc, last, ir, &notes);
    ir.notes = notes;
    QString error;
    if (!inferModel(ir, &error)) {
        result.error = error;
        if (!unresolved.isEmpty())
            result.error += QStringLiteral("; not resolved: %1 — give --data, or --set NAME=VALUE")
                                .arg(unresolved.join(s(", ")));
        result.unresolved = unresolved;
        static const QRegularExpression named(QStringLiteral("^`(\\w+) = "));
        for (const QString &entry : unresolved) {
            const QRegularExpressionMatch m = named.match(entry);
            if (m.hasMatch() && !result.unresolvedNames.contains(m.captured(1)))
                result.unresolvedNames.append(m.captured(1));
        }
        result.model = ir;
        return result;
    }
    // a layer the code adds but the reader could not make (an unknown name, a class it
    // does not model): the model would be missing it
    QStringList dropped;
    for (const QString &entry : unresolved)
        if (entry.contains(QLatin1String("` (a layer of ")))
            dropped << entry;
    if (!dropped.isEmpty()) {
        result.error = QStringLiteral("a layer could not be read, so the model would lack it: %1")
                           .arg(dropped.join(s(", ")));
        if (!errors.isEmpty()) // why: an unsupported class or function
            result.error += QStringLiteral(" (%1)").arg(errors.join(s("; ")));
        result.model = ir;
        result.unresolved = unresolved;
        return result;
    }
    result.ok = true;
    result.model = ir;
    result.unresolved = unresolved;
    result.symbols = symbols;
    return result;
}


} // namespace extract

ExtractResult extractModel(const Document &document, const ExtractOptions &options)
{
    extract::Extractor extractor(document, options);
    return extractor.run();
}

bool cellBuildsModel(const QByteArray &source)
{
    static const QRegularExpression modelCode(QStringLiteral("\\.(compile|fit)\\s*\\(|nn\\.Module|Sequential\\(|Model\\("));
    return QString::fromUtf8(source).contains(modelCode);
}

} // namespace kmw
