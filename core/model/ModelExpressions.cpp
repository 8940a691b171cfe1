// The expressions of the model extractor's evaluator: literals, names, attributes,
// subscripts, arithmetic, and calls dispatched to ModelCalls.cpp.

#include "ModelExtractorInternal.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace kmw::extract {

PyValuePtr Extractor::eval(TSNode node, Scope &scope)
{
    PyValuePtr value = evalCode(node, scope);
    if (value->kind == K::Unknown && !evidence.isEmpty() && !ts_node_is_null(node))
        if (PyValuePtr shown = evidenceFor(text(node)))
            return shown;
    return value;
}

PyValuePtr Extractor::evidenceFor(const QString &expression)
{
    const auto it = evidence.constFind(expressionKey(expression));
    if (it == evidence.cend())
        return nullptr;
    const OutputValue *found = nullptr;
    for (const OutputValue &v : *it)
        if (v.cell <= cells[current].index)
            found = &v; // the latest shown at or before this cell
    if (!found)
        return nullptr;
    PyValuePtr value;
    if (found->tuple) {
        value = makeValue(K::List);
        for (const qint64 n : found->values)
            value->items.append(makeInt(n));
    } else {
        value = makeInt(found->values.value(0));
    }
    if (!evidenceNoted.contains(it.key())) {
        evidenceNoted.insert(it.key());
        notes.append(QStringLiteral("`%1` = %2, from the saved output of cell %3 (\"%4\")")
                         .arg(expression.simplified(), outputValueText(*found))
                         .arg(found->cell)
                         .arg(found->shown.left(80)));
    }
    return value;
}

PyValuePtr Extractor::evalCode(TSNode node, Scope &scope)
{
    if (ts_node_is_null(node) || ++depth > 200) {
        --depth;
        return makeUnknown(QString());
    }
    struct DepthGuard {
        int &d;
        ~DepthGuard() { --d; }
    } guard{depth};
    const char *type = ts_node_type(node);
    const QString t = text(node);
    if (!std::strcmp(type, "integer")) {
        bool ok = false;
        QString digits = t;
        digits.remove(QLatin1Char('_'));
        const qint64 v = digits.toLongLong(&ok, 0);
        return ok ? makeInt(v) : makeUnknown(t);
    }
    if (!std::strcmp(type, "float")) {
        auto v = makeValue(K::Float);
        QString digits = t;
        digits.remove(QLatin1Char('_'));
        v->f = digits.toDouble();
        return v;
    }
    if (!std::strcmp(type, "true") || !std::strcmp(type, "false")) {
        auto v = makeValue(K::Bool);
        v->i = !std::strcmp(type, "true");
        return v;
    }
    if (!std::strcmp(type, "none"))
        return makeValue(K::None);
    if (!std::strcmp(type, "string") || !std::strcmp(type, "concatenated_string")) {
        QString content;
        forEachNode(node, [&](TSNode n) {
            if (is(n, "string_content"))
                content += text(n);
            return !is(n, "interpolation");
        });
        auto v = makeValue(K::Str);
        v->text = content;
        return v;
    }
    if (!std::strcmp(type, "identifier"))
        return lookup(t, scope);
    if (!std::strcmp(type, "parenthesized_expression"))
        return eval(ts_node_named_child(node, 0), scope);
    if (!std::strcmp(type, "list") || !std::strcmp(type, "tuple")
        || !std::strcmp(type, "expression_list")) {
        auto v = makeValue(K::List);
        const uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; ++i) {
            TSNode item = ts_node_named_child(node, i);
            if (is(item, "comment"))
                continue;
            if (is(item, "list_splat")) {
                const PyValuePtr inner = eval(ts_node_named_child(item, 0), scope);
                if (inner->kind == K::List)
                    v->items += inner->items;
                continue;
            }
            v->items.append(eval(item, scope));
        }
        return v;
    }
    if (!std::strcmp(type, "dictionary")) {
        auto v = makeValue(K::Dict);
        const uint32_t n = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < n; ++i) {
            TSNode pair = ts_node_named_child(node, i);
            if (!is(pair, "pair"))
                continue;
            const PyValuePtr key = eval(field(pair, "key"), scope);
            if (key->kind == K::Str)
                v->dict.insert(key->text, eval(field(pair, "value"), scope));
        }
        return v;
    }
    if (!std::strcmp(type, "unary_operator")) {
        const PyValuePtr a = eval(field(node, "argument"), scope);
        const QString op = text(field(node, "operator"));
        if (a->isNumber() && op == s("-")) {
            auto v = std::make_shared<PyValue>(*a);
            v->i = -a->i;
            v->f = -a->f;
            if (v->kind == K::Bool)
                v->kind = K::Int;
            return v;
        }
        return a->isNumber() && op == s("+") ? a : makeUnknown(t);
    }
    if (!std::strcmp(type, "binary_operator"))
        return binary(node, scope);
    if (!std::strcmp(type, "list_comprehension")) {
        // [expr for x in iterable if cond]: one for clause over a list the code gives
        // (`[l.name for l in model.layers]`); the loop name is the comprehension's own
        const TSNode body = field(node, "body");
        TSNode clause{}, condition{};
        int clauses = 0;
        for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
            const TSNode c = ts_node_named_child(node, i);
            if (is(c, "for_in_clause")) {
                clause = c;
                ++clauses;
            } else if (is(c, "if_clause")) {
                condition = ts_node_named_child(c, 0);
            }
        }
        if (clauses != 1)
            return makeUnknown(t);
        const PyValuePtr iterable = eval(field(clause, "right"), scope);
        // bounded over the whole extraction: nested comprehensions multiply
        comprehensionItems += iterable->kind == K::List ? iterable->items.size() : 0;
        if (iterable->kind != K::List || iterable->items.size() > kMaxLoop || comprehensionItems > 20 * kMaxLoop)
            return makeUnknown(t);
        auto v = makeValue(K::List);
        for (const PyValuePtr &item : iterable->items) {
            Scope local;
            local.parent = &scope;
            local.self = scope.self;
            assign(field(clause, "left"), item, local);
            if (!ts_node_is_null(condition)) {
                const PyValuePtr c = eval(condition, local);
                if (!c->isNumber())
                    return makeUnknown(t);
                if (c->number() == 0)
                    continue;
            }
            v->items.append(eval(body, local));
        }
        return v;
    }
    if (!std::strcmp(type, "attribute"))
        return attribute(eval(field(node, "object"), scope), text(field(node, "attribute")), node);
    if (!std::strcmp(type, "subscript"))
        return subscript(eval(field(node, "value"), scope), node, scope);
    if (!std::strcmp(type, "call"))
        return call(node, scope);
    if (!std::strcmp(type, "lambda"))
        return lambdaValue(node, scope);
    return makeUnknown(t);
}

PyValuePtr Extractor::binary(TSNode node, Scope &scope)
{
    const PyValuePtr a = eval(field(node, "left"), scope);
    const PyValuePtr b = eval(field(node, "right"), scope);
    const QString op = text(field(node, "operator"));
    // an array scaled by a number (`x / 255`, `x * 2 - 1`) keeps its shape
    if (a->kind == K::DataArray && !a->items.isEmpty() && b->isNumber())
        return a;
    if (a->isNumber() && b->isNumber()) {
        const bool ints = a->kind != K::Float && b->kind != K::Float;
        const double x = a->number(), y = b->number();
        auto integer = [](qint64 v) { return makeInt(v); };
        auto real = [](double v) {
            auto r = makeValue(K::Float);
            r->f = v;
            return r;
        };
        if (op == s("+"))
            return ints ? integer(a->i + b->i) : real(x + y);
        if (op == s("-"))
            return ints ? integer(a->i - b->i) : real(x - y);
        if (op == s("*"))
            return ints ? integer(a->i * b->i) : real(x * y);
        if (op == s("/") && y != 0)
            return real(x / y);
        if (op == s("//") && y != 0)
            return ints ? integer(qint64(std::floor(x / y))) : real(std::floor(x / y));
        if (op == s("%") && ints && b->i != 0)
            return integer(((a->i % b->i) + b->i) % b->i);
        if (op == s("**"))
            return ints && y >= 0 ? integer(qint64(std::llround(std::pow(x, y)))) : real(std::pow(x, y));
    }
    if (a->kind == K::List && b->kind == K::List && op == s("+")) {
        auto v = makeValue(K::List);
        v->items = a->items + b->items;
        return v;
    }
    if (a->kind == K::List && b->kind == K::Int && op == s("*") && b->i >= 0 && b->i < 1000) {
        auto v = makeValue(K::List);
        for (qint64 i = 0; i < b->i; ++i)
            v->items += a->items;
        return v;
    }
    return makeUnknown(text(node));
}

PyValuePtr Extractor::attribute(const PyValuePtr &object, const QString &name, TSNode node)
{
    switch (object->kind) {
    case K::Path: {
        auto v = makeValue(K::Path);
        v->text = object->text + QLatin1Char('.') + name;
        return v;
    }
    case K::DataArray:
        if (name == s("shape")) {
            const bool x = object->text == s("x");
            const TensorShape shape = !object->items.isEmpty()
                                          ? [&] {
                                                TensorShape r;
                                                for (const auto &i : object->items)
                                                    r.append(i->i);
                                                return r;
                                            }()
                                          : (x ? opt.dataShape
                                               : (opt.dataClasses > 0 ? TensorShape{opt.dataClasses}
                                                                      : TensorShape{}));
            if (shape.isEmpty() && opt.symbolicDataShapes) {
                // `X.shape[k]` stands for itself (k = 1..4; index 0 is the batch). The
                // rank is unknown: unpacking takes as many as there are names.
                auto v = makeValue(K::List);
                v->origin = kSymbolicShape;
                v->items.append(makeUnknown(text(node) + s("[0]")));
                for (int k = 1; k <= 4; ++k) {
                    const QString expr = text(node) + QStringLiteral("[%1]").arg(k);
                    if (!symbolOf.contains(expr)) {
                        const qint64 value = kSymbolicBase + symbols.size();
                        symbolOf.insert(expr, value);
                        symbols.insert(value, expr);
                    }
                    v->items.append(makeInt(symbolOf.value(expr)));
                }
                return v;
            }
            if (shape.isEmpty())
                return makeUnknown(text(node));
            auto v = makeValue(K::List);
            v->items.append(makeUnknown(text(node) + s("[0]")));
            for (qint64 d : shape)
                v->items.append(makeInt(d));
            // remember what the expression was for messages
            return v;
        }
        break;
    case K::Model: {
        // a Sequential's graph, made when its input or output is read
        if ((name == s("input") || name == s("inputs") || name == s("output") || name == s("outputs"))
            && object->model->ir.kind == s("Sequential") && sequentialGraph(*object->model))
            return tensor(name.startsWith(s("input")) ? object->model->inputNode : object->model->nodes.last());
        const ModelBuild &b = *object->model;
        if ((name == s("output") || name == s("outputs")) && !b.nodes.isEmpty()) {
            const int out = b.ir.outputs.value(0, -1);
            return out >= 0 ? tensor(b.nodes.value(out, -1)) : makeUnknown(text(node));
        }
        if ((name == s("input") || name == s("inputs")) && !b.nodes.isEmpty()) {
            const int in = b.ir.inputs.value(0, -1);
            return in >= 0 ? tensor(b.nodes.value(in, -1)) : makeUnknown(text(node));
        }
        if (name == s("layers") && !b.nodes.isEmpty()) {
            auto v = makeValue(K::List);
            for (int n : b.nodes)
                v->items.append(tensor(n));
            return v;
        }
        // a Sequential's layers (Keras lists no InputLayer): copies that know their index,
        // for `layer.trainable = False`
        if (name == s("layers") && b.nodes.isEmpty() && b.ir.kind == s("Sequential") && !b.inlinedModel) {
            auto v = makeValue(K::List);
            for (int i = 0; i < b.ir.layers.size(); ++i) {
                auto item = makeValue(K::Layer);
                item->layer = std::make_shared<LayerSpec>(b.ir.layers[i]);
                item->model = object->model;
                item->index = i;
                v->items.append(item);
            }
            return v;
        }
        break;
    }
    case K::Tensor:
        // an item of a model's .layers stands for the layer's call: .output is it, .input
        // is its (first) input, an InputLayer's own tensor, .name the layer's
        if (name == s("output"))
            return object;
        if (name == s("name") && object->node >= 0 && object->node < graph.size() && !graph[object->node].name.isEmpty()) {
            auto v = makeValue(K::Str);
            v->text = graph[object->node].name;
            return v;
        }
        if (name == s("input") && object->node >= 0 && object->node < graph.size()) {
            const LayerSpec &l = graph[object->node];
            if (l.type == s("InputLayer"))
                return object;
            if (l.inbound.size() == 1)
                return tensor(l.inbound.first());
        }
        break;
    case K::Object:
        for (int i = object->object->attributes.size() - 1; i >= 0; --i)
            if (object->object->attributes[i].first == name)
                return object->object->attributes[i].second;
        break;
    default:
        break;
    }
    return makeUnknown(text(node));
}

PyValuePtr Extractor::subscript(const PyValuePtr &object, TSNode node, Scope &scope)
{
    TSNode index = field(node, "subscript");
    if (object->kind == K::List) {
        if (is(index, "slice")) {
            // [a:b] with optional ends
            qint64 from = 0, to = object->items.size();
            TSNode first = ts_node_named_child(index, 0);
            const QString sliceText = text(index);
            const int colon = sliceText.indexOf(QLatin1Char(':'));
            if (!ts_node_is_null(first) && colon > 0) {
                const PyValuePtr a = eval(first, scope);
                if (a->isNumber())
                    from = qint64(a->number());
            }
            if (colon >= 0 && colon + 1 < sliceText.size()) {
                TSNode last = ts_node_named_child(index, ts_node_named_child_count(index) - 1);
                const PyValuePtr b = eval(last, scope);
                if (b->isNumber())
                    to = qint64(b->number());
            }
            const qint64 size = object->items.size();
            if (from < 0)
                from += size;
            if (to < 0)
                to += size;
            auto v = makeValue(K::List);
            for (qint64 i = std::max<qint64>(0, from); i < std::min(size, to); ++i)
                v->items.append(object->items[int(i)]);
            if (object->origin == kSymbolicShape && to == size) // open-ended: rank still unknown
                v->origin = kSymbolicShape;
            return v;
        }
        const PyValuePtr i = eval(index, scope);
        if (i->kind == K::Int) {
            qint64 k = i->i < 0 ? i->i + object->items.size() : i->i;
            if (k >= 0 && k < object->items.size()) {
                PyValuePtr item = object->items[int(k)];
                if (item->kind == K::Unknown) {
                    item = std::make_shared<PyValue>(*item);
                    item->text = text(node);
                }
                return item;
            }
        }
    } else if (object->kind == K::Dict) {
        const PyValuePtr key = eval(index, scope);
        if (key->kind == K::Str && object->dict.contains(key->text))
            return object->dict.value(key->text);
    } else if (object->kind == K::Tensor) {
        // out[:, -1, :] after an nn.LSTM: the last time step only
        const int n = object->node;
        if (n >= 0 && text(node).contains(s("-1"))
            && (graph[n].type == s("LSTM") || graph[n].type == s("GRU")
                || graph[n].type == s("SimpleRNN"))) {
            graph[n].returnSequences = false;
            return object;
        }
    } else if (object->kind == K::DataArray) {
        return object;
    }
    return makeUnknown(text(node));
}

CallArgs Extractor::arguments(TSNode argList, Scope &scope)
{
    CallArgs args;
    const uint32_t n = ts_node_named_child_count(argList);
    for (uint32_t i = 0; i < n; ++i) {
        TSNode a = ts_node_named_child(argList, i);
        if (is(a, "comment"))
            continue;
        if (is(a, "keyword_argument"))
            args.keywords.append({text(field(a, "name")), eval(field(a, "value"), scope)});
        else if (is(a, "list_splat")) {
            const PyValuePtr v = eval(ts_node_named_child(a, 0), scope);
            if (v->kind == K::List)
                args.positional += v->items;
        } else if (!is(a, "dictionary_splat"))
            args.positional.append(eval(a, scope));
    }
    return args;
}

PyValuePtr Extractor::call(TSNode node, Scope &scope)
{
    TSNode fn = field(node, "function");
    TSNode argList = field(node, "arguments");
    if (is(argList, "generator_expression"))
        return makeUnknown(text(node));
    if (is(fn, "attribute")) {
        TSNode objectNode = field(fn, "object");
        const PyValuePtr object = eval(objectNode, scope);
        // nn.Module methods returning the module (`Net().to(device)`): see callMethod
        static const QSet<QString> returnsSelf{s("to"), s("cuda"), s("cpu"), s("float"), s("double"),
                                               s("half"), s("train"), s("eval"), s("requires_grad_")};
        if (object->kind == K::Object && returnsSelf.contains(text(field(fn, "attribute"))))
            return object;
        if (object->kind != K::Path && object->kind != K::Object) {
            const CallArgs args = arguments(argList, scope);
            return callMethod(object, is(objectNode, "identifier") ? text(objectNode) : QString(),
                              text(field(fn, "attribute")), args, node);
        }
    }
    const PyValuePtr callee = eval(fn, scope);
    const CallArgs args = arguments(argList, scope);
    switch (callee->kind) {
    case K::Path:
        return callPath(callee->text, args, node);
    case K::Layer: {
        PyValuePtr input = args.positional.value(0, makeUnknown(QString()));
        // `GRU(…)(x, initial_state=h)`: the states are further inputs of the call
        // (LayerSpec::initialStates), so what feeds them is part of the model
        const PyValuePtr states = args.get(s("initial_state"));
        static const QSet<QString> recurrent{s("SimpleRNN"), s("GRU"), s("LSTM")};
        if (states && recurrent.contains(callee->layer->type) && input->kind == K::Tensor) {
            const QVector<int> stateNodes = tensorNodes(states);
            const int expected = callee->layer->type == s("LSTM") ? 2 : 1;
            if (stateNodes.size() != expected) {
                errors.append(QStringLiteral("%1: %2 takes %3 initial state tensor(s), is given `%4`")
                                  .arg(where(node), callee->layer->name).arg(expected).arg(states->text));
                return makeUnknown(text(node));
            }
            auto all = makeValue(K::List);
            all->items.append(input);
            for (int n : stateNodes)
                all->items.append(tensor(n));
            auto layer = std::make_shared<LayerSpec>(*callee->layer);
            layer->initialStates = expected;
            // the same layer object: one set of weights however it is called
            const PyValuePtr out = applyLayer(layer, all, node);
            if (out->kind == K::Tensor) {
                if (const auto first = layerNodes.constFind(callee->layer.get()); first != layerNodes.constEnd())
                    graph[out->node].sharedWith = first.value();
                else {
                    layerNodes.insert(callee->layer.get(), out->node);
                    calledLayers.push_back(callee->layer);
                }
                layerNodes.remove(layer.get());
            }
            return out;
        }
        return applyLayer(callee->layer, input, node);
    }
    case K::Layers: {
        PyValuePtr x = args.positional.value(0, makeUnknown(QString()));
        for (const PyValuePtr &item : callee->items)
            if (item->kind == K::Layer)
                x = applyLayer(item->layer, x, node);
        return x;
    }
    case K::Model: {
        // a Sequential used as a layer: its layers are inlined
        PyValuePtr x = args.positional.value(0, makeUnknown(QString()));
        if (callee->model->ir.kind == s("Sequential") || callee->model->ir.kind == s("nn.Sequential")) {
            notes.append(QStringLiteral("%1: the nested model's layers are inlined").arg(where(node)));
            for (const LayerSpec &l : callee->model->ir.layers) {
                auto copy = std::make_shared<LayerSpec>(l);
                copy->nestedModel = callee->model->ir.name;
                copy->nestedKind = callee->model->ir.kind;
                copy->nestedTrainable = callee->model->ir.trainable && l.nestedTrainable;
                x = applyLayer(copy, x, node);
            }
            return x;
        }
        if (callee->model->ir.kind == s("Functional")) {
            // a Functional model called on tensors (a GAN's `discriminator(generator(z))`, a
            // base model in transfer learning): its graph is copied in, its inputs bound to
            // the arguments, its first output returned
            const ModelIR &inner = callee->model->ir;
            const QVector<int> given = tensorNodes(x);
            if (given.size() != inner.inputs.size()) {
                errors.append(QStringLiteral("%1: `%2` takes %3 input(s), is given `%4`")
                                  .arg(where(node), inner.name).arg(inner.inputs.size()).arg(x->text));
                return makeUnknown(text(node));
            }
            QVector<int> map(inner.layers.size(), -1);
            for (int k = 0; k < inner.inputs.size(); ++k)
                if (inner.inputs[k] >= 0 && inner.inputs[k] < map.size())
                    map[inner.inputs[k]] = given[k];
            for (int i = 0; i < inner.layers.size(); ++i) {
                if (map[i] >= 0)
                    continue;
                QVector<int> inbound;
                for (int j : inner.layers[i].inbound)
                    inbound.append(map.value(j, -1));
                if (inbound.contains(-1)) {
                    errors.append(QStringLiteral("%1: `%2`'s layer %3 reads a layer it does not define")
                                      .arg(where(node), inner.name, inner.layers[i].name));
                    return makeUnknown(text(node));
                }
                LayerSpec copy = inner.layers[i];
                copy.nestedModel = inner.name;
                copy.nestedKind = inner.kind;
                copy.nestedTrainable = inner.trainable && copy.nestedTrainable;
                map[i] = addNode(copy, inbound);
            }
            notes.append(QStringLiteral("%1: the nested model %2's layers are inlined").arg(where(node), inner.name));
            return tensor(map.value(inner.outputLayer(), -1));
        }
        errors.append(QStringLiteral("%1: a %2 model called as a layer is not supported")
                          .arg(where(node), callee->model->ir.kind));
        return makeUnknown(text(node));
    }
    case K::Function:
        return callFunction(callee->index, args);
    case K::Class:
        return instantiate(callee->index, args);
    default:
        return makeUnknown(text(node));
    }
}


} // namespace kmw::extract
