#include "DocumentReader.h"

#include "NotebookSpans.h"
#include "SourceRange.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <nlohmann/json.hpp>

namespace kmw {
namespace {

bool fail(InputError *error, const QString &path, const QString &message, int line = 0,
          int column = 0)
{
    if (error)
        *error = InputError{path, line, column, message};
    return false;
}

bool isValidUtf8(const QByteArray &bytes, qsizetype *badOffset)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (!decoder.hasError())
        return true;
    // Find the first offending byte for the message.
    qsizetype lo = 0, hi = bytes.size();
    while (hi - lo > 1) {
        const qsizetype mid = (lo + hi) / 2;
        QStringDecoder d(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        (void)d.decode(bytes.left(mid));
        if (d.hasError())
            hi = mid;
        else
            lo = mid;
    }
    *badOffset = lo;
    return false;
}

/// A string or a list of strings (nbformat's multiline strings), joined.
QString multiline(const nlohmann::json &value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    QString out;
    if (value.is_array())
        for (const auto &part : value)
            if (part.is_string())
                out += QString::fromStdString(part.get<std::string>());
    return out;
}

/// `o[key]` if it is a string, else empty: outputs are only shown, so a malformed one
/// shows less, it never stops the file from being read.
QString stringAt(const nlohmann::json &o, const char *key)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

CellOutput readOutput(const nlohmann::json &o)
{
    CellOutput out;
    out.type = stringAt(o, "output_type");
    if (const auto text = o.find("text"); text != o.end())
        out.text = multiline(*text);
    if (const auto data = o.find("data"); data != o.end() && data->is_object()) {
        if (const auto plain = data->find("text/plain"); plain != data->end())
            out.text = multiline(*plain);
        if (const auto png = data->find("image/png"); png != data->end())
            out.png = QByteArray::fromBase64(multiline(*png).toLatin1());
    }
    if (out.type == QLatin1String("error"))
        out.text = QStringLiteral("%1: %2").arg(stringAt(o, "ename"), stringAt(o, "evalue"));
    out.text.truncate(10000);
    return out;
}

} // namespace

QString cellOutputText(const Document &document, int cell)
{
    if (cell < 0 || cell >= document.cells.size())
        return QString();
    const Cell &c = document.cells[cell];
    if (c.outputsBegin < 0 || c.outputsEnd <= c.outputsBegin || c.outputsEnd > document.raw.size())
        return QString();
    const QByteArray span = document.raw.mid(c.outputsBegin, c.outputsEnd - c.outputsBegin);
    const nlohmann::json outputs = nlohmann::json::parse(span.cbegin(), span.cend(), nullptr, false);
    QString text;
    if (!outputs.is_array())
        return text;
    for (const nlohmann::json &o : outputs) {
        if (!o.is_object())
            continue;
        if (const auto it = o.find("text"); it != o.end())
            text += multiline(*it);
        else if (const auto data = o.find("data"); data != o.end() && data->is_object())
            if (const auto plain = data->find("text/plain"); plain != data->end())
                text += multiline(*plain);
        text += QLatin1Char('\n');
    }
    return text;
}

bool parseScript(const QByteArray &bytes, const QString &path, Document *out, InputError *error)
{
    Document doc;
    doc.path = path;
    doc.kind = DocumentKind::Script;
    doc.raw = bytes;
    QByteArray text = bytes;
    if (text.startsWith("\xEF\xBB\xBF")) {
        doc.bom = text.left(3);
        text.remove(0, 3);
    }
    if (const qsizetype nul = text.indexOf('\0'); nul >= 0) {
        int line, column;
        lineColumnAt(text, nul, &line, &column);
        return fail(error, path, QStringLiteral("null byte in a Python file (binary data?)"), line,
                    column);
    }
    qsizetype bad = 0;
    if (!isValidUtf8(text, &bad)) {
        int line, column;
        lineColumnAt(text, bad, &line, &column);
        return fail(error, path, QStringLiteral("invalid UTF-8; save the file as UTF-8"), line,
                    column);
    }
    Cell cell;
    cell.type = CellType::Code;
    cell.source = text;
    doc.cells.append(cell);
    *out = std::move(doc);
    return true;
}

bool parseText(const QByteArray &bytes, const QString &path, Document *out, InputError *error)
{
    if (!parseScript(bytes, path, out, error))
        return false;
    out->kind = DocumentKind::Text;
    out->cells[0].type = CellType::Raw;
    return true;
}

bool parseDocumentBytes(const QByteArray &bytes, const QString &path, DocumentKind kind, Document *out,
                        InputError *error)
{
    switch (kind) {
    case DocumentKind::Notebook: return parseNotebook(bytes, path, out, error);
    case DocumentKind::Text: return parseText(bytes, path, out, error);
    case DocumentKind::Script: break;
    }
    return parseScript(bytes, path, out, error);
}

bool isPythonPath(const QString &path)
{
    return path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".ipynb"), Qt::CaseInsensitive);
}

bool parseNotebook(const QByteArray &bytes, const QString &path, Document *out, InputError *error)
{
    using nlohmann::json;
    if (bytes.trimmed().isEmpty())
        return fail(error, path, QStringLiteral("empty file: not a notebook"), 1, 1);

    json root;
    try {
        root = json::parse(bytes.constBegin(), bytes.constEnd());
    } catch (const json::parse_error &e) {
        int line, column;
        const qsizetype at = e.byte > 0 ? qsizetype(e.byte) - 1 : 0;
        lineColumnAt(bytes, at, &line, &column);
        QString what = QString::fromUtf8(e.what());
        if (const int colon = what.lastIndexOf(QLatin1String(": ")); colon >= 0)
            what = what.mid(colon + 2);
        return fail(error, path, QStringLiteral("not valid JSON: %1").arg(what), line, column);
    } catch (const std::exception &e) {
        return fail(error, path, QStringLiteral("not valid JSON: %1").arg(QString::fromUtf8(e.what())));
    }

    if (!root.is_object())
        return fail(error, path, QStringLiteral("not a notebook: the top level is not a JSON object"));
    const auto nbf = root.find("nbformat");
    if (nbf == root.end() || !nbf->is_number_integer())
        return fail(error, path, QStringLiteral("not a notebook: no integer \"nbformat\" key"));
    const int major = nbf->get<int>();
    if (major < 4)
        return fail(error, path,
                    QStringLiteral("nbformat %1 notebook: convert it first with "
                                   "`jupyter nbconvert --to notebook --nbformat 4`")
                        .arg(major));
    if (major > 4)
        return fail(error, path, QStringLiteral("nbformat %1 is not supported (only 4.x)").arg(major));
    JsonSpan cellsValue;
    const QVector<CellSourceSpan> spans = locateCellSources(bytes, &cellsValue);
    const auto at = [&](qsizetype offset) {
        int line = 0, column = 0;
        if (offset >= 0)
            lineColumnAt(bytes, offset, &line, &column);
        return std::pair{line, column};
    };
    const auto cellsIt = root.find("cells");
    if (cellsIt == root.end() || !cellsIt->is_array()) {
        const auto [line, column] = at(cellsValue.begin);
        return fail(error, path, QStringLiteral("not a notebook: \"cells\" is missing or not a list"), line, column);
    }

    if (spans.size() != qsizetype(cellsIt->size()))
        return fail(error, path, QStringLiteral("could not locate the cells in the file"));

    Document doc;
    doc.path = path;
    doc.kind = DocumentKind::Notebook;
    doc.raw = bytes;
    doc.nbformat = major;
    if (const auto minor = root.find("nbformat_minor"); minor != root.end() && minor->is_number_integer())
        doc.nbformatMinor = minor->get<int>();

    const auto failAt = [&](std::pair<int, int> where, const QString &message) {
        return fail(error, path, message, where.first, where.second);
    };
    int index = 0;
    for (const json &c : *cellsIt) {
        const CellSourceSpan &span = spans[index];
        // line:column are computed only for an error (each costs a pass over the file)
        const auto cellAt = [&] { return at(span.cellBegin); };
        if (!c.is_object())
            return failAt(cellAt(), QStringLiteral("cell %1 is not an object").arg(index));
        const auto type = c.find("cell_type");
        if (type == c.end() || !type->is_string())
            return failAt(cellAt(), QStringLiteral("cell %1 has no \"cell_type\" string").arg(index));
        Cell cell;
        const std::string t = type->get<std::string>();
        if (t == "code")
            cell.type = CellType::Code;
        else if (t == "markdown")
            cell.type = CellType::Markdown;
        else if (t == "raw")
            cell.type = CellType::Raw;
        else
            return failAt(cellAt(), QStringLiteral("cell %1 has unknown cell_type \"%2\"")
                                         .arg(index).arg(QString::fromStdString(t)));
        const auto src = c.find("source");
        const auto sourceAt = [&] { return at(span.begin); };
        if (src == c.end() || span.begin < 0)
            return failAt(cellAt(), QStringLiteral("cell %1 has no \"source\"").arg(index));
        if (src->is_string()) {
            cell.source = QByteArray::fromStdString(src->get<std::string>());
        } else if (src->is_array()) {
            for (const json &part : *src) {
                if (!part.is_string())
                    return failAt(sourceAt(),
                                QStringLiteral("cell %1: \"source\" list holds a non-string").arg(index));
                cell.source += QByteArray::fromStdString(part.get<std::string>());
            }
        } else {
            return failAt(sourceAt(),
                        QStringLiteral("cell %1: \"source\" must be a string or a list of strings")
                            .arg(index));
        }
        cell.sourceBegin = span.begin;
        cell.sourceEnd = span.end;
        cell.sourceKeyPos = span.keyPos;
        cell.outputsBegin = span.outputs.begin;
        cell.outputsEnd = span.outputs.end;
        cell.executionCountBegin = span.executionCount.begin;
        cell.executionCountEnd = span.executionCount.end;
        if (cell.type == CellType::Code) {
            const auto metadata = c.find("metadata");
            cell.form = metadata != c.end() && metadata->is_object() && metadata->value("cellView", json()) == "form";
            const auto outputs = c.find("outputs");
            const auto count = c.find("execution_count");
            cell.hasOutputs = (outputs != c.end() && outputs->is_array() && !outputs->empty()) ||
                              (count != c.end() && !count->is_null());
            if (outputs != c.end() && outputs->is_array())
                for (const json &o : *outputs)
                    if (o.is_object())
                        cell.outputs.append(readOutput(o));
        }
        doc.cells.append(cell);
        ++index;
    }
    *out = std::move(doc);
    return true;
}

bool readDocument(const QString &path, Document *out, InputError *error)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fail(error, path, QStringLiteral("no such file"));
    if (info.isDir())
        return fail(error, path, QStringLiteral("is a directory, not a file"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(error, path, QStringLiteral("cannot read: %1").arg(file.errorString()));
    const QByteArray bytes = file.readAll();
    if (path.endsWith(QLatin1String(".ipynb"), Qt::CaseInsensitive))
        return parseNotebook(bytes, info.absoluteFilePath(), out, error);
    if (!isPythonPath(path))
        return parseText(bytes, info.absoluteFilePath(), out, error);
    return parseScript(bytes, info.absoluteFilePath(), out, error);
}

} // namespace kmw
