// The calls of the model extractor's evaluator: Keras and PyTorch constructors
// (through LayerFactory), keras.applications, model methods (add, compile, fit), torch
// functions in forward(), user functions and nn.Module classes.

#include "ModelExtractorInternal.h"

#include "ImportTable.h"
#include "KerasApplications.h"
#include "LayerFactory.h"

#include <cmath>

namespace kmw::extract {

PyValuePtr Extractor::callPath(const QString &rawPath, const CallArgs &args, TSNode node)
{
    const QString path = canonicalKerasName(rawPath);
    const QString last = path.section(QLatin1Char('.'), -1);
    // keras.datasets.<name>.load_data(): the published shapes of the arrays
    // (https://keras.io/api/datasets/), so `x_train.shape[1:]` and the classes are known
    if (path.startsWith(s("keras.datasets.")) && last == s("load_data")) {
        if (PyValuePtr v = kerasDatasetArrays(path, node))
            return v;
    }
    // to_categorical(y[, num_classes]): one column per class
    if (last == s("to_categorical") && !args.positional.isEmpty()) {
        const PyValuePtr y = args.positional[0];
        const PyValuePtr n = args.get(s("num_classes"), 1);
        const qint64 classes = n && n->isNumber() ? qint64(n->number()) : (y->kind == K::DataArray ? y->i : 0);
        if (classes > 0) {
            auto v = makeValue(K::DataArray);
            v->text = s("array");
            v->items.append(makeInt(classes));
            return v;
        }
    }
    if (path == s("numpy.reshape") && args.positional.size() >= 2) {
        const PyValuePtr array = args.positional[0];
        if (array->kind == K::Unknown || array->kind == K::DataArray)
            return reshapedArray(array, {args.positional[1]});
    }
    if (path.startsWith(s("builtins.")))
        return callBuiltin(last, args, node);
    if (path.startsWith(s("keras")))
        return callKeras(rawPath, path, last, args, node);
    if (path.startsWith(s("torch.")))
        return callTorch(path, last, args, node);
    return makeUnknown(text(node));
}

/// keras.datasets.<name>.load_data() (`path`): ((x_train, y_train), (x_test, y_test))
/// as DataArrays of the shapes Keras publishes (https://keras.io/api/datasets/), so
/// `x_train.shape[1:]` and the classes are known, with a note; null for another dataset.
PyValuePtr Extractor::kerasDatasetArrays(const QString &path, TSNode node)
{
    static const QHash<QString, QPair<TensorShape, qint64>> known{
        {s("mnist"), {{28, 28}, 10}},        {s("fashion_mnist"), {{28, 28}, 10}},
        {s("cifar10"), {{32, 32, 3}, 10}},   {s("cifar100"), {{32, 32, 3}, 100}},
        {s("boston_housing"), {{13}, 0}}};
    const QString name = path.section(QLatin1Char('.'), -2, -2);
    if (!known.contains(name))
        return nullptr;
    // (plain variables: a lambda may not capture structured bindings in C++17)
    const TensorShape shape = known.value(name).first;
    const qint64 classes = known.value(name).second;
    auto array = [&](bool features) {
        auto v = makeValue(K::DataArray);
        v->text = s("array");
        if (features)
            for (qint64 d : shape)
                v->items.append(makeInt(d));
        else if (name.startsWith(s("cifar")))
            v->items.append(makeInt(1)); // labels (n, 1)
        v->i = features ? 0 : classes;   // the labels' number of classes
        return v;
    };
    auto pair = [&] {
        auto p = makeValue(K::List);
        p->items = {array(true), array(false)};
        return p;
    };
    auto v = makeValue(K::List);
    v->items = {pair(), pair()};
    notes.append(QStringLiteral("%1: %2's arrays have the shapes Keras documents (features %3)")
                     .arg(where(node), name, kerasShapeString(shape)));
    return v;
}

/// A call of a Python builtin (`last`: range, len, int, round, float, tuple, list, max,
/// min) on known numbers and lists; Unknown with the call's text otherwise (range()
/// over kMaxLoop items included).
PyValuePtr Extractor::callBuiltin(const QString &last, const CallArgs &args, TSNode node)
{
    const PyValuePtr a = args.positional.value(0);
    if (last == s("range")) {
        qint64 from = 0, to = 0, step = 1;
        const int n = args.positional.size();
        for (const auto &v : args.positional)
            if (!v->isNumber())
                return makeUnknown(text(node));
        if (n == 1)
            to = args.positional[0]->i;
        else if (n >= 2) {
            from = args.positional[0]->i;
            to = args.positional[1]->i;
            if (n == 3)
                step = args.positional[2]->i;
        }
        if (step == 0 || (to - from) / step > kMaxLoop)
            return makeUnknown(text(node));
        auto v = makeValue(K::List);
        for (qint64 i = from; step > 0 ? i < to : i > to; i += step)
            v->items.append(makeInt(i));
        return v;
    }
    if (last == s("len") && a && a->kind == K::List)
        return makeInt(a->items.size());
    if ((last == s("int") || last == s("round")) && a && a->isNumber())
        return makeInt(qint64(std::llround(a->number())));
    if (last == s("float") && a && a->isNumber()) {
        auto v = makeValue(K::Float);
        v->f = a->number();
        return v;
    }
    if ((last == s("tuple") || last == s("list")) && a && a->kind == K::List)
        return a;
    if ((last == s("max") || last == s("min")) && args.positional.size() >= 2) {
        PyValuePtr best = args.positional[0];
        for (const auto &v : args.positional) {
            if (!v->isNumber())
                return makeUnknown(text(node));
            if (last == s("max") ? v->number() > best->number() : v->number() < best->number())
                best = v;
        }
        return best;
    }
    return makeUnknown(text(node));
}

/// A call of a keras.* name (`path`, canonical; `rawPath` as written): Sequential, Model,
/// keras.applications, optimizers, losses, the merge functions (concatenate, add, …) and
/// layer classes; Unknown otherwise, with an error for a layer class the IR lacks.
PyValuePtr Extractor::callKeras(const QString &rawPath, const QString &path, const QString &last,
                                const CallArgs &args, TSNode node)
{
    if (last == s("Sequential"))
        return makeSequential(args.get(s("layers"), 0), args.get(s("name"))
                                                            ? args.get(s("name"))->text
                                                            : QString(), false);
    if (last == s("Model") || last == s("Functional")) {
        PyValuePtr in = args.get(s("inputs"), 0), out = args.get(s("outputs"), 1);
        if (!in)
            in = args.get(s("input"));
        if (!out)
            out = args.get(s("output"));
        const PyValuePtr name = args.get(s("name"));
        return makeFunctional(in, out, name ? name->text : QString(), node);
    }
    if (path.contains(s(".applications.")) && kerasApplications().contains(last))
        return kerasApplication(last, args, node);
    if (path.contains(s(".optimizers."))) {
        auto v = makeValue(K::Optimizer);
        v->optimizer = std::make_shared<OptimizerSpec>();
        if (makeOptimizer(last, args, false, v->optimizer.get()))
            return v;
    }
    if (path.contains(s(".losses."))) {
        auto v = makeValue(K::Loss);
        bool logits = false;
        v->text = canonicalLoss(last, &logits);
        const PyValuePtr fl = args.get(s("from_logits"));
        v->i = logits || (fl && fl->isNumber() && fl->number() != 0);
        return v;
    }
    static const QHash<QString, QString> mergeFunctions{
        {s("concatenate"), s("Concatenate")}, {s("add"), s("Add")},
        {s("multiply"), s("Multiply")},       {s("dot"), s("Dot")},
        {s("subtract"), s("Subtract")},       {s("average"), s("Average")},
        {s("maximum"), s("Maximum")}};
    if (mergeFunctions.contains(last) && path.contains(s(".layers."))) {
        CallArgs layerArgs = args;
        const PyValuePtr inputs = args.get(s("inputs"), 0);
        layerArgs.positional.clear();
        DeclaredInput ignored;
        QStringList unresolved;
        QString error;
        auto layer = makeKerasLayer(mergeFunctions.value(last), layerArgs, &ignored,
                                    &unresolved, &error);
        if (!layer) {
            errors.append(where(node) + QStringLiteral(": ") + error);
            return makeUnknown(text(node));
        }
        layer->name = autoName(kerasSnakeCase(layer->type));
        return applyLayer(layer, inputs ? inputs : makeUnknown(QString()), node);
    }
    if (isKerasLayerClass(last))
        return kerasLayer(rawPath, last, args, node);
    if (path.contains(s(".layers.")) && !last.isEmpty() && last.at(0).isUpper()) {
        // a Keras layer class the IR does not model: say so where it is made, or the
        // only error left is the model's "needs layer outputs"
        errors.append(QStringLiteral("%1: layer %2 is not supported").arg(where(node), last));
    }
    return makeUnknown(text(node));
}

/// keras.applications.<last>(…): the application's layers (pretrained unless
/// weights=None) placed in the graph, on the Input of input_shape or on input_tensor's
/// graph, and the Functional model of them; Unknown with an error when it cannot be built.
PyValuePtr Extractor::kerasApplication(const QString &last, const CallArgs &args, TSNode node)
{
    ModelIR ir;
    QString error;
    const PyValuePtr top = args.get(s("include_top"), 0);
    const PyValuePtr shape = args.get(s("input_shape"));
    TensorShape inputShape;
    if (shape && shape->kind == K::List)
        for (const auto &d : shape->items)
            inputShape.append(d->isNumber() ? qint64(d->number()) : -1);
    // without the classifier and without input_shape, Keras takes images of any size
    if (inputShape.isEmpty() && top && top->isNumber() && top->number() == 0)
        inputShape = {-1, -1, 3};
    const PyValuePtr pooling = args.get(s("pooling"));
    const PyValuePtr classes = args.get(s("classes"));
    if (!buildKerasApplication(last, !top || top->number() != 0, inputShape,
                               pooling && pooling->kind == K::Str ? pooling->text : QString(),
                               classes && classes->isNumber() ? qint64(classes->number()) : 1000,
                               &ir, &error)) {
        errors.append(where(node) + QStringLiteral(": ") + error);
        return makeUnknown(text(node));
    }
    // weights='imagenet' (Keras's default) or a file: the layers are pretrained
    const PyValuePtr weights = args.get(s("weights"));
    QString pretrained;
    if (!weights)
        pretrained = QStringLiteral("%1(weights='imagenet')").arg(last);
    else if (weights->kind == K::Str)
        pretrained = QStringLiteral("%1(weights='%2')").arg(last, weights->text);
    else if (weights->kind != K::None)
        pretrained = QStringLiteral("%1(weights=%2)").arg(last, weights->text);
    // input_tensor=: the application is built on that tensor, and the model's inputs
    // are the Inputs it comes from (keras.utils.get_source_inputs)
    const PyValuePtr given = args.get(s("input_tensor"));
    const int givenNode = given && given->kind == K::Tensor ? given->node : -1;
    // place the application's layers in the graph so .output/.layers work
    QVector<int> map;
    for (const LayerSpec &l : ir.layers) {
        LayerSpec copy = l;
        if (copy.type != s("InputLayer"))
            copy.pretrained = pretrained;
        if (copy.type == s("InputLayer") && givenNode >= 0) {
            map.append(givenNode);
            continue;
        }
        if (copy.type == s("InputLayer"))
            copy.name = autoName(s("input"), true);
        QVector<int> inbound;
        for (int i : l.inbound)
            inbound.append(map.value(i));
        map.append(addNode(copy, inbound));
        if (copy.type == s("InputLayer"))
            inputShapes.insert(map.last(), ir.inputShapes.value(0));
    }
    if (givenNode >= 0) {
        QVector<int> sources, stack{givenNode};
        QSet<int> seen;
        while (!stack.isEmpty()) {
            const int n = stack.takeLast();
            if (n < 0 || n >= graph.size() || seen.contains(n))
                continue;
            seen.insert(n);
            if (graph[n].type == s("InputLayer"))
                sources.prepend(n);
            for (int i : graph[n].inbound)
                stack.append(i);
        }
        auto inputs = makeValue(K::List);
        for (int n : sources)
            inputs->items.append(tensor(n));
        return makeFunctional(inputs->items.size() == 1 ? inputs->items.first() : inputs, tensor(map.last()), ir.name, node);
    }
    return makeFunctional(tensor(map.first()), tensor(map.last()), ir.name, node);
}

/// A Keras layer class `last` (LayerFactory): Input() a graph node and its tensor, another
/// class a Layer value with an automatic name unless given; Unknown with an error when
/// its arguments are not understood. `rawPath` tells standalone Keras 2 (GRU reset_after).
PyValuePtr Extractor::kerasLayer(const QString &rawPath, const QString &last, const CallArgs &args, TSNode node)
{
    DeclaredInput declared;
    QStringList unresolved;
    QString error;
    auto layer = makeKerasLayer(last, args, &declared, &unresolved, &error);
    if (!layer) {
        errors.append(where(node) + QStringLiteral(": ") + error);
        return makeUnknown(text(node));
    }
    if (last == s("GRU") && opt.standaloneKeras2 && rawPath.startsWith(s("keras."))
        && !args.has(s("reset_after")))
        layer->resetAfter = false;
    if (last == s("Input")) {
        layer->name = layer->explicitName ? layer->name : autoName(s("input"), true);
        const int n = addNode(*layer, {});
        inputShapes.insert(n, declared.shape);
        if (!unresolved.isEmpty())
            notes += unresolved;
        return tensor(n);
    }
    if (!layer->explicitName)
        layer->name = autoName(kerasSnakeCase(layer->type == s("InputLayer")
                                                  ? s("input")
                                                  : layer->type),
                               layer->type == s("InputLayer"));
    auto v = makeValue(K::Layer);
    v->layer = layer;
    v->unresolved = unresolved;
    if (declared.given)
        v->declaredInput = declared.shape;
    return v;
}

/// A call of a torch.* name (`path`): nn.Sequential, torch.optim optimizers, losses, nn
/// layer classes (LayerFactory), else a tensor function (applyTorchFunction).
PyValuePtr Extractor::callTorch(const QString &path, const QString &last, const CallArgs &args, TSNode node)
{
    if (path == s("torch.nn.Sequential")) {
        auto list = makeValue(K::List);
        list->items = args.positional;
        return makeSequential(list, QString(), true);
    }
    if (path.startsWith(s("torch.optim."))) {
        auto v = makeValue(K::Optimizer);
        v->optimizer = std::make_shared<OptimizerSpec>();
        if (makeOptimizer(last, args, true, v->optimizer.get()))
            return v;
        return makeUnknown(text(node));
    }
    if (last.endsWith(s("Loss"))) {
        auto v = makeValue(K::Loss);
        bool logits = false;
        v->text = canonicalLoss(last, &logits);
        v->i = logits;
        return v;
    }
    if (path.startsWith(s("torch.nn.")) && !path.startsWith(s("torch.nn.functional"))
        && !path.startsWith(s("torch.nn.init")) && last.at(0).isUpper()) {
        QStringList unresolved;
        QString error;
        auto layer = makeTorchLayer(last, args, &unresolved, &error);
        if (!layer) {
            errors.append(where(node) + QStringLiteral(": ") + error);
            return makeUnknown(text(node));
        }
        layer->name = autoName(kerasSnakeCase(last));
        auto v = makeValue(K::Layer);
        v->layer = layer;
        v->unresolved = unresolved;
        return v;
    }
    return applyTorchFunction(last, args, node);
}

PyValuePtr Extractor::applyTorchFunction(const QString &name, const CallArgs &args, TSNode node)
{
    const PyValuePtr x = args.positional.value(0);
    if (!x || x->kind != K::Tensor)
        return makeUnknown(text(node));
    LayerSpec l;
    l.framework = s("pytorch");
    l.dataFormat = s("channels_first");
    static const QSet<QString> activations{s("relu"), s("tanh"), s("sigmoid"), s("softmax"),
                                           s("elu"), s("selu"), s("gelu"), s("silu"),
                                           s("softplus"), s("leaky_relu"), s("log_softmax")};
    if (activations.contains(name)) {
        l.type = s("Activation");
        l.activation = name == s("silu") ? s("swish") : name;
    } else if (name == s("flatten")) {
        l.type = s("Flatten");
    } else if (name == s("max_pool2d") || name == s("avg_pool2d")) {
        l.type = name.startsWith(s("max")) ? s("MaxPooling2D") : s("AveragePooling2D");
        const PyValuePtr k = args.get(s("kernel_size"), 1);
        const qint64 size = k && k->isNumber() ? qint64(k->number()) : 2;
        l.poolSize = {size, size};
        const PyValuePtr st = args.get(s("stride"), 2);
        if (st && st->isNumber())
            l.strides = {qint64(st->number()), qint64(st->number())};
    } else if (name == s("dropout")) {
        l.type = s("Dropout");
        const PyValuePtr p = args.get(s("p"), 1);
        l.rate = p && p->isNumber() ? p->number() : 0.5;
    } else {
        return makeUnknown(text(node));
    }
    l.name = autoName(kerasSnakeCase(l.type));
    return tensor(addNode(l, {x->node}));
}

PyValuePtr Extractor::callMethod(const PyValuePtr &object, const QString &objectName,
                                 const QString &method, const CallArgs &args, TSNode node)
{
    if (object->kind == K::Model) {
        ModelBuild &b = *object->model;
        if (method == s("add")) {
            sequentialAdd(b, args.positional.value(0, makeUnknown(QString())));
            return makeValue(K::None);
        }
        if (method == s("get_layer") && !b.nodes.isEmpty()) {
            // keras Model.get_layer(name=None, index=None): the layer's output tensor, so
            // `.output` of it gives the graph node (transfer learning cuts a model there)
            const PyValuePtr name = args.get(s("name"), 0), index = args.get(s("index"), 1);
            for (int i = 0; i < b.ir.layers.size(); ++i) {
                const bool hit = (name && name->kind == K::Str && b.ir.layers[i].name == name->text)
                                 || (index && index->isNumber() && qint64(index->number()) == i);
                if (hit)
                    return tensor(b.nodes.value(i, -1));
            }
            errors.append(QStringLiteral("%1: %2 has no layer %3").arg(where(node), b.ir.name,
                                                                      name ? name->text : index ? index->text : QString()));
            return makeUnknown(text(node));
        }
        if (method == s("get_layer") && b.nodes.isEmpty() && b.ir.kind == s("Sequential") && !b.inlinedModel) {
            // a Sequential's layer by name or position in model.layers: a copy that knows
            // its place, for `get_layer('n').trainable = False`
            const PyValuePtr name = args.get(s("name"), 0), index = args.get(s("index"), 1);
            for (int i = 0; i < b.ir.layers.size(); ++i) {
                if ((name && name->kind == K::Str && b.ir.layers[i].name == name->text)
                    || (index && index->isNumber() && qint64(index->number()) == i)) {
                    auto item = makeValue(K::Layer);
                    item->layer = std::make_shared<LayerSpec>(b.ir.layers[i]);
                    item->model = object->model;
                    item->index = i;
                    return item;
                }
            }
            return makeUnknown(text(node));
        }
        if (method == s("build") && (b.ir.kind == s("Sequential") || b.subclass)) {
            // Sequential.build(input_shape): the batch dimension first
            const PyValuePtr shape = args.get(s("input_shape"), 0);
            if (shape && shape->kind == K::List && shape->items.size() >= 2) {
                TensorShape given;
                for (int i = 1; i < shape->items.size(); ++i)
                    given << (shape->items[i]->isNumber() ? qint64(shape->items[i]->number()) : -1);
                b.declaredInput = given;
                b.hasDeclaredInput = true;
            }
            return makeValue(K::None);
        }
        if (method == s("save")) {
            const PyValuePtr path = args.get(s("filepath"), 0);
            if (path && path->kind == K::Str)
                savedModels.insert(path->text, object);
            return makeValue(K::None);
        }
        if (method == s("compile")) {
            const PyValuePtr optimizer = args.get(s("optimizer"), 0);
            if (optimizer && optimizer->kind == K::Optimizer)
                b.ir.optimizer = *optimizer->optimizer;
            else if (optimizer && optimizer->kind == K::Str) {
                if (!optimizerFromString(optimizer->text.toLower(), &b.ir.optimizer))
                    notes.append(QStringLiteral("%1: optimizer '%2' is not known; RMSprop is used")
                                     .arg(where(node), optimizer->text));
                b.ir.optimizer.fromCode = true;
            }
            const PyValuePtr loss = args.get(s("loss"), 1);
            if (loss) {
                bool logits = false;
                if (loss->kind == K::Loss) {
                    b.ir.loss = loss->text;
                    b.ir.fromLogits = loss->i != 0;
                } else if (loss->kind == K::Str || loss->kind == K::Path) {
                    b.ir.loss = canonicalLoss(loss->text, &logits);
                    b.ir.fromLogits = logits;
                }
                if (b.ir.loss.isEmpty())
                    notes.append(QStringLiteral("%1: loss `%2` is not supported")
                                     .arg(where(node), loss->text));
            }
            const PyValuePtr metrics = args.get(s("metrics"), 2);
            b.ir.metrics.clear();
            if (metrics && metrics->kind == K::List)
                for (const auto &m : metrics->items)
                    b.ir.metrics.append(m->kind == K::Str ? m->text : m->text.section(QLatin1Char('.'), -1));
            if (!objectName.isEmpty())
                noteModel(objectName);
            return makeValue(K::None);
        }
        if (method == s("fit") || method == s("fit_generator")) {
            FitSpec &f = b.ir.fit;
            f.fromCode = true;
            const PyValuePtr epochs = args.get(s("epochs"), 3);
            if (epochs && epochs->isNumber())
                f.epochs = int(epochs->number());
            const PyValuePtr batch = args.get(s("batch_size"), 2);
            if (batch && batch->isNumber())
                f.batchSize = int(batch->number());
            const PyValuePtr split = args.get(s("validation_split"));
            if (split && split->isNumber())
                f.validationSplit = split->number();
            f.hasValidationData = args.has(s("validation_data"));
            if (!objectName.isEmpty())
                noteModel(objectName);
            return makeValue(K::None);
        }
        return makeValue(K::None);
    }
    if (object->kind == K::List && method == s("index") && args.positional.size() == 1 && args.positional[0]->kind == K::Str) {
        // list.index(name): the first equal string (layer names)
        for (int i = 0; i < object->items.size(); ++i)
            if (object->items[i]->kind == K::Str && object->items[i]->text == args.positional[0]->text)
                return makeInt(i);
        return makeUnknown(text(node));
    }
    if (object->kind == K::List && method == s("append") && !args.positional.isEmpty()) {
        object->items.append(args.positional.first());
        return makeValue(K::None);
    }
    if ((object->kind == K::DataArray || object->kind == K::Unknown) && method == s("reshape"))
        return reshapedArray(object, args.positional);
    if (object->kind == K::DataArray)
        return object; // astype(), copy(), …: the same array
    if (object->kind == K::Tensor) {
        if (method == s("view") || method == s("reshape") || method == s("flatten")) {
            LayerSpec l;
            l.type = s("Flatten");
            l.framework = s("pytorch");
            l.dataFormat = s("channels_first");
            l.name = autoName(s("flatten"));
            return tensor(addNode(l, {object->node}));
        }
        if (method == s("size"))
            return makeUnknown(text(node));
        if (method == s("relu") || method == s("tanh") || method == s("sigmoid")) {
            CallArgs a;
            a.positional.append(object);
            return applyTorchFunction(method, a, node);
        }
    }
    return makeUnknown(text(node));
}

void Extractor::bindParameters(TSNode def, const CallArgs &args, Scope &local)
{
    TSNode params = field(def, "parameters");
    const uint32_t n = ts_node_named_child_count(params);
    int position = 0;
    for (uint32_t i = 0; i < n; ++i) {
        TSNode p = ts_node_named_child(params, i);
        QString name;
        PyValuePtr fallback;
        if (is(p, "identifier"))
            name = text(p);
        else if (is(p, "default_parameter") || is(p, "typed_default_parameter")) {
            name = text(field(p, "name"));
            fallback = eval(field(p, "value"), globals);
        } else if (is(p, "typed_parameter"))
            name = text(ts_node_named_child(p, 0));
        else
            continue;
        const PyValuePtr value = args.get(name, position++);
        local.vars.insert(name, value ? value : fallback ? fallback : makeUnknown(name));
    }
}

PyValuePtr Extractor::callFunction(int index, const CallArgs &args)
{
    if (depth > kMaxDepth * 4)
        return makeUnknown(QString());
    const Definition def = functions[index];
    Scope local;
    local.parent = &globals;
    // parameter names and default values are text of the cell that defines the function
    const int savedCell = current;
    current = def.cell;
    bindParameters(def.node, args, local);
    current = savedCell;
    const PyValuePtr result = runBody(def.cell, field(def.node, "body"), local);
    return result ? result : makeValue(K::None);
}

PyValuePtr Extractor::runBody(int cell, TSNode body, Scope &local)
{
    const int savedCell = current;
    const bool savedReturning = returning;
    current = cell;
    returning = false;
    returned.reset();
    execBlock(body, local);
    const PyValuePtr out = returned;
    returning = savedReturning;
    current = savedCell;
    return out;
}

PyValuePtr Extractor::instantiate(int index, const CallArgs &args)
{
    const Definition def = classes[index];
    const int savedCell = current;
    current = def.cell;
    const QString bases = text(field(def.node, "superclasses"));
    const QString className = text(field(def.node, "name"));
    const bool kerasModel = !bases.contains(s("Module")) && bases.contains(s("Model"));
    if (!bases.contains(s("Module")) && !kerasModel) {
        if (bases.contains(s("Layer")))
            notes.append(QStringLiteral("cell %1: subclassed Keras model %2 is not extracted "
                                        "(its call() is free Python)")
                             .arg(cells[current].index).arg(className));
        current = savedCell;
        return makeUnknown(className);
    }
    auto obj = makeValue(K::Object);
    obj->object = std::make_shared<TorchObject>();
    obj->object->className = className;
    obj->object->cell = def.cell;
    TSNode body = field(def.node, "body");
    TSNode init{}, forward{};
    const uint32_t n = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < n; ++i) {
        TSNode f = ts_node_named_child(body, i);
        if (is(f, "decorated_definition"))
            f = field(f, "definition");
        if (!is(f, "function_definition"))
            continue;
        const QString name = text(field(f, "name"));
        if (name == s("__init__"))
            init = f;
        else if (name == (kerasModel ? s("call") : s("forward")))
            forward = f;
    }
    if (ts_node_is_null(forward)) {
        current = savedCell;
        return makeUnknown(className);
    }
    obj->object->forwardNode = forward.id;
    functions.append({forward, def.cell}); // forward is evaluated later, from this table
    obj->index = functions.size() - 1;
    if (!ts_node_is_null(init)) {
        functions.append({init, def.cell});
        CallArgs withSelf = args;
        withSelf.positional.prepend(obj);
        Scope local;
        local.parent = &globals;
        local.self = obj;
        bindParameters(init, withSelf, local);
        runBody(def.cell, field(init, "body"), local);
    }
    if (kerasModel) {
        // a subclassed keras.Model: a model whose graph call() makes once its input is known
        auto v = makeValue(K::Model);
        v->model = std::make_shared<ModelBuild>();
        v->model->ir.kind = s("Functional");
        v->model->ir.subclassed = true;
        // Keras names a model after its class in snake case (MyModel -> my_model)
        v->model->ir.name = autoName(QString(className).replace(QRegularExpression(s("(?<=[a-z0-9])([A-Z])")), s("_\\1")).toLower());
        v->model->subclass = obj;
        for (const auto &attr : std::as_const(obj->object->attributes))
            if (attr.second->kind == K::Layer && attr.second->declaredInput) {
                v->model->declaredInput = *attr.second->declaredInput; // Flatten(input_shape=…)
                v->model->hasDeclaredInput = true;
                break;
            }
        current = savedCell;
        return v;
    }
    // nn.Sequential attributes act as blocks of layers
    for (auto &attr : obj->object->attributes) {
        if (attr.second->kind == K::Model && attr.second->model->ir.kind == s("nn.Sequential")) {
            auto block = makeValue(K::Layers);
            for (const LayerSpec &l : attr.second->model->ir.layers) {
                auto item = makeValue(K::Layer);
                item->layer = std::make_shared<LayerSpec>(l);
                block->items.append(item);
            }
            attr.second = block;
        }
    }
    current = savedCell;
    return obj;
}

// ---------------------------------------------------------------- graph and models


PyValuePtr Extractor::reshapedArray(const PyValuePtr &array, QVector<PyValuePtr> dims)
{
    // `x.reshape(n, 28, 28, 1)` / `np.reshape(x, (n, 28, 28, 1))`: an array whose shape
    // after the rows is what the code states (`x.shape[1:]` then reads it)
    if (dims.size() == 1 && dims[0]->kind == K::List)
        dims = dims[0]->items;
    auto v = makeValue(K::DataArray);
    v->text = array->kind == K::DataArray ? array->text : s("array");
    for (int i = 1; i < dims.size(); ++i) {
        if (!dims[i]->isNumber() || dims[i]->number() < 0)
            return array;
        v->items.append(makeInt(qint64(dims[i]->number())));
    }
    return dims.size() >= 2 ? v : array;
}

} // namespace kmw::extract
