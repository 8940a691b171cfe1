#pragma once

#include "Document.h"

#include <QByteArray>
#include <tree_sitter/api.h>

namespace kmw {

/// Where the backend preamble goes in a code cell: byte offset after a shebang, an
/// encoding comment, a module docstring and `from __future__` imports (Python requires
/// those first), else 0. `root` is the tree of `maskedSource` (magics masked).
qsizetype documentStartOffset(const QByteArray &maskedSource, TSNode root);

/// Index (into doc.cells) of the code cell where the backend preamble and the imports
/// that fixes ensure go: the first code cell that runs code before Keras is imported.
/// It comes after every `!pip install` cell that installs Keras or TensorFlow (the
/// preamble belongs with the imports, not with the set-up), and it is never a Colab form
/// (`"cellView": "form"` or a `#@title` line: Colab hides its code) nor a cell of
/// comments only (a magic such as `%matplotlib inline` runs: its cell takes the
/// preamble). -1 when the document has no code cell.
int preambleCell(const Document &doc);

} // namespace kmw
