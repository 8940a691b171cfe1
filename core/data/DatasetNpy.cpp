// .npy data for smoke runs (see Dataset.h): format 1.0/2.0/3.0, float16/32/64, int8-64,
// uint8-64, bool, either byte order, Fortran order transposed to C order; and the
// Dataset made of a feature array and a target array (.npy and .npz).

#include "DatasetInternal.h"

#include <QFloat16>
#include <QtEndian>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <new>
#include <vector>

namespace kmw::datasetdetail {

// ---------------------------------------------------------------------------------------
// .npy
// ---------------------------------------------------------------------------------------

namespace {

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

/// One value of type T stored little- or big-endian (QtEndian).
template <typename T>
inline T load(const char *src, bool bigEndian)
{
    return bigEndian ? qFromBigEndian<T>(src) : qFromLittleEndian<T>(src);
}

/// An IEEE half-precision value as float (qfloat16).
inline float halfToFloat(quint16 bits)
{
    qfloat16 h;
    std::memcpy(&h, &bits, sizeof h);
    return float(h);
}

template <typename T>
void convertAll(const char *src, qint64 count, bool bigEndian, float *dst)
{
    for (qint64 i = 0; i < count; ++i)
        dst[i] = float(load<T>(src + i * qint64(sizeof(T)), bigEndian));
}

/// Checks the .npy preamble (the \x93NUMPY signature, the format version and the header
/// length) of a `size`-byte image; sets `*headerStart` and `*headerLength` (bytes) of the
/// header dict. False with the error set when the image is empty, not .npy, of another
/// version, or its header is over 1 MiB or runs past the end.
bool readNpyPreamble(const char *bytes, qint64 size, const QString &where, qint64 *headerStart,
                     qint64 *headerLength, QString *error)
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
    if (major == 1) {
        *headerLength = qFromLittleEndian<quint16>(bytes + 8);
        *headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12) {
            setError(error, QStringLiteral("%1: truncated .npy header").arg(where));
            return false;
        }
        *headerLength = qFromLittleEndian<quint32>(bytes + 8);
        *headerStart = 12;
    } else {
        setError(error, QStringLiteral("%1: unsupported .npy format version %2.%3 (1.0, 2.0 and 3.0 are read)")
                            .arg(where).arg(major).arg(minor));
        return false;
    }
    const qint64 maxHeader = 1 << 20;
    if (*headerLength > maxHeader) {
        setError(error, QStringLiteral("%1: .npy header too long (%2 bytes; at most %3 are read)")
                            .arg(where).arg(*headerLength).arg(maxHeader));
        return false;
    }
    if (*headerStart + *headerLength > size) {
        setError(error, QStringLiteral("%1: .npy header of %2 bytes runs past the end of the file (%3 bytes)")
                            .arg(where).arg(*headerLength).arg(size));
        return false;
    }
    return true;
}

/// Converts `count` items of the numpy dtype `kind` ('f', 'i', 'u' or 'b') and `itemSize`
/// bytes at `src`, big-endian when `big`, to floats at `dst` (bool as 0/1).
void convertNpyData(const char *src, qint64 count, char kind, int itemSize, bool big, float *dst)
{
    switch (kind) {
    case 'f':
        if (itemSize == 2) {
            for (qint64 i = 0; i < count; ++i)
                dst[i] = halfToFloat(load<quint16>(src + 2 * i, big));
        } else if (itemSize == 4) {
            convertAll<float>(src, count, big, dst);
        } else {
            convertAll<double>(src, count, big, dst);
        }
        break;
    case 'i':
        if (itemSize == 1) convertAll<qint8>(src, count, false, dst);
        else if (itemSize == 2) convertAll<qint16>(src, count, big, dst);
        else if (itemSize == 4) convertAll<qint32>(src, count, big, dst);
        else convertAll<qint64>(src, count, big, dst);
        break;
    case 'u':
        if (itemSize == 1) convertAll<quint8>(src, count, false, dst);
        else if (itemSize == 2) convertAll<quint16>(src, count, big, dst);
        else if (itemSize == 4) convertAll<quint32>(src, count, big, dst);
        else convertAll<quint64>(src, count, big, dst);
        break;
    case 'b':
        for (qint64 i = 0; i < count; ++i)
            dst[i] = src[i] ? 1.0f : 0.0f;
        break;
    }
}

/// The `count` values of an array of `shape` stored in Fortran order (the first index
/// varies fastest), in C order (the last index varies fastest).
QVector<float> fortranToCOrder(const QVector<float> &values, const std::vector<qint64> &shape, qint64 count)
{
    // Walk the C-order indices with an odometer and pick each value from its Fortran
    // position.
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
    return c;
}

} // namespace

/// Parses a .npy image (format 1.0, 2.0 or 3.0). `where` names it in messages.
bool parseNpy(const char *bytes, qint64 size, const QString &where, NpyArray *out, QString *error)
{
    qint64 headerLength = 0;
    qint64 headerStart = 0;
    if (!readNpyPreamble(bytes, size, where, &headerStart, &headerLength, error))
        return false;
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
    const bool big = order == '>';

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
    convertNpyData(bytes + dataStart, count, kind, itemSize, big, values.data());

    if (fortran && shape.size() > 1)
        values = fortranToCOrder(values, shape, count);
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

} // namespace kmw::datasetdetail
