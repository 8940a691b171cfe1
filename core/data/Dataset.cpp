// Data loaders for smoke runs (see Dataset.h for the contract).
//
// Formats: CSV / CSV.GZ (',' else ';' else tab; last column the target; leading lines
// that are not all numbers skipped; parsed with std::from_chars, locale-independent),
// .npy 1.0/2.0/3.0 (float16/32/64, int8-64, uint8-64, bool, either byte order, Fortran
// order transposed to C order), .npz (zip, stored or deflated, zip64 extras, CRC-32
// checked). Every error names the file (and the line for CSV); the output Dataset is
// only assigned once everything has been read.
//
// This file: loadDataset() (dispatch by name, suffix or first bytes), the digits and
// data-file search, the row helpers (shuffle, standardize, reshape) and the helpers in
// DatasetInternal.h. The formats: DatasetCsv.cpp, DatasetNpy.cpp, DatasetNpz.cpp,
// DatasetSynthetic.cpp.

#include "Dataset.h"
#include "DatasetInternal.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace kmw {

qint64 Dataset::featureSize() const
{
    return shapeProduct(featureShape);
}

namespace datasetdetail {

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

} // namespace datasetdetail

using namespace datasetdetail;

namespace {

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
    Random random(seed);
    std::vector<qint64> order(static_cast<size_t>(n));
    for (qint64 i = 0; i < n; ++i)
        order[size_t(i)] = i;
    for (qint64 i = n - 1; i > 0; --i) // Fisher-Yates
        std::swap(order[size_t(i)], order[size_t(random.below(quint64(i) + 1))]);
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
