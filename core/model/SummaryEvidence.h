#pragma once

// The saved `model.summary()` table as evidence for sizes the code does not give
// (`Reshape(data.img_shape_full)`, `Dense(num_classes)` with `num_classes` read from a
// module the workbench cannot run): a notebook that was run printed each layer's output
// shape and parameter count.

#include "Document.h"
#include "ModelIR.h"

#include <QStringList>

namespace kmw {

/// Fills the sizes of `model` that are unknown (0 or empty) from the last saved summary
/// table printed by `<model.variable>.summary()` in cells 0..lastCell (-1: all) of
/// `document` (a notebook), or after it until the variable is bound again, or by a
/// variable that loads the file the model was saved to (`model.save(p)`, later
/// `m2 = load_model(p)`, `m2.summary()`), when its rows line up with the model's layers
/// (same count and types; a Sequential's table has no InputLayer row):
/// - InputLayer shape: the row's output shape without the batch;
/// - Reshape target_shape, Dense units, Conv1D/Conv2D/Conv2DTranspose filters, Embedding
///   output_dim: from the row's output shape;
/// - Embedding input_dim: Param # / output_dim; a Sequential's first Dense input width:
///   Param # / units - 1 (with a bias).
/// Values the code gives are never changed. Each value filled adds a note naming the
/// layer, the value and the cell ("reshape: target_shape (28, 28, 1), from the saved
/// summary of cell 101"). Returns how many values were filled.
int fillFromSavedSummary(const Document &document, int lastCell, ModelIR &model, QStringList *notes);

/// "(None, 28, 28, 1)" or "[(None, 784)]" -> {28, 28, 1} / {784}; None inside -> -1.
/// False when the text is not one shape with a batch dimension ("multiple", lists of
/// several shapes).
bool parseSummaryShape(const QString &text, TensorShape *shape);

} // namespace kmw
