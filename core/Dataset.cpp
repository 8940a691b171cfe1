// Data loaders for smoke runs (see Dataset.h for the contract).
//
// Formats: CSV / CSV.GZ (',' else ';' else tab; last column the target; leading lines
// that are not all numbers skipped; parsed with std::from_chars, locale-independent),
// .npy 1.0/2.0/3.0 (float16/32/64, int8-64, uint8-64, bool, either byte order, Fortran
// order transposed to C order), .npz (zip, stored or deflated, zip64 extras, CRC-32
// checked). Every error names the file (and the line for CSV); the output Dataset is
// only assigned once everything has been read.

#include "Dataset.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSysInfo>

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace kmw {

qint64 Dataset::featureSize() const
{
    qint64 n = 1;
    for (qint64 d : featureShape)
        n *= d;
    return n;
}

namespace {

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString shapeText(const std::vector<qint64> &shape)
{
    QStringList parts;
    for (qint64 d : shape)
        parts << QString::number(d);
    if (shape.size() == 1)
        return QLatin1Char('(') + parts.first() + QStringLiteral(",)");
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString shapeText(const TensorShape &shape)
{
    return shapeText(std::vector<qint64>(shape.begin(), shape.end()));
}

/// Reads a whole file; false with "path: reason" when it is missing or unreadable.
bool readFile(const QString &path, QByteArray *bytes, QString *error)
{
    QFileInfo info(path);
    if (!info.exists()) {
        setError(error, QStringLiteral("%1: no such file").arg(path));
        return false;
    }
    if (info.isDir()) {
        setError(error, QStringLiteral("%1: is a folder, not a data file").arg(path));
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("%1: cannot open: %2").arg(path, file.errorString()));
        return false;
    }
    *bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        setError(error, QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

bool isGzip(const QByteArray &bytes)
{
    return bytes.size() >= 2 && quint8(bytes[0]) == 0x1f && quint8(bytes[1]) == 0x8b;
}

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
// Targets: class ids or regression values
// ---------------------------------------------------------------------------------------

/// Decides whether `n` x `width` targets are class ids. Width 1: all integral, >= 0 and
/// max < 1000 -> class ids (numClasses = max + 1). Width K > 1: one-hot rows become class
/// ids with K classes, anything else stays regression with width K.
void interpretTargets(QVector<float> &targets, qint64 n, qint64 width, Dataset &ds)
{
    if (width <= 1) {
        bool integral = n > 0;
        float maxValue = 0;
        for (qint64 i = 0; i < n && integral; ++i) {
            const float v = targets[i];
            if (!(v >= 0) || v >= 1000 || v != std::floor(v))
                integral = false;
            else
                maxValue = std::max(maxValue, v);
        }
        ds.targetWidth = 1;
        if (integral) {
            ds.numClasses = int(maxValue) + 1;
            ds.notes << QStringLiteral("targets: class ids, %1 classes").arg(ds.numClasses);
        } else {
            ds.numClasses = 0;
            ds.notes << QStringLiteral("targets: regression (1 value per row)");
        }
        return;
    }
    bool oneHot = n > 0;
    for (qint64 i = 0; i < n && oneHot; ++i) {
        int ones = 0;
        for (qint64 k = 0; k < width; ++k) {
            const float v = targets[i * width + k];
            if (v == 1)
                ++ones;
            else if (v != 0) {
                oneHot = false;
                break;
            }
        }
        if (ones != 1)
            oneHot = false;
    }
    if (oneHot && width <= std::numeric_limits<int>::max()) {
        QVector<float> ids(n);
        for (qint64 i = 0; i < n; ++i) {
            const float *row = targets.constData() + i * width;
            ids[i] = float(std::find(row, row + width, 1.0f) - row);
        }
        targets = std::move(ids);
        ds.targetWidth = 1;
        ds.numClasses = int(width);
        ds.notes << QStringLiteral("targets: one-hot rows converted to class ids, %1 classes").arg(width);
        return;
    }
    ds.targetWidth = int(width);
    ds.numClasses = 0;
    ds.notes << QStringLiteral("targets: regression (%1 values per row)").arg(width);
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

inline bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

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
    {
        qint64 i = 0;
        if (size >= 3 && quint8(data[0]) == 0xef && quint8(data[1]) == 0xbb && quint8(data[2]) == 0xbf)
            i = 3; // UTF-8 byte order mark
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
    const char *p = data;
    const char *end = data + size;
    if (size >= 3 && quint8(data[0]) == 0xef && quint8(data[1]) == 0xbb && quint8(data[2]) == 0xbf)
        p += 3;
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

// ---------------------------------------------------------------------------------------
// .npy
// ---------------------------------------------------------------------------------------

struct NpyArray {
    std::vector<qint64> shape;
    QVector<float> data;   ///< C order
    QString descr;
    bool fortranOrder = false;
};

/// A tiny reader for the Python literal numpy writes as the .npy header:
/// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
class HeaderParser {
public:
    HeaderParser(const char *b, const char *e) : p(b), end(e) {}

    struct Value {
        enum Kind { String, Bool, Tuple, Other } kind = Other;
        QString text;
        bool flag = false;
        std::vector<qint64> ints;
    };

    bool parse(QString *descr, bool *fortran, std::vector<qint64> *shape, QString *why)
    {
        bool haveDescr = false, haveFortran = false, haveShape = false;
        skip();
        if (!eat('{'))
            return fail(why, QStringLiteral("the header is not a dict"));
        for (;;) {
            skip();
            if (eat('}'))
                break;
            QString key;
            if (!string(&key))
                return fail(why, QStringLiteral("expected a quoted key in the header"));
            skip();
            if (!eat(':'))
                return fail(why, QStringLiteral("expected ':' after '%1' in the header").arg(key));
            Value v;
            if (!value(&v))
                return fail(why, QStringLiteral("cannot read the value of '%1' in the header").arg(key));
            if (key == QLatin1String("descr")) {
                if (v.kind != Value::String)
                    return fail(why, QStringLiteral("structured dtypes (records) are not supported"));
                *descr = v.text;
                haveDescr = true;
            } else if (key == QLatin1String("fortran_order")) {
                if (v.kind != Value::Bool)
                    return fail(why, QStringLiteral("'fortran_order' is not True or False"));
                *fortran = v.flag;
                haveFortran = true;
            } else if (key == QLatin1String("shape")) {
                if (v.kind != Value::Tuple)
                    return fail(why, QStringLiteral("'shape' is not a tuple of integers"));
                *shape = v.ints;
                haveShape = true;
            }
            skip();
            if (eat(','))
                continue;
            skip();
            if (eat('}'))
                break;
            return fail(why, QStringLiteral("expected ',' or '}' in the header"));
        }
        if (!haveDescr || !haveFortran || !haveShape)
            return fail(why, QStringLiteral("the header lacks %1").arg(
                                 !haveDescr ? QStringLiteral("'descr'")
                                 : !haveFortran ? QStringLiteral("'fortran_order'")
                                                : QStringLiteral("'shape'")));
        return true;
    }

private:
    const char *p;
    const char *end;

    static bool fail(QString *why, const QString &message)
    {
        *why = message;
        return false;
    }
    void skip()
    {
        while (p < end && (isSpace(*p) || *p == '\n'))
            ++p;
    }
    bool eat(char c)
    {
        if (p < end && *p == c) {
            ++p;
            return true;
        }
        return false;
    }
    bool string(QString *out)
    {
        if (p >= end || (*p != '\'' && *p != '"'))
            return false;
        const char quote = *p++;
        const char *start = p;
        while (p < end && *p != quote)
            ++p;
        if (p >= end)
            return false;
        *out = QString::fromLatin1(start, qsizetype(p - start));
        ++p;
        return true;
    }
    bool integer(qint64 *out)
    {
        const char *start = p;
        while (p < end && *p >= '0' && *p <= '9')
            ++p;
        if (p == start || p - start > 15)
            return false;
        std::from_chars(start, p, *out);
        if (p < end && (*p == 'L' || *p == 'l'))
            ++p; // Python 2 longs
        return true;
    }
    bool value(Value *v)
    {
        skip();
        if (p >= end)
            return false;
        if (*p == '\'' || *p == '"') {
            v->kind = Value::String;
            return string(&v->text);
        }
        if (end - p >= 4 && std::memcmp(p, "True", 4) == 0) {
            p += 4;
            v->kind = Value::Bool;
            v->flag = true;
            return true;
        }
        if (end - p >= 5 && std::memcmp(p, "False", 5) == 0) {
            p += 5;
            v->kind = Value::Bool;
            v->flag = false;
            return true;
        }
        if (*p == '(') {
            ++p;
            v->kind = Value::Tuple;
            for (;;) {
                skip();
                if (eat(')'))
                    return true;
                qint64 n = 0;
                if (!integer(&n))
                    return false;
                v->ints.push_back(n);
                skip();
                if (eat(','))
                    continue;
                skip();
                if (eat(')'))
                    return true;
                return false;
            }
        }
        if (*p == '[' || *p == '{') {
            // A list or dict (structured dtype): skip it with bracket matching.
            v->kind = Value::Other;
            int depth = 0;
            while (p < end) {
                const char c = *p;
                if (c == '\'' || c == '"') {
                    QString ignored;
                    if (!string(&ignored))
                        return false;
                    continue;
                }
                if (c == '[' || c == '{' || c == '(')
                    ++depth;
                else if (c == ']' || c == '}' || c == ')') {
                    if (--depth == 0) {
                        ++p;
                        return true;
                    }
                }
                ++p;
            }
            return false;
        }
        return false;
    }
};

template <typename T>
inline T loadSwapped(const char *src, bool swap)
{
    unsigned char buf[sizeof(T)];
    std::memcpy(buf, src, sizeof(T));
    if (swap)
        std::reverse(buf, buf + sizeof(T));
    T value;
    std::memcpy(&value, buf, sizeof(T));
    return value;
}

float halfToFloat(quint16 h)
{
    const quint32 sign = quint32(h & 0x8000) << 16;
    const int exponent = (h >> 10) & 0x1f;
    quint32 mantissa = h & 0x3ff;
    quint32 bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else { // subnormal
            int e = -1;
            do {
                ++e;
                mantissa <<= 1;
            } while ((mantissa & 0x400) == 0);
            bits = sign | (quint32(127 - 15 - e) << 23) | ((mantissa & 0x3ff) << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | (quint32(exponent - 15 + 127) << 23) | (mantissa << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

template <typename T>
void convertAll(const char *src, qint64 count, bool swap, float *dst)
{
    for (qint64 i = 0; i < count; ++i)
        dst[i] = float(loadSwapped<T>(src + i * qint64(sizeof(T)), swap));
}

/// Parses a .npy image (format 1.0, 2.0 or 3.0). `where` names it in messages.
bool parseNpy(const char *bytes, qint64 size, const QString &where, NpyArray *out, QString *error)
{
    static const char magic[] = "\x93NUMPY";
    if (size == 0) {
        setError(error, QStringLiteral("%1: the file is empty").arg(where));
        return false;
    }
    if (size < 10 || std::memcmp(bytes, magic, 6) != 0) {
        setError(error, QStringLiteral("%1: not a .npy array (no \\x93NUMPY signature)").arg(where));
        return false;
    }
    const int major = quint8(bytes[6]);
    const int minor = quint8(bytes[7]);
    qint64 headerLength = 0;
    qint64 headerStart = 0;
    if (major == 1) {
        headerLength = quint8(bytes[8]) | (quint8(bytes[9]) << 8);
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12) {
            setError(error, QStringLiteral("%1: truncated .npy header").arg(where));
            return false;
        }
        headerLength = qint64(quint8(bytes[8])) | (qint64(quint8(bytes[9])) << 8)
            | (qint64(quint8(bytes[10])) << 16) | (qint64(quint8(bytes[11])) << 24);
        headerStart = 12;
    } else {
        setError(error, QStringLiteral("%1: unsupported .npy format version %2.%3 (1.0, 2.0 and 3.0 are read)")
                            .arg(where).arg(major).arg(minor));
        return false;
    }
    const qint64 maxHeader = 1 << 20;
    if (headerLength > maxHeader) {
        setError(error, QStringLiteral("%1: .npy header too long (%2 bytes; at most %3 are read)")
                            .arg(where).arg(headerLength).arg(maxHeader));
        return false;
    }
    if (headerStart + headerLength > size) {
        setError(error, QStringLiteral("%1: .npy header of %2 bytes runs past the end of the file (%3 bytes)")
                            .arg(where).arg(headerLength).arg(size));
        return false;
    }
    QString descr;
    bool fortran = false;
    std::vector<qint64> shape;
    QString why;
    HeaderParser parser(bytes + headerStart, bytes + headerStart + headerLength);
    if (!parser.parse(&descr, &fortran, &shape, &why)) {
        setError(error, QStringLiteral("%1: bad .npy header: %2").arg(where, why));
        return false;
    }

    // dtype: byte order, kind, item size.
    QString d = descr;
    char order = '=';
    if (!d.isEmpty() && (d[0] == QLatin1Char('<') || d[0] == QLatin1Char('>') || d[0] == QLatin1Char('|')
                         || d[0] == QLatin1Char('='))) {
        order = d[0].toLatin1();
        d.remove(0, 1);
    }
    const char kind = d.isEmpty() ? '?' : d[0].toLatin1();
    bool sizeOk = false;
    const int itemSize = d.mid(1).toInt(&sizeOk);
    const bool supported = sizeOk
        && ((kind == 'f' && (itemSize == 2 || itemSize == 4 || itemSize == 8))
            || ((kind == 'i' || kind == 'u') && (itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8))
            || (kind == 'b' && itemSize == 1));
    if (!supported) {
        setError(error, QStringLiteral("%1: unsupported dtype '%2' (float16/32/64, int8-64, uint8-64 and "
                                       "bool are read)").arg(where, descr));
        return false;
    }
    const bool littleHost = QSysInfo::ByteOrder == QSysInfo::LittleEndian;
    const bool swap = itemSize > 1 && ((order == '<' && !littleHost) || (order == '>' && littleHost));

    qint64 count = 1;
    for (qint64 dim : shape) {
        if (dim < 0 || (dim > 0 && count > (qint64(1) << 40) / dim)) {
            setError(error, QStringLiteral("%1: implausible shape %2").arg(where, shapeText(shape)));
            return false;
        }
        count *= dim;
    }
    const qint64 dataStart = headerStart + headerLength;
    const qint64 have = size - dataStart;
    const qint64 need = count * itemSize;
    if (have != need) {
        setError(error, QStringLiteral("%1: shape %2 of '%3' needs %4 data bytes, the file has %5")
                            .arg(where, shapeText(shape), descr).arg(need).arg(have));
        return false;
    }

    QVector<float> values;
    try {
        values.resize(qsizetype(count));
    } catch (const std::bad_alloc &) {
        setError(error, QStringLiteral("%1: not enough memory for %2 values").arg(where).arg(count));
        return false;
    }
    const char *src = bytes + dataStart;
    float *dst = values.data();
    switch (kind) {
    case 'f':
        if (itemSize == 2) {
            for (qint64 i = 0; i < count; ++i)
                dst[i] = halfToFloat(loadSwapped<quint16>(src + 2 * i, swap));
        } else if (itemSize == 4) {
            convertAll<float>(src, count, swap, dst);
        } else {
            convertAll<double>(src, count, swap, dst);
        }
        break;
    case 'i':
        if (itemSize == 1) convertAll<qint8>(src, count, false, dst);
        else if (itemSize == 2) convertAll<qint16>(src, count, swap, dst);
        else if (itemSize == 4) convertAll<qint32>(src, count, swap, dst);
        else convertAll<qint64>(src, count, swap, dst);
        break;
    case 'u':
        if (itemSize == 1) convertAll<quint8>(src, count, false, dst);
        else if (itemSize == 2) convertAll<quint16>(src, count, swap, dst);
        else if (itemSize == 4) convertAll<quint32>(src, count, swap, dst);
        else convertAll<quint64>(src, count, swap, dst);
        break;
    case 'b':
        for (qint64 i = 0; i < count; ++i)
            dst[i] = src[i] ? 1.0f : 0.0f;
        break;
    }

    if (fortran && shape.size() > 1) {
        // Fortran order: the first index varies fastest. Walk the C-order indices with an
        // odometer and pick each value from its Fortran position.
        QVector<float> c(values.size());
        const size_t nd = shape.size();
        std::vector<qint64> fStride(nd), index(nd, 0);
        qint64 s = 1;
        for (size_t k = 0; k < nd; ++k) {
            fStride[k] = s;
            s *= shape[k];
        }
        qint64 offset = 0;
        for (qint64 i = 0; i < count; ++i) {
            c[qsizetype(i)] = values[qsizetype(offset)];
            for (size_t k = nd; k-- > 0;) {
                if (++index[k] < shape[k]) {
                    offset += fStride[k];
                    break;
                }
                offset -= fStride[k] * (shape[k] - 1);
                index[k] = 0;
            }
        }
        values = std::move(c);
    }
    out->shape = shape;
    out->data = std::move(values);
    out->descr = descr;
    out->fortranOrder = fortran;
    return true;
}

bool loadNpyFile(const QString &path, NpyArray *array, QString *error)
{
    QByteArray bytes;
    if (!readFile(path, &bytes, error))
        return false;
    return parseNpy(bytes.constData(), bytes.size(), path, array, error);
}

// ---------------------------------------------------------------------------------------
// .npz (a zip archive of .npy files)
// ---------------------------------------------------------------------------------------

struct ZipEntry {
    QString name;
    quint16 flags = 0;
    quint16 method = 0;
    quint32 crc = 0;
    quint64 compressedSize = 0;
    quint64 size = 0;
    quint64 localOffset = 0;
};

inline quint16 le16(const char *p) { return quint16(quint8(p[0]) | (quint8(p[1]) << 8)); }
inline quint32 le32(const char *p) { return quint32(le16(p)) | (quint32(le16(p + 2)) << 16); }
inline quint64 le64(const char *p) { return quint64(le32(p)) | (quint64(le32(p + 4)) << 32); }

/// Reads the central directory of a zip archive (zip64 included).
bool readZipDirectory(const QByteArray &zip, const QString &path, std::vector<ZipEntry> *entries,
                      QString *error)
{
    const char *d = zip.constData();
    const qint64 size = zip.size();
    auto corrupt = [&](const QString &why) {
        setError(error, QStringLiteral("%1: corrupt .npz (zip) archive: %2").arg(path, why));
        return false;
    };
    if (size == 0) {
        setError(error, QStringLiteral("%1: the file is empty").arg(path));
        return false;
    }
    if (size < 22 || (le32(d) != 0x04034b50u && le32(d) != 0x06054b50u))
        return corrupt(QStringLiteral("no zip signature"));
    qint64 eocd = -1;
    for (qint64 i = size - 22; i >= 0 && i >= size - 22 - 65535; --i) {
        if (le32(d + i) == 0x06054b50u) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0)
        return corrupt(QStringLiteral("no end of central directory (the file may be truncated)"));
    quint64 count = le16(d + eocd + 10);
    quint64 cdSize = le32(d + eocd + 12);
    quint64 cdOffset = le32(d + eocd + 16);
    if (count == 0xffff || cdSize == 0xffffffffu || cdOffset == 0xffffffffu) {
        const qint64 loc = eocd - 20;
        if (loc < 0 || le32(d + loc) != 0x07064b50u)
            return corrupt(QStringLiteral("zip64 locator missing"));
        const quint64 z64 = le64(d + loc + 8);
        if (z64 + 56 > quint64(size) || le32(d + z64) != 0x06064b50u)
            return corrupt(QStringLiteral("zip64 end of central directory missing"));
        count = le64(d + z64 + 32);
        cdSize = le64(d + z64 + 40);
        cdOffset = le64(d + z64 + 48);
    }
    if (cdOffset > quint64(size) || cdSize > quint64(size) - cdOffset)
        return corrupt(QStringLiteral("central directory outside the file"));
    qint64 p = qint64(cdOffset);
    const qint64 cdEnd = qint64(cdOffset + cdSize);
    for (quint64 n = 0; n < count; ++n) {
        if (p + 46 > cdEnd || le32(d + p) != 0x02014b50u)
            return corrupt(QStringLiteral("bad central directory entry %1").arg(n + 1));
        ZipEntry e;
        e.flags = le16(d + p + 8);
        e.method = le16(d + p + 10);
        e.crc = le32(d + p + 16);
        e.compressedSize = le32(d + p + 20);
        e.size = le32(d + p + 24);
        const qint64 nameLength = le16(d + p + 28);
        const qint64 extraLength = le16(d + p + 30);
        const qint64 commentLength = le16(d + p + 32);
        e.localOffset = le32(d + p + 42);
        if (p + 46 + nameLength + extraLength + commentLength > cdEnd)
            return corrupt(QStringLiteral("central directory entry %1 overruns").arg(n + 1));
        e.name = QString::fromUtf8(d + p + 46, qsizetype(nameLength));
        // zip64 extra field: the 64-bit values of the fields that are 0xffffffff.
        const char *x = d + p + 46 + nameLength;
        const char *xEnd = x + extraLength;
        while (x + 4 <= xEnd) {
            const quint16 id = le16(x);
            const quint16 len = le16(x + 2);
            const char *v = x + 4;
            if (v + len > xEnd)
                break;
            if (id == 0x0001) {
                const char *f = v;
                if (e.size == 0xffffffffu && f + 8 <= v + len) { e.size = le64(f); f += 8; }
                if (e.compressedSize == 0xffffffffu && f + 8 <= v + len) { e.compressedSize = le64(f); f += 8; }
                if (e.localOffset == 0xffffffffu && f + 8 <= v + len) { e.localOffset = le64(f); f += 8; }
            }
            x = v + len;
        }
        entries->push_back(e);
        p += 46 + nameLength + extraLength + commentLength;
    }
    return true;
}

/// Extracts one entry (stored or deflated), checking sizes and CRC-32.
bool extractZipEntry(const QByteArray &zip, const ZipEntry &e, const QString &path, QByteArray *out,
                     QString *error)
{
    const char *d = zip.constData();
    const quint64 size = quint64(zip.size());
    auto corrupt = [&](const QString &why) {
        setError(error, QStringLiteral("%1: corrupt .npz (zip) entry '%2': %3").arg(path, e.name, why));
        return false;
    };
    if (e.flags & 1)
        return corrupt(QStringLiteral("encrypted entries are not supported"));
    if (size < 30 || e.localOffset > size - 30 || le32(d + e.localOffset) != 0x04034b50u)
        return corrupt(QStringLiteral("bad local header"));
    const quint64 dataStart = e.localOffset + 30 + le16(d + e.localOffset + 26) + le16(d + e.localOffset + 28);
    if (dataStart > size || e.compressedSize > size - dataStart)
        return corrupt(QStringLiteral("data runs past the end of the file (truncated?)"));
    const char *src = d + dataStart;
    QByteArray data;
    if (e.method == 0) {
        if (e.compressedSize != e.size)
            return corrupt(QStringLiteral("stored entry sizes disagree"));
        data = QByteArray(src, qsizetype(e.size));
    } else if (e.method == 8) {
        // Deflate expands at most ~1032:1; a larger claimed size is corruption, and
        // refusing it avoids a huge allocation.
        if (e.size > e.compressedSize * 1100 + (1 << 20))
            return corrupt(QStringLiteral("implausible uncompressed size %1").arg(e.size));
        try {
            data.resize(qsizetype(e.size));
        } catch (const std::bad_alloc &) {
            return corrupt(QStringLiteral("not enough memory"));
        }
        z_stream zs;
        std::memset(&zs, 0, sizeof zs);
        if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
            return corrupt(QStringLiteral("cannot initialise zlib"));
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(src));
        zs.avail_in = uInt(e.compressedSize);
        zs.next_out = reinterpret_cast<Bytef *>(data.data());
        zs.avail_out = uInt(e.size);
        int rc = inflate(&zs, Z_FINISH);
        if (rc == Z_BUF_ERROR && zs.avail_out == 0 && e.size == 0)
            rc = Z_STREAM_END;
        const QString why = zs.msg ? QString::fromLatin1(zs.msg) : QString();
        const quint64 produced = zs.total_out;
        inflateEnd(&zs);
        if (rc != Z_STREAM_END) {
            return corrupt(rc == Z_DATA_ERROR ? QStringLiteral("bad deflate data: %1").arg(why)
                                              : QStringLiteral("deflate stream ends early or is longer than "
                                                               "the stated size"));
        }
        if (produced != e.size)
            return corrupt(QStringLiteral("inflated to %1 bytes, expected %2").arg(produced).arg(e.size));
    } else {
        return corrupt(QStringLiteral("compression method %1 is not supported (stored and deflate are)")
                           .arg(e.method));
    }
    const quint32 crc = quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(data.constData()),
                                      uInt(data.size())));
    if (crc != e.crc)
        return corrupt(QStringLiteral("CRC-32 mismatch"));
    *out = std::move(data);
    return true;
}

/// Loads the feature and target arrays of an .npz: x/y, X/y, x_train/y_train,
/// X_train/y_train, else the first two arrays (the second may be missing).
bool loadNpz(const QString &path, NpyArray *x, NpyArray *y, bool *haveY, QStringList *notes,
             QString *error)
{
    QByteArray zip;
    if (!readFile(path, &zip, error))
        return false;
    std::vector<ZipEntry> entries;
    if (!readZipDirectory(zip, path, &entries, error))
        return false;
    QStringList names;
    for (const ZipEntry &e : entries) {
        QString n = e.name;
        if (n.endsWith(QLatin1String(".npy")))
            n.chop(4);
        names << n;
    }
    if (entries.empty()) {
        setError(error, QStringLiteral("%1: the .npz archive holds no arrays").arg(path));
        return false;
    }
    int xi = -1, yi = -1;
    static const char *const pairs[][2] = {
        {"x", "y"}, {"X", "y"}, {"x_train", "y_train"}, {"X_train", "y_train"}, {"X", "Y"}};
    for (const auto &pair : pairs) {
        const int a = int(names.indexOf(QLatin1String(pair[0])));
        const int b = int(names.indexOf(QLatin1String(pair[1])));
        if (a >= 0 && b >= 0) {
            xi = a;
            yi = b;
            break;
        }
    }
    if (xi < 0) {
        xi = 0;
        yi = entries.size() > 1 ? 1 : -1;
    }
    QByteArray bytes;
    if (!extractZipEntry(zip, entries[size_t(xi)], path, &bytes, error))
        return false;
    if (!parseNpy(bytes.constData(), bytes.size(), path + QLatin1Char(':') + entries[size_t(xi)].name, x, error))
        return false;
    *haveY = yi >= 0;
    if (yi >= 0) {
        if (!extractZipEntry(zip, entries[size_t(yi)], path, &bytes, error))
            return false;
        if (!parseNpy(bytes.constData(), bytes.size(), path + QLatin1Char(':') + entries[size_t(yi)].name, y,
                      error))
            return false;
        *notes << QStringLiteral("arrays '%1' (features) and '%2' (targets) of %3")
                      .arg(names[xi], names[yi]).arg(names.join(QStringLiteral(", ")));
    } else {
        *notes << QStringLiteral("array '%1' (features), the archive has no second array").arg(names[xi]);
    }
    return true;
}

/// Fills `ds` from a feature array and a target array.
bool fromArrays(NpyArray &x, NpyArray &y, const QString &xWhere, const QString &yWhere, Dataset &ds,
                QString *error)
{
    const qint64 rows = x.shape.empty() ? 1 : x.shape[0];
    if (rows == 0) {
        setError(error, QStringLiteral("%1: no rows (shape %2)").arg(xWhere, shapeText(x.shape)));
        return false;
    }
    TensorShape featureShape;
    for (size_t k = 1; k < x.shape.size(); ++k)
        featureShape << x.shape[k];
    if (featureShape.isEmpty())
        featureShape << 1;
    const qint64 yRows = y.shape.empty() ? 1 : y.shape[0];
    if (yRows != rows) {
        setError(error, QStringLiteral("%1: %2 target rows (shape %3) for %4 feature rows in %5")
                            .arg(yWhere).arg(yRows).arg(shapeText(y.shape)).arg(rows).arg(xWhere));
        return false;
    }
    qint64 width = 1;
    for (size_t k = 1; k < y.shape.size(); ++k)
        width *= y.shape[k];
    if (width == 0) {
        setError(error, QStringLiteral("%1: targets of shape %2 have no values").arg(yWhere, shapeText(y.shape)));
        return false;
    }
    if (width > std::numeric_limits<int>::max()) {
        setError(error, QStringLiteral("%1: targets too wide").arg(yWhere));
        return false;
    }
    ds.rows = rows;
    ds.featureShape = featureShape;
    ds.features = std::move(x.data);
    ds.notes << QStringLiteral("features %1 (%2), targets %3 (%4)")
                    .arg(shapeText(x.shape), x.descr, shapeText(y.shape), y.descr);
    if (x.fortranOrder && x.shape.size() > 1)
        ds.notes << QStringLiteral("features were in Fortran order; transposed to C order");
    if (y.fortranOrder && y.shape.size() > 1)
        ds.notes << QStringLiteral("targets were in Fortran order; transposed to C order");
    interpretTargets(y.data, rows, width, ds);
    ds.targets = std::move(y.data);
    return true;
}

// ---------------------------------------------------------------------------------------
// Synthetic data
// ---------------------------------------------------------------------------------------

/// Portable random numbers on top of std::mt19937_64 (whose output sequence is fixed by
/// the standard, unlike the std distributions).
constexpr double kTwoPi = 6.283185307179586476925;

class Random {
public:
    explicit Random(quint64 seed) : gen(seed) {}
    double uniform() { return double(gen() >> 11) * (1.0 / 9007199254740992.0); } // [0, 1)
    double normal()
    {
        if (haveSpare) {
            haveSpare = false;
            return spare;
        }
        double u1 = uniform();
        while (u1 <= 0)
            u1 = uniform();
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        spare = r * std::sin(kTwoPi * u2);
        haveSpare = true;
        return r * std::cos(kTwoPi * u2);
    }
    /// Uniform in [0, n).
    quint64 below(quint64 n)
    {
        return quint64((static_cast<unsigned __int128>(gen()) * n) >> 64);
    }

private:
    std::mt19937_64 gen;
    double spare = 0;
    bool haveSpare = false;
};

/// Chooses per-class biases so that argmax(scores + bias) gives every class about the
/// same number of rows (an auction: each class in turn sets its bias to win its share
/// given the others, for a few rounds). `scores` is m x c, row-major. The best and
/// second-best class of every row are cached, so a round costs O(m * c).
std::vector<double> balanceBiases(const std::vector<double> &scores, qint64 m, int c)
{
    std::vector<double> bias(size_t(c), 0.0);
    if (m == 0 || c < 2)
        return bias;
    struct Top2 {
        double v1, v2;
        int k1, k2;
    };
    std::vector<Top2> top(static_cast<size_t>(m));
    auto recompute = [&](qint64 i) {
        const double *s = scores.data() + i * c;
        Top2 t{-std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), -1, -1};
        for (int j = 0; j < c; ++j) {
            const double v = s[j] + bias[size_t(j)];
            if (v > t.v1) {
                t.v2 = t.v1;
                t.k2 = t.k1;
                t.v1 = v;
                t.k1 = j;
            } else if (v > t.v2) {
                t.v2 = v;
                t.k2 = j;
            }
        }
        top[size_t(i)] = t;
    };
    for (qint64 i = 0; i < m; ++i)
        recompute(i);
    const qint64 share = std::clamp<qint64>((m + c / 2) / c, 1, m);
    std::vector<double> margin(static_cast<size_t>(m));
    // Class k takes exactly `share` rows given the other biases: its bias goes between
    // the share-th smallest margin and the next.
    auto claim = [&](int k) {
        for (qint64 i = 0; i < m; ++i) {
            const Top2 &t = top[size_t(i)];
            margin[size_t(i)] = (t.k1 == k ? t.v2 : t.v1) - scores[size_t(i * c + k)];
        }
        std::nth_element(margin.begin(), margin.begin() + (share - 1), margin.end());
        const double lo = margin[size_t(share - 1)];
        const double hi = share < m ? *std::min_element(margin.begin() + share, margin.end()) : lo + 1.0;
        bias[size_t(k)] = hi > lo ? 0.5 * (lo + hi) : lo + 1e-12;
        for (qint64 i = 0; i < m; ++i) {
            Top2 &t = top[size_t(i)];
            const double v = scores[size_t(i * c + k)] + bias[size_t(k)];
            if (t.k1 == k || t.k2 == k) {
                recompute(i);
            } else if (v > t.v1) {
                t.v2 = t.v1;
                t.k2 = t.k1;
                t.v1 = v;
                t.k1 = k;
            } else if (v > t.v2) {
                t.v2 = v;
                t.k2 = k;
            }
        }
    };
    std::vector<qint64> counts(static_cast<size_t>(c));
    auto count = [&] {
        std::fill(counts.begin(), counts.end(), 0);
        for (const Top2 &t : top)
            ++counts[size_t(t.k1)];
    };
    // Rounds over all classes until the counts are near the share.
    for (int round = 0; round < 12; ++round) {
        for (int k = 0; k < c; ++k)
            claim(k);
        count();
        const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
        if (*lo * 5 >= share * 4 && *hi * 4 <= share * 5)
            break;
    }
    // Then only the classes left with fewer than half their share (in low dimensions a
    // class can be crowded out), until every class has rows.
    for (int pass = 0; pass < 60; ++pass) {
        bool short_ = false;
        for (int k = 0; k < c; ++k) {
            if (counts[size_t(k)] * 2 < share || counts[size_t(k)] == 0) {
                claim(k);
                count();
                short_ = true;
            }
        }
        if (!short_)
            break;
    }
    return bias;
}

bool makeSynthetic(const DataRequest &request, Dataset &ds, QString *error)
{
    TensorShape shape = request.inputShape;
    if (shape.isEmpty()) {
        shape = TensorShape{16};
        ds.notes << QStringLiteral("no input shape given: 16 features per sample");
    }
    for (qint64 d : shape) {
        if (d <= 0) {
            setError(error, QStringLiteral("synthetic data: input shape %1 has a dimension that is not positive")
                                .arg(shapeText(shape)));
            return false;
        }
    }
    const qint64 rows = request.rows;
    if (rows <= 0) {
        setError(error, QStringLiteral("synthetic data: %1 rows requested").arg(rows));
        return false;
    }
    qint64 width = 1;
    for (qint64 d : shape)
        width *= d;
    if (width > (qint64(1) << 28) / std::max<qint64>(1, rows)) {
        setError(error, QStringLiteral("synthetic data: %1 rows of %2 values is too much (at most 2^28 values)")
                            .arg(rows).arg(width));
        return false;
    }
    if (request.numClasses < 0 || request.numClasses > 100000) {
        setError(error, QStringLiteral("synthetic data: %1 classes requested").arg(request.numClasses));
        return false;
    }
    const bool regression = request.numClasses == 0;
    const bool binary = request.numClasses == 1 || request.numClasses == 2;
    if (regression && (request.targetWidth <= 0 || request.targetWidth > 100000)) {
        setError(error, QStringLiteral("synthetic data: target width %1").arg(request.targetWidth));
        return false;
    }
    const int outputs = regression ? request.targetWidth : binary ? 1 : request.numClasses;
    qint64 vocabulary = request.vocabulary;
    if (request.integerInputs && vocabulary <= 0) {
        vocabulary = 100;
        ds.notes << QStringLiteral("no vocabulary size given: tokens in [0, 100)");
    }

    // Features and teacher come from separate generators, so a teacher does not depend
    // on the number of rows.
    Random featureRandom(request.seed);
    Random teacherRandom(request.seed ^ 0x9e3779b97f4a7c15ull);
    QVector<float> features(qsizetype(rows * width));
    std::vector<double> scores(size_t(rows) * size_t(outputs), 0.0);
    if (request.integerInputs) {
        // Teacher: a random vector per token; a sample's scores are the mean over its
        // tokens (a bag-of-embeddings model can learn it).
        std::vector<double> table(size_t(vocabulary) * size_t(outputs));
        for (double &v : table)
            v = teacherRandom.normal();
        const double scale = 1.0 / std::sqrt(double(width));
        for (qint64 i = 0; i < rows; ++i) {
            double *s = scores.data() + i * outputs;
            for (qint64 j = 0; j < width; ++j) {
                const quint64 token = featureRandom.below(quint64(vocabulary));
                features[qsizetype(i * width + j)] = float(token);
                const double *e = table.data() + token * quint64(outputs);
                for (int k = 0; k < outputs; ++k)
                    s[k] += e[k] * scale;
            }
        }
        ds.notes << QStringLiteral("synthetic token ids in [0, %1); targets from a random per-token teacher")
                        .arg(vocabulary);
    } else {
        for (float &v : features)
            v = float(featureRandom.normal());
        // Teacher: a random linear map, N(0, 1/width) weights, so scores are ~N(0, 1).
        std::vector<double> w(size_t(width) * size_t(outputs));
        const double scale = 1.0 / std::sqrt(double(width));
        for (double &v : w)
            v = teacherRandom.normal() * scale;
        for (qint64 i = 0; i < rows; ++i) {
            const float *x = features.constData() + i * width;
            double *s = scores.data() + i * outputs;
            for (qint64 j = 0; j < width; ++j) {
                const double xj = x[j];
                const double *wj = w.data() + j * outputs;
                for (int k = 0; k < outputs; ++k)
                    s[k] += xj * wj[k];
            }
        }
        ds.notes << QStringLiteral("synthetic N(0, 1) features; targets from a random linear teacher");
    }

    QVector<float> targets;
    if (regression) {
        targets.resize(qsizetype(rows * outputs));
        for (qint64 i = 0; i < rows * outputs; ++i)
            targets[qsizetype(i)] = float(scores[size_t(i)]);
        ds.numClasses = 0;
        ds.targetWidth = outputs;
    } else if (binary) {
        // Sign of the score about its median: balanced 0/1 labels.
        std::vector<double> sorted(scores);
        std::nth_element(sorted.begin(), sorted.begin() + rows / 2, sorted.end());
        const double median = sorted[size_t(rows / 2)];
        targets.resize(qsizetype(rows));
        for (qint64 i = 0; i < rows; ++i)
            targets[qsizetype(i)] = scores[size_t(i)] > median ? 1.0f : 0.0f;
        ds.numClasses = 2;
        ds.targetWidth = 1;
        ds.notes << QStringLiteral("binary 0/1 targets");
    } else {
        // argmax of the teacher's scores plus biases that balance the classes (computed
        // on at most a few thousand rows).
        const qint64 m = std::min<qint64>(rows, std::max<qint64>(2048, qint64(outputs) * 4));
        const std::vector<double> bias = balanceBiases(scores, m, outputs);
        targets.resize(qsizetype(rows));
        for (qint64 i = 0; i < rows; ++i) {
            const double *s = scores.data() + i * outputs;
            int best = 0;
            double bestValue = s[0] + bias[0];
            for (int k = 1; k < outputs; ++k) {
                if (s[k] + bias[size_t(k)] > bestValue) {
                    bestValue = s[k] + bias[size_t(k)];
                    best = k;
                }
            }
            targets[qsizetype(i)] = float(best);
        }
        std::vector<qint64> counts(static_cast<size_t>(outputs), 0);
        for (float t : targets)
            ++counts[size_t(t)];
        if (std::find(counts.begin(), counts.end(), 0) != counts.end()) {
            // Some class still has no rows (few input dimensions, many classes). Bands of
            // a random projection u of the scores are used instead: equal-count
            // intervals of u, each given to a class in random order. That is still an
            // argmax of lines in u with suitable intercepts, so a linear model learns it.
            std::vector<double> r(static_cast<size_t>(outputs));
            for (double &v : r)
                v = teacherRandom.normal();
            std::vector<std::pair<double, qint64>> u(static_cast<size_t>(rows));
            for (qint64 i = 0; i < rows; ++i) {
                double v = 0;
                for (int k = 0; k < outputs; ++k)
                    v += scores[size_t(i * outputs + k)] * r[size_t(k)];
                u[size_t(i)] = {v, i};
            }
            std::sort(u.begin(), u.end());
            std::vector<int> classOf(static_cast<size_t>(outputs));
            for (int k = 0; k < outputs; ++k)
                classOf[size_t(k)] = k;
            for (int k = outputs - 1; k > 0; --k)
                std::swap(classOf[size_t(k)], classOf[size_t(teacherRandom.below(quint64(k) + 1))]);
            for (qint64 rank = 0; rank < rows; ++rank)
                targets[qsizetype(u[size_t(rank)].second)] = float(classOf[size_t(rank * outputs / rows)]);
            ds.notes << QStringLiteral("classes are bands of a random projection of the teacher's scores "
                                       "(its argmax left some classes empty)");
        }
        ds.numClasses = outputs;
        ds.targetWidth = 1;
    }
    ds.rows = rows;
    ds.featureShape = shape;
    ds.features = std::move(features);
    ds.targets = std::move(targets);
    ds.notes.prepend(QStringLiteral("synthetic data: %1 rows, seed %2").arg(rows).arg(request.seed));
    return true;
}

QString lowerSuffix(const QString &path)
{
    const QString lower = QFileInfo(path).fileName().toLower();
    if (lower.endsWith(QLatin1String(".csv.gz")))
        return QStringLiteral("csv.gz");
    const int dot = int(lower.lastIndexOf(QLatin1Char('.')));
    return dot < 0 ? QString() : lower.mid(dot + 1);
}

/// What a file holds, by its first bytes: "npy", "zip", "gz", or "" (text).
QString sniff(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    const QByteArray head = f.read(6);
    if (head.startsWith("\x93NUMPY"))
        return QStringLiteral("npy");
    if (head.startsWith("PK\x03\x04") || head.startsWith("PK\x05\x06"))
        return QStringLiteral("zip");
    if (isGzip(head))
        return QStringLiteral("gz");
    return QString();
}

void addUnique(QStringList &list, const QString &path)
{
    const QString clean = QDir::cleanPath(path);
    if (!list.contains(clean))
        list << clean;
}

/// `../shared/data/digits.csv.gz` relative to `start` and to each of its parents.
void addSharedAbove(QStringList &list, const QString &start, const QString &name)
{
    if (start.isEmpty())
        return;
    QDir dir(QDir::cleanPath(QDir(start).absolutePath()));
    for (int guard = 0; guard < 64 && !dir.isRoot(); ++guard) {
        addUnique(list, dir.absoluteFilePath(QStringLiteral("../shared/data/") + name));
        if (!dir.cdUp())
            break;
    }
}

} // namespace

QStringList dataFileCandidates(const QString &name, const QStringList &searchDirs)
{
    QStringList list;
    for (const QString &dir : searchDirs)
        if (!dir.isEmpty())
            addUnique(list, QDir(dir).absoluteFilePath(name));
    const QString env = qEnvironmentVariable("KMW_DATA_DIR");
    if (!env.isEmpty())
        addUnique(list, QDir(env).absoluteFilePath(name));
    addSharedAbove(list, QDir::currentPath(), name);
    if (QCoreApplication::instance())
        addSharedAbove(list, QCoreApplication::applicationDirPath(), name);
    return list;
}

QStringList digitsCandidates(const QStringList &searchDirs)
{
    QStringList list = dataFileCandidates(QStringLiteral("digits.csv.gz"), searchDirs);
    const QString sklearnData = QStringLiteral("sklearn/datasets/data/digits.csv.gz");
    addUnique(list, QStringLiteral("/usr/lib/python3/dist-packages/") + sklearnData);
    // site-packages / dist-packages of python3.* installations (one directory listing
    // per lib folder; no deep search).
    QStringList libs{QStringLiteral("/usr/local/lib"), QStringLiteral("/usr/lib"),
                     QDir::homePath() + QStringLiteral("/.local/lib")};
    for (const char *var : {"VIRTUAL_ENV", "CONDA_PREFIX"}) {
        const QString prefix = qEnvironmentVariable(var);
        if (!prefix.isEmpty())
            libs.prepend(prefix + QStringLiteral("/lib"));
    }
    for (const QString &lib : libs) {
        const QStringList pythons = QDir(lib).entryList({QStringLiteral("python3*")}, QDir::Dirs, QDir::Name);
        for (const QString &py : pythons) {
            for (const char *sub : {"site-packages", "dist-packages"}) {
                const QString dir = lib + QLatin1Char('/') + py + QLatin1Char('/') + QLatin1String(sub);
                if (QFileInfo::exists(dir))
                    addUnique(list, dir + QLatin1Char('/') + sklearnData);
            }
        }
    }
    return list;
}

namespace {

bool loadDatasetImpl(const DataRequest &request, Dataset *out, QString *error)
{
    Dataset ds;
    QString message;
    const QString spec = request.spec.trimmed();
    bool ok = false;
    if (!out) {
        setError(error, QStringLiteral("loadDataset: no output dataset"));
        return false;
    }
    if (spec.isEmpty()) {
        setError(error, QStringLiteral("no data named (give \"synthetic\", \"digits\" or a file)"));
        return false;
    }
    if (spec == QLatin1String("synthetic")) {
        ds.name = spec;
        ok = makeSynthetic(request, ds, &message);
    } else if (spec == QLatin1String("digits")) {
        ds.name = spec;
        const QStringList candidates = digitsCandidates(request.searchDirs);
        QString found;
        for (const QString &c : candidates) {
            if (QFileInfo(c).isFile()) {
                found = c;
                break;
            }
        }
        if (found.isEmpty()) {
            message = QStringLiteral("digits: digits.csv.gz not found; searched:\n  %1\n(set KMW_DATA_DIR "
                                     "to the folder that holds it)")
                          .arg(candidates.join(QStringLiteral("\n  ")));
        } else {
            ok = loadCsvFile(found, ds, &message);
            if (ok)
                ds.notes.prepend(QStringLiteral("digits from %1").arg(found));
        }
    } else {
        // A relative name that is not here (`--data digits.csv.gz`): the data folders.
        QString path = spec;
        if (!QFileInfo::exists(path) && QFileInfo(path).isRelative()) {
            for (const QString &c : dataFileCandidates(path, request.searchDirs))
                if (QFileInfo(c).isFile()) {
                    path = c;
                    break;
                }
        }
        const QString &spec = path;
        ds.name = spec;
        QString kind = lowerSuffix(spec);
        if (kind != QLatin1String("npy") && kind != QLatin1String("npz") && kind != QLatin1String("csv")
            && kind != QLatin1String("csv.gz")) {
            const QString sniffed = sniff(spec);
            if (sniffed == QLatin1String("npy"))
                kind = QStringLiteral("npy");
            else if (sniffed == QLatin1String("zip"))
                kind = QStringLiteral("npz");
        }
        if (kind == QLatin1String("npy") || kind == QLatin1String("npz")) {
            NpyArray x, y;
            bool haveY = false;
            if (kind == QLatin1String("npy"))
                ok = loadNpyFile(spec, &x, &message);
            else
                ok = loadNpz(spec, &x, &y, &haveY, &ds.notes, &message);
            QString yWhere = spec;
            if (ok && !request.targetsPath.isEmpty()) {
                if (haveY)
                    ds.notes << QStringLiteral("targets from %1 instead of the archive's second array")
                                    .arg(request.targetsPath);
                ok = loadNpyFile(request.targetsPath, &y, &message);
                haveY = ok;
                yWhere = request.targetsPath;
            }
            if (ok && !haveY) {
                ok = false;
                message = QStringLiteral("%1: no targets: give a targets .npy%2")
                              .arg(spec, kind == QLatin1String("npz")
                                             ? QStringLiteral(" or store a second array (y) in the archive")
                                             : QString());
            }
            if (ok)
                ok = fromArrays(x, y, spec, yWhere, ds, &message);
        } else {
            ok = loadCsvFile(spec, ds, &message);
        }
    }
    if (!ok) {
        setError(error, message);
        return false;
    }
    *out = std::move(ds);
    return true;
}

} // namespace

bool loadDataset(const DataRequest &request, Dataset *out, QString *error)
{
    try {
        return loadDatasetImpl(request, out, error);
    } catch (const std::bad_alloc &) {
        setError(error, QStringLiteral("%1: not enough memory to load the data").arg(request.spec));
        return false;
    }
}

void shuffleRows(Dataset &data, quint64 seed)
{
    const qint64 n = data.rows;
    const qint64 fw = data.featureSize();
    const qint64 tw = data.targetWidth;
    if (n < 2 || data.features.size() != n * fw || data.targets.size() != n * tw)
        return;
    std::mt19937_64 gen(seed);
    std::vector<qint64> order(static_cast<size_t>(n));
    for (qint64 i = 0; i < n; ++i)
        order[size_t(i)] = i;
    for (qint64 i = n - 1; i > 0; --i) {
        const qint64 j = qint64((static_cast<unsigned __int128>(gen()) * quint64(i + 1)) >> 64);
        std::swap(order[size_t(i)], order[size_t(j)]);
    }
    QVector<float> features(data.features.size());
    QVector<float> targets(data.targets.size());
    const float *fs = data.features.constData();
    const float *ts = data.targets.constData();
    float *fd = features.data();
    float *td = targets.data();
    for (qint64 i = 0; i < n; ++i) {
        const qint64 src = order[size_t(i)];
        std::memcpy(fd + i * fw, fs + src * fw, size_t(fw) * sizeof(float));
        std::memcpy(td + i * tw, ts + src * tw, size_t(tw) * sizeof(float));
    }
    data.features = std::move(features);
    data.targets = std::move(targets);
}

void standardizeFeatures(Dataset &data, qint64 trainRows)
{
    const qint64 n = data.rows;
    const qint64 w = data.featureSize();
    if (n <= 0 || w <= 0 || data.features.size() != n * w)
        return;
    const qint64 m = trainRows <= 0 || trainRows > n ? n : trainRows;
    std::vector<double> mean(size_t(w), 0.0), sq(size_t(w), 0.0);
    const float *f = data.features.constData();
    for (qint64 i = 0; i < m; ++i)
        for (qint64 j = 0; j < w; ++j)
            mean[size_t(j)] += f[i * w + j];
    for (double &v : mean)
        v /= double(m);
    for (qint64 i = 0; i < m; ++i)
        for (qint64 j = 0; j < w; ++j) {
            const double d = f[i * w + j] - mean[size_t(j)];
            sq[size_t(j)] += d * d;
        }
    std::vector<double> scale(static_cast<size_t>(w));
    for (qint64 j = 0; j < w; ++j) {
        const double sd = std::sqrt(sq[size_t(j)] / double(m));
        // StandardScaler leaves (near-)constant columns unscaled.
        scale[size_t(j)] = sd > 10 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::fabs(mean[size_t(j)]))
            ? 1.0 / sd : 1.0;
    }
    float *d = data.features.data();
    for (qint64 i = 0; i < n; ++i)
        for (qint64 j = 0; j < w; ++j)
            d[i * w + j] = float((d[i * w + j] - mean[size_t(j)]) * scale[size_t(j)]);
    data.notes << QStringLiteral("standardized %1 feature columns with the statistics of the first %2 rows")
                      .arg(w).arg(m);
}

bool reshapeFeatures(Dataset &data, const TensorShape &shape, QString *error)
{
    qint64 known = 1;
    int unknown = -1;
    for (int i = 0; i < shape.size(); ++i) {
        if (shape[i] == -1 && unknown < 0) {
            unknown = i;
        } else if (shape[i] <= 0) {
            setError(error, QStringLiteral("cannot reshape samples of %1 to %2: bad dimension")
                                .arg(shapeText(data.featureShape), shapeText(shape)));
            return false;
        } else {
            known *= shape[i];
        }
    }
    const qint64 size = data.featureSize();
    TensorShape target = shape;
    if (unknown >= 0) {
        if (known == 0 || size % known != 0) {
            setError(error, QStringLiteral("cannot reshape samples of %1 (%2 values) to %3")
                                .arg(shapeText(data.featureShape)).arg(size)
                                .arg(shapeText(shape)));
            return false;
        }
        target[unknown] = size / known;
        known = size;
    }
    if (shape.isEmpty() || known != size) {
        setError(error, QStringLiteral("cannot reshape samples of %1 (%2 values) to %3 (%4 values)")
                            .arg(shapeText(data.featureShape)).arg(size)
                            .arg(shapeText(shape)).arg(known));
        return false;
    }
    data.featureShape = target;
    return true;
}

} // namespace kmw
