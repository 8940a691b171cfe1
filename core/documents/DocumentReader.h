#pragma once

#include "Document.h"

namespace kmw {

/// Reads a `.ipynb` (nbformat 4) or `.py` file into a Document.
/// Notebooks: the JSON is parsed (nlohmann_json), the structure checked (top-level
/// object, `nbformat` >= 4, `cells` a list of objects with a `cell_type` string and a
/// `source` string or list of strings), and each cell's `source` byte span located.
/// nbformat 3 files are refused with the command that converts them.
/// Scripts: UTF-8 with or without BOM (the BOM is kept apart in Document::bom);
/// null bytes and invalid UTF-8 are errors.
/// Returns false and fills `error` (path, 1-based line/column when known, message) on
/// any failure; `out` is then unspecified.
bool readDocument(const QString &path, Document *out, InputError *error);

/// Parses notebook bytes already in memory (used to verify a write). `path` is only
/// used in error messages.
bool parseNotebook(const QByteArray &bytes, const QString &path, Document *out,
                   InputError *error);

/// Parses script bytes already in memory.
bool parseScript(const QByteArray &bytes, const QString &path, Document *out, InputError *error);

/// Parses a text file of the environment (requirements.txt, environment.yml,
/// runtime.txt): UTF-8, kept as one raw cell; null bytes and invalid UTF-8 are errors.
bool parseText(const QByteArray &bytes, const QString &path, Document *out, InputError *error);

/// Parses bytes as a document of the given kind (notebook, script or text).
bool parseDocumentBytes(const QByteArray &bytes, const QString &path, DocumentKind kind, Document *out,
                        InputError *error);

/// The whole text of a notebook code cell's outputs (stream text and `text/plain` of
/// results, in order, a newline after each), read from the file's bytes: Cell::outputs
/// keeps only the first 10,000 characters, which cuts long summaries such as ResNet50's.
/// Empty for scripts and cells without outputs.
QString cellOutputText(const Document &document, int cell);

/// True for the files read as Python: `.py` (and `.ipynb` notebooks).
bool isPythonPath(const QString &path);

} // namespace kmw
