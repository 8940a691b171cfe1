#include "ModelExtractor.h"

#include "ImportTable.h"
#include "KerasApplications.h"
#include "LayerFactory.h"
#include "MagicMask.h"
#include "PythonParser.h"
#include "PyValue.h"

#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <cstring>
#include <vector>

namespace kmw {

namespace {

QString s(const char *text) { return QString::fromLatin1(text); }

using K = PyValue::Kind;

TSNode field(TSNode node, const char *name)
{
    return ts_node_child_by_field_name(node, name, uint32_t(std::strlen(name)));
}

bool is(TSNode node, const char *type)
{
    return !ts_node_is_null(node) && std::strcmp(ts_node_type(node), type) == 0;
}

/// One parsed cell; trees stay alive for the whole extraction (function bodies).
struct ParsedCell {
    int index = -1;
    QByteArray source;
    TreePtr tree;
};

struct Definition {
    TSNode node;
    int cell = -1;
};

/// A scope of the evaluator: the notebook's globals or a function call's locals.
struct Scope {
    QHash<QString, PyValuePtr> vars;
    Scope *parent = nullptr;
    PyValuePtr self; ///< nn.Module instance inside __init__/forward
};

constexpr int kMaxDepth = 24;
constexpr qint64 kMaxLoop = 2000;

class Extractor {
public:
    Extractor(const Document &document, const ExtractOptions &options)
        : doc(document), opt(options) {}

    ExtractResult run();

private:
    // --- source access
    QString text(TSNode node) const
    {
        if (ts_node_is_null(node)) // an absent field (`class A:` has no superclasses)
            return QString();
        const QByteArray &src = cells[current].source;
        const uint32_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
        if (b > uint32_t(src.size()) || a > b)
            return QString();
        return QString::fromUtf8(src.constData() + a, int(b - a));
    }
    int lineOf(TSNode node) const { return ts_node_is_null(node) ? 0 : int(ts_node_start_point(node).row) + 1; }
    QString where(TSNode node) const
    {
        return QStringLiteral("cell %1, line %2").arg(cells[current].index).arg(lineOf(node));
    }

    // --- statements
    void execBlock(TSNode block, Scope &scope);
    void exec(TSNode stmt, Scope &scope);
    void execImport(TSNode stmt, Scope &scope);
    void assign(TSNode target, const PyValuePtr &value, Scope &scope);
    void bind(const QString &name, PyValuePtr value, Scope &scope);

    // --- expressions
    PyValuePtr eval(TSNode node, Scope &scope);
    PyValuePtr lookup(const QString &name, Scope &scope);
    PyValuePtr attribute(const PyValuePtr &object, const QString &name, TSNode node);
    PyValuePtr subscript(const PyValuePtr &object, TSNode node, Scope &scope);
    PyValuePtr binary(TSNode node, Scope &scope);
    PyValuePtr call(TSNode node, Scope &scope);
    CallArgs arguments(TSNode argList, Scope &scope);
    PyValuePtr callPath(const QString &path, const CallArgs &args, TSNode node);
    PyValuePtr callMethod(const PyValuePtr &object, const QString &objectName,
                          const QString &method, const CallArgs &args, TSNode node);
    PyValuePtr callFunction(int index, const CallArgs &args);
    /// Binds a `def`'s parameters in `local`: keyword, else positional, else the default
    /// (evaluated in the globals), else Unknown.
    void bindParameters(TSNode def, const CallArgs &args, Scope &local);
    PyValuePtr instantiate(int index, const CallArgs &args);
    PyValuePtr applyLayer(const std::shared_ptr<LayerSpec> &layer, const PyValuePtr &input,
                          TSNode node);
    PyValuePtr applyTorchFunction(const QString &name, const CallArgs &args, TSNode node);

    // --- graph and models
    int addNode(LayerSpec layer, const QVector<int> &inbound);
    PyValuePtr tensor(int node);
    QVector<int> tensorNodes(const PyValuePtr &value) const;
    QString autoName(const QString &stem, bool oneBased = false);
    PyValuePtr makeSequential(const PyValuePtr &layers, const QString &name, bool torch);
    void sequentialAdd(ModelBuild &build, const PyValuePtr &item);
    PyValuePtr makeFunctional(const PyValuePtr &inputs, const PyValuePtr &outputs,
                              const QString &name, TSNode node);
    bool functionalIR(const QVector<int> &inputs, const QVector<int> &outputs, ModelIR *ir,
                      QString *error);
    bool torchModuleIR(const PyValuePtr &object, ModelIR *ir, QString *error);
    void noteModel(const QString &name);
    void prescanFit();

    const Document &doc;
    const ExtractOptions &opt;
    PythonParser parser;
    std::vector<ParsedCell> cells;
    int current = 0;
    Scope globals;
    QVector<Definition> functions, classes;
    QVector<LayerSpec> graph;
    QHash<int, TensorShape> inputShapes; ///< graph InputLayer node -> shape
    QHash<QString, int> counters;
    QSet<QString> xNames, yNames;
    QStringList wildcardModules;
    QStringList candidates;
    QString lastModel;
    QHash<QString, int> modelCells; ///< model variable -> cell of its last build/compile/fit
    QStringList notes;
    QStringList errors;
    int depth = 0;
    bool returning = false;
    PyValuePtr returned;
    int fitEpochsFromLoop = 0;
};

// ---------------------------------------------------------------- statements

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
            const PyValuePtr value = eval(right, scope);
            for (TSNode t : targets)
                assign(t, value, scope);
        } else if (is(e, "augmented_assignment")) {
            TSNode left = field(e, "left");
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
    } else if (is(target, "pattern_list") || is(target, "tuple_pattern")
               || is(target, "list_pattern")) {
        const uint32_t n = ts_node_named_child_count(target);
        for (uint32_t i = 0; i < n; ++i) {
            PyValuePtr item;
            if (value->kind == K::List && value->items.size() == int(n))
                item = value->items[int(i)];
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

PyValuePtr Extractor::eval(TSNode node, Scope &scope)
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
    if (!std::strcmp(type, "attribute"))
        return attribute(eval(field(node, "object"), scope), text(field(node, "attribute")), node);
    if (!std::strcmp(type, "subscript"))
        return subscript(eval(field(node, "value"), scope), node, scope);
    if (!std::strcmp(type, "call"))
        return call(node, scope);
    return makeUnknown(t);
}

PyValuePtr Extractor::binary(TSNode node, Scope &scope)
{
    const PyValuePtr a = eval(field(node, "left"), scope);
    const PyValuePtr b = eval(field(node, "right"), scope);
    const QString op = text(field(node, "operator"));
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
        break;
    }
    case K::Tensor:
        if (name == s("output"))
            return object;
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
    case K::Layer:
        return applyLayer(callee->layer, args.positional.value(0, makeUnknown(QString())), node);
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
            for (const LayerSpec &l : callee->model->ir.layers)
                x = applyLayer(std::make_shared<LayerSpec>(l), x, node);
            return x;
        }
        errors.append(QStringLiteral("%1: a Functional model called as a layer is not supported")
                          .arg(where(node)));
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

PyValuePtr Extractor::callPath(const QString &rawPath, const CallArgs &args, TSNode node)
{
    const QString path = canonicalKerasName(rawPath);
    const QString last = path.section(QLatin1Char('.'), -1);
    if (path.startsWith(s("builtins."))) {
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
    if (path.startsWith(s("keras"))) {
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
        if (path.contains(s(".applications.")) && kerasApplications().contains(last)) {
            ModelIR ir;
            QString error;
            const PyValuePtr top = args.get(s("include_top"), 0);
            const PyValuePtr shape = args.get(s("input_shape"));
            TensorShape inputShape;
            if (shape && shape->kind == K::List)
                for (const auto &d : shape->items)
                    inputShape.append(d->isNumber() ? qint64(d->number()) : -1);
            const PyValuePtr pooling = args.get(s("pooling"));
            const PyValuePtr classes = args.get(s("classes"));
            if (!buildKerasApplication(last, !top || top->number() != 0, inputShape,
                                       pooling && pooling->kind == K::Str ? pooling->text : QString(),
                                       classes && classes->isNumber() ? qint64(classes->number()) : 1000,
                                       &ir, &error)) {
                errors.append(where(node) + QStringLiteral(": ") + error);
                return makeUnknown(text(node));
            }
            // place the application's layers in the graph so .output/.layers work
            QVector<int> map;
            for (const LayerSpec &l : ir.layers) {
                LayerSpec copy = l;
                if (copy.type == s("InputLayer"))
                    copy.name = autoName(s("input"), true);
                QVector<int> inbound;
                for (int i : l.inbound)
                    inbound.append(map.value(i));
                map.append(addNode(copy, inbound));
                if (copy.type == s("InputLayer"))
                    inputShapes.insert(map.last(), ir.inputShapes.value(0));
            }
            auto v = makeValue(K::Model);
            v->model = std::make_shared<ModelBuild>();
            if (!functionalIR({map.first()}, {map.last()}, &v->model->ir, &error)) {
                errors.append(where(node) + QStringLiteral(": ") + error);
                return makeUnknown(text(node));
            }
            v->model->ir.name = ir.name;
            v->model->ir.kind = s("Functional");
            v->model->nodes = map;
            return v;
        }
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
        if (isKerasLayerClass(last)) {
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
            if (declared.given) {
                auto shape = makeValue(K::List);
                for (qint64 d : declared.shape)
                    shape->items.append(makeInt(d));
                v->dict.insert(s("input_shape"), shape);
            }
            return v;
        }
        if (last == s("to_categorical"))
            return makeUnknown(text(node));
        return makeUnknown(text(node));
    }
    if (path.startsWith(s("torch."))) {
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
    return makeUnknown(text(node));
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
    if (object->kind == K::List && method == s("append") && !args.positional.isEmpty()) {
        object->items.append(args.positional.first());
        return makeValue(K::None);
    }
    if (object->kind == K::DataArray && method == s("reshape") && object->text == s("x")) {
        auto v = makeValue(K::DataArray);
        v->text = object->text;
        QVector<PyValuePtr> dims = args.positional;
        if (dims.size() == 1 && dims[0]->kind == K::List)
            dims = dims[0]->items;
        for (int i = 1; i < dims.size(); ++i) {
            if (!dims[i]->isNumber() || dims[i]->number() < 0)
                return object;
            v->items.append(makeInt(qint64(dims[i]->number())));
        }
        return v;
    }
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
    const int savedCell = current;
    current = def.cell;
    Scope local;
    local.parent = &globals;
    bindParameters(def.node, args, local);
    const bool savedReturning = returning;
    returning = false;
    returned.reset();
    execBlock(field(def.node, "body"), local);
    PyValuePtr result = returned ? returned : makeValue(K::None);
    returning = savedReturning;
    current = savedCell;
    return result;
}

PyValuePtr Extractor::instantiate(int index, const CallArgs &args)
{
    const Definition def = classes[index];
    const int savedCell = current;
    current = def.cell;
    const QString bases = text(field(def.node, "superclasses"));
    const QString className = text(field(def.node, "name"));
    if (!bases.contains(s("Module"))) {
        if (bases.contains(s("Model")) || bases.contains(s("Layer")))
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
        else if (name == s("forward"))
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
        const bool savedReturning = returning;
        execBlock(field(init, "body"), local);
        returning = savedReturning;
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
        for (const auto &item : value->items)
            if (item->kind == K::Tensor)
                nodes.append(item->node);
            else
                return {};
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
    return tensor(addNode(*layer, in));
}

void Extractor::sequentialAdd(ModelBuild &build, const PyValuePtr &item)
{
    if (item->kind == K::Tensor && item->node >= 0 && graph[item->node].type == s("InputLayer")) {
        build.declaredInput = inputShapes.value(item->node);
        build.hasDeclaredInput = true;
        return;
    }
    if (item->kind == K::Model) {
        for (const LayerSpec &l : item->model->ir.layers) {
            auto v = makeValue(K::Layer);
            v->layer = std::make_shared<LayerSpec>(l);
            sequentialAdd(build, v);
        }
        if (!build.hasDeclaredInput && !item->model->ir.inputShapes.isEmpty()) {
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
        const PyValuePtr shape = item->dict.value(s("input_shape"));
        if (shape) {
            build.declaredInput.clear();
            for (const auto &d : shape->items)
                build.declaredInput.append(d->i);
            build.hasDeclaredInput = true;
        }
        return;
    }
    if (build.ir.layers.isEmpty() && !build.hasDeclaredInput && item->dict.contains(s("input_shape"))) {
        for (const auto &d : item->dict.value(s("input_shape"))->items)
            build.declaredInput.append(d->i);
        build.hasDeclaredInput = true;
    }
    build.unresolved += item->unresolved;
    l.inbound.clear();
    if (!build.ir.layers.isEmpty())
        l.inbound = {int(build.ir.layers.size() - 1)};
    build.ir.layers.append(l);
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
                             ModelIR *ir, QString *error)
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
    QHash<int, int> index;
    for (int n : order)
        index.insert(n, index.size());
    ir->layers.clear();
    ir->inputs.clear();
    ir->outputs.clear();
    ir->inputShapes.clear();
    for (int n : order) {
        LayerSpec l = graph[n];
        for (int &i : l.inbound)
            i = index.value(i);
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
    if (!functionalIR(in, out, &v->model->ir, &error)) {
        errors.append(where(node) + QStringLiteral(": ") + error);
        return makeUnknown(text(node));
    }
    // graph node of every model layer, for .layers / .output
    QSet<int> reach;
    QVector<int> stack = out;
    while (!stack.isEmpty()) {
        const int n = stack.takeLast();
        if (n < 0 || reach.contains(n))
            continue;
        reach.insert(n);
        stack += graph[n].inbound;
    }
    QVector<int> order(reach.begin(), reach.end());
    std::sort(order.begin(), order.end());
    v->model->nodes = order;
    v->model->ir.kind = s("Functional");
    v->model->ir.name = name.isEmpty() ? autoName(s("model")) : name;
    return v;
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
    const int savedCell = current;
    current = def.cell;
    Scope local;
    local.parent = &globals;
    local.self = object;
    TSNode params = field(def.node, "parameters");
    if (ts_node_named_child_count(params) >= 2)
        local.vars.insert(text(ts_node_named_child(params, 1)), tensor(inNode));
    const bool savedReturning = returning;
    returning = false;
    returned.reset();
    execBlock(field(def.node, "body"), local);
    const PyValuePtr out = returned;
    returning = savedReturning;
    current = savedCell;
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

ExtractResult Extractor::run()
{
    ExtractResult result;
    const int last = opt.cell < 0 ? doc.cells.size() - 1 : std::min(opt.cell, int(doc.cells.size()) - 1);
    if (opt.cell >= doc.cells.size()) {
        result.error = QStringLiteral("%1 has %2 cells; cell %3 does not exist")
                           .arg(doc.path).arg(doc.cells.size()).arg(opt.cell);
        return result;
    }
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
    for (std::size_t i = 0; i < cells.size(); ++i) {
        current = int(i);
        TSNode root = ts_tree_root_node(cells[i].tree.get());
        if (ts_node_has_error(root))
            notes.append(QStringLiteral("cell %1 has syntax errors: its broken statements are "
                                        "skipped").arg(cells[i].index));
        execBlock(root, globals);
        returning = false;
    }
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
        // loss/optimizer/epochs of a PyTorch script: the last ones assigned
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
    } else {
        const ModelBuild &b = *value->model;
        ir = b.ir;
        unresolved = b.unresolved;
        if (ir.kind == s("Sequential") || ir.kind == s("nn.Sequential")) {
            ir.inputs = {0};
            ir.outputs = {int(ir.layers.size()) - 1};
            TensorShape shape = b.hasDeclaredInput ? b.declaredInput : TensorShape();
            const bool unknown = shape.isEmpty() || shape.contains(-1) || shape.contains(0);
            if (!opt.inputShape.isEmpty()) {
                shape = opt.inputShape;
            } else if (unknown && !ir.layers.isEmpty() && ir.layers.first().type == s("Dense")
                       && ir.layers.first().inputDim > 0) {
                shape = {ir.layers.first().inputDim};
            } else if (shape.isEmpty() && !opt.dataShape.isEmpty()) {
                shape = opt.dataShape;
                notes.append(QStringLiteral("input shape %1 taken from the data")
                                 .arg(kerasShapeString(shape)));
            } else if (shape.size() == 1 && shape[0] <= 0 && !opt.dataShape.isEmpty()) {
                shape = opt.dataShape;
                notes.append(QStringLiteral("input shape %1 taken from the data")
                                 .arg(kerasShapeString(shape)));
            }
            if (!shape.isEmpty())
                ir.inputShapes = {shape};
        }
    }
    // a last Dense whose units the code cannot give: the data's classes
    if (!ir.layers.isEmpty()) {
        LayerSpec &out = ir.layers[ir.outputLayer() >= 0 ? ir.outputLayer() : ir.layers.size() - 1];
        if (out.type == s("Dense") && out.units <= 0 && opt.dataClasses > 0) {
            out.units = ir.loss == s("binary_crossentropy") ? 1 : opt.dataClasses;
            notes.append(QStringLiteral("units of %1 = %2, the data's classes")
                             .arg(out.name).arg(out.units));
        }
    }
    ir.integerInputs = false;
    for (const LayerSpec &l : ir.layers) {
        if (l.type == s("InputLayer"))
            continue;
        ir.integerInputs = l.type == s("Embedding");
        break;
    }
    ir.variable = chosen;
    ir.cell = modelCells.value(chosen, -1);
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
    result.ok = true;
    result.model = ir;
    result.unresolved = unresolved;
    return result;
}

} // namespace

ExtractResult extractModel(const Document &document, const ExtractOptions &options)
{
    Extractor extractor(document, options);
    return extractor.run();
}

} // namespace kmw
