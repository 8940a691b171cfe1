// Private to kmw_core (not installed): what the Dataset*.cpp files share. Dataset.cpp
// holds loadDataset(), the data-file search and the row helpers; DatasetCsv.cpp CSV and
// gzip; DatasetNpy.cpp .npy; DatasetNpz.cpp .npz (zip); DatasetSynthetic.cpp synthetic
// data.

#pragma once

#include "Dataset.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <cmath>
#include <random>
#include <vector>

namespace kmw::datasetdetail {

/// Portable random numbers on top of std::mt19937_64 (whose output sequence is fixed by
/// the standard, unlike the std distributions).
inline constexpr double kTwoPi = 6.283185307179586476925;

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


/// Sets `*error` to `message` when `error` is not null (Dataset.cpp).
void setError(QString *error, const QString &message);
/// A shape as numpy prints it, "(3,)" or "(3, 4)" (Dataset.cpp).
QString shapeText(const std::vector<qint64> &shape);
/// shapeText() of a TensorShape (Dataset.cpp).
QString shapeText(const TensorShape &shape);
/// Reads a whole file; false with "path: reason" when missing or unreadable (Dataset.cpp).
bool readFile(const QString &path, QByteArray *bytes, QString *error);
/// Class ids or regression for `n` x `width` targets: sets targetWidth, numClasses (Dataset.cpp).
void interpretTargets(QVector<float> &targets, qint64 n, qint64 width, Dataset &ds);

/// True when the bytes start with the gzip signature 1f 8b (DatasetCsv.cpp).
bool isGzip(const QByteArray &bytes);
/// A blank other than '\n' (space, tab, CR, FF, VT), for CSV cells and .npy headers.
inline bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/// One array read from a .npy image: shape, values as floats in C order, dtype, source order.
struct NpyArray {
    std::vector<qint64> shape;
    QVector<float> data;   ///< C order
    QString descr;
    bool fortranOrder = false;
};

/// Loads a .csv or .csv.gz file into `ds`, the last column the target (DatasetCsv.cpp).
bool loadCsvFile(const QString &path, Dataset &ds, QString *error);

/// Parses a .npy image (format 1.0, 2.0 or 3.0); `where` names it in messages (DatasetNpy.cpp).
bool parseNpy(const char *bytes, qint64 size, const QString &where, NpyArray *out, QString *error);
/// Reads and parses a .npy file (DatasetNpy.cpp).
bool loadNpyFile(const QString &path, NpyArray *array, QString *error);
/// Fills `ds` from a feature array and a target array (DatasetNpy.cpp).
bool fromArrays(NpyArray &x, NpyArray &y, const QString &xWhere, const QString &yWhere, Dataset &ds,
                QString *error);

/// Loads the feature and target arrays of an .npz (zip) archive (DatasetNpz.cpp).
bool loadNpz(const QString &path, NpyArray *x, NpyArray *y, bool *haveY, QStringList *notes,
             QString *error);

/// Synthetic data with labels from a seeded random teacher (DatasetSynthetic.cpp).
bool makeSynthetic(const DataRequest &request, Dataset &ds, QString *error);

} // namespace kmw::datasetdetail
