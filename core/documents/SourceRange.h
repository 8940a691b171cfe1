#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace kmw {

/// A range in one cell's (or one script's) UTF-8 source.
/// `begin`/`end` are byte offsets (half-open, end exclusive); the 1-based line and
/// column values are for people: columns count Unicode code points, not bytes.
/// This is the one range type used by findings, edits and the GUI (KTextEditor's
/// "pass a range, never loose line/column tuples").
struct SourceRange {
    qsizetype begin = 0;
    qsizetype end = 0;
    int startLine = 1;
    int startColumn = 1;
    int endLine = 1;
    int endColumn = 1;

    /// Builds a range over `source` from byte offsets, computing lines and columns.
    /// Offsets are clamped to [0, source.size()].
    static SourceRange fromBytes(const QByteArray &source, qsizetype begin, qsizetype end);

    bool isEmpty() const { return begin == end; }
    bool operator==(const SourceRange &o) const { return begin == o.begin && end == o.end; }
};

/// `text` with its `\n` line ends as `source` writes them (`\r\n` when it has one).
inline QByteArray withLineEndings(QByteArray text, const QByteArray &source)
{
    if (source.contains("\r\n"))
        text.replace("\r\n", "\n").replace("\n", "\r\n");
    return text;
}

/// `offset` moved past the line end ("\n" or "\r\n") that starts there, if one does.
inline qsizetype pastLineEnd(const QByteArray &text, qsizetype offset)
{
    if (offset < text.size() && text[offset] == '\r')
        ++offset;
    if (offset < text.size() && text[offset] == '\n')
        ++offset;
    return offset;
}

/// 1-based line and code-point column of byte `offset` in `text`.
void lineColumnAt(const QByteArray &text, qsizetype offset, int *line, int *column);

} // namespace kmw
