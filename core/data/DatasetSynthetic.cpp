// Synthetic data for smoke runs (see Dataset.h): N(0, 1) features or uniform token ids,
// labels from a fixed random teacher seeded by the request.

#include "DatasetInternal.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace kmw::datasetdetail {

// ---------------------------------------------------------------------------------------
// Synthetic data
// ---------------------------------------------------------------------------------------

namespace {

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
        /// Class k's score v, kept if it is among the two best.
        void offer(double v, int k)
        {
            if (v > v1) {
                v2 = v1;
                k2 = k1;
                v1 = v;
                k1 = k;
            } else if (v > v2) {
                v2 = v;
                k2 = k;
            }
        }
    };
    std::vector<Top2> top(static_cast<size_t>(m));
    auto recompute = [&](qint64 i) {
        const double *s = scores.data() + i * c;
        Top2 t{-std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), -1, -1};
        for (int j = 0; j < c; ++j)
            t.offer(s[j] + bias[size_t(j)], j);
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
            if (t.k1 == k || t.k2 == k)
                recompute(i);
            else
                t.offer(v, k);
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

/// Token-id features and their teacher's scores: fills `features` (`rows` x `width`) with
/// uniform token ids in [0, vocabulary) and `scores` (`rows` x `outputs`, zeroed) with the
/// mean over a row's tokens of a N(0, 1) vector per token (a bag-of-embeddings teacher).
/// The table is drawn from `teacherRandom` before any token is drawn from `featureRandom`.
void tokenTeacherScores(Random &featureRandom, Random &teacherRandom, qint64 rows, qint64 width,
                        qint64 vocabulary, int outputs, QVector<float> &features, std::vector<double> &scores)
{
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
}

/// N(0, 1) features and a linear teacher's scores: fills `features` (`rows` x `width`)
/// from `featureRandom`, then adds to `scores` (`rows` x `outputs`, zeroed) a random linear
/// map with N(0, 1/n) weights from `teacherRandom`, so scores are ~N(0, 1).
void linearTeacherScores(Random &featureRandom, Random &teacherRandom, qint64 rows, qint64 width, int outputs,
                         QVector<float> &features, std::vector<double> &scores)
{
    for (float &v : features)
        v = float(featureRandom.normal());
    // The map reads at most 4,096 features evenly spread over the row (a 224×224×3
    // image's full map to 1,000 outputs would be 1.2 GB and minutes of work)
    const qint64 stride = std::max<qint64>(1, (width + 4095) / 4096);
    const qint64 used = (width + stride - 1) / stride;
    std::vector<double> w(size_t(used) * size_t(outputs));
    const double scale = 1.0 / std::sqrt(double(used));
    for (double &v : w)
        v = teacherRandom.normal() * scale;
    for (qint64 i = 0; i < rows; ++i) {
        const float *x = features.constData() + i * width;
        double *s = scores.data() + i * outputs;
        for (qint64 u = 0; u < used; ++u) {
            const double xj = x[u * stride];
            const double *wj = w.data() + u * outputs;
            for (int k = 0; k < outputs; ++k)
                s[k] += xj * wj[k];
        }
    }
}

/// Regression targets: the first `count` teacher `scores`, through a sigmoid into (0, 1)
/// when `unitTargets`.
QVector<float> regressionTargets(const std::vector<double> &scores, qint64 count, bool unitTargets)
{
    QVector<float> targets;
    targets.resize(qsizetype(count));
    for (qint64 i = 0; i < count; ++i) {
        const double v = scores[size_t(i)];
        targets[qsizetype(i)] = float(unitTargets ? 1.0 / (1.0 + std::exp(-v)) : v);
    }
    return targets;
}

/// Balanced binary targets: 1 where the score (`rows` x 1 `scores`) is above its median,
/// else 0.
QVector<float> binaryTargets(const std::vector<double> &scores, qint64 rows)
{
    QVector<float> targets;
    std::vector<double> sorted(scores);
    std::nth_element(sorted.begin(), sorted.begin() + rows / 2, sorted.end());
    const double median = sorted[size_t(rows / 2)];
    targets.resize(qsizetype(rows));
    for (qint64 i = 0; i < rows; ++i)
        targets[qsizetype(i)] = scores[size_t(i)] > median ? 1.0f : 0.0f;
    return targets;
}

/// Class-id targets (`rows` floats in [0, outputs)) from teacher `scores` (`rows` x
/// `outputs`): the argmax of the scores plus biases that balance the classes (computed on
/// at most a few thousand rows). When a class is still left empty, equal-count bands of a
/// random projection of the scores (from `teacherRandom`) instead, with a note in `notes`.
QVector<float> balancedClassTargets(const std::vector<double> &scores, qint64 rows, int outputs,
                                    Random &teacherRandom, QStringList &notes)
{
    QVector<float> targets;
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
        notes << QStringLiteral("classes are bands of a random projection of the teacher's scores "
                                "(its argmax left some classes empty)");
    }
    return targets;
}

} // namespace

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
    qint64 rows = request.rows;
    if (rows <= 0) {
        setError(error, QStringLiteral("synthetic data: %1 rows requested").arg(rows));
        return false;
    }
    const qint64 width = shapeProduct(shape);
    // large inputs (224×224×3 images: 150,528 values a row): at most 2^25 values (128 MB
    // of floats) and 64 rows at least, so making the data stays a small part of a run
    constexpr qint64 kMaxValues = qint64(1) << 25;
    if (width > 0 && rows * width > kMaxValues && rows > 64) {
        const qint64 fewer = std::max<qint64>(64, kMaxValues / width);
        if (fewer < rows) {
            ds.notes << QStringLiteral("%1 rows instead of %2: each row has %3 values").arg(fewer).arg(rows).arg(width);
            rows = fewer;
        }
    }
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
        setError(error, request.targetWidth > 100000
                            ? QStringLiteral("synthetic data: the model gives %1 values per sample (a feature map: a base "
                                             "without its classifier?); smoke-train a model with a head on it, or give "
                                             "--data").arg(request.targetWidth)
                            : QStringLiteral("synthetic data: the model's output width %1 is not usable as a target")
                                  .arg(request.targetWidth));
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
        tokenTeacherScores(featureRandom, teacherRandom, rows, width, vocabulary, outputs, features, scores);
        ds.notes << QStringLiteral("synthetic token ids in [0, %1); targets from a random per-token teacher")
                        .arg(vocabulary);
    } else {
        // Teacher: a random linear map, N(0, 1/n) weights, so scores are ~N(0, 1).
        linearTeacherScores(featureRandom, teacherRandom, rows, width, outputs, features, scores);
        ds.notes << QStringLiteral("synthetic N(0, 1) features; targets from a random linear teacher");
    }

    QVector<float> targets;
    if (regression) {
        targets = regressionTargets(scores, rows * outputs, request.unitTargets);
        if (request.unitTargets)
            ds.notes << QStringLiteral("targets in (0, 1): the teacher's outputs through a sigmoid");
        ds.numClasses = 0;
        ds.targetWidth = outputs;
    } else if (binary) {
        // Sign of the score about its median: balanced 0/1 labels.
        targets = binaryTargets(scores, rows);
        ds.numClasses = 2;
        ds.targetWidth = 1;
        ds.notes << QStringLiteral("binary 0/1 targets");
    } else {
        // argmax of the teacher's scores plus biases that balance the classes (computed
        // on at most a few thousand rows).
        targets = balancedClassTargets(scores, rows, outputs, teacherRandom, ds.notes);
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

} // namespace kmw::datasetdetail
