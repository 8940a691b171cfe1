#include "NotebookSpans.h"

namespace kmw {
namespace {

class Cursor {
public:
    explicit Cursor(const QByteArray &s) : m_s(s) {}
    qsizetype pos = 0;

    bool atEnd() const { return pos >= m_s.size(); }
    char peek() const { return atEnd() ? '\0' : m_s[pos]; }
    void skipWs()
    {
        while (!atEnd()) {
            const char c = m_s[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++pos;
        }
    }
    /// At a '"': moves past the closing quote and returns the raw (escaped) contents.
    QByteArray readString()
    {
        const qsizetype start = ++pos;
        while (!atEnd() && m_s[pos] != '"') {
            if (m_s[pos] == '\\')
                ++pos;
            ++pos;
        }
        const QByteArray raw = m_s.mid(start, pos - start);
        ++pos;
        return raw;
    }
    /// Skips one JSON value of any depth without recursion.
    void skipValue()
    {
        const char c = peek();
        if (c == '"') {
            readString();
            return;
        }
        if (c == '[' || c == '{') {
            qsizetype depth = 0;
            while (!atEnd()) {
                const char d = m_s[pos];
                if (d == '"') {
                    readString();
                    continue;
                }
                if (d == '[' || d == '{')
                    ++depth;
                else if (d == ']' || d == '}') {
                    if (--depth == 0) {
                        ++pos;
                        return;
                    }
                }
                ++pos;
            }
            return;
        }
        while (!atEnd()) {
            const char d = m_s[pos];
            if (d == ',' || d == ']' || d == '}' || d == ' ' || d == '\n' || d == '\r' || d == '\t')
                break;
            ++pos;
        }
    }

private:
    const QByteArray &m_s;
};

// Walks the members of the object the cursor is at; calls f(key, keyPos) with the
// cursor on each value; f must leave the cursor after the value.
template <typename F>
void forEachMember(Cursor &c, F f)
{
    c.skipWs();
    if (c.peek() != '{')
        return;
    ++c.pos;
    for (;;) {
        c.skipWs();
        if (c.peek() != '"')
            break;
        const qsizetype keyPos = c.pos;
        const QByteArray key = c.readString();
        c.skipWs();
        if (c.peek() != ':')
            return;
        ++c.pos;
        c.skipWs();
        f(key, keyPos);
        c.skipWs();
        if (c.peek() == ',') {
            ++c.pos;
            continue;
        }
        break;
    }
    c.skipWs();
    if (c.peek() == '}')
        ++c.pos;
}

} // namespace

QVector<CellSourceSpan> locateCellSources(const QByteArray &json, JsonSpan *cellsValue)
{
    QVector<CellSourceSpan> spans;
    Cursor c(json);
    forEachMember(c, [&](const QByteArray &key, qsizetype) {
        if (key != "cells" || c.peek() != '[') {
            const qsizetype begin = c.pos;
            c.skipValue();
            if (key == "cells" && cellsValue)
                *cellsValue = {begin, c.pos};
            return;
        }
        if (cellsValue)
            cellsValue->begin = c.pos;
        spans.clear(); // a duplicated key: the last one wins, as in the JSON parser
        ++c.pos;
        for (;;) {
            c.skipWs();
            if (c.peek() == ']') {
                ++c.pos;
                if (cellsValue)
                    cellsValue->end = c.pos;
                break;
            }
            CellSourceSpan span;
            span.cellBegin = c.pos;
            if (c.peek() == '{') {
                forEachMember(c, [&](const QByteArray &cellKey, qsizetype keyPos) {
                    const qsizetype begin = c.pos;
                    c.skipValue();
                    if (cellKey == "source") {
                        span.keyPos = keyPos;
                        span.begin = begin;
                        span.end = c.pos;
                    } else if (cellKey == "outputs") {
                        span.outputs = {begin, c.pos};
                    } else if (cellKey == "execution_count") {
                        span.executionCount = {begin, c.pos};
                    }
                });
            } else {
                c.skipValue();
            }
            spans.append(span);
            c.skipWs();
            if (c.peek() == ',')
                ++c.pos;
            else if (c.peek() != ']')
                break;
        }
    });
    return spans;
}

} // namespace kmw
