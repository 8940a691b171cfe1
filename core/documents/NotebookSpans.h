#pragma once

#include <QByteArray>
#include <QVector>

namespace kmw {

/// A half-open byte span [begin, end) of a JSON value in a file; -1 when absent.
struct JsonSpan {
    qsizetype begin = -1;
    qsizetype end = -1;
    bool isValid() const { return begin >= 0; }
};

/// Where one cell's `"source"` value (and the values a stale-output reset rewrites)
/// sit in a notebook file.
struct CellSourceSpan {
    qsizetype cellBegin = -1; ///< offset of the cell's value (its `{`), for error positions
    qsizetype keyPos = -1;  ///< offset of the `"source"` key's opening quote
    qsizetype begin = -1;   ///< first byte of the value (`[` or `"`)
    qsizetype end = -1;     ///< one past the value's last byte
    JsonSpan outputs;        ///< the `"outputs"` value (code cells)
    JsonSpan executionCount; ///< the `"execution_count"` value (code cells)
};

/// Locates, for every element of the top-level `cells` array of a notebook, the byte
/// span of its `source` value. `json` must already be known to be valid JSON (it is
/// parsed with nlohmann_json first); the scan is iterative, so nesting depth costs no
/// stack. Returns one entry per cell, in order; a cell without `source` gets begin -1.
/// `cellsValue` (optional) receives the span of the `cells` value itself.
QVector<CellSourceSpan> locateCellSources(const QByteArray &json, JsonSpan *cellsValue = nullptr);

} // namespace kmw
