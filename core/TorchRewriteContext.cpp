#include "TorchRewrites.h"

#include "TorchModelUses.h"
#include "TorchRewriteInternal.h"

namespace kmw {

struct RewriteContext::Entry {
    ExtractResult extracted;
    GeneratedModule module;
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
    std::shared_ptr<Entry> &slot = m_memo[{cell, variable}];
    if (!slot) {
        slot = std::make_shared<Entry>();
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
            // converted with everything that uses it, or not at all
            const ModelIR &ir = slot->extracted.model;
            const QString use = blockingModelUse(m_cells, cell, variable, [&ir](const QString &name, qint64 position, bool weights) {
                if (name == QLatin1String("*"))
                    return rewrite::modelWeightsCheck(ir); // the whole model's weights
                const int index = rewrite::layerIndexOf(ir, name, position);
                if (index < 0)
                    return QStringLiteral("not a layer of the model read here");
                QString why;
                if (weights)
                    rewrite::kerasWeightsExpression(ir, index, QStringLiteral("m"), &why);
                return why;
            });
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
            const QString shared = sharedTensorModel(m_cells, cell, variable);
            holdBack(shared, QStringLiteral("%1: modules of new layers would not share their weights, so both stay in Keras until "
                                            "they are converted together by hand").arg(capital(shared)));
        }
        else
            slot->module.error = slot->extracted.error;
    }
    return *slot;
}

const ExtractResult &RewriteContext::extract(int cell, const QString &variable) const
{
    return entry(cell, variable).extracted;
}

const GeneratedModule &RewriteContext::module(int cell, const QString &variable) const
{
    return entry(cell, variable).module;
}

} // namespace kmw
