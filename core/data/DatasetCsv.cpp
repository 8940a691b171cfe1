// CSV / CSV.GZ data for smoke runs (see Dataset.h): ',' else ';' else tab; last column
// the target; leading lines that are not all numbers skipped; parsed with
// std::from_chars, locale-independent. gzip data (several members allowed) is inflated
// with zlib.

#include "DatasetInternal.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <vector>

namespace kmw::datasetdetail {

// ---------------------------------------------------------------------------------------
// gzip
// ---------------------------------------------------------------------------------------

bool isGzip(const QByteArray &bytes)
{
    return bytes.size() >= 2 && quint8(bytes[0]) == 0x1f && quint8(bytes[1]) == 0x8b;
}

namespace {

/// Inflates gzip data (several concatenated members allowed). Truncated or corrupt
/// streams give an error naming `path`.
bool gunzip(const QByteArray &in, const QString &path, QByteArray *out, QString *error)
{
    std::string buffer;
    buffer.reserve(size_t(in.size()) * 4);
    z_stream zs;
    std::memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        setError(error, QStringLiteral("%1: cannot initialise zlib").arg(path));
        return false;
    }
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    qint64 remaining = in.size();
    const uInt chunkIn = 1u << 30;
    zs.avail_in = uInt(std::min<qint64>(remaining, chunkIn));
    remaining -= zs.avail_in;
    char chunk[1 << 16];
    bool ended = false;
    for (;;) {
        zs.next_out = reinterpret_cast<Bytef *>(chunk);
        zs.avail_out = sizeof chunk;
        const int rc = inflate(&zs, Z_NO_FLUSH);
        buffer.append(chunk, sizeof chunk - zs.avail_out);
        if (zs.avail_in == 0 && remaining > 0) {
            zs.avail_in = uInt(std::min<qint64>(remaining, chunkIn));
            remaining -= zs.avail_in;
        }
        if (rc == Z_STREAM_END) {
            ended = true;
            // Another gzip member may follow (`cat a.gz b.gz`); trailing zero padding is
            // ignored as gzip(1) does.
            if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
                inflateReset(&zs);
                ended = false;
                continue;
            }
            break;
        }
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0)
            break; // input exhausted before the end of the stream: truncated
        const QString why = zs.msg ? QString::fromLatin1(zs.msg) : QStringLiteral("zlib error %1").arg(rc);
        inflateEnd(&zs);
        setError(error, QStringLiteral("%1: corrupt gzip data: %2").arg(path, why));
        return false;
    }
    inflateEnd(&zs);
    if (!ended) {
        setError(error, QStringLiteral("%1: truncated gzip data (the stream ends early after %2 bytes)")
                            .arg(path).arg(buffer.size()));
        return false;
    }
    *out = QByteArray(buffer.data(), qsizetype(buffer.size()));
    return true;
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/// Parses one cell as a number (surrounding blanks and double quotes allowed).
inline bool parseNumber(const char *b, const char *e, double *value)
{
    while (b < e && isSpace(*b))
        ++b;
    while (e > b && isSpace(e[-1]))
        --e;
    if (e - b >= 2 && *b == '"' && e[-1] == '"') {
        ++b;
        --e;
        while (b < e && isSpace(*b))
            ++b;
        while (e > b && isSpace(e[-1]))
            --e;
    }
    if (b < e && *b == '+')
        ++b;
    if (b == e)
        return false;
    const auto res = std::from_chars(b, e, *value);
    return res.ec == std::errc() && res.ptr == e;
}

QString cellText(const char *b, const char *e)
{
    while (b < e && isSpace(*b))
        ++b;
    while (e > b && isSpace(e[-1]))
        --e;
    QString text = QString::fromUtf8(b, qsizetype(std::min<qint64>(e - b, 60)));
    if (e - b > 60)
        text += QStringLiteral("…");
    return text;
}

char detectDelimiter(const char *data, qint64 size)
{
    const qint64 probe = std::min<qint64>(size, 1 << 16);
    const char *end = data + probe;
    if (std::find(data, end, ',') != end)
        return ',';
    if (std::find(data, end, ';') != end)
        return ';';
    if (std::find(data, end, '\t') != end)
        return '\t';
    return ',';
}

/// Parses CSV text: the last column is the target, leading lines that are not all
/// numbers are skipped, blank lines are skipped.
bool parseCsv(const QByteArray &text, const QString &path, Dataset &ds, QString *error)
{
    const char *data = text.constData();
    const qint64 size = text.size();
    const qint64 bom = text.startsWith("\xEF\xBB\xBF") ? 3 : 0; // UTF-8 byte order mark
    {
        qint64 i = bom;
        while (i < size && (isSpace(data[i]) || data[i] == '\n'))
            ++i;
        if (i == size) {
            setError(error, QStringLiteral("%1: the file is empty").arg(path));
            return false;
        }
    }
    const char delimiter = detectDelimiter(data, size);

    QVector<float> features;
    QVector<float> targets;
    features.reserve(qsizetype(std::min<qint64>(size / 4, qint64(1) << 28)));
    std::vector<double> row;
    qint64 columns = 0;        // set by the first data line
    qint64 rows = 0;
    qint64 skipped = 0;
    qint64 firstDataLine = 0;
    qint64 lineNo = 0;
    const char *p = data + bom;
    const char *end = data + size;
    while (p < end) {
        ++lineNo;
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const char *lineEnd = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        const char *q = p;
        while (q < lineEnd && isSpace(*q))
            ++q;
        if (q == lineEnd) { // blank line
            p = next;
            continue;
        }
        row.clear();
        bool anyNumber = false;
        qint64 badColumn = 0;           // first cell that is not a number (1-based)
        const char *badBegin = nullptr, *badEnd = nullptr;
        const char *cell = p;
        qint64 column = 0;
        for (;;) {
            const char *cellEnd = static_cast<const char *>(
                std::memchr(cell, delimiter, size_t(lineEnd - cell)));
            if (!cellEnd)
                cellEnd = lineEnd;
            ++column;
            double v = 0;
            if (parseNumber(cell, cellEnd, &v)) {
                row.push_back(v);
                anyNumber = true;
            } else {
                if (badColumn == 0) {
                    badColumn = column;
                    badBegin = cell;
                    badEnd = cellEnd;
                }
                row.push_back(0);
            }
            if (cellEnd == lineEnd)
                break;
            cell = cellEnd + 1;
        }
        if (columns > 0 && badColumn > 0 && rows == 1 && !anyNumber) {
            // A lone count line before a header ("506,13" then the column names) is not
            // data: both lines are skipped.
            features.resize(features.size() - qsizetype(columns - 1));
            targets.removeLast();
            rows = 0;
            columns = 0;
            skipped += 2;
            p = next;
            continue;
        }
        if (columns > 0 && badColumn > 0) {
            setError(error, QStringLiteral("%1:%2: column %3 is not a number: '%4'")
                                .arg(path).arg(lineNo).arg(badColumn)
                                .arg(cellText(badBegin, badEnd)));
            return false;
        }
        if (columns == 0) {
            if (badColumn > 0) {
                ++skipped;
                p = next;
                continue;
            }
            columns = qint64(row.size());
            firstDataLine = lineNo;
            if (columns < 2) {
                setError(error, QStringLiteral("%1:%2: one column only; a data file needs feature "
                                               "columns and a target column (the last)")
                                    .arg(path).arg(lineNo));
                return false;
            }
        } else if (qint64(row.size()) != columns) {
            setError(error, QStringLiteral("%1:%2: %3 columns, expected %4 (as on line %5)")
                                .arg(path).arg(lineNo).arg(row.size()).arg(columns).arg(firstDataLine));
            return false;
        }
        for (qint64 c = 0; c + 1 < columns; ++c)
            features.append(float(row[size_t(c)]));
        targets.append(float(row[size_t(columns - 1)]));
        ++rows;
        p = next;
    }
    if (rows == 0) {
        setError(error, QStringLiteral("%1: no rows of numbers (%2 lines that are not all numbers)")
                            .arg(path).arg(skipped));
        return false;
    }
    ds.rows = rows;
    ds.featureShape = TensorShape{columns - 1};
    ds.features = std::move(features);
    if (skipped > 0)
        ds.notes << QStringLiteral("skipped %1 leading line%2 that %3 not all numbers")
                        .arg(skipped).arg(skipped == 1 ? QString() : QStringLiteral("s"))
                        .arg(skipped == 1 ? QStringLiteral("is") : QStringLiteral("are"));
    const QString delimiterName = delimiter == ',' ? QStringLiteral("commas")
        : delimiter == ';' ? QStringLiteral("semicolons") : QStringLiteral("tabs");
    ds.notes << QStringLiteral("%1 rows x %2 feature columns (separated by %3); the last column is the target")
                    .arg(rows).arg(columns - 1).arg(delimiterName);
    interpretTargets(targets, rows, 1, ds);
    ds.targets = std::move(targets);
    return true;
}

} // namespace

bool loadCsvFile(const QString &path, Dataset &ds, QString *error)
{
    QByteArray bytes;
    if (!readFile(path, &bytes, error))
        return false;
    if (bytes.isEmpty()) {
        setError(error, QStringLiteral("%1: the file is empty").arg(path));
        return false;
    }
    if (isGzip(bytes)) {
        QByteArray text;
        if (!gunzip(bytes, path, &text, error))
            return false;
        bytes = std::move(text);
        ds.notes << QStringLiteral("gzip-compressed");
    } else if (path.endsWith(QLatin1String(".gz"), Qt::CaseInsensitive)) {
        setError(error, QStringLiteral("%1: not gzip data (no gzip signature)").arg(path));
        return false;
    }
    return parseCsv(bytes, path, ds, error);
}

} // namespace kmw::datasetdetail
