#pragma once

// The registry of the generators behind rules' `generate` (rules/*.json): code a template
// cannot write, computed by a target's code (the keras-to-pytorch generators register
// from the pytorch sub-library: PyTorchRewrites.h). The rule engine and the pack loader
// know generators only by name, through this registry.

#include "Document.h"
#include "Finding.h"

#include <QByteArray>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVector>

#include <tree_sitter/api.h>

#include <functional>
#include <memory>

namespace kmw {

/// A code cell as the scan parsed it (IPython magics masked).
struct ParsedCellView {
    int index = -1;                      ///< into Document::cells
    const QByteArray *source = nullptr;  ///< the cell's source
    const QByteArray *masked = nullptr;  ///< what was parsed
    TSNode root{};
};

/// Where a generate rule matched.
struct GeneratorInput {
    int cell = 0;                         ///< index into the document's cells
    const QByteArray *source = nullptr;   ///< the cell's source (edits are offsets into it)
    const QByteArray *masked = nullptr;   ///< the same with IPython magics masked (parsed)
    TSNode node{};                        ///< the rule's reported node, in the masked tree
};

/// The concrete edits of a generated rewrite, or why there is none.
struct RewriteResult {
    bool ok = false;
    QString error;          ///< shown to the reviewer as guidance (the finding stays manual)
    QVector<TextEdit> edits; ///< in the input's cell; the first one covers the reported statement
    QStringList notes;      ///< where the generated code differs from Keras, and why
    /// The call is not on a Keras model (scikit-learn's `clf.predict`, a PyTorch module):
    /// the rule has nothing to say here and gives no finding.
    bool notApplicable = false;
    /// Other ways to write it, each a fix of its own after the first (title, edits):
    /// `torch-module` offers the class with PyTorch's default initialisation.
    QVector<QPair<QString, QVector<TextEdit>>> alternatives;
    /// `torch-module` when the module was generated but is not applied because code that
    /// still needs the Keras model uses it (`error` says which): the class, shown in the
    /// guidance for the reviewer who converts that code by hand.
    QString heldBackCode;
};

/// One document's state for a family of generators (the models extracted so far, …):
/// opened when the first rule of the family matches in the document, kept for its scan.
class DocumentGenerators {
public:
    virtual ~DocumentGenerators() = default;
    /// Runs generator `name` (one of its family's) on the statement at `input.node`.
    /// Never throws; what the generator cannot write gives `ok == false` and the reason.
    virtual RewriteResult generate(const QString &name, const GeneratorInput &input) const = 0;
};

/// Generators that share a document's state (one target's).
struct GeneratorFamily {
    QStringList names;          ///< the `generate` values it answers, in documentation order
    QString fixTitle;           ///< the fix's title when the rule gives none ("Rewrite for PyTorch")
    QString heldBackIntro;      ///< put before RewriteResult::heldBackCode in the guidance
    /// The family's state for `document`, whose parsed code cells are `cells` (alive
    /// for the scan).
    std::function<std::unique_ptr<DocumentGenerators>(const Document &document, QVector<ParsedCellView> cells)> open;
};

/// Adds `family`. A name already registered keeps its first family. Not thread-safe:
/// register before the first rule pack is loaded (Builtins.cpp does, before main()).
void registerGeneratorFamily(GeneratorFamily family);
/// Every registered generator name, family by family.
QStringList registeredGenerators();
/// The family answering `name`, or nullptr.
const GeneratorFamily *generatorFamily(const QString &name);

} // namespace kmw
