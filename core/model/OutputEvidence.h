#pragma once
// Values a notebook that was run shows in its saved outputs, for the sizes its code takes
// from data (`num_x_signals = x_data.shape[1]`): the model extractor uses them only where
// the code alone gives no value, and says where each came from.

#include "Document.h"

#include <QString>
#include <QVector>

namespace kmw {

/// One value read from a saved output.
struct OutputValue {
    /// The expression whose value was shown, without whitespace: "num_x_signals",
    /// "x_data.shape", "len(chars)".
    QString expression;
    /// One integer, or a tuple's integers (`(333085, 20)`).
    QVector<qint64> values;
    bool tuple = false;
    int cell = -1;        ///< index of the code cell in Document::cells
    QString shown;        ///< the output line it was read from ("Shape: (333085, 20)")
};

/// The values shown by the code cells 0..lastCell (-1: all) of a notebook, in cell order:
/// - a cell's last statement when it is a bare expression (`num_x_signals`,
///   `len(chars)`, `x.shape`) and its `execute_result` `text/plain` is an integer or a
///   tuple of integers (NumPy's `np.int64(20)` too);
/// - a top-level `print(...)` whose arguments are string literals (f-strings with plain
///   `{expr}` fields included) and expressions, with no keyword argument: its
///   line is found in the cell's stream output (prints in order, one line each), and each
///   expression's part of it read as above.
/// Anything else (loops, functions, lists, floats, tensors' reprs) gives nothing; scripts
/// give nothing. Sources: nbformat's `execute_result`/`stream` outputs
/// (https://nbformat.readthedocs.io/en/latest/format_description.html#code-cell-outputs).
QVector<OutputValue> outputEvidence(const Document &document, int lastCell = -1);

/// `text` read as an integer or a tuple of integers, as Python prints them ("20",
/// "(333085, 20)", "(5,)", "np.int64(20)"); false otherwise.
bool parseShownIntegers(const QString &text, QVector<qint64> *values, bool *tuple);

/// The value as Python shows it: "20", "(333085, 20)", "(5,)".
QString outputValueText(const OutputValue &value);

/// `expression` without whitespace, the key OutputValue::expression is compared by.
QString expressionKey(const QString &expression);

} // namespace kmw
