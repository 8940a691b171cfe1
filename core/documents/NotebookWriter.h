#pragma once

#include <optional>

#include "Document.h"

#include <QMap>

namespace kmw {

/// Encodes UTF-8 text as a JSON string literal exactly as Python's `json.dumps` does
/// (which nbformat uses): `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f` short forms, other
/// control characters as lowercase `\u00XX`; with `ensureAscii`, every code point outside
/// U+0020..U+007E as `\uXXXX` (surrogate pairs above U+FFFF), otherwise raw UTF-8.
QByteArray encodeJsonString(const QByteArray &utf8, bool ensureAscii);

/// Splits like Python's `str.splitlines(keepends=True)` (nbformat's rule for list-style
/// sources): breaks after \n, \r\n, \r, \v, \f, \x1c-\x1e, U+0085, U+2028, U+2029.
QVector<QByteArray> splitLinesKeepEnds(const QByteArray &utf8);

/// True when the notebook file escapes non-ASCII text (`json.dumps(ensure_ascii=True)`):
/// it has no byte above 0x7F but has a `\uXXXX` escape of a code point >= 0x7F.
bool usesEnsureAscii(const QByteArray &raw);

/// The JSON text that replaces cell `cell`'s `source` value for `newSource`, in the
/// file's own style: list of lines or one string as the original, the original's indent
/// and line endings between items, its escaping of non-ASCII.
QByteArray serializeSource(const Document &doc, int cell, const QByteArray &newSource);

/// The file's new bytes with the given cells' sources replaced (cell index -> new UTF-8
/// source). Notebooks: only each changed cell's `source` span is spliced (and, with
/// `clearChangedOutputs`, its `outputs` span becomes `[]` and its `execution_count`
/// `null`, nbformat's values for a cell never run); every other byte is kept.
/// Scripts: BOM + the new source of cell 0. Unchanged sources are skipped.
QByteArray renderDocument(const Document &doc, const QMap<int, QByteArray> &newSources,
                          bool clearChangedOutputs = false);

struct WriteOptions {
    /// The opened repository. When set, a file whose real path (symlinks resolved) is
    /// outside it is not written: symlinks pointing out are read, never written.
    QString root;
    /// Copy the original file to backupPath(root, file) first.
    bool backup = false;
    /// Reset the outputs and execution count of code cells whose source changes
    /// (default: keep them, the smallest diff; the GUI marks them stale).
    bool clearChangedOutputs = false;
    /// "Keep mine": the bytes on disk now, which the reviewer chose to overwrite after the
    /// file changed outside the workbench (default: the bytes the document was read from;
    /// the file is written only while it still holds these). The backup keeps them.
    std::optional<QByteArray> overwrite;
};

/// Writes the changed sources back to `doc.path` atomically (QSaveFile). Before writing,
/// the new bytes are parsed again and compared with the intended document (every cell's
/// source, and for notebooks the whole JSON apart from the changed sources); after
/// writing, the file is read back and compared byte for byte; on any difference the
/// original bytes are restored and false is returned with `error` filled.
/// Nothing is written when no source changes. `*written` (optional) tells if it wrote.
bool writeDocument(const Document &doc, const QMap<int, QByteArray> &newSources,
                   const WriteOptions &options, InputError *error, bool *written = nullptr);

/// Where a write with `backup` keeps the original of `file` (absolute, inside `root`):
/// `<root>/.kmw/backup/<path relative to root>`.
QString backupPath(const QString &root, const QString &file);

} // namespace kmw
