#pragma once

#include "ModelIR.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace kmw {

/// Training data for a smoke run, in memory: `rows` samples of `featureShape` floats
/// (row-major) and their targets.
struct Dataset {
    QString name;               ///< "synthetic", "digits", or the file path read
    qint64 rows = 0;
    TensorShape featureShape;   ///< per sample, e.g. {64} or {28, 28, 1}
    QVector<float> features;    ///< rows * product(featureShape) values
    QVector<float> targets;     ///< rows * targetWidth values
    int targetWidth = 1;
    /// > 0 when targets are class ids 0..numClasses-1 (targetWidth 1); 0 for
    /// regression targets.
    int numClasses = 0;
    QStringList notes;          ///< what the loader did ("skipped 2 header lines", …)

    qint64 featureSize() const; ///< product(featureShape)
};

/// What to load. `spec` is "synthetic", "digits", or a file: .csv / .csv.gz (last column
/// the target, leading lines that are not all numbers skipped — e.g. Boston's
/// `506,13,,,` count line and its header), .npy (features; targets then come from
/// `targetsPath` or a second array), .npz (arrays `x`/`y`, `X`/`y`, `x_train`/`y_train`
/// or the first two arrays).
struct DataRequest {
    QString spec;
    QString targetsPath;        ///< optional .npy of targets for a .npy spec
    /// Synthetic data: per-sample shape, classes (0 = regression with `targetWidth`
    /// outputs, 1 or 2 = binary 0/1 targets), integer token inputs in [0, vocabulary).
    TensorShape inputShape;
    int numClasses = 10;
    int targetWidth = 1;
    /// Regression targets squashed into (0, 1) by a sigmoid: the pixels a binary
    /// cross-entropy autoencoder or generator reconstructs.
    bool unitTargets = false;
    bool integerInputs = false;
    qint64 vocabulary = 0;
    qint64 rows = 1024;
    quint64 seed = 0;
    /// Folders searched first for digits.csv.gz (then $KMW_DATA_DIR, ../shared/data
    /// above the working directory and the executable, and scikit-learn's copy).
    QStringList searchDirs;
};

/// Loads the data a request names. Synthetic data has learnable labels: features are
/// N(0, 1) (or uniform token ids) and labels come from a fixed random teacher (a random
/// linear map seeded by `seed`; argmax for classes, sign for binary, the values for
/// regression), so the same seed gives the same numbers. False with `*error`
/// (`path:line: message` for files) when the data cannot be read; nothing is partly
/// filled in that case.
bool loadDataset(const DataRequest &request, Dataset *out, QString *error);

/// Where a data file given by a relative name that does not exist in the working
/// folder is looked for, in order: each of `searchDirs`, $KMW_DATA_DIR, and
/// ../shared/data above the working folder and above the executable.
QStringList dataFileCandidates(const QString &name, const QStringList &searchDirs);

/// The places searched for digits.csv.gz (dataFileCandidates(), then scikit-learn's
/// copies), first found wins.
QStringList digitsCandidates(const QStringList &searchDirs);

/// Shuffles the rows (features and targets together) with a seeded generator
/// (std::mt19937_64), as train_test_split(random_state=seed) would before Keras's
/// validation_split takes the last fraction.
void shuffleRows(Dataset &data, quint64 seed);

/// Standardizes every feature column to mean 0, standard deviation 1 using the
/// statistics of the first `trainRows` rows (sklearn StandardScaler fitted on the
/// training split; constant columns are left centred). Not for integer token inputs.
void standardizeFeatures(Dataset &data, qint64 trainRows);

/// Reinterprets each sample as `shape` when the element counts agree (e.g. 64 -> 8x8x1);
/// false with `*error` otherwise.
bool reshapeFeatures(Dataset &data, const TensorShape &shape, QString *error);

} // namespace kmw
