#include "PyTorchRewrites.h"

#include "PyTorchModelUses.h"
#include "PyTorchRewriteInternal.h"

namespace kmw {

struct RewriteContext::Entry {
    ExtractResult extracted;
    GeneratedModule module;    ///< held back when a use needs the Keras model
    GeneratedModule generated; ///< the same before any hold-back (what the uses' generators see)
};

RewriteContext::RewriteContext(const Document &document, QVector<ParsedCellView> cells)
    : m_document(document), m_cells(std::move(cells))
{
}

RewriteContext::~RewriteContext() = default;

const ParsedCellView *RewriteContext::cell(int index) const
{
    for (const ParsedCellView &c : m_cells)
        if (c.index == index)
            return &c;
    return nullptr;
}

const RewriteContext::Entry &RewriteContext::entry(int cell, const QString &variable) const
{
    // a copy of the pointer: checking the uses runs generators, which fill m_memo again
    std::shared_ptr<Entry> slot = m_memo.value({cell, variable});
    if (!slot) {
        slot = std::make_shared<Entry>();
        m_memo.insert({cell, variable}, slot);
        ExtractOptions options;
        options.cell = cell;
        options.modelName = variable;
        options.symbolicDataShapes = true;
        slot->extracted = extractModel(m_document, options);
        if (slot->extracted.ok) {
            // `model` would make a class `Model`, the name Keras's own class has
            CodegenOptions codegen;
            codegen.className = torchClassName(slot->extracted.model);
            if (codegen.className == QLatin1String("Model"))
                codegen.className = QStringLiteral("Net");
            codegen.symbols = slot->extracted.symbols;
            slot->module = generateTorchModule(slot->extracted.model, codegen);
            slot->generated = slot->module;
            // converted with everything that uses it, or not at all
            const ModelIR &ir = slot->extracted.model;
            const LayerCheck layers = [&ir](const QString &name, qint64 position, bool weights) {
                if (name == QLatin1String("*"))
                    return rewrite::modelWeightsCheck(ir); // the whole model's weights
                const int index = rewrite::layerIndexOf(ir, name, position);
                if (index < 0)
                    return QStringLiteral("not a layer of the model read here");
                QString why;
                if (weights)
                    rewrite::kerasWeightsExpression(ir, index, QStringLiteral("m"), &why);
                return why;
            };
            // what uses the model as Keras first, then the calls a generator could not convert
            QString use = blockingModelUse(m_cells, cell, variable, layers);
            if (use.isEmpty())
                use = blockingModelUse(m_cells, cell, variable, layers,
                                       [this](int at, TSNode call, const QByteArray &method) { return useConversion(at, call, method); });
            // the first reason found keeps the model in Keras: the module goes to the guidance
            const auto holdBack = [&](const QString &reason, const QString &error) {
                if (!slot->module.ok || reason.isEmpty())
                    return false;
                slot->module.ok = false;
                slot->module.heldBackBy = reason;
                slot->module.error = error;
                return true;
            };
            const auto capital = [](const QString &t) { return t.left(1).toUpper() + t.mid(1); };
            if (holdBack(use, QStringLiteral("%1 uses the Keras model, which the nn.Module would not have: the "
                                             "model stays in Keras until that code is converted by hand").arg(use)))
                return *slot;
            const QString nested = nestedModelIn(m_cells, cell, variable, slot->extracted.candidates);
            if (holdBack(nested, QStringLiteral("%1 is a Keras model whose trained weights an nn.Module of new layers would not "
                                                "have: both stay in Keras until they are converted together by hand").arg(capital(nested))))
                return *slot;
            const QString orphan = layerObjectUse(m_cells, cell, variable, slot->extracted.candidates);
            if (holdBack(orphan, QStringLiteral("%1, which an nn.Module would not have (its layers are new objects): the "
                                                "model stays in Keras until that code is converted by hand").arg(orphan)))
                return *slot;
            // a layer given its weights (`Embedding(…, weights=[matrix])`): a module of new
            // layers would start elsewhere, and so would everything the notebook shows
            for (const LayerSpec &l : ir.layers)
                if (l.unconverted.contains(QStringLiteral("weights")) &&
                    holdBack(QStringLiteral("`%1` (%2) is given weights=[…]").arg(l.name, l.type),
                             QStringLiteral("The layer `%1` (%2) is given weights=[…], which the module's new layers would not "
                                            "have: the model stays in Keras until they are set by hand").arg(l.name, l.type)))
                    return *slot;
            const QString shared = sharedTensorModel(m_cells, cell, variable);
            holdBack(shared, QStringLiteral("%1: modules of new layers would not share their weights, so both stay in Keras until "
                                            "they are converted together by hand").arg(capital(shared)));
        }
        else
            slot->module.error = slot->extracted.error;
    }
    return *slot;
}

QString RewriteContext::useConversion(int cell, TSNode call, const QByteArray &method) const
{
    static const QHash<QByteArray, QString> generatorOf{
        {"compile", QStringLiteral("torch-compile")},         {"fit", QStringLiteral("torch-fit")},
        {"fit_generator", QStringLiteral("torch-fit")},       {"evaluate", QStringLiteral("torch-evaluate")},
        {"predict", QStringLiteral("torch-predict")},         {"predict_proba", QStringLiteral("torch-predict")},
        {"predict_classes", QStringLiteral("torch-predict")}, {"train_on_batch", QStringLiteral("torch-train-on-batch")},
        {"test_on_batch", QStringLiteral("torch-train-on-batch")}, {"summary", QStringLiteral("torch-summary")},
        {"save", QStringLiteral("torch-save")},               {"save_weights", QStringLiteral("torch-save")},
        {"load_weights", QStringLiteral("torch-load")}};
    const QString generator = generatorOf.value(method);
    if (generator.isEmpty())
        return QStringLiteral("PyTorch has no %1()").arg(QString::fromLatin1(method));
    const ParsedCellView *c = this->cell(cell);
    if (!c)
        return {};
    if (method == "summary" && ts_node_named_child_count(ts_node_child_by_field_name(call, "arguments", 9)) > 0)
        return QStringLiteral("summary() with arguments");
    // would the call convert with the model converted: its generator sees every module
    // as generated, so that its error says what is wrong with the call itself
    ++m_checkingUses;
    const RewriteResult result = generateRewrite(generator, RewriteRequest{this, cell, c->source, c->masked, call});
    --m_checkingUses;
    if (result.ok)
        return {};
    // "not a Keras model" for a call of this model: its generator cannot see the model
    // there (code in a function defined before the model is built), so nothing converts it
    return result.notApplicable ? QStringLiteral("the model is not built yet where this code is defined") : result.error;
}

const ExtractResult &RewriteContext::extract(int cell, const QString &variable) const
{
    return entry(cell, variable).extracted;
}

const GeneratedModule &RewriteContext::module(int cell, const QString &variable) const
{
    const Entry &e = entry(cell, variable);
    return m_checkingUses > 0 ? e.generated : e.module;
}

} // namespace kmw
