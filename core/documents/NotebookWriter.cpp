#include "NotebookWriter.h"

#include "AtomicFile.h"
#include "DocumentReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace kmw {
namespace {

/// Decodes one UTF-8 code point at `i`; returns its length in bytes (1 for bad bytes).
int decodeUtf8(const QByteArray &s, qsizetype i, char32_t *cp)
{
    const auto b = [&](qsizetype k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    int len = 1;
    char32_t v = c;
    if (c >= 0xF0) {
        len = 4;
        v = c & 0x07;
    } else if (c >= 0xE0) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xC0) {
        len = 2;
        v = c & 0x1F;
    }
    if (i + len > s.size()) {
        *cp = c;
        return 1;
    }
    for (int k = 1; k < len; ++k)
        v = (v << 6) | (b(i + k) & 0x3F);
    *cp = v;
    return len;
}

QByteArray hex4(unsigned v)
{
    return QByteArray("\\u") + QByteArray::number(v, 16).rightJustified(4, '0');
}

QByteArray indentOfLine(const QByteArray &raw, qsizetype pos)
{
    qsizetype start = pos;
    while (start > 0 && raw[start - 1] != '\n' && raw[start - 1] != '\r')
        --start;
    qsizetype end = start;
    while (end < raw.size() && (raw[end] == ' ' || raw[end] == '\t'))
        ++end;
    return raw.mid(start, end - start);
}

QByteArray newlineOf(const QByteArray &raw)
{
    const qsizetype nl = raw.indexOf('\n');
    return nl > 0 && raw[nl - 1] == '\r' ? QByteArrayLiteral("\r\n") : QByteArrayLiteral("\n");
}

} // namespace

QByteArray encodeJsonString(const QByteArray &utf8, bool ensureAscii)
{
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (qsizetype i = 0; i < utf8.size();) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20 || (ensureAscii && c == 0x7F))
                    out += hex4(c);
                else
                    out += char(c);
            }
            ++i;
            continue;
        }
        char32_t cp = 0;
        const int len = decodeUtf8(utf8, i, &cp);
        if (!ensureAscii) {
            out += utf8.mid(i, len);
        } else if (cp > 0xFFFF) {
            const char32_t v = cp - 0x10000;
            out += hex4(0xD800 + (v >> 10));
            out += hex4(0xDC00 + (v & 0x3FF));
        } else {
            out += hex4(unsigned(cp));
        }
        i += len;
    }
    out += '"';
    return out;
}

QVector<QByteArray> splitLinesKeepEnds(const QByteArray &utf8)
{
    QVector<QByteArray> lines;
    qsizetype start = 0;
    for (qsizetype i = 0; i < utf8.size();) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        qsizetype breakEnd = -1;
        if (c == '\r') {
            breakEnd = (i + 1 < utf8.size() && utf8[i + 1] == '\n') ? i + 2 : i + 1;
        } else if (c == '\n' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E)) {
            breakEnd = i + 1;
        } else if (c >= 0x80) {
            char32_t cp = 0;
            const int len = decodeUtf8(utf8, i, &cp);
            if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
                breakEnd = i + len;
            else {
                i += len;
                continue;
            }
        }
        if (breakEnd < 0) {
            ++i;
            continue;
        }
        lines.append(utf8.mid(start, breakEnd - start));
        start = i = breakEnd;
    }
    if (start < utf8.size())
        lines.append(utf8.mid(start));
    return lines;
}

bool usesEnsureAscii(const QByteArray &raw)
{
    for (const char c : raw)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    for (qsizetype i = raw.indexOf("\\u"); i >= 0; i = raw.indexOf("\\u", i + 2)) {
        // Skip an escaped backslash ("\\u" in the text is a literal backslash + u).
        qsizetype backslashes = 0;
        for (qsizetype k = i - 1; k >= 0 && raw[k] == '\\'; --k)
            ++backslashes;
        if (backslashes % 2)
            continue;
        bool ok = false;
        const unsigned v = raw.mid(i + 2, 4).toUInt(&ok, 16);
        if (ok && v >= 0x7F)
            return true;
    }
    return false;
}

QByteArray serializeSource(const Document &doc, int cellIndex, const QByteArray &newSource)
{
    const Cell &cell = doc.cells[cellIndex];
    const QByteArray old = doc.raw.mid(cell.sourceBegin, cell.sourceEnd - cell.sourceBegin);
    const bool ensureAscii = usesEnsureAscii(doc.raw);
    if (old.startsWith('"'))
        return encodeJsonString(newSource, ensureAscii);

    QVector<QByteArray> lines = splitLinesKeepEnds(newSource);
    if (lines.isEmpty())
        return QByteArrayLiteral("[]");
    // Some tools write the whole source as a list of one string: keep that style.
    try {
        const nlohmann::json items = nlohmann::json::parse(old.constBegin(), old.constEnd());
        if (items.is_array() && items.size() == 1 && items[0].is_string() &&
            splitLinesKeepEnds(QByteArray::fromStdString(items[0].get<std::string>())).size() > 1)
            lines = {newSource};
    } catch (const std::exception &) {
    }

    QByteArray itemPrefix;  // whitespace between '[' (or ',') and an item
    QByteArray closePrefix; // whitespace between the last item and ']'
    const qsizetype firstQuote = old.indexOf('"');
    if (firstQuote > 0) {
        itemPrefix = old.mid(1, firstQuote - 1);
        qsizetype close = old.size() - 1; // at ']'
        qsizetype ws = close;
        while (ws > 0 && QByteArrayView(" \t\r\n").contains(old[ws - 1]))
            --ws;
        closePrefix = old.mid(ws, close - ws);
    } else {
        // The list was empty: indent one level below the "source" key, with the
        // file's own unit (the indentation of the top-level keys) and newline.
        const QByteArray nl = newlineOf(doc.raw);
        const QByteArray keyIndent = indentOfLine(doc.raw, cell.sourceKeyPos);
        const qsizetype firstKey = doc.raw.indexOf('"');
        QByteArray unit = firstKey > 0 ? indentOfLine(doc.raw, firstKey) : QByteArray(" ");
        if (unit.isEmpty() && firstKey > 0 && doc.raw.left(firstKey).contains('\n'))
            unit = QByteArray(); // indent=0: items on their own lines without indent
        else if (unit.isEmpty())
            unit = " ";
        itemPrefix = nl + keyIndent + unit;
        closePrefix = nl + keyIndent;
        if (!doc.raw.left(firstKey).contains('\n')) { // compact JSON, no newlines
            itemPrefix.clear();
            closePrefix.clear();
        }
    }
    QByteArray out = "[";
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i)
            out += ',';
        out += itemPrefix;
        out += encodeJsonString(lines[i], ensureAscii);
    }
    out += closePrefix;
    out += ']';
    return out;
}

QByteArray renderDocument(const Document &doc, const QMap<int, QByteArray> &newSources,
                          bool clearChangedOutputs)
{
    if (!doc.isNotebook())
        return doc.bom + newSources.value(0, doc.cells.value(0).source);
    struct Splice {
        qsizetype begin, end;
        QByteArray text;
    };
    QVector<Splice> splices;
    for (auto it = newSources.constBegin(); it != newSources.constEnd(); ++it) {
        const int index = it.key();
        if (index < 0 || index >= doc.cells.size() || doc.cells[index].source == it.value())
            continue;
        const Cell &cell = doc.cells[index];
        splices.append({cell.sourceBegin, cell.sourceEnd, serializeSource(doc, index, it.value())});
        if (clearChangedOutputs && cell.type == CellType::Code) {
            if (cell.outputsBegin >= 0)
                splices.append({cell.outputsBegin, cell.outputsEnd, QByteArrayLiteral("[]")});
            if (cell.executionCountBegin >= 0)
                splices.append({cell.executionCountBegin, cell.executionCountEnd, QByteArrayLiteral("null")});
        }
    }
    // Splice from the end of the file back so earlier offsets stay valid.
    std::sort(splices.begin(), splices.end(), [](const Splice &a, const Splice &b) { return a.begin > b.begin; });
    QByteArray out = doc.raw;
    for (const Splice &s : splices)
        out.replace(s.begin, s.end - s.begin, s.text);
    return out;
}

namespace {

/// True when `written` is `original` with only the intended changes: sources (checked
/// apart), and with `cleared` cells' outputs and execution counts reset.
bool sameExceptIntended(const QByteArray &original, const QByteArray &written, const QList<int> &cleared)
{
    using nlohmann::json;
    try {
        json ja = json::parse(original.constBegin(), original.constEnd());
        json jb = json::parse(written.constBegin(), written.constEnd());
        for (int index : cleared) {
            json &cell = ja["cells"][size_t(index)];
            if (cell.contains("outputs"))
                cell["outputs"] = json::array();
            if (cell.contains("execution_count"))
                cell["execution_count"] = nullptr;
        }
        for (json *j : {&ja, &jb})
            for (json &cell : (*j)["cells"])
                cell.erase("source");
        return ja == jb;
    } catch (const std::exception &) {
        return false;
    }
}

} // namespace

bool writeDocument(const Document &doc, const QMap<int, QByteArray> &newSources,
                   const WriteOptions &options, InputError *error, bool *written)
{
    if (written)
        *written = false;
    const auto fail = [&](const QString &message) {
        if (error)
            *error = {doc.path, 0, 0, message};
        return false;
    };
    const QByteArray bytes = renderDocument(doc, newSources, options.clearChangedOutputs);
    if (bytes == doc.raw)
        return true;

    if (!options.root.isEmpty()) {
        const QString root = QFileInfo(options.root).canonicalFilePath();
        const QString target = QFileInfo(doc.path).canonicalFilePath();
        if (root.isEmpty() || target.isEmpty() || !(target + QLatin1Char('/')).startsWith(root + QLatin1Char('/')))
            return fail(QStringLiteral("its real path %1 is outside the repository %2 (a symlink?): not written")
                            .arg(target, options.root));
    }

    // Verify the new bytes before touching the disk.
    Document check;
    InputError parseError;
    const bool parsed = parseDocumentBytes(bytes, doc.path, doc.kind, &check, &parseError);
    bool same = parsed && check.cells.size() == doc.cells.size();
    QList<int> cleared;
    for (int i = 0; same && i < doc.cells.size(); ++i) {
        const QByteArray intended = newSources.value(i, doc.cells[i].source);
        same = check.cells[i].source == intended;
        if (options.clearChangedOutputs && intended != doc.cells[i].source && doc.cells[i].type == CellType::Code)
            cleared << i;
    }
    if (same && doc.isNotebook())
        same = sameExceptIntended(doc.raw, bytes, cleared);
    if (!same)
        return fail(QStringLiteral("internal error: the rewritten file would not read back as intended; "
                                   "nothing was written"));

    if (options.backup && !options.root.isEmpty()) {
        const QString target = backupPath(options.root, doc.path);
        QDir().mkpath(QFileInfo(target).absolutePath());
        QString why;
        if (!writeFileAtomically(target, options.overwrite.value_or(doc.raw), &why))
            return fail(QStringLiteral("cannot write the backup %1: %2; nothing was written").arg(target, why));
    }

    // only over the bytes the changes were computed from: an edit made on disk since the
    // file was read (Jupyter's autosave) is never replaced
    QString why;
    bool changed = false;
    const QByteArray replaced = options.overwrite.value_or(doc.raw);
    if (!writeFileIfUnchanged(doc.path, replaced, bytes, &why, &changed))
        return fail(changed ? why : QStringLiteral("cannot write: %1").arg(why));
    QFile readBack(doc.path);
    const QByteArray back = readBack.open(QIODevice::ReadOnly) ? readBack.readAll() : QByteArray();
    if (back != bytes) {
        readBack.close();
        QString ignored;
        writeFileIfUnchanged(doc.path, back, replaced, &ignored);
        return fail(QStringLiteral("the file did not read back as written; the original was restored"));
    }
    if (written)
        *written = true;
    return true;
}

QString backupPath(const QString &root, const QString &file)
{
    const QDir dir(root);
    return dir.filePath(QStringLiteral(".kmw/backup/") + dir.relativeFilePath(file));
}

} // namespace kmw
