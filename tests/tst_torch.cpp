// The LibTorch smoke runner (core/torch): ModelIR -> torch modules, training, checks,
// TorchScript. Models and data are built by hand here (inferModel() and loadDataset()
// are tested elsewhere): each test fills the shapes and parameter counts itself.

#include "TorchRunner.h"
#include "TorchTestSupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <atomic>
#include <cmath>
#include <random>

using namespace kmw;
using namespace kmw::torchtest;

class TstTorch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void version();
    void digitsMlpTrains();
    void sameSeedSameNumbers();
    void convnetCountsAndShape();
    void recurrentAndNormParamCounts_data();
    void recurrentAndNormParamCounts();
    void functionalGraph();
    void layerZoo_data();
    void layerZoo();
    void brokenModels();
    void torchScript();
};

void TstTorch::version()
{
    QVERIFY(torchVersion().startsWith(QLatin1String("1.")) || torchVersion().startsWith(QLatin1String("2.")));
}

void TstTorch::digitsMlpTrains()
{
    // Rows shuffled with seed 1 before the split. Over six shuffles x two run seeds the
    // last val_accuracy spans 0.953-0.978 (mean ~0.967, the notebook's ~97%); shuffle 0
    // gives the low end (343/360), too close to 0.95 for other CPUs' rounding.
    const Dataset data = digits(1);
    if (data.rows == 0)
        QSKIP("../shared/data/digits.csv.gz is absent");
    QCOMPARE(data.rows, qint64(1797));
    const ModelIR model = digitsMlp();
    SmokeOptions opt;
    opt.validationSplit = 0.2; // epochs and batch size come from the model's fit()
    opt.seed = 0;
    opt.kerasParamsBefore = 7510;
    int events = 0, epochEvents = 0, checkEvents = 0;
    const SmokeResult r = runSmoke(model, data, opt, [&](const SmokeEvent &e) {
        if (!e.check.isEmpty()) {
            ++checkEvents; // the overfitting check's steps, after training
            QVERIFY(e.checkStep >= 1 && e.checkStep <= e.checkSteps);
            return;
        }
        ++events;
        if (e.epoch)
            ++epochEvents;
        QVERIFY(e.totalSteps == 15 * 45);
    });
    QVERIFY2(r.ran, qPrintable(r.error));
    QVERIFY2(allChecksPass(r), qPrintable(describe(r)));
    QCOMPARE(r.paramsTorch, qint64(7510));
    QCOMPARE(r.buffersTorch, qint64(0));
    QCOMPARE(r.outputShape, TensorShape({10}));
    QCOMPARE(r.trainRows, qint64(1437)); // floor(1797 * 0.8), as Keras splits
    QCOMPARE(r.validationRows, qint64(360));
    QCOMPARE(r.batchSize, 32);
    QCOMPARE(r.steps.size(), 15 * 45);
    QCOMPARE(r.history.size(), 15);
    QCOMPARE(events, 15 * 45 + 15);
    QCOMPARE(epochEvents, 15);
    QVERIFY(checkEvents >= 1);
    QVERIFY(r.scaled.isEmpty()); // 675 steps of a small MLP fit the default 60 s budget
    const EpochRecord &last = r.history.last();
    QVERIFY2(last.valAccuracy >= 0.95, qPrintable(QString::number(last.valAccuracy)));
    QVERIFY(last.accuracy >= 0.95);
    QVERIFY(last.valLoss < r.history.first().valLoss);
    QVERIFY(r.stepsPerSecond > 0 && r.seconds > 0);
    QVERIFY(findCheck(r, QStringLiteral("initial_loss"))->detail.contains(QLatin1String("ln(10) = 2.30")));
    QVERIFY(findCheck(r, QStringLiteral("param_count"))->detail.contains(QLatin1String("torch 7,510 = IR 7,510")));
    qInfo("digits MLP: val_accuracy %.4f, val_loss %.4f, %.0f steps/s, %.2f s",
          last.valAccuracy, last.valLoss, r.stepsPerSecond, r.seconds);
}

void TstTorch::sameSeedSameNumbers()
{
    const Dataset data = teacher(400, 12, 4);
    LayerSpec drop = layer(QStringLiteral("Dropout"), QStringLiteral("dropout"));
    drop.rate = 0.3; // the dropout masks must follow the seed too
    ModelIR m = sequential({dense(QStringLiteral("dense"), 32, QStringLiteral("relu")), drop,
                            dense(QStringLiteral("dense_1"), 4, QStringLiteral("softmax"))},
                           {12}, {4}, 548, 548);
    m.loss = QStringLiteral("sparse_categorical_crossentropy");
    m.optimizer = optimizer(QStringLiteral("adam"), 1e-2);
    SmokeOptions opt = smokeOptions(3, 16, 0.25);
    opt.overfitSteps = 0;
    opt.seed = 7;
    const SmokeResult a = runSmoke(m, data, opt);
    const SmokeResult b = runSmoke(m, data, opt);
    opt.seed = 8;
    const SmokeResult c = runSmoke(m, data, opt);
    QVERIFY2(a.ran && b.ran && c.ran, qPrintable(a.error + b.error + c.error));
    QCOMPARE(a.history.size(), 3);
    QCOMPARE(b.history.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(a.history[i].loss, b.history[i].loss);
        QCOMPARE(a.history[i].valLoss, b.history[i].valLoss);
        QCOMPARE(a.history[i].accuracy, b.history[i].accuracy);
        QCOMPARE(a.history[i].valAccuracy, b.history[i].valAccuracy);
    }
    QCOMPARE(a.steps.size(), b.steps.size());
    for (int i = 0; i < a.steps.size(); ++i)
        QCOMPARE(a.steps[i].loss, b.steps[i].loss);
    QVERIFY(a.history[0].loss != c.history[0].loss);
    QVERIFY(a.steps.first().loss != c.steps.first().loss);
}

void TstTorch::convnetCountsAndShape()
{
    Dataset data = digits(3);
    if (data.rows == 0)
        QSKIP("../shared/data/digits.csv.gz is absent");
    data.featureShape = {8, 8, 1};
    LayerSpec input = layer(QStringLiteral("InputLayer"), QStringLiteral("input_1"));
    input.outputShape = {8, 8, 1};
    LayerSpec pool1 = layer(QStringLiteral("MaxPooling2D"), QStringLiteral("max_pooling2d"));
    pool1.poolSize = {2, 2};
    LayerSpec pool2 = layer(QStringLiteral("MaxPooling2D"), QStringLiteral("max_pooling2d_1"));
    pool2.poolSize = {2, 2};
    pool2.padding = QStringLiteral("same");
    // 8x8x1 -same-> 8x8x8 -pool-> 4x4x8 -same, stride 2 (pads 0/1 as TF)-> 2x2x16
    // -pool same-> 1x1x16 -> 16 -> 10.
    ModelIR m = sequential({input, conv2d(QStringLiteral("conv2d"), 8, 3, QStringLiteral("same")),
                            pool1, conv2d(QStringLiteral("conv2d_1"), 16, 3, QStringLiteral("same"), 2),
                            pool2, layer(QStringLiteral("Flatten"), QStringLiteral("flatten")),
                            dense(QStringLiteral("dense"), 10, QStringLiteral("softmax"))},
                           {8, 8, 1}, {10}, 0, 0);
    const qint64 expected = (3 * 3 * 1 * 8 + 8) + (3 * 3 * 8 * 16 + 16) + (16 * 10 + 10);
    QCOMPARE(expected, qint64(1418));
    m.paramsKeras = m.paramsTorch = expected;
    m.layers.last().paramsKeras = expected;
    m.loss = QStringLiteral("sparse_categorical_crossentropy");
    m.optimizer = optimizer(QStringLiteral("adam"), 1e-2);
    SmokeOptions opt = smokeOptions(6, 32, 0.2);
    const SmokeResult r = runSmoke(m, data, opt);
    QVERIFY2(r.ran, qPrintable(r.error));
    QCOMPARE(r.paramsTorch, expected);
    QCOMPARE(r.outputShape, TensorShape({10}));
    QVERIFY2(findCheck(r, QStringLiteral("output_shape"))->passed, qPrintable(describe(r)));
    QVERIFY2(allChecksPass(r), qPrintable(describe(r)));
    QVERIFY2(r.history.last().valAccuracy > 0.8, qPrintable(QString::number(r.history.last().valAccuracy)));

    // A wrong IR output shape is reported, not hidden.
    m.outputShape = {12};
    opt.epochs = 1;
    opt.overfitSteps = 0;
    const SmokeResult w = runSmoke(m, data, opt);
    QVERIFY(w.ran);
    QVERIFY(!findCheck(w, QStringLiteral("output_shape"))->passed);
    QVERIFY(findCheck(w, QStringLiteral("output_shape"))->detail.contains(QLatin1String("(None, 12)")));
}

void TstTorch::recurrentAndNormParamCounts_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<qint64>("params");   // PyTorch convention, whole model
    QTest::addColumn<qint64>("buffers");
    const qint64 emb = 50 * 8, head16 = 16 * 3 + 3;
    const qint64 lstm = 4 * 16 * (8 + 16) + 8 * 16;
    const qint64 gru = 3 * 16 * (8 + 16) + 6 * 16;
    const qint64 rnn = 16 * (8 + 16) + 2 * 16;
    QTest::newRow("SimpleRNN") << "SimpleRNN" << emb + rnn + head16 << qint64(0);
    QTest::newRow("LSTM") << "LSTM" << emb + lstm + head16 << qint64(0);
    QTest::newRow("GRU") << "GRU" << emb + gru + head16 << qint64(0);
    QTest::newRow("GRU reset_after=False") << "GRU0" << emb + gru + head16 << qint64(0);
    QTest::newRow("Bidirectional LSTM concat") << "BiLSTM" << emb + 2 * lstm + (32 * 3 + 3) << qint64(0);
    QTest::newRow("Bidirectional GRU sum, sequences") << "BiGRUsum" << emb + 2 * gru + head16 << qint64(0);
    QTest::newRow("BatchNormalization") << "BN" << emb + 2 * 8 + (80 * 3 + 3) << qint64(2 * 8);
}

void TstTorch::recurrentAndNormParamCounts()
{
    QFETCH(QString, kind);
    QFETCH(qint64, params);
    QFETCH(qint64, buffers);
    LayerSpec emb = layer(QStringLiteral("Embedding"), QStringLiteral("embedding"));
    emb.inputDim = 50;
    emb.outputDim = 8;
    emb.inputLength = 10;
    QVector<LayerSpec> layers = {emb};
    auto recurrent = [](const QString &type, const QString &name) {
        LayerSpec l = layer(type, name);
        l.units = 16;
        return l;
    };
    if (kind == QLatin1String("BiLSTM") || kind == QLatin1String("BiGRUsum")) {
        LayerSpec bi = layer(QStringLiteral("Bidirectional"), QStringLiteral("bidirectional"));
        const bool gru = kind == QLatin1String("BiGRUsum");
        bi.wrapped = std::make_shared<LayerSpec>(recurrent(gru ? QStringLiteral("GRU") : QStringLiteral("LSTM"),
                                                           QStringLiteral("forward")));
        if (gru) {
            bi.mergeMode = QStringLiteral("sum");
            bi.wrapped->returnSequences = true;
        }
        layers << bi;
        if (gru)
            layers << layer(QStringLiteral("GlobalAveragePooling1D"), QStringLiteral("gap"));
    } else if (kind == QLatin1String("BN")) {
        layers << layer(QStringLiteral("BatchNormalization"), QStringLiteral("batch_normalization"))
               << layer(QStringLiteral("Flatten"), QStringLiteral("flatten"));
    } else {
        LayerSpec r = recurrent(kind == QLatin1String("GRU0") ? QStringLiteral("GRU") : kind,
                                kind.toLower());
        r.resetAfter = kind != QLatin1String("GRU0");
        layers << r;
    }
    layers << dense(QStringLiteral("dense"), 3, QStringLiteral("softmax"));
    ModelIR m = sequential(layers, {10}, {3}, params, params);
    m.integerInputs = true;
    m.loss = QStringLiteral("sparse_categorical_crossentropy");
    m.optimizer = optimizer(QStringLiteral("adam"), 1e-2);
    SmokeOptions opt;
    opt.steps = 8;
    opt.batchSize = 16;
    opt.validationSplit = 0.25;
    opt.overfitSteps = 40;
    opt.kerasParamsBefore = params;
    const SmokeResult r = runSmoke(m, tokens(128, 10, 50), opt);
    QVERIFY2(r.ran, qPrintable(r.error));
    QCOMPARE(r.paramsTorch, params);
    QCOMPARE(r.buffersTorch, buffers);
    QCOMPARE(r.steps.size(), 8);
    QVERIFY2(findCheck(r, QStringLiteral("param_count"))->passed, qPrintable(describe(r)));
    QVERIFY2(findCheck(r, QStringLiteral("gradients"))->passed, qPrintable(describe(r)));
    QVERIFY2(findCheck(r, QStringLiteral("finite"))->passed, qPrintable(describe(r)));
    QVERIFY2(findCheck(r, QStringLiteral("initial_loss"))->passed, qPrintable(describe(r)));
    QVERIFY2(findCheck(r, QStringLiteral("output_shape"))->passed, qPrintable(describe(r)));
    if (kind == QLatin1String("GRU0"))
        QVERIFY(findCheck(r, QStringLiteral("param_count"))->detail.contains(QLatin1String("reset_after=False")));
}

void TstTorch::functionalGraph()
{
    // Two inputs (10 and 6 features, split from one 16-wide array) -> two Dense branches
    // -> Add and Concatenate -> softmax.
    ModelIR m;
    m.kind = QStringLiteral("Functional");
    LayerSpec in1 = layer(QStringLiteral("InputLayer"), QStringLiteral("input_1"));
    LayerSpec in2 = layer(QStringLiteral("InputLayer"), QStringLiteral("input_2"));
    LayerSpec a = dense(QStringLiteral("a"), 8, QStringLiteral("relu"));
    a.inbound = {0};
    LayerSpec b = dense(QStringLiteral("b"), 8, QStringLiteral("tanh"));
    b.inbound = {1};
    LayerSpec add = layer(QStringLiteral("Add"), QStringLiteral("add"));
    add.inbound = {2, 3};
    LayerSpec cat = layer(QStringLiteral("Concatenate"), QStringLiteral("concatenate"));
    cat.inbound = {4, 2};
    LayerSpec out = dense(QStringLiteral("out"), 4, QStringLiteral("softmax"));
    out.inbound = {5};
    out.outputShape = {4};
    m.layers = {in1, in2, a, b, add, cat, out};
    m.inputs = {0, 1};
    m.outputs = {6};
    m.inputShapes = {{10}, {6}};
    m.outputShape = {4};
    const qint64 params = (10 * 8 + 8) + (6 * 8 + 8) + (16 * 4 + 4);
    m.paramsKeras = m.paramsTorch = params;
    m.layers.last().paramsKeras = params;
    m.loss = QStringLiteral("categorical_crossentropy");
    m.optimizer = optimizer(QStringLiteral("adam"), 1e-2);
    SmokeOptions opt = smokeOptions(8, 32, 0.2);
    const SmokeResult r = runSmoke(m, teacher(600, 16, 4, 3), opt);
    QVERIFY2(r.ran, qPrintable(r.error));
    QCOMPARE(r.paramsTorch, params);
    QCOMPARE(r.checks.size(), 7);
    // Two summed branches give logits wider than ln(4) at Keras's initialisation
    // (~2.3): initial_loss may fail here, every other check must pass.
    for (const SmokeCheck &c : r.checks)
        if (c.name != QLatin1String("initial_loss"))
            QVERIFY2(c.passed, qPrintable(describe(r)));
    QVERIFY(findCheck(r, QStringLiteral("initial_loss"))->detail.contains(QLatin1String("ln(4) = 1.39")));
    QVERIFY(r.history.last().valAccuracy > 0.6);

    // One input shape too many for the data: a clear error.
    m.inputShapes = {{10}, {7}};
    const SmokeResult e = runSmoke(m, teacher(100, 16, 4, 3), opt);
    QVERIFY(!e.ran);
    QVERIFY2(e.error.contains(QLatin1String("16 features")), qPrintable(e.error));
}

void TstTorch::layerZoo_data()
{
    QTest::addColumn<QString>("model");
    QTest::newRow("Conv1D same/2, pools 1D, GAP") << "conv1d";
    QTest::newRow("ZeroPadding2D, AvgPool2D same, GMP, sigmoid + BCE") << "conv2d";
    QTest::newRow("Multiply, Dot, LeakyReLU, Reshape, ReLU, Activation softmax + mse") << "merge";
    QTest::newRow("BatchNormalization, huber regression") << "regression";
    QTest::newRow("Cropping2D, Reshape, Cropping1D into a Dense of the cropped size") << "cropping";
    QTest::newRow("Softmax layer + sparse CE, pytorch Conv2D channels-first") << "torchconv";
}

void TstTorch::layerZoo()
{
    QFETCH(QString, model);
    ModelIR m;
    Dataset data;
    auto link = [](ModelIR &ir) {
        for (int i = 1; i < ir.layers.size(); ++i)
            if (ir.layers[i].inbound.isEmpty())
                ir.layers[i].inbound = {i - 1};
        ir.inputs = {0};
        ir.outputs = {int(ir.layers.size()) - 1};
    };
    auto input = [](const TensorShape &shape) {
        LayerSpec l = layer(QStringLiteral("InputLayer"), QStringLiteral("input"));
        l.outputShape = shape;
        return l;
    };
    if (model == QLatin1String("conv1d")) {
        // (20, 4) -conv same/2-> (10, 6) -max 2-> (5, 6) -avg 2 same-> (3, 6) -GAP-> 6 -> 3
        data = teacher(256, 80, 3);
        data.featureShape = {20, 4};
        LayerSpec c = layer(QStringLiteral("Conv1D"), QStringLiteral("conv1d"));
        c.filters = 6;
        c.kernelSize = {3};
        c.strides = {2};
        c.padding = QStringLiteral("same");
        c.activation = QStringLiteral("selu");
        LayerSpec mp = layer(QStringLiteral("MaxPooling1D"), QStringLiteral("mp"));
        mp.poolSize = {2};
        LayerSpec ap = layer(QStringLiteral("AveragePooling1D"), QStringLiteral("ap"));
        ap.poolSize = {2};
        ap.padding = QStringLiteral("same");
        m.layers = {input({20, 4}), c, mp, ap,
                    layer(QStringLiteral("GlobalAveragePooling1D"), QStringLiteral("gap")),
                    dense(QStringLiteral("out"), 3, QStringLiteral("softmax"))};
        m.inputShapes = {{20, 4}};
        m.outputShape = {3};
        m.paramsTorch = (3 * 4 * 6 + 6) + (6 * 3 + 3);
        m.loss = QStringLiteral("sparse_categorical_crossentropy");
        m.optimizer = optimizer(QStringLiteral("rmsprop"), 1e-2);
    } else if (model == QLatin1String("conv2d")) {
        // (6, 6, 2) -pad 1-> (8, 8, 2) -conv 3 valid-> (6, 6, 4) -avg 4/4 same-> (2, 2, 4)
        // -GMP-> 4 -> 1 (sigmoid)
        data = teacher(256, 72, 2);
        data.featureShape = {6, 6, 2};
        LayerSpec zp = layer(QStringLiteral("ZeroPadding2D"), QStringLiteral("zp"));
        zp.explicitPadding = {1, 1, 1, 1};
        LayerSpec c = conv2d(QStringLiteral("conv"), 4, 3, QStringLiteral("valid"));
        c.activation = QStringLiteral("gelu");
        LayerSpec ap = layer(QStringLiteral("AveragePooling2D"), QStringLiteral("ap"));
        ap.poolSize = {4, 4};
        ap.padding = QStringLiteral("same");
        m.layers = {input({6, 6, 2}), zp, c, ap,
                    layer(QStringLiteral("GlobalMaxPooling2D"), QStringLiteral("gmp")),
                    dense(QStringLiteral("out"), 1, QStringLiteral("sigmoid"))};
        m.inputShapes = {{6, 6, 2}};
        m.outputShape = {1};
        m.paramsTorch = (3 * 3 * 2 * 4 + 4) + (4 + 1);
        m.loss = QStringLiteral("binary_crossentropy");
        m.optimizer = optimizer(QStringLiteral("adagrad"), 0.1);
    } else if (model == QLatin1String("merge")) {
        data = teacher(256, 12, 3);
        LayerSpec a = dense(QStringLiteral("a"), 6, QStringLiteral("swish"));
        LayerSpec b = dense(QStringLiteral("b"), 6, QStringLiteral("softsign"));
        b.inbound = {0};
        LayerSpec mul = layer(QStringLiteral("Multiply"), QStringLiteral("mul"));
        mul.inbound = {1, 2};
        LayerSpec leaky = layer(QStringLiteral("LeakyReLU"), QStringLiteral("leaky"));
        leaky.negativeSlope = 0.1;
        LayerSpec dot = layer(QStringLiteral("Dot"), QStringLiteral("dot"));
        dot.inbound = {1, 2};
        dot.dotAxes = {1, 1};
        dot.normalize = true;
        LayerSpec cat = layer(QStringLiteral("Concatenate"), QStringLiteral("cat"));
        cat.inbound = {4, 5};
        LayerSpec reshape = layer(QStringLiteral("Reshape"), QStringLiteral("reshape"));
        reshape.targetShape = {7, 1};
        LayerSpec act = layer(QStringLiteral("Activation"), QStringLiteral("act"));
        act.activation = QStringLiteral("softmax");
        m.layers = {input({12}), a, b, mul, leaky, dot, cat, reshape,
                    layer(QStringLiteral("Flatten"), QStringLiteral("flatten")),
                    layer(QStringLiteral("ReLU"), QStringLiteral("relu")),
                    dense(QStringLiteral("logits"), 3), act};
        m.inputShapes = {{12}};
        m.outputShape = {3};
        m.paramsTorch = 2 * (12 * 6 + 6) + (7 * 3 + 3);
        m.loss = QStringLiteral("mse"); // with 3 classes and 3 outputs: one-hot targets
        OptimizerSpec sgd = optimizer(QStringLiteral("sgd"), 0.5);
        sgd.momentum = 0.9;
        sgd.nesterov = true;
        m.optimizer = sgd;
    } else if (model == QLatin1String("cropping")) {
        // (8, 6, 3) -crop ((1, 2), (0, 3))-> (5, 3, 3) -reshape-> (15, 3) -crop (2, 3)->
        // (10, 3) -flatten-> 30 -> 3: the Dense refuses any other number of features
        data = teacher(256, 8 * 6 * 3, 3);
        data.featureShape = {8, 6, 3};
        LayerSpec crop2 = layer(QStringLiteral("Cropping2D"), QStringLiteral("crop2"));
        crop2.cropping = {1, 2, 0, 3};
        LayerSpec reshape = layer(QStringLiteral("Reshape"), QStringLiteral("reshape"));
        reshape.targetShape = {15, 3};
        LayerSpec crop1 = layer(QStringLiteral("Cropping1D"), QStringLiteral("crop1"));
        crop1.cropping = {2, 3};
        LayerSpec out = dense(QStringLiteral("out"), 3, QStringLiteral("softmax"));
        out.inputDim = 30;
        m.layers = {input({8, 6, 3}), crop2, reshape, crop1, layer(QStringLiteral("Flatten"), QStringLiteral("flatten")), out};
        m.inputShapes = {{8, 6, 3}};
        m.outputShape = {3};
        m.paramsTorch = 30 * 3 + 3;
        m.loss = QStringLiteral("categorical_crossentropy");
        m.optimizer = optimizer(QStringLiteral("adam"), 1e-2);
    } else if (model == QLatin1String("regression")) {
        data = teacher(256, 10, 0);
        data.numClasses = 0;
        data.targetWidth = 2;
        data.targets.clear();
        for (qint64 r = 0; r < data.rows; ++r) // y = (x0 + x1, x2 - x3)
            data.targets << data.features[r * 10] + data.features[r * 10 + 1]
                         << data.features[r * 10 + 2] - data.features[r * 10 + 3];
        LayerSpec bn = layer(QStringLiteral("BatchNormalization"), QStringLiteral("bn"));
        bn.momentum = 0.9;
        m.layers = {input({10}), dense(QStringLiteral("hidden"), 16, QStringLiteral("elu")), bn,
                    dense(QStringLiteral("out"), 2)};
        m.inputShapes = {{10}};
        m.outputShape = {2};
        m.paramsTorch = (10 * 16 + 16) + 2 * 16 + (16 * 2 + 2);
        m.loss = QStringLiteral("huber");
        OptimizerSpec adamw = optimizer(QStringLiteral("adamw"), 1e-2);
        adamw.weightDecay = 0.004;
        m.optimizer = adamw;
    } else {
        // A torch.nn-extracted conv: channels-first data, explicit padding 1.
        data = teacher(256, 2 * 5 * 5, 4);
        data.featureShape = {2, 5, 5};
        LayerSpec c = conv2d(QStringLiteral("conv"), 3, 3, QStringLiteral("valid"));
        c.framework = QStringLiteral("pytorch");
        c.explicitPadding = {1, 1};
        LayerSpec flat = layer(QStringLiteral("Flatten"), QStringLiteral("flatten"));
        flat.framework = QStringLiteral("pytorch");
        LayerSpec fc = dense(QStringLiteral("fc"), 4);
        fc.framework = QStringLiteral("pytorch");
        fc.inputDim = 75;
        m.layers = {input({2, 5, 5}), c, flat, fc,
                    layer(QStringLiteral("Softmax"), QStringLiteral("softmax"))};
        m.inputShapes = {{2, 5, 5}};
        m.outputShape = {4};
        m.paramsTorch = (3 * 2 * 9 + 3) + (75 * 4 + 4);
        m.loss = QStringLiteral("sparse_categorical_crossentropy");
        m.optimizer = optimizer(QStringLiteral("adam"), 1e-2);
    }
    link(m);
    m.paramsKeras = m.paramsTorch;
    m.layers.last().paramsKeras = m.paramsTorch;
    SmokeOptions opt = smokeOptions(4, 32, 0.25);
    opt.overfitSteps = 60;
    const SmokeResult r = runSmoke(m, data, opt);
    if (qEnvironmentVariableIsSet("KMW_TORCH_VERBOSE"))
        qInfo("%s", qPrintable(describe(r)));
    QVERIFY2(r.ran, qPrintable(r.error));
    QCOMPARE(r.outputShape, m.outputShape);
    QCOMPARE(r.paramsTorch, m.paramsTorch);
    for (const char *name : {"finite", "gradients", "output_shape", "param_count", "loss_decreases"})
        QVERIFY2(findCheck(r, QLatin1String(name))->passed, qPrintable(name + QStringLiteral("\n") + describe(r)));
    QCOMPARE(r.history.size(), 4);
    if (model == QLatin1String("regression"))
        QVERIFY(std::isnan(r.history.last().accuracy));
    else
        QVERIFY(r.history.last().accuracy >= 0 && r.history.last().accuracy <= 1);
    if (model == QLatin1String("conv2d") || model == QLatin1String("torchconv"))
        QVERIFY2(findCheck(r, QStringLiteral("initial_loss"))->passed, qPrintable(describe(r)));
}

void TstTorch::brokenModels()
{
    const Dataset data = teacher(200, 64, 10);
    SmokeOptions opt;
    opt.epochs = 1;
    opt.overfitSteps = 0;

    // Unknown layer type: an error naming layer and type, nothing trained.
    ModelIR unknown = digitsMlp();
    LayerSpec lambda = layer(QStringLiteral("Lambda"), QStringLiteral("lambda_1"));
    unknown.layers.insert(1, lambda);
    for (int i = 1; i < unknown.layers.size(); ++i)
        unknown.layers[i].inbound = {i - 1};
    unknown.outputs = {2};
    SmokeResult r = runSmoke(unknown, data, opt);
    QVERIFY(!r.ran);
    QVERIFY(r.steps.isEmpty());
    QVERIFY2(r.error.contains(QLatin1String("lambda_1")) && r.error.contains(QLatin1String("Lambda")),
             qPrintable(r.error));

    // Output units do not match the data's classes.
    ModelIR narrow = digitsMlp();
    narrow.layers[1].units = 5;
    r = runSmoke(narrow, data, opt);
    QVERIFY(!r.ran);
    QVERIFY2(r.error.contains(QLatin1String("5 units")) && r.error.contains(QLatin1String("10 classes")),
             qPrintable(r.error));

    // A stated in_features that the data contradicts names the layer.
    ModelIR stated = digitsMlp();
    stated.layers[0].inputDim = 32;
    r = runSmoke(stated, data, opt);
    QVERIFY(!r.ran);
    QVERIFY2(r.error.startsWith(QLatin1String("dense (Dense)")), qPrintable(r.error));

    // A wrong IR parameter count is a failing check, not an error.
    ModelIR counted = digitsMlp();
    counted.paramsTorch = 7000;
    r = runSmoke(counted, data, opt);
    QVERIFY(r.ran);
    QVERIFY(!findCheck(r, QStringLiteral("param_count"))->passed);
    QVERIFY2(findCheck(r, QStringLiteral("param_count"))->detail.contains(QLatin1String("7,510 != IR 7,000")),
             qPrintable(describe(r)));

    // Unknown optimizer and loss.
    ModelIR nadam = digitsMlp();
    nadam.optimizer.type = QStringLiteral("nadam");
    r = runSmoke(nadam, data, opt);
    QVERIFY(!r.ran);
    QVERIFY(r.error.contains(QLatin1String("nadam")));
    ModelIR poisson = digitsMlp();
    poisson.loss = QStringLiteral("poisson");
    r = runSmoke(poisson, data, opt);
    QVERIFY(!r.ran);
    QVERIFY(r.error.contains(QLatin1String("poisson")));
}

void TstTorch::torchScript()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("mlp.pt"));
    QString error;
    QVERIFY2(writeTorchScriptFixture(path, 20, 32, 4, &error), qPrintable(error));
    QVERIFY(QFileInfo(path).size() > 0);
    SmokeOptions opt = smokeOptions(5, 32, 0.2);
    OptimizerSpec adam = optimizer(QStringLiteral("adam"), 1e-2);
    opt.optimizer = adam;
    const SmokeResult r = runTorchScriptSmoke(path, teacher(500, 20, 4, 9), opt);
    QVERIFY2(r.ran, qPrintable(r.error));
    QCOMPARE(r.paramsTorch, qint64(20 * 32 + 32 + 32 * 4 + 4));
    QCOMPARE(r.outputShape, TensorShape({4}));
    QVERIFY2(allChecksPass(r), qPrintable(describe(r)));
    QVERIFY(r.history.last().loss < r.history.first().loss);

    const QString missing = dir.filePath(QStringLiteral("nope.pt"));
    const SmokeResult m = runTorchScriptSmoke(missing, teacher(50, 20, 4), opt);
    QVERIFY(!m.ran);
    QVERIFY2(m.error.contains(missing), qPrintable(m.error));

    const QString garbage = dir.filePath(QStringLiteral("garbage.pt"));
    QFile f(garbage);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a zip archive");
    f.close();
    const SmokeResult g = runTorchScriptSmoke(garbage, teacher(50, 20, 4), opt);
    QVERIFY(!g.ran);
    QVERIFY2(g.error.contains(garbage), qPrintable(g.error));
}

QTEST_GUILESS_MAIN(TstTorch)
#include "tst_torch.moc"
