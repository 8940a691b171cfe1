#include "SourceRange.h"

#include <algorithm>

namespace kmw {

void lineColumnAt(const QByteArray &text, qsizetype offset, int *line, int *column)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    int l = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++l;
            lineStart = i + 1;
        }
    }
    int c = 1;
    for (qsizetype i = lineStart; i < offset; ++i) {
        // Count UTF-8 lead bytes only, so a column counts code points.
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++c;
    }
    *line = l;
    *column = c;
}

SourceRange SourceRange::fromBytes(const QByteArray &source, qsizetype begin, qsizetype end)
{
    SourceRange r;
    r.begin = std::clamp<qsizetype>(begin, 0, source.size());
    r.end = std::clamp<qsizetype>(end, r.begin, source.size());
    lineColumnAt(source, r.begin, &r.startLine, &r.startColumn);
    lineColumnAt(source, r.end, &r.endLine, &r.endColumn);
    return r;
}

} // namespace kmw
