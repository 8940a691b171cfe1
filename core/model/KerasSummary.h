#pragma once

#include "Document.h"
#include "DocumentReader.h" // cellOutputText()
#include "ModelIR.h"

#include <QString>
#include <QVector>

namespace kmw {

/// One row of a Keras model.summary() table.
struct SummaryRow {
    QString name;        ///< layer name ("dense_1", "my_embedding")
    QString type;        ///< class name ("Dense", "InputLayer")
    QString outputShape; ///< as printed: "(None, 1, 4)", "[(None, 1)]"
    qint64 params = -1;  ///< -1 when not printed/unreadable
    QStringList connectedTo; ///< functional models with branches: "input_2[0][0]", …
    /// Parsed Keras 2 tables cut long fields at their column (print_row's
    /// `line[:positions[i]]`): `nameCut` when the "name (type)" field ended inside the
    /// name (the name is a prefix), `typeCut` when it ended inside the type
    /// ("BatchNormali"). Always false for Keras 3 tables and for summarizeModel().
    bool nameCut = false;
    bool typeCut = false;
};

/// A whole model.summary() table, saved in a notebook output or made by
/// formatKerasSummary().
struct ModelSummary {
    QString modelName;   ///< from `Model: "name"` (Keras 3: `Model: "name"` too)
    QVector<SummaryRow> rows;
    qint64 totalParams = -1, trainableParams = -1, nonTrainableParams = -1;
    /// "keras2" (underscore/equals rules, fixed-width columns that truncate long
    /// fields) or "keras3" (box-drawing table, `Total params: 40 (160.00 B)`).
    QString style;
    int firstLine = 0;   ///< 1-based line of `Model: ` in the text parsed
    /// The table has a "Connected to" column (tf.keras prints it for graph models
    /// that are not a simple chain: line_length 98). formatKerasSummary() also uses
    /// the wide layout when any row has connections.
    bool connectedColumn = false;
};

/// Every model.summary() table in `text` (a cell's output), in order; tolerant of
/// CRLF, trailing spaces, text around the tables and both styles (Keras 2: tf.keras
/// <= 2.8 fields cut at the header's column positions, continuation lines for further
/// connections; tf.keras >= 2.9 fields wrapped over lines, connections as a list;
/// Keras 3: box table, cells wrapped over lines). Empty when there is none; never throws
/// on malformed text (what parsed is returned).
QVector<ModelSummary> parseSavedSummaries(const QString &text);

/// The rows Keras 2 (tf.keras 2.x, keras/utils/layer_utils.py print_summary) prints for
/// `model` (inferModel() already run): Sequential models list their layers without the
/// InputLayer; Functional models list layers by decreasing depth from the outputs, ties
/// in traversal order (keras/engine/functional.py _map_graph_network), InputLayer shapes
/// printed as a list "[(None, 1)]", and "Connected to" filled when the model is not a
/// simple chain.
ModelSummary summarizeModel(const ModelIR &model);

/// The text tf.keras 2.x prints for `summary` (line_length 65, columns at .45/.85 for
/// chains; 98 with .33/.55/.67 and "Connected to" otherwise), fields cut to their column
/// as Keras does, thousands separators in the totals.
QString formatKerasSummary(const ModelSummary &summary);

/// The result of comparing a saved summary with ours.
struct SummaryComparison {
    bool matched = false;
    int rowsCompared = 0;
    QStringList differences; ///< "row 2: output shape (None, 4) vs (None, 1, 4)", …
};

/// Compares row by row: type, output shape and params (a saved field cut by its column
/// matches when ours starts with it; "[(None, 1)]" equals "(None, 1)" across styles),
/// names when the saved name is not an automatic one (automatic names depend on the
/// session's counters and are compared without their numeric suffix; Keras 2's
/// `input_N` and Keras 3's `input_layer_N` are the same), "Connected to" when both tables
/// have that column (inbound names reduced the same way), the row counts (missing or
/// extra rows are listed) and the three totals. Values printed as unknown (-1) are not
/// compared. Differences read "row 3 (dense_1): params 1010 vs 1000".
SummaryComparison compareSummaries(const ModelSummary &saved, const ModelSummary &ours);

} // namespace kmw
