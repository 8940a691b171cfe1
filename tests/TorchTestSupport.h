#pragma once
// Models and data built by hand for the LibTorch smoke runner's tests (tst_torch,
// tst_smokechecks): each fills shapes and parameter counts itself.

#include "TorchRunner.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <zlib.h>

#include <cmath>
#include <random>

namespace kmw::torchtest {


inline LayerSpec layer(const QString &type, const QString &name)
{
    LayerSpec l;
    l.type = type;
    l.name = name;
    return l;
}

inline LayerSpec dense(const QString &name, qint64 units, const QString &activation = QString())
{
    LayerSpec l = layer(QStringLiteral("Dense"), name);
    l.units = units;
    l.activation = activation;
    return l;
}

inline LayerSpec conv2d(const QString &name, qint64 filters, qint64 k, const QString &padding,
                 qint64 stride = 1)
{
    LayerSpec l = layer(QStringLiteral("Conv2D"), name);
    l.filters = filters;
    l.kernelSize = {k, k};
    l.strides = {stride, stride};
    l.padding = padding;
    l.activation = QStringLiteral("relu");
    return l;
}

/// A Sequential model: each layer's inbound is the previous one; totals filled by hand.
inline ModelIR sequential(const QVector<LayerSpec> &layers, const TensorShape &input,
                   const TensorShape &output, qint64 paramsKeras, qint64 paramsTorch)
{
    ModelIR m;
    m.name = QStringLiteral("sequential");
    m.kind = QStringLiteral("Sequential");
    m.layers = layers;
    for (int i = 1; i < m.layers.size(); ++i)
        m.layers[i].inbound = {i - 1};
    m.inputs = {0};
    m.outputs = {int(m.layers.size()) - 1};
    m.inputShapes = {input};
    m.outputShape = output;
    m.layers.last().outputShape = output;
    m.paramsKeras = paramsKeras;
    m.trainableKeras = paramsKeras;
    m.paramsTorch = paramsTorch;
    m.layers.last().paramsKeras = paramsKeras; // the layer sum the param_count check uses
    return m;
}

inline OptimizerSpec optimizer(const QString &type, double lr)
{
    OptimizerSpec o;
    o.type = type;
    o.learningRate = lr;
    o.fromCode = true;
    return o;
}

/// digits.csv.gz (1797 x 64 pixels 0-16, then the label), rows shuffled with `seed` and
/// every column standardized; empty when the file is absent.
inline Dataset digits(quint64 seed = 0)
{
    Dataset d;
    const QString path = QStringLiteral(KMW_SHARED_DIR "/data/digits.csv.gz");
    gzFile f = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!f)
        return d;
    QByteArray text;
    char buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0)
        text.append(buf, n);
    gzclose(f);
    QVector<QVector<float>> rows;
    for (const QByteArray &line : text.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QVector<float> row;
        for (const QByteArray &cell : line.split(','))
            row << cell.trimmed().toFloat();
        rows << row;
    }
    std::mt19937_64 rng(seed);
    std::shuffle(rows.begin(), rows.end(), rng);
    d.name = QStringLiteral("digits");
    d.rows = rows.size();
    d.featureShape = {64};
    d.numClasses = 10;
    for (const auto &row : rows) {
        for (int c = 0; c < 64; ++c)
            d.features << row[c];
        d.targets << row[64];
    }
    for (int c = 0; c < 64; ++c) {
        double s = 0, s2 = 0;
        for (qint64 r = 0; r < d.rows; ++r) {
            const double v = d.features[r * 64 + c];
            s += v;
            s2 += v * v;
        }
        const double mean = s / double(d.rows);
        const double sd = std::sqrt(std::max(0.0, s2 / double(d.rows) - mean * mean));
        for (qint64 r = 0; r < d.rows; ++r) {
            float &v = d.features[r * 64 + c];
            v = float(sd > 0 ? (v - mean) / sd : v - mean);
        }
    }
    return d;
}

/// N(0, 1) features with labels from a fixed random linear teacher (argmax over classes).
inline Dataset teacher(qint64 rows, int features, int classes, quint64 seed = 1)
{
    Dataset d;
    d.name = QStringLiteral("synthetic");
    d.rows = rows;
    d.featureShape = {features};
    d.numClasses = classes;
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    QVector<float> w(features * classes);
    for (float &v : w)
        v = normal(rng);
    for (qint64 r = 0; r < rows; ++r) {
        QVector<float> x(features);
        for (float &v : x)
            v = normal(rng);
        d.features += x;
        int best = 0;
        float bestScore = -1e30f;
        for (int c = 0; c < classes; ++c) {
            float s = 0;
            for (int i = 0; i < features; ++i)
                s += x[i] * w[i * classes + c];
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        d.targets << float(best);
    }
    return d;
}

/// Token-id rows (length `length`, ids in [0, vocab)) with 3 classes.
inline Dataset tokens(qint64 rows, int length, int vocab)
{
    Dataset d;
    d.name = QStringLiteral("tokens");
    d.rows = rows;
    d.featureShape = {length};
    d.numClasses = 3;
    std::mt19937_64 rng(5);
    std::uniform_int_distribution<int> id(0, vocab - 1);
    for (qint64 r = 0; r < rows; ++r) {
        int sum = 0;
        for (int t = 0; t < length; ++t) {
            const int v = id(rng);
            d.features << float(v);
            sum += v;
        }
        d.targets << float(sum % 3);
    }
    return d;
}

inline const SmokeCheck *findCheck(const SmokeResult &r, const QString &name)
{
    for (const SmokeCheck &c : r.checks)
        if (c.name == name)
            return &c;
    return nullptr;
}

inline QString describe(const SmokeResult &r)
{
    QStringList out;
    if (!r.error.isEmpty())
        out << QStringLiteral("error: ") + r.error;
    for (const SmokeCheck &c : r.checks)
        out << QStringLiteral("%1 %2: %3").arg(c.passed ? QStringLiteral("ok") : QStringLiteral("FAIL"),
                                              c.name, c.detail);
    return out.join(QLatin1Char('\n'));
}

inline bool allChecksPass(const SmokeResult &r)
{
    if (!r.ran || r.cancelled || r.checks.size() != 7)
        return false;
    for (const SmokeCheck &c : r.checks)
        if (!c.passed)
            return false;
    return true;
}

/// Run options: `epochs` of `batchSize` rows, the last `validationSplit` held out.
inline SmokeOptions smokeOptions(int epochs, int batchSize, double validationSplit)
{
    SmokeOptions opt;
    opt.epochs = epochs;
    opt.batchSize = batchSize;
    opt.validationSplit = validationSplit;
    return opt;
}

inline ModelIR digitsMlp()
{
    LayerSpec hidden = dense(QStringLiteral("dense"), 100, QStringLiteral("tanh"));
    hidden.paramsKeras = hidden.paramsTorch = 6500;
    hidden.outputShape = {100};
    ModelIR m = sequential({hidden, dense(QStringLiteral("dense_1"), 10, QStringLiteral("softmax"))},
                           {64}, {10}, 7510, 7510);
    m.layers[1].paramsKeras = 1010; // layer sum 6500 + 1010
    m.layers[1].paramsTorch = 1010;
    m.loss = QStringLiteral("categorical_crossentropy");
    m.optimizer = optimizer(QStringLiteral("sgd"), 0.1);
    m.fit.epochs = 15;
    m.fit.batchSize = 32;
    m.fit.validationSplit = 0.2;
    m.fit.fromCode = true;
    return m;
}

} // namespace kmw::torchtest
