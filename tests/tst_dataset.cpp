// Tests of the smoke-run data loaders (core/Dataset.h): the shared Boston and digits
// files, .npy / .npz / .csv(.gz) files written here byte by byte, the error messages,
// synthetic data, and the row helpers.

#include "Dataset.h"

#include <QtTest>

#include <zlib.h>

#include <cmath>
#include <cstring>
#include <map>
#include <set>

using namespace kmw;

namespace {

// ----- byte builders ---------------------------------------------------------------------

template <typename T>
void putLE(QByteArray &out, T value)
{
    unsigned char b[sizeof(T)];
    std::memcpy(b, &value, sizeof(T));
    out.append(reinterpret_cast<const char *>(b), sizeof(T)); // the test host is little-endian
}

template <typename T>
void putBE(QByteArray &out, T value)
{
    unsigned char b[sizeof(T)];
    std::memcpy(b, &value, sizeof(T));
    std::reverse(b, b + sizeof(T));
    out.append(reinterpret_cast<const char *>(b), sizeof(T));
}

template <typename T>
QByteArray leArray(std::initializer_list<T> values)
{
    QByteArray out;
    for (T v : values)
        putLE(out, v);
    return out;
}

/// A .npy image: magic, version, header length, the dict padded with spaces to a
/// multiple of 64 and ended by '\n', then the data.
QByteArray npy(const char *descr, const char *shape, const QByteArray &data, bool fortran = false,
               int major = 1)
{
    QByteArray dict = QByteArray("{'descr': '") + descr + "', 'fortran_order': "
        + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    const int prefix = major == 1 ? 10 : 12;
    while ((prefix + dict.size() + 1) % 64 != 0)
        dict.append(' ');
    dict.append('\n');
    QByteArray out("\x93NUMPY", 6);
    out.append(char(major));
    out.append(char(0));
    if (major == 1)
        putLE(out, quint16(dict.size()));
    else
        putLE(out, quint32(dict.size()));
    out.append(dict);
    out.append(data);
    return out;
}

/// zlib's deflate of `in`: raw (windowBits -15) or gzip (16 + 15); empty on failure.
QByteArray deflateBytes(const QByteArray &in, int windowBits)
{
    z_stream zs;
    std::memset(&zs, 0, sizeof zs);
    deflateInit2(&zs, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(in.size())) + 32), '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(int(zs.total_out));
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? out : QByteArray();
}

QByteArray rawDeflate(const QByteArray &in) { return deflateBytes(in, -MAX_WBITS); }
QByteArray gzipBytes(const QByteArray &in) { return deflateBytes(in, 16 + MAX_WBITS); }

struct ZipItem {
    QByteArray name;
    QByteArray data;
    bool deflated = false;
};

/// A zip archive as np.savez writes one: local headers, data, central directory, end
/// record.
QByteArray zipArchive(const QVector<ZipItem> &items)
{
    QByteArray out, central;
    for (const ZipItem &item : items) {
        const quint32 crc = quint32(crc32(0, reinterpret_cast<const Bytef *>(item.data.constData()),
                                          uInt(item.data.size())));
        const QByteArray stored = item.deflated ? rawDeflate(item.data) : item.data;
        const quint16 method = item.deflated ? 8 : 0;
        const quint32 offset = quint32(out.size());
        putLE(out, quint32(0x04034b50));
        putLE(out, quint16(20));               // version needed
        putLE(out, quint16(0));                // flags
        putLE(out, method);
        putLE(out, quint16(0));                // time
        putLE(out, quint16(0x21));             // date
        putLE(out, crc);
        putLE(out, quint32(stored.size()));
        putLE(out, quint32(item.data.size()));
        putLE(out, quint16(item.name.size()));
        putLE(out, quint16(0));                // extra
        out.append(item.name);
        out.append(stored);

        putLE(central, quint32(0x02014b50));
        putLE(central, quint16(20));           // made by
        putLE(central, quint16(20));           // needed
        putLE(central, quint16(0));
        putLE(central, method);
        putLE(central, quint16(0));
        putLE(central, quint16(0x21));
        putLE(central, crc);
        putLE(central, quint32(stored.size()));
        putLE(central, quint32(item.data.size()));
        putLE(central, quint16(item.name.size()));
        putLE(central, quint16(0));            // extra
        putLE(central, quint16(0));            // comment
        putLE(central, quint16(0));            // disk
        putLE(central, quint16(0));            // internal attributes
        putLE(central, quint32(0));            // external attributes
        putLE(central, offset);
        central.append(item.name);
    }
    const quint32 cdOffset = quint32(out.size());
    out.append(central);
    putLE(out, quint32(0x06054b50));
    putLE(out, quint16(0));
    putLE(out, quint16(0));
    putLE(out, quint16(items.size()));
    putLE(out, quint16(items.size()));
    putLE(out, quint32(central.size()));
    putLE(out, cdOffset);
    putLE(out, quint16(0));
    return out;
}

// ----- small learners for the synthetic data ----------------------------------------------

/// Accuracy on the second half of nearest-class-mean fitted on the first half.
double nearestMeanAccuracy(const Dataset &d)
{
    const qint64 w = d.featureSize();
    const qint64 half = d.rows / 2;
    const int c = d.numClasses;
    std::vector<double> mean(size_t(c * w), 0.0);
    std::vector<int> count(size_t(c), 0);
    for (qint64 i = 0; i < half; ++i) {
        const int k = int(d.targets[i]);
        ++count[size_t(k)];
        for (qint64 j = 0; j < w; ++j)
            mean[size_t(k * w + j)] += d.features[i * w + j];
    }
    for (int k = 0; k < c; ++k)
        for (qint64 j = 0; j < w; ++j)
            mean[size_t(k * w + j)] /= std::max(1, count[size_t(k)]);
    int right = 0;
    for (qint64 i = half; i < d.rows; ++i) {
        int best = 0;
        double bestDistance = 1e300;
        for (int k = 0; k < c; ++k) {
            if (count[size_t(k)] == 0)
                continue;
            double dist = 0;
            for (qint64 j = 0; j < w; ++j) {
                const double diff = d.features[i * w + j] - mean[size_t(k * w + j)];
                dist += diff * diff;
            }
            if (dist < bestDistance) {
                bestDistance = dist;
                best = k;
            }
        }
        right += best == int(d.targets[i]);
    }
    return double(right) / double(d.rows - half);
}

/// Least squares of one target column on the features (+ bias) by the normal equations;
/// returns the residual RMS.
double leastSquaresResidual(const Dataset &d, int column)
{
    const int w = int(d.featureSize()) + 1;
    std::vector<double> a(size_t(w * w), 0.0), b(size_t(w), 0.0);
    for (qint64 i = 0; i < d.rows; ++i) {
        std::vector<double> x(size_t(w), 1.0);
        for (int j = 0; j + 1 < w; ++j)
            x[size_t(j)] = d.features[i * (w - 1) + j];
        const double y = d.targets[i * d.targetWidth + column];
        for (int r = 0; r < w; ++r) {
            b[size_t(r)] += x[size_t(r)] * y;
            for (int c = 0; c < w; ++c)
                a[size_t(r * w + c)] += x[size_t(r)] * x[size_t(c)];
        }
    }
    // Gaussian elimination with partial pivoting.
    for (int col = 0; col < w; ++col) {
        int pivot = col;
        for (int r = col + 1; r < w; ++r)
            if (std::fabs(a[size_t(r * w + col)]) > std::fabs(a[size_t(pivot * w + col)]))
                pivot = r;
        for (int c = 0; c < w; ++c)
            std::swap(a[size_t(col * w + c)], a[size_t(pivot * w + c)]);
        std::swap(b[size_t(col)], b[size_t(pivot)]);
        for (int r = col + 1; r < w; ++r) {
            const double f = a[size_t(r * w + col)] / a[size_t(col * w + col)];
            for (int c = col; c < w; ++c)
                a[size_t(r * w + c)] -= f * a[size_t(col * w + c)];
            b[size_t(r)] -= f * b[size_t(col)];
        }
    }
    std::vector<double> coef(static_cast<size_t>(w));
    for (int r = w - 1; r >= 0; --r) {
        double s = b[size_t(r)];
        for (int c = r + 1; c < w; ++c)
            s -= a[size_t(r * w + c)] * coef[size_t(c)];
        coef[size_t(r)] = s / a[size_t(r * w + r)];
    }
    double sq = 0;
    for (qint64 i = 0; i < d.rows; ++i) {
        double p = coef[size_t(w - 1)];
        for (int j = 0; j + 1 < w; ++j)
            p += coef[size_t(j)] * d.features[i * (w - 1) + j];
        const double e = p - d.targets[i * d.targetWidth + column];
        sq += e * e;
    }
    return std::sqrt(sq / double(d.rows));
}

Dataset sentinel()
{
    Dataset d;
    d.name = QStringLiteral("sentinel");
    d.rows = 7;
    d.features = QVector<float>(7, 1.5f);
    d.targets = QVector<float>(7, 2.0f);
    return d;
}

bool isSentinel(const Dataset &d)
{
    return d.name == QLatin1String("sentinel") && d.rows == 7 && d.features.size() == 7
        && d.targets.size() == 7 && d.notes.isEmpty() && d.featureShape.isEmpty();
}

} // namespace

class Tstdataset : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = tmp.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(bytes);
        return path;
    }

    /// Loads `spec` expecting failure; checks the message holds every `parts` and that
    /// the output was left alone.
    void expectError(const DataRequest &request, const QStringList &parts)
    {
        Dataset d = sentinel();
        QString error;
        QVERIFY2(!loadDataset(request, &d, &error), qPrintable(request.spec));
        for (const QString &part : parts)
            QVERIFY2(error.contains(part), qPrintable(QStringLiteral("'%1' not in: %2").arg(part, error)));
        QVERIFY2(isSentinel(d), "the output was changed on failure");
    }

    Dataset load(const DataRequest &request)
    {
        Dataset d;
        QString error;
        const bool ok = loadDataset(request, &d, &error);
        if (!ok)
            qWarning("load %s: %s", qPrintable(request.spec), qPrintable(error));
        [&] { QVERIFY2(ok, qPrintable(error)); }();
        return d;
    }

    static DataRequest request(const QString &spec, const QString &targets = QString())
    {
        DataRequest r;
        r.spec = spec;
        r.targetsPath = targets;
        return r;
    }

private slots:
    void initTestCase() { QVERIFY(tmp.isValid()); }

    // ----- shared files ---------------------------------------------------------------

    void bostonCsv()
    {
        const QString path = QStringLiteral(KMW_SHARED_DIR "/data/boston_house_prices.csv");
        if (!QFileInfo::exists(path))
            QSKIP("../shared/data/boston_house_prices.csv is absent");
        const Dataset d = load(request(path));
        QCOMPARE(d.rows, qint64(506));
        QCOMPARE(d.featureShape, TensorShape{13});
        QCOMPARE(d.features.size(), 506 * 13);
        QCOMPARE(d.targets.size(), 506);
        QCOMPARE(d.numClasses, 0);
        QCOMPARE(d.targetWidth, 1);
        QCOMPARE(d.features[0], 0.00632f);
        QCOMPARE(d.features[12], 4.98f);
        QCOMPARE(d.targets[0], 24.0f);
        QCOMPARE(d.targets[1], 21.6f);
        QVERIFY2(d.notes.join(QLatin1Char('|')).contains(QLatin1String("skipped 2 leading lines")),
                 qPrintable(d.notes.join(QLatin1Char('|'))));
    }

    void digitsCsvGz()
    {
        const QString path = QStringLiteral(KMW_SHARED_DIR "/data/digits.csv.gz");
        if (!QFileInfo::exists(path))
            QSKIP("../shared/data/digits.csv.gz is absent");
        const Dataset d = load(request(path));
        QCOMPARE(d.rows, qint64(1797));
        QCOMPARE(d.featureShape, TensorShape{64});
        QCOMPARE(d.numClasses, 10);
        QCOMPARE(d.targetWidth, 1);
        std::set<int> labels;
        for (float t : d.targets)
            labels.insert(int(t));
        QCOMPARE(int(labels.size()), 10);
        QCOMPARE(d.features[2], 5.0f);   // "0,0,5,13,9,1,…"
        QCOMPARE(d.targets[0], 0.0f);
        QCOMPARE(d.targets[1], 1.0f);
        float maxPixel = 0;
        for (float v : d.features)
            maxPixel = std::max(maxPixel, v);
        QCOMPARE(maxPixel, 16.0f);

        // "digits" by name, found through searchDirs.
        DataRequest r = request(QStringLiteral("digits"));
        r.searchDirs = {QStringLiteral(KMW_SHARED_DIR "/data")};
        const Dataset byName = load(r);
        QCOMPARE(byName.name, QStringLiteral("digits"));
        QCOMPARE(byName.rows, qint64(1797));
        QCOMPARE(byName.features, d.features);
    }

    void digitsSearchOrder()
    {
        // A tiny digits file in searchDirs wins over everything else.
        QDir(tmp.path()).mkpath(QStringLiteral("mine"));
        QDir(tmp.path()).mkpath(QStringLiteral("env"));
        write(QStringLiteral("mine/digits.csv.gz"), gzipBytes("1,2,3\n4,5,6\n7,8,9\n"));
        write(QStringLiteral("env/digits.csv.gz"), gzipBytes("1,2,0\n4,5,1\n"));
        const QByteArray oldEnv = qgetenv("KMW_DATA_DIR");
        qputenv("KMW_DATA_DIR", tmp.filePath(QStringLiteral("env")).toLocal8Bit());

        const QStringList candidates = digitsCandidates({tmp.filePath(QStringLiteral("mine"))});
        QCOMPARE(candidates.value(0), tmp.filePath(QStringLiteral("mine/digits.csv.gz")));
        QCOMPARE(candidates.value(1), tmp.filePath(QStringLiteral("env/digits.csv.gz")));
        QVERIFY(candidates.contains(QDir::cleanPath(QDir::current().absoluteFilePath(
            QStringLiteral("../shared/data/digits.csv.gz")))));
        QVERIFY(candidates.contains(
            QStringLiteral("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz")));
        QCOMPARE(candidates.count(), QSet<QString>(candidates.begin(), candidates.end()).size());

        DataRequest r = request(QStringLiteral("digits"));
        r.searchDirs = {tmp.filePath(QStringLiteral("mine"))};
        QCOMPARE(load(r).rows, qint64(3));
        r.searchDirs = {tmp.filePath(QStringLiteral("nowhere"))};
        const Dataset fromEnv = load(r);
        QCOMPARE(fromEnv.rows, qint64(2));
        QCOMPARE(fromEnv.numClasses, 2);

        // A relative file name that is not in the working folder (`--data x.csv`) is
        // looked for in the same places.
        write(QStringLiteral("env/three_rows.csv"), "1,2,0\n3,4,1\n5,6,0\n");
        QVERIFY(!QFileInfo::exists(QStringLiteral("three_rows.csv")));
        const Dataset relative = load(request(QStringLiteral("three_rows.csv")));
        QCOMPARE(relative.rows, qint64(3));
        QCOMPARE(relative.name, tmp.filePath(QStringLiteral("env/three_rows.csv")));

        if (oldEnv.isNull())
            qunsetenv("KMW_DATA_DIR");
        else
            qputenv("KMW_DATA_DIR", oldEnv);

        // When no candidate exists the error lists the places searched.
        bool anyExists = false;
        for (const QString &c : digitsCandidates(r.searchDirs))
            anyExists = anyExists || QFileInfo::exists(c);
        if (anyExists)
            return; // the shared copy is reachable from here; the error cannot be provoked
        expectError(r, {QStringLiteral("digits.csv.gz not found"), tmp.filePath(QStringLiteral("nowhere"))});
    }

    // ----- .npy -------------------------------------------------------------------------

    void npyDtypes_data()
    {
        QTest::addColumn<QByteArray>("descr");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QVector<float>>("expected");
        const QVector<float> v{1, -2, 3, 4, 5, -6};
        const QVector<float> u{1, 2, 3, 4, 5, 250};
        QTest::newRow("<f4") << QByteArray("<f4") << leArray<float>({1, -2, 3, 4, 5, -6}) << v;
        QTest::newRow("<f8") << QByteArray("<f8") << leArray<double>({1, -2, 3, 4, 5, -6}) << v;
        QTest::newRow("<i1") << QByteArray("<i1") << leArray<qint8>({1, -2, 3, 4, 5, -6}) << v;
        QTest::newRow("|i1") << QByteArray("|i1") << leArray<qint8>({1, -2, 3, 4, 5, -6}) << v;
        QTest::newRow("<i2") << QByteArray("<i2") << leArray<qint16>({1, -2, 3, 4, 5, -6}) << v;
        QTest::newRow("<i4") << QByteArray("<i4") << leArray<qint32>({1, -2, 3, 4, 5, -6}) << v;
        QTest::newRow("<i8") << QByteArray("<i8") << leArray<qint64>({1, -2, 3, 4, 5, -6}) << v;
        QTest::newRow("<u1") << QByteArray("<u1") << leArray<quint8>({1, 2, 3, 4, 5, 250}) << u;
        QTest::newRow("|u1") << QByteArray("|u1") << leArray<quint8>({1, 2, 3, 4, 5, 250}) << u;
        QTest::newRow("<u2") << QByteArray("<u2") << leArray<quint16>({1, 2, 3, 4, 5, 250}) << u;
        QTest::newRow("<u4") << QByteArray("<u4") << leArray<quint32>({1, 2, 3, 4, 5, 250}) << u;
        QTest::newRow("<u8") << QByteArray("<u8") << leArray<quint64>({1, 2, 3, 4, 5, 250}) << u;
        QTest::newRow("|b1") << QByteArray("|b1") << leArray<quint8>({1, 0, 1, 1, 0, 0})
                             << QVector<float>{1, 0, 1, 1, 0, 0};
        QTest::newRow("<f2") << QByteArray("<f2") << leArray<quint16>({0x3c00, 0xc000, 0x4200, 0x4400, 0x4500, 0xc600})
                             << v; // 1, -2, 3, 4, 5, -6 as IEEE half
        QByteArray bf4, bf8, bi4, bu2;
        for (float x : v) {
            putBE(bf4, x);
            putBE(bf8, double(x));
            putBE(bi4, qint32(x));
        }
        for (float x : u)
            putBE(bu2, quint16(x));
        QTest::newRow(">f4") << QByteArray(">f4") << bf4 << v;
        QTest::newRow(">f8") << QByteArray(">f8") << bf8 << v;
        QTest::newRow(">i4") << QByteArray(">i4") << bi4 << v;
        QTest::newRow(">u2") << QByteArray(">u2") << bu2 << u;
    }

    void npyDtypes()
    {
        QFETCH(QByteArray, descr);
        QFETCH(QByteArray, data);
        QFETCH(QVector<float>, expected);
        const QString x = write(QStringLiteral("dtype_x.npy"), npy(descr.constData(), "(2, 3)", data));
        const QString y = write(QStringLiteral("dtype_y.npy"), npy("<i8", "(2,)", leArray<qint64>({0, 2})));
        const Dataset d = load(request(x, y));
        QCOMPARE(d.rows, qint64(2));
        QCOMPARE(d.featureShape, TensorShape{3});
        QCOMPARE(d.features, expected);
        QCOMPARE(d.numClasses, 3);
        QCOMPARE(d.targets, (QVector<float>{0, 2}));
    }

    void npyFortranOrder()
    {
        // C-order [[1,2,3],[4,5,6]] stored column by column.
        const QString x = write(QStringLiteral("fortran_x.npy"),
                                npy("<f4", "(2, 3)", leArray<float>({1, 4, 2, 5, 3, 6}), true));
        const QString y = write(QStringLiteral("fortran_y.npy"), npy("<f4", "(2,)", leArray<float>({0.5f, 1.5f})));
        const Dataset d = load(request(x, y));
        QCOMPARE(d.features, (QVector<float>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(d.numClasses, 0); // 0.5, 1.5: regression
        QVERIFY(d.notes.join(QLatin1Char('|')).contains(QLatin1String("Fortran")));

        // Three dimensions: value at (i, j, k) = 100 i + 10 j + k, shape (2, 3, 4); in
        // Fortran order i varies fastest.
        QByteArray data;
        for (int k = 0; k < 4; ++k)
            for (int j = 0; j < 3; ++j)
                for (int i = 0; i < 2; ++i)
                    putLE(data, qint16(100 * i + 10 * j + k));
        const QString x3 = write(QStringLiteral("fortran3_x.npy"), npy("<i2", "(2, 3, 4)", data, true));
        const Dataset d3 = load(request(x3, y));
        QCOMPARE(d3.featureShape, (TensorShape{3, 4}));
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 3; ++j)
                for (int k = 0; k < 4; ++k)
                    QCOMPARE(d3.features[i * 12 + j * 4 + k], float(100 * i + 10 * j + k));
    }

    void npyVersionsAndShapes()
    {
        const QString y3 = write(QStringLiteral("v_y.npy"), npy("<i4", "(3,)", leArray<qint32>({1, 0, 1})));
        // Version 2.0 and 3.0 headers (4-byte header length).
        for (int major : {2, 3}) {
            const QString x = write(QStringLiteral("v%1_x.npy").arg(major),
                                    npy("<f4", "(3, 2)", leArray<float>({1, 2, 3, 4, 5, 6}), false, major));
            const Dataset d = load(request(x, y3));
            QCOMPARE(d.rows, qint64(3));
            QCOMPARE(d.features, (QVector<float>{1, 2, 3, 4, 5, 6}));
            QCOMPARE(d.numClasses, 2);
        }
        // (N,) features -> one feature per row.
        const QString flat = write(QStringLiteral("flat_x.npy"), npy("<f8", "(3,)", leArray<double>({7, 8, 9})));
        const Dataset f = load(request(flat, y3));
        QCOMPARE(f.featureShape, TensorShape{1});
        QCOMPARE(f.features, (QVector<float>{7, 8, 9}));
        // (N, 2, 2) images.
        QByteArray img;
        for (int i = 0; i < 12; ++i)
            putLE(img, quint8(i));
        const QString image = write(QStringLiteral("img_x.npy"), npy("|u1", "(3, 2, 2)", img));
        const Dataset im = load(request(image, y3));
        QCOMPARE(im.featureShape, (TensorShape{2, 2}));
        QCOMPARE(im.featureSize(), qint64(4));
        QCOMPARE(im.features[11], 11.0f);
        // Shape () -> one row of one value.
        const QString scalarX = write(QStringLiteral("scalar_x.npy"), npy("<f4", "()", leArray<float>({3.5f})));
        const QString scalarY = write(QStringLiteral("scalar_y.npy"), npy("<f4", "()", leArray<float>({0.25f})));
        const Dataset s = load(request(scalarX, scalarY));
        QCOMPARE(s.rows, qint64(1));
        QCOMPARE(s.featureShape, TensorShape{1});
        QCOMPARE(s.features, QVector<float>{3.5f});
        QCOMPARE(s.numClasses, 0);
    }

    void npyTargets()
    {
        const QString x = write(QStringLiteral("t_x.npy"), npy("<f4", "(4, 1)", leArray<float>({1, 2, 3, 4})));
        // One-hot rows -> class ids.
        const QString onehot = write(QStringLiteral("t_onehot.npy"),
                                     npy("<f4", "(4, 3)", leArray<float>({0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1})));
        Dataset d = load(request(x, onehot));
        QCOMPARE(d.numClasses, 3);
        QCOMPARE(d.targetWidth, 1);
        QCOMPARE(d.targets, (QVector<float>{2, 0, 1, 2}));
        // Other (N, K) -> regression of width K.
        const QString wide = write(QStringLiteral("t_wide.npy"),
                                   npy("<f4", "(4, 2)", leArray<float>({0.5f, 1, 2, 3, 4, 5, 6, 7})));
        d = load(request(x, wide));
        QCOMPARE(d.numClasses, 0);
        QCOMPARE(d.targetWidth, 2);
        QCOMPARE(d.targets.size(), 8);
        QCOMPARE(d.targets[0], 0.5f);
        // Integral floats -> classes; negative values -> regression; >= 1000 -> regression.
        const QString integral = write(QStringLiteral("t_int.npy"), npy("<f8", "(4,)", leArray<double>({0, 4, 2, 4})));
        d = load(request(x, integral));
        QCOMPARE(d.numClasses, 5);
        const QString negative = write(QStringLiteral("t_neg.npy"), npy("<i4", "(4,)", leArray<qint32>({0, -1, 2, 1})));
        QCOMPARE(load(request(x, negative)).numClasses, 0);
        const QString big = write(QStringLiteral("t_big.npy"), npy("<i4", "(4,)", leArray<qint32>({0, 1000, 2, 1})));
        QCOMPARE(load(request(x, big)).numClasses, 0);
        // Row counts must agree.
        const QString three = write(QStringLiteral("t_three.npy"), npy("<i4", "(3,)", leArray<qint32>({0, 1, 2})));
        expectError(request(x, three), {three, QStringLiteral("3 target rows"), QStringLiteral("4 feature rows")});
        // A lone .npy without targets.
        expectError(request(x), {x, QStringLiteral("no targets")});
    }

    // ----- .npz -------------------------------------------------------------------------

    void npzStoredAndDeflated()
    {
        const QByteArray x = npy("<f4", "(3, 2)", leArray<float>({1, 2, 3, 4, 5, 6}));
        const QByteArray y = npy("<i8", "(3,)", leArray<qint64>({2, 0, 1}));
        const QByteArray other = npy("<f4", "(1,)", leArray<float>({9}));
        // np.savez: stored entries; the pair is found by name, not position.
        const QString stored = write(QStringLiteral("stored.npz"),
                                     zipArchive({{"meta.npy", other, false}, {"y.npy", y, false}, {"x.npy", x, false}}));
        Dataset d = load(request(stored));
        QCOMPARE(d.rows, qint64(3));
        QCOMPARE(d.featureShape, TensorShape{2});
        QCOMPARE(d.features, (QVector<float>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(d.targets, (QVector<float>{2, 0, 1}));
        QCOMPARE(d.numClasses, 3);

        // np.savez_compressed: deflated entries (raw deflate); x_train / y_train names.
        QByteArray big;
        for (int i = 0; i < 200 * 8; ++i)
            putLE(big, float(i % 17));
        QByteArray labels;
        for (int i = 0; i < 200; ++i)
            putLE(labels, quint8(i % 4));
        const QString deflated = write(
            QStringLiteral("deflated.npz"),
            zipArchive({{"x_test.npy", x, true}, {"x_train.npy", npy("<f4", "(200, 8)", big), true},
                        {"y_test.npy", y, true}, {"y_train.npy", npy("|u1", "(200,)", labels), true}}));
        d = load(request(deflated));
        QCOMPARE(d.rows, qint64(200));
        QCOMPARE(d.featureShape, TensorShape{8});
        QCOMPARE(d.features[17 * 3 + 1], 1.0f);
        QCOMPARE(d.numClasses, 4);
        QCOMPARE(d.targets[199], 3.0f);

        // No known names: the first two arrays (arr_0, arr_1 as np.savez(a, b) writes).
        const QString positional = write(QStringLiteral("positional.npz"),
                                         zipArchive({{"arr_0.npy", x, true}, {"arr_1.npy", y, false}}));
        d = load(request(positional));
        QCOMPARE(d.features, (QVector<float>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(d.targets, (QVector<float>{2, 0, 1}));

        // One array and no targets file: an error naming the file.
        const QString single = write(QStringLiteral("single.npz"), zipArchive({{"x.npy", x, false}}));
        expectError(request(single), {single, QStringLiteral("no targets")});
    }

    void npzCorrupt()
    {
        const QByteArray x = npy("<f4", "(3, 2)", leArray<float>({1, 2, 3, 4, 5, 6}));
        const QByteArray y = npy("<i8", "(3,)", leArray<qint64>({2, 0, 1}));
        const QByteArray good = zipArchive({{"x.npy", x, true}, {"y.npy", y, false}});

        const QString garbage = write(QStringLiteral("garbage.npz"), QByteArray(300, 'z'));
        expectError(request(garbage), {garbage, QStringLiteral("corrupt")});

        const QString truncated = write(QStringLiteral("truncated.npz"), good.left(good.size() / 2));
        expectError(request(truncated), {truncated, QStringLiteral("corrupt")});

        // Flip a byte in the deflated data of x.npy (it starts after the 30-byte header
        // and the 5-byte name).
        QByteArray flipped = good;
        flipped[30 + 5 + 10] = char(flipped[30 + 5 + 10] ^ 0x5a);
        const QString bad = write(QStringLiteral("flipped.npz"), flipped);
        expectError(request(bad), {bad, QStringLiteral("x.npy")});

        // Stored entry with a wrong CRC: change one data byte of y.npy's last value.
        QByteArray crc = good;
        crc[crc.indexOf(QByteArray("PK\x01\x02", 4)) - 1] = 9; // the byte before the central directory
        const QString badCrc = write(QStringLiteral("crc.npz"), crc);
        expectError(request(badCrc), {badCrc, QStringLiteral("CRC")});

        const QString empty = write(QStringLiteral("empty.npz"), QByteArray());
        expectError(request(empty), {empty, QStringLiteral("empty")});
    }

    // ----- CSV --------------------------------------------------------------------------

    void csvPlainAndGzip()
    {
        const QByteArray text = "# made by hand\n"
                                "a,b,label\n"
                                "\n"
                                "1.5,2,0\r\n"
                                " 3 , -4e1 ,1\n"
                                "\n"
                                "\"5\",6,2\n";
        const QString plain = write(QStringLiteral("plain.csv"), text);
        Dataset d = load(request(plain));
        QCOMPARE(d.rows, qint64(3));
        QCOMPARE(d.featureShape, TensorShape{2});
        QCOMPARE(d.features, (QVector<float>{1.5f, 2, 3, -40, 5, 6}));
        QCOMPARE(d.targets, (QVector<float>{0, 1, 2}));
        QCOMPARE(d.numClasses, 3);
        QVERIFY2(d.notes.join(QLatin1Char('|')).contains(QLatin1String("skipped 2 leading lines")),
                 qPrintable(d.notes.join(QLatin1Char('|'))));

        const QString gz = write(QStringLiteral("plain.csv.gz"), gzipBytes(text));
        const Dataset g = load(request(gz));
        QCOMPARE(g.features, d.features);
        QCOMPARE(g.targets, d.targets);

        // Semicolons and tabs when there is no comma; a regression target.
        const QString semi = write(QStringLiteral("semi.csv"), "x;y;t\n1;2;0.5\n3;4;1.25\n");
        d = load(request(semi));
        QCOMPARE(d.features, (QVector<float>{1, 2, 3, 4}));
        QCOMPARE(d.targets, (QVector<float>{0.5f, 1.25f}));
        QCOMPARE(d.numClasses, 0);
        const QString tabs = write(QStringLiteral("tabs.tsv"), "1\t2\t3\t1\n4\t5\t6\t0\n");
        d = load(request(tabs));
        QCOMPARE(d.featureShape, TensorShape{3});
        QCOMPARE(d.targets, (QVector<float>{1, 0}));

        // A count line alone before the header ("506,13" without trailing commas).
        const QString counted = write(QStringLiteral("counted.csv"), "2,2\nA,B,C\n1,2,3\n4,5,6\n");
        d = load(request(counted));
        QCOMPARE(d.rows, qint64(2));
        QCOMPARE(d.featureShape, TensorShape{2});
        QCOMPARE(d.features, (QVector<float>{1, 2, 4, 5}));
    }

    void csvErrors()
    {
        const QString missing = tmp.filePath(QStringLiteral("does-not-exist.csv"));
        expectError(request(missing), {missing, QStringLiteral("no such file")});

        const QString empty = write(QStringLiteral("empty.csv"), QByteArray());
        expectError(request(empty), {empty, QStringLiteral("empty")});
        const QString blank = write(QStringLiteral("blank.csv"), "\n  \n\n");
        expectError(request(blank), {blank, QStringLiteral("empty")});
        const QString headerOnly = write(QStringLiteral("header.csv"), "a,b,c\n");
        expectError(request(headerOnly), {headerOnly, QStringLiteral("no rows")});

        const QString columns = write(QStringLiteral("columns.csv"), "a,b,c\n1,2,3\n4,5\n");
        expectError(request(columns), {columns + QStringLiteral(":3: 2 columns, expected 3")});

        const QString word = write(QStringLiteral("word.csv"), "a,b,c\n1,2,3\n\n4,abc,6\n");
        expectError(request(word), {word + QStringLiteral(":4: column 2 is not a number: 'abc'")});

        const QByteArray gz = gzipBytes("1,2,3\n4,5,6\n7,8,9\n10,11,12\n");
        const QString truncated = write(QStringLiteral("truncated.csv.gz"), gz.left(gz.size() - 12));
        expectError(request(truncated), {truncated, QStringLiteral("truncated gzip")});
        QByteArray corrupted = gz;
        corrupted[12] = char(corrupted[12] ^ 0xff);
        corrupted[13] = char(corrupted[13] ^ 0xff);
        const QString corrupt = write(QStringLiteral("corrupt.csv.gz"), corrupted);
        expectError(request(corrupt), {corrupt});
        const QString notGz = write(QStringLiteral("notgz.csv.gz"), "1,2\n");
        expectError(request(notGz), {notGz, QStringLiteral("gzip")});

        const QString oneColumn = write(QStringLiteral("onecol.csv"), "1\n2\n");
        expectError(request(oneColumn), {oneColumn + QStringLiteral(":1:")});
    }

    void npyErrors()
    {
        const QString empty = write(QStringLiteral("empty.npy"), QByteArray());
        expectError(request(empty), {empty, QStringLiteral("empty")});

        const QString notNpy = write(QStringLiteral("text.npy"), "hello, world\n");
        expectError(request(notNpy), {notNpy, QStringLiteral("not a .npy")});

        const QString y = write(QStringLiteral("err_y.npy"), npy("<i4", "(2,)", leArray<qint32>({0, 1})));

        const QString shortData = write(QStringLiteral("short.npy"),
                                        npy("<f4", "(2, 3)", leArray<float>({1, 2, 3, 4, 5})));
        expectError(request(shortData, y), {shortData, QStringLiteral("(2, 3)"), QStringLiteral("24"),
                                            QStringLiteral("20")});
        const QString longData = write(QStringLiteral("long.npy"),
                                       npy("<f4", "(2, 2)", leArray<float>({1, 2, 3, 4, 5})));
        expectError(request(longData, y), {longData, QStringLiteral("needs 16")});

        // A header longer than the loader accepts (2 MB of padding in a 2.0 header).
        QByteArray huge("\x93NUMPY\x02\x00", 8);
        QByteArray dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }");
        dict.append(QByteArray(2 << 20, ' '));
        dict.append('\n');
        putLE(huge, quint32(dict.size()));
        huge.append(dict);
        huge.append(leArray<float>({1, 2}));
        const QString tooLong = write(QStringLiteral("toolong.npy"), huge);
        expectError(request(tooLong, y), {tooLong, QStringLiteral("header too long")});

        // A header length past the end of the file.
        QByteArray cut("\x93NUMPY\x01\x00", 8);
        putLE(cut, quint16(5000));
        cut.append("{'descr': '<f4'");
        const QString cutHeader = write(QStringLiteral("cut.npy"), cut);
        expectError(request(cutHeader, y), {cutHeader, QStringLiteral("past the end")});

        const QString badDtype = write(QStringLiteral("dtype.npy"), npy("<U5", "(2,)", QByteArray(40, 'a')));
        expectError(request(badDtype, y), {badDtype, QStringLiteral("'<U5'")});
        const QString object = write(QStringLiteral("object.npy"), npy("|O", "(2,)", QByteArray(16, 'a')));
        expectError(request(object, y), {object, QStringLiteral("unsupported dtype")});

        QByteArray badHeader = npy("<f4", "(2,)", leArray<float>({1, 2}));
        badHeader.replace("'shape': (2,)", "'shape': [2,]");
        const QString brokenShape = write(QStringLiteral("badshape.npy"), badHeader);
        expectError(request(brokenShape, y), {brokenShape, QStringLiteral("shape")});

        const QString version = write(QStringLiteral("version.npy"),
                                      npy("<f4", "(2,)", leArray<float>({1, 2})).replace(6, 1, "\x07"));
        expectError(request(version, y), {version, QStringLiteral("version 7")});

        const QString zeroRows = write(QStringLiteral("zero.npy"), npy("<f4", "(0, 3)", QByteArray()));
        const QString zeroY = write(QStringLiteral("zero_y.npy"), npy("<f4", "(0,)", QByteArray()));
        expectError(request(zeroRows, zeroY), {zeroRows, QStringLiteral("no rows")});

        const QString missingTargets = tmp.filePath(QStringLiteral("missing_y.npy"));
        const QString x = write(QStringLiteral("err_x.npy"), npy("<f4", "(2,)", leArray<float>({1, 2})));
        expectError(request(x, missingTargets), {missingTargets, QStringLiteral("no such file")});
    }

    // ----- synthetic data ---------------------------------------------------------------

    void syntheticDeterministic()
    {
        DataRequest r = request(QStringLiteral("synthetic"));
        r.inputShape = {8, 8, 1};
        r.numClasses = 10;
        r.seed = 42;
        const Dataset a = load(r);
        const Dataset b = load(r);
        QCOMPARE(a.name, QStringLiteral("synthetic"));
        QCOMPARE(a.rows, qint64(1024));
        QCOMPARE(a.featureShape, (TensorShape{8, 8, 1}));
        QCOMPARE(a.features.size(), 1024 * 64);
        QCOMPARE(a.targets.size(), 1024);
        QCOMPARE(a.numClasses, 10);
        QVERIFY(std::memcmp(a.features.constData(), b.features.constData(), size_t(a.features.size()) * 4) == 0);
        QVERIFY(std::memcmp(a.targets.constData(), b.targets.constData(), size_t(a.targets.size()) * 4) == 0);
        r.seed = 43;
        const Dataset c = load(r);
        QVERIFY(a.features != c.features);
        QVERIFY(a.targets != c.targets);

        // N(0, 1) features.
        double sum = 0, sq = 0;
        for (float v : a.features) {
            sum += v;
            sq += double(v) * v;
        }
        const double mean = sum / a.features.size();
        QVERIFY(std::fabs(mean) < 0.03);
        QVERIFY(std::fabs(sq / a.features.size() - mean * mean - 1.0) < 0.05);
    }

    void syntheticClassesBalancedAndLearnable_data()
    {
        QTest::addColumn<int>("classes");
        QTest::addColumn<int>("features");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("3 classes, 4 features") << 3 << 4 << quint64(1);
        QTest::newRow("10 classes, 64 features") << 10 << 64 << quint64(7);
        QTest::newRow("10 classes, 2 features") << 10 << 2 << quint64(8);
        QTest::newRow("37 classes, 16 features") << 37 << 16 << quint64(3);
        QTest::newRow("100 classes, 32 features") << 100 << 32 << quint64(11);
        QTest::newRow("100 classes, 3 features") << 100 << 3 << quint64(12);
        QTest::newRow("100 classes, 1 feature") << 100 << 1 << quint64(13);
        QTest::newRow("12 classes, 1 feature") << 12 << 1 << quint64(1);
    }

    void syntheticClassesBalancedAndLearnable()
    {
        QFETCH(int, classes);
        QFETCH(int, features);
        QFETCH(quint64, seed);
        DataRequest r = request(QStringLiteral("synthetic"));
        r.inputShape = {features};
        r.numClasses = classes;
        r.seed = seed;
        const Dataset d = load(r);
        QCOMPARE(d.numClasses, classes);
        std::map<int, int> counts;
        for (float t : d.targets) {
            QVERIFY(t >= 0 && t < classes && t == std::floor(t));
            ++counts[int(t)];
        }
        QCOMPARE(int(counts.size()), classes);
        int smallest = 1 << 30;
        for (const auto &kv : counts)
            smallest = std::min(smallest, kv.second);
        QVERIFY2(smallest >= 1024 / classes / 4, qPrintable(QString::number(smallest)));
        // Learnable: nearest class mean beats chance clearly (where classes have enough
        // training rows to estimate a mean).
        if (classes <= 10) {
            const double accuracy = nearestMeanAccuracy(d);
            QVERIFY2(accuracy > 2.0 / classes, qPrintable(QString::number(accuracy)));
        }
    }

    void syntheticBinaryAndRegression()
    {
        DataRequest r = request(QStringLiteral("synthetic"));
        r.inputShape = {12};
        r.numClasses = 1;
        r.seed = 5;
        Dataset d = load(r);
        QCOMPARE(d.numClasses, 2);
        QCOMPARE(d.targetWidth, 1);
        int ones = 0;
        for (float t : d.targets) {
            QVERIFY(t == 0 || t == 1);
            ones += t == 1;
        }
        QVERIFY(ones > 400 && ones < 624);
        // A few hundred steps of plain logistic regression learn it.
        std::vector<double> w(13, 0.0);
        for (int step = 0; step < 300; ++step) {
            std::vector<double> grad(13, 0.0);
            for (qint64 i = 0; i < 512; ++i) {
                double z = w[12];
                for (int j = 0; j < 12; ++j)
                    z += w[size_t(j)] * d.features[i * 12 + j];
                const double e = 1.0 / (1.0 + std::exp(-z)) - d.targets[i];
                for (int j = 0; j < 12; ++j)
                    grad[size_t(j)] += e * d.features[i * 12 + j];
                grad[12] += e;
            }
            for (int j = 0; j < 13; ++j)
                w[size_t(j)] -= 0.5 * grad[size_t(j)] / 512;
        }
        int right = 0;
        for (qint64 i = 512; i < 1024; ++i) {
            double z = w[12];
            for (int j = 0; j < 12; ++j)
                z += w[size_t(j)] * d.features[i * 12 + j];
            right += (z > 0) == (d.targets[i] == 1);
        }
        QVERIFY2(right > 0.85 * 512, qPrintable(QString::number(right)));

        // Regression: targets are an exact linear map of the features.
        r.numClasses = 0;
        r.targetWidth = 3;
        r.rows = 200;
        d = load(r);
        QCOMPARE(d.numClasses, 0);
        QCOMPARE(d.targetWidth, 3);
        QCOMPARE(d.targets.size(), 600);
        double var = 0;
        for (float t : d.targets)
            var += double(t) * t;
        QVERIFY(var / 600 > 0.3);
        for (int column = 0; column < 3; ++column)
            QVERIFY(leastSquaresResidual(d, column) < 1e-3);
    }

    void syntheticTokens()
    {
        DataRequest r = request(QStringLiteral("synthetic"));
        r.inputShape = {20};
        r.integerInputs = true;
        r.vocabulary = 50;
        r.numClasses = 4;
        r.rows = 2000;
        r.seed = 9;
        const Dataset d = load(r);
        QCOMPARE(d.rows, qint64(2000));
        std::set<int> tokens;
        for (float v : d.features) {
            QVERIFY(v >= 0 && v < 50 && v == std::floor(v));
            tokens.insert(int(v));
        }
        QCOMPARE(int(tokens.size()), 50);
        // Learnable from token counts: nearest class mean over bag-of-words vectors.
        Dataset bags;
        bags.rows = d.rows;
        bags.featureShape = {50};
        bags.numClasses = d.numClasses;
        bags.targets = d.targets;
        bags.features = QVector<float>(int(d.rows * 50), 0.0f);
        for (qint64 i = 0; i < d.rows; ++i)
            for (int j = 0; j < 20; ++j)
                bags.features[i * 50 + int(d.features[i * 20 + j])] += 1;
        const double accuracy = nearestMeanAccuracy(bags);
        QVERIFY2(accuracy > 0.5, qPrintable(QString::number(accuracy)));
        // Same seed, same tokens.
        QCOMPARE(load(r).features, d.features);
    }

    void syntheticErrors()
    {
        DataRequest r = request(QStringLiteral("synthetic"));
        r.rows = 0;
        expectError(r, {QStringLiteral("synthetic"), QStringLiteral("0 rows")});
        r.rows = 10;
        r.inputShape = {4, 0};
        expectError(r, {QStringLiteral("synthetic"), QStringLiteral("not positive")});
    }

    // ----- row helpers ------------------------------------------------------------------

    void shuffleKeepsPairs()
    {
        Dataset d;
        d.rows = 100;
        d.featureShape = {3};
        d.targetWidth = 2;
        for (int i = 0; i < 100; ++i) {
            d.features << float(i) << float(i * 10) << float(-i);
            d.targets << float(i) << float(i + 0.5);
        }
        Dataset e = d;
        shuffleRows(d, 17);
        shuffleRows(e, 17);
        QCOMPARE(d.features, e.features);
        QCOMPARE(d.targets, e.targets);
        int moved = 0;
        std::set<int> seen;
        for (int i = 0; i < 100; ++i) {
            const float key = d.features[i * 3];
            QCOMPARE(d.features[i * 3 + 1], key * 10);
            QCOMPARE(d.features[i * 3 + 2], -key);
            QCOMPARE(d.targets[i * 2], key);
            QCOMPARE(d.targets[i * 2 + 1], key + 0.5f);
            seen.insert(int(key));
            moved += int(key) != i;
        }
        QCOMPARE(int(seen.size()), 100);
        QVERIFY(moved > 80);
        Dataset f = e;
        shuffleRows(f, 18);
        QVERIFY(f.features != e.features);
    }

    void standardize()
    {
        Dataset d;
        d.rows = 10;
        d.featureShape = {3};
        for (int i = 0; i < 10; ++i)
            d.features << float(i) << float(100 + 3 * i * i) << 7.0f;
        d.targets = QVector<float>(10, 0.0f);
        standardizeFeatures(d, 8);
        for (int j = 0; j < 3; ++j) {
            double sum = 0, sq = 0;
            for (int i = 0; i < 8; ++i) {
                sum += d.features[i * 3 + j];
                sq += double(d.features[i * 3 + j]) * d.features[i * 3 + j];
            }
            const double mean = sum / 8;
            QVERIFY(std::fabs(mean) < 1e-5);
            const double sd = std::sqrt(sq / 8 - mean * mean);
            if (j < 2)
                QVERIFY2(std::fabs(sd - 1) < 1e-4, qPrintable(QString::number(sd)));
            else
                QCOMPARE(sd, 0.0); // constant column: centred only
        }
        // The held-out rows use the training statistics: row 9 of column 0 is
        // (9 - 3.5) / sd(0..7).
        const double sd0 = std::sqrt(5.25);
        QVERIFY(std::fabs(d.features[9 * 3] - (9 - 3.5) / sd0) < 1e-4);
        QCOMPARE(d.features[9 * 3 + 2], 0.0f);
    }

    void reshape()
    {
        Dataset d;
        d.rows = 2;
        d.featureShape = {64};
        d.features = QVector<float>(128, 1.0f);
        d.targets = {0, 1};
        QString error;
        QVERIFY(reshapeFeatures(d, {8, 8, 1}, &error));
        QCOMPARE(d.featureShape, (TensorShape{8, 8, 1}));
        QCOMPARE(d.featureSize(), qint64(64));
        QCOMPARE(d.features.size(), 128);
        QVERIFY(!reshapeFeatures(d, {7, 7}, &error));
        QVERIFY(error.contains(QLatin1String("64")));
        QCOMPARE(d.featureShape, (TensorShape{8, 8, 1}));
        QVERIFY(reshapeFeatures(d, {-1, 4}, &error));
        QCOMPARE(d.featureShape, (TensorShape{16, 4}));
        QVERIFY(!reshapeFeatures(d, {-1, 5}, &error));
        QVERIFY(!reshapeFeatures(d, {0, 64}, &error));
    }
};

QTEST_GUILESS_MAIN(Tstdataset)
#include "tst_dataset.moc"
