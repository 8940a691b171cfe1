#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace kmw {

/// nbformat's three cell types; a Python script is read as one code cell.
enum class CellType { Code, Markdown, Raw };

/// What the GUI shows of one output of a code cell (nbformat `outputs[i]`): its
/// `output_type`, its text (stream text, `text/plain`, or `ename: evalue` of an error,
/// at most 10,000 characters) and a PNG image if it has one (decoded `image/png`).
/// The file's own bytes are never rebuilt from this.
struct CellOutput {
    QString type;
    QString text;
    QByteArray png;
};

/// One cell of a notebook (nbformat 4 `cells[i]`), or the whole text of a script.
struct Cell {
    CellType type = CellType::Code;
    /// The cell's source, decoded: the `source` list joined, or the one string (UTF-8).
    QByteArray source;
    /// Byte span [sourceBegin, sourceEnd) of the JSON value of `"source"` in the file
    /// (notebooks only; -1 for scripts). Writing a changed cell replaces only this span.
    qsizetype sourceBegin = -1;
    qsizetype sourceEnd = -1;
    /// Byte offset of the `"source"` key's opening quote (notebooks only): its line's
    /// indentation is the reference for a list that was written empty.
    qsizetype sourceKeyPos = -1;
    /// Byte spans of the `"outputs"` and `"execution_count"` values (code cells of
    /// notebooks; -1 when absent): what a stale-output reset replaces.
    qsizetype outputsBegin = -1;
    qsizetype outputsEnd = -1;
    qsizetype executionCountBegin = -1;
    qsizetype executionCountEnd = -1;
    /// True when the code cell has outputs or an execution count (that a change of
    /// its source makes stale).
    bool hasOutputs = false;
    QVector<CellOutput> outputs;
    /// A Colab form (`"metadata": {"cellView": "form"}`): Colab shows its fields and
    /// hides its code.
    bool form = false;
};

/// Notebook (.ipynb), Python script (.py), or a text file of the environment
/// (requirements.txt, environment.yml, runtime.txt) read as one raw cell.
enum class DocumentKind { Notebook, Script, Text };

/// A notebook or script as read from disk: the raw bytes are kept so that unchanged
/// parts of the file are written back byte for byte.
struct Document {
    QString path;      ///< absolute path of the file read
    DocumentKind kind = DocumentKind::Script;
    QByteArray raw;    ///< the file's bytes, exactly as read
    QByteArray bom;    ///< scripts: the UTF-8 byte-order mark if the file had one
    int nbformat = 0;  ///< notebooks: `nbformat` (4)
    int nbformatMinor = 0;
    QVector<Cell> cells;

    bool isNotebook() const { return kind == DocumentKind::Notebook; }
    /// Index of the first code cell, or -1.
    int firstCodeCell() const;
};

/// An error about an input file: the path, a 1-based line and column when known (0 if
/// not), and what went wrong. `toString()` gives `path:line:column: message`.
struct InputError {
    QString path;
    int line = 0;
    int column = 0;
    QString message;
    QString toString() const;
};

} // namespace kmw
