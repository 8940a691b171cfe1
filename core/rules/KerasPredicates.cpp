#include "KerasPredicates.h"

#include "BackendTensors.h"
#include "ImportTable.h"
#include "KerasApi.h"
#include "KerasObjects.h"

namespace kmw {

namespace {

const BackendTensors *tensorsOf(const PredicateCall &c)
{
    const auto *facts = dynamic_cast<const KerasFacts *>(c.context.facts);
    return facts && c.context.imports ? facts->tensors : nullptr;
}

const KerasObjects *objectsOf(const PredicateCall &c)
{
    const auto *facts = dynamic_cast<const KerasFacts *>(c.context.facts);
    return facts ? facts->objects : nullptr;
}

PredicateKind unary(std::function<bool(const PredicateCall &)> holds)
{
    return PredicateKind{PredicateKind::Arguments::Capture, false, std::move(holds)};
}

/// `#all-names-in? @import "keras.ops"`.
bool allNamesIn(const PredicateCall &c)
{
    if (!is(c.node, "import_from_statement"))
        return false;
    const TSNode module = field(c.node, "module_name");
    const uint32_t n = ts_node_named_child_count(c.node);
    int names = 0;
    for (uint32_t k = 0; k < n; ++k) {
        TSNode child = ts_node_named_child(c.node, k);
        if (ts_node_eq(child, module))
            continue;
        if (is(child, "aliased_import"))
            child = field(child, "name");
        if (!is(child, "dotted_name"))
            return false; // `import *`
        ++names;
        const QString qualified = QString::fromUtf8(c.predicate.literal) + QLatin1Char('.') +
                                  QString::fromUtf8(nodeText(child, c.text));
        if (KerasApi::instance().status(qualified) != KerasApi::Status::Present)
            return false;
    }
    return names > 0;
}

} // namespace

void registerKerasPredicates()
{
    registerPredicate("keras3-missing?", unary([](const PredicateCall &c) {
        if (!c.context.imports)
            return false;
        // An import name resolves through the table like any use of it.
        const QByteArray name = is(c.node, "aliased_import") ? localName(c.node, c.text) : c.value;
        return KerasApi::instance().status(c.context.imports->resolve(name)) == KerasApi::Status::Missing;
    }));
    registerPredicate("all-names-in?", PredicateKind{PredicateKind::Arguments::CaptureAndValue, false, allNamesIn});
    registerPredicate("backend-tensor?", unary([](const PredicateCall &c) {
        const BackendTensors *tensors = tensorsOf(c);
        return tensors && tensors->isTensorExpression(c.node, c.text, *c.context.imports);
    }));
    registerPredicate("keras-tensor?", unary([](const PredicateCall &c) {
        const BackendTensors *tensors = tensorsOf(c);
        return tensors && tensors->isKerasTensorExpression(c.node, c.text, *c.context.imports);
    }));
    registerPredicate("keras-model?", unary([](const PredicateCall &c) {
        const auto *facts = dynamic_cast<const KerasFacts *>(c.context.facts);
        return facts && facts->tensors && facts->tensors->models().contains(c.value);
    }));
    registerPredicate("multi-output-model?", unary([](const PredicateCall &c) {
        const auto *facts = dynamic_cast<const KerasFacts *>(c.context.facts);
        return facts && facts->tensors && facts->tensors->multiOutputModels().contains(c.value);
    }));
    registerPredicate("keras-object?", unary([](const PredicateCall &c) {
        const KerasObjects *objects = objectsOf(c);
        return objects && c.context.imports &&
               objects->classify(c.node, c.text, *c.context.imports) == KerasObjects::Kind::Keras;
    }));
    registerPredicate("data-layer?", unary([](const PredicateCall &c) {
        const KerasObjects *objects = objectsOf(c);
        return objects && c.context.imports && objects->isDataLayer(c.node, c.text, *c.context.imports);
    }));
    registerPredicate("saved-path?", unary([](const PredicateCall &c) {
        const KerasObjects *objects = objectsOf(c);
        return objects && objects->savedPaths().contains(c.value);
    }));
}

} // namespace kmw
