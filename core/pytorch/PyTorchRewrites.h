#pragma once

// The generators behind the `generate` rules of the keras-to-pytorch pack
// (rules/keras-to-pytorch.json): code a template cannot write, computed from the model IR
// (ModelExtractor.h) and the call's arguments. Rules never execute code: the generators
// read the source, as the extractor does.

#include "Document.h"
#include "Finding.h"
#include "Generator.h"
#include "ModelExtractor.h"
#include "PyTorchCodegen.h"

#include <QByteArray>
#include <QHash>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVector>

#include <tree_sitter/api.h>

#include <memory>

namespace kmw {

/// What the generators share while one document is scanned: its parsed cells (trees the
/// scan keeps alive) and the models already extracted. Extraction runs every cell up to
/// the one asked for, and several rules (module, compile, fit, save, …) ask for the same
/// (cell, variable): each is extracted and generated once.
class RewriteContext : public DocumentGenerators {
public:
    RewriteContext(const Document &document, QVector<ParsedCellView> cells);
    ~RewriteContext() override;

    /// generateRewrite(name, …) on `input` in this document.
    RewriteResult generate(const QString &name, const GeneratorInput &input) const override;

    const Document &document() const { return m_document; }
    /// The parsed code cell `index`, or nullptr (a markdown cell, out of range).
    const ParsedCellView *cell(int index) const;
    /// extractModel() up to `cell` for `variable`, with symbolic data shapes.
    const ExtractResult &extract(int cell, const QString &variable) const;
    /// generateTorchModule() of extract(cell, variable)'s model.
    const GeneratedModule &module(int cell, const QString &variable) const;

private:
    struct Entry;
    const Entry &entry(int cell, const QString &variable) const;
    /// "" when the model's `method` call `call` in `cell` is converted by its generator,
    /// else why not (blockingModelUse()'s UseConversion).
    QString useConversion(int cell, TSNode call, const QByteArray &method) const;

    const Document &m_document;
    QVector<ParsedCellView> m_cells;
    mutable QHash<QPair<int, QString>, std::shared_ptr<Entry>> m_memo;
    mutable int m_checkingUses = 0; ///< > 0 while useConversion() runs a generator
};

/// Where a generate rule matched.
struct RewriteRequest {
    const RewriteContext *context = nullptr; ///< the document's scan
    int cell = 0;                         ///< index into the document's cells
    const QByteArray *source = nullptr;   ///< the cell's source (edits are offsets into it)
    const QByteArray *masked = nullptr;   ///< the same with IPython magics masked (parsed)
    TSNode node{};                        ///< the rule's reported node, in the masked tree
};

/// The generator names a rule's `generate` may use:
/// - `torch-module`: `m = Sequential(…)` + `m.add(…)` / `m = Model(inputs, outputs)` and
///   the layer calls before it -> a `torch.nn.Module` class (PyTorchCodegen.h) and
///   `m = Net().to(device)`;
/// - `torch-compile`: `m.compile(optimizer, loss, metrics)` -> `criterion = nn.…Loss()` and
///   `optimizer = torch.optim.…(m.parameters(), …)` with Keras's defaults written out
///   (catalog §2: Adam/RMSprop/Adagrad eps 1e-7, RMSprop rho -> alpha);
/// - `torch-fit`: `m.fit(x, y, …)` -> DataLoaders and an explicit loop (seed 001 §2,
///   seed 003 "Training Loop"), a Keras-like `history`, and EarlyStopping /
///   ModelCheckpoint / ReduceLROnPlateau callbacks;
/// - `torch-evaluate`, `torch-predict`: loops under `torch.no_grad()`;
/// - `torch-image-folder`: `flow = ImageDataGenerator(…).flow_from_directory(dir, …)` ->
///   a torchvision transforms pipeline (resize, augmentations, ToTensor/rescale) and
///   `DataLoader(datasets.ImageFolder(dir, transform=…))` (seed 001 §3);
/// - `torch-keras-definition`: `gen = ImageDataGenerator(…)` / `opt = SGD(…)` kept as a
///   comment when all the code does with it is flow_from_directory() / compile() (which
///   the generated code replaces, reading its arguments from here);
/// - `torch-save`: `model.save('m.h5')` / `save_weights(…)` -> `torch.save(model.state_dict(),
///   'm.pth')` (seed 001 §8), SavedModel folders and computed paths with a note;
/// - `torch-layer-weights`: `model.get_layer('n')` -> the submodule `model.n`, and
///   `get_weights()` on it -> its tensors as NumPy arrays in Keras's layout.
QStringList rewriteGenerators();

/// Registers the generators above as one family (Generator.h), "Rewrite for PyTorch".
/// Called once, before any rule pack is loaded (Builtins.cpp).
void registerTorchGenerators();

/// Runs generator `name` on the statement holding `request.node`. Never throws; a model
/// the extractor cannot read, an argument form it cannot follow (several inputs, a list
/// of losses) give `ok == false` with the reason.
RewriteResult generateRewrite(const QString &name, const RewriteRequest &request);

} // namespace kmw
