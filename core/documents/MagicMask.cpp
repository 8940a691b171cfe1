#include "MagicMask.h"

#include <QList>

#include <cctype>

namespace kmw {
namespace {

void blank(QByteArray &s, qsizetype from, qsizetype to)
{
    for (qsizetype i = from; i < to; ++i)
        if (s[i] != '\n' && s[i] != '\r')
            s[i] = ' ';
}

qsizetype firstNonBlank(const QByteArray &s, qsizetype from, qsizetype to)
{
    while (from < to && (s[from] == ' ' || s[from] == '\t'))
        ++from;
    return from;
}

bool isPythonBodyCellMagic(const QByteArray &firstLine)
{
    static const QList<QByteArray> python = {"%%time", "%%timeit", "%%capture", "%%prun"};
    const QByteArray name = firstLine.trimmed().split(' ').value(0);
    return python.contains(name);
}

} // namespace

QByteArray maskIPythonMagics(const QByteArray &source)
{
    QByteArray out = source;
    qsizetype lineStart = 0;
    bool continuation = false;
    bool firstLine = true;
    while (lineStart <= out.size()) {
        qsizetype lineEnd = out.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = out.size();
        qsizetype contentEnd = lineEnd;
        if (contentEnd > lineStart && out[contentEnd - 1] == '\r')
            --contentEnd;
        const qsizetype first = firstNonBlank(out, lineStart, contentEnd);
        const QByteArray line = source.mid(lineStart, contentEnd - lineStart);

        qsizetype maskFrom = -1;
        if (continuation) {
            maskFrom = lineStart;
        } else if (first < contentEnd) {
            const char c = out[first];
            if (firstLine && out.mid(first, 2) == "%%") {
                if (!isPythonBodyCellMagic(line)) {
                    blank(out, 0, out.size());
                    return out;
                }
                maskFrom = first;
            } else if (c == '%' || c == '!' || c == '?') {
                maskFrom = first;
            } else {
                // name = %magic / name = !command
                const qsizetype eq = line.indexOf('=');
                if (eq > 0 && line.left(eq).trimmed().size() > 0) {
                    const qsizetype after = firstNonBlank(out, lineStart + eq + 1, contentEnd);
                    const QByteArray lhs = line.left(eq).trimmed();
                    bool identifier = !lhs.isEmpty();
                    for (const char ch : lhs)
                        identifier = identifier && (std::isalnum(static_cast<unsigned char>(ch)) ||
                                                    ch == '_' || ch == ',' || ch == ' ');
                    if (identifier && after < contentEnd && (out[after] == '%' || out[after] == '!') &&
                        line[eq - 1] != '!' && line[eq - 1] != '<' && line[eq - 1] != '>' &&
                        (eq + 1 >= line.size() || line[eq + 1] != '='))
                        maskFrom = after;
                }
            }
        }
        if (maskFrom >= 0) {
            blank(out, maskFrom, contentEnd);
            continuation = contentEnd > lineStart && source[contentEnd - 1] == '\\';
        } else {
            continuation = false;
            // Trailing help: `obj?` / `obj??` (not inside a comment).
            qsizetype end = contentEnd;
            while (end > first && (out[end - 1] == ' ' || out[end - 1] == '\t'))
                --end;
            qsizetype q = end;
            while (q > first && out[q - 1] == '?')
                --q;
            if (q < end && end - q <= 2 && q > first && !line.left(q - lineStart).contains('#'))
                blank(out, q, end);
        }
        firstLine = false;
        lineStart = lineEnd + 1;
    }
    return out;
}

} // namespace kmw
