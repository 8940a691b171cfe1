// verify (issue 16): the weight map from Keras to the generated PyTorch module, model
// sites, the verdicts under the stated tolerances; and, with the frameworks' Python
// environment (scripts/setup.sh), real runs of Keras 2, Keras 3 on torch and PyTorch.

#include "DocumentReader.h"
#include "ModelExtractor.h"
#include "PythonEnv.h"
#include "RunRecords.h"
#include "TestSupport.h"
#include "PyTorchCodegen.h"
#include "Verify.h"
#include "VerifyJob.h"
#include "WeightMap.h"

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace kmw;

namespace {

HostArray iota(const QVector<qint64> &shape)
{
    HostArray a;
    a.shape = shape;
    qint64 n = 1;
    for (qint64 d : shape)
        n *= d;
    for (qint64 i = 0; i < n; ++i)
        a.values.push_back(float(i));
    return a;
}

ModelIR extracted(const QStringList &cells)
{
    Document doc;
    InputError error;
    if (!parseNotebook(test::codeNotebook(cells), QStringLiteral("m.ipynb"), &doc, &error))
        qFatal("fixture does not parse");
    const ExtractResult x = extractModel(doc, ExtractOptions{});
    if (!x.ok)
        qFatal("%s", qPrintable(x.error));
    return x.model;
}

QJsonObject sideResult(double maxDiff, double loss, double lastLoss)
{
    return QJsonObject{{QStringLiteral("ok"), true},
                       {QStringLiteral("params"), 100},
                       {QStringLiteral("layer_diffs"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("dense")},
                                                                              {QStringLiteral("max_abs_diff"), maxDiff},
                                                                              {QStringLiteral("ref_max"), 1.0}}}},
                       {QStringLiteral("max_abs_diff"), maxDiff},
                       {QStringLiteral("ref_max"), 1.0},
                       {QStringLiteral("loss"), loss},
                       {QStringLiteral("grad_norms"), QJsonObject{{QStringLiteral("dense"), 0.5}}},
                       {QStringLiteral("losses"), QJsonArray{loss, lastLoss}}};
}

} // namespace

class Tstverify : public QObject {
    Q_OBJECT
private slots:
    void weightOpsMoveValues();
    void weightMapPerLayerType();
    void findsModelSites();
    void judgesUnderTolerances();
    void reportRoundTrips();
    void verifiesInRealFrameworks_data();
    void verifiesInRealFrameworks();
    void cliKeepsOnlyVerifyJson();
    void portsWeightsIntoTheGeneratedModule_data();
    void portsWeightsIntoTheGeneratedModule();
};

void Tstverify::weightOpsMoveValues()
{
    // permute (2, 3) -> (3, 2): element [i][j] moves to [j][i]
    HostArray a = iota({2, 3});
    QString error;
    QVERIFY(applyWeightOps(&a, {WeightOp{QStringLiteral("permute"), {1, 0}}}, &error));
    QCOMPARE(a.shape, QVector<qint64>({3, 2}));
    QCOMPARE(a.values, std::vector<float>({0, 3, 1, 4, 2, 5}));
    // blocks: 3 gate blocks of 2 along axis 0, z r h -> r z h
    HostArray g = iota({6});
    QVERIFY(applyWeightOps(&g, {WeightOp{QStringLiteral("blocks"), {1, 0, 2}, 0, 3}}, &error));
    QCOMPARE(g.values, std::vector<float>({2, 3, 0, 1, 4, 5}));
    // blocks along axis 1 of a (2, 6) kernel keep rows together
    HostArray k = iota({2, 6});
    QVERIFY(applyWeightOps(&k, {WeightOp{QStringLiteral("blocks"), {1, 0, 2}, 1, 3}}, &error));
    QCOMPARE(k.values, std::vector<float>({2, 3, 0, 1, 4, 5, 8, 9, 6, 7, 10, 11}));
    // row 1 of (2, 3)
    HostArray r = iota({2, 3});
    QVERIFY(applyWeightOps(&r, {WeightOp{QStringLiteral("row"), {1}}}, &error));
    QCOMPARE(r.values, std::vector<float>({3, 4, 5}));
    // HWIO (1, 2, 1, 2) -> OIHW (2, 1, 1, 2)
    HostArray c = iota({1, 2, 1, 2});
    QVERIFY(applyWeightOps(&c, {WeightOp{QStringLiteral("permute"), {3, 2, 0, 1}}}, &error));
    QCOMPARE(c.shape, QVector<qint64>({2, 1, 1, 2}));
    QCOMPARE(c.values, std::vector<float>({0, 2, 1, 3}));
    // errors name the shapes
    HostArray bad = iota({2, 3});
    QVERIFY(!applyWeightOps(&bad, {WeightOp{QStringLiteral("reshape"), {4}}}, &error));
    QVERIFY2(error.contains(QStringLiteral("(2, 3)")), qPrintable(error));
}

void Tstverify::weightMapPerLayerType()
{
    const ModelIR conv = extracted({QStringLiteral(
        "from tensorflow.keras.models import Sequential\n"
        "from tensorflow.keras.layers import Conv2D, Flatten, Dense, BatchNormalization\n"
        "model = Sequential([Conv2D(4, 3, input_shape=(6, 6, 2)), BatchNormalization(), Flatten(), Dense(3)])")});
    QVector<LayerWeightMap> map;
    QString error;
    QVERIFY2(torchWeightMap(conv, &map, &error), qPrintable(error));
    QCOMPARE(map.size(), 3);
    QCOMPARE(map[0].weights[0].ops.first().values, QVector<qint64>({3, 2, 0, 1}));
    QCOMPARE(map[1].weights.size(), 4);
    QCOMPARE(map[1].weights[2].torchName, QStringLiteral("running_mean"));
    // Dense after Flatten of (4, 4, 4): H·W·C rows reordered to C·H·W, then transposed
    const QVector<WeightOp> &dense = map[2].weights[0].ops;
    QCOMPARE(dense.size(), 4);
    QCOMPARE(dense[0].values, QVector<qint64>({4, 4, 4, 3}));
    QCOMPARE(dense[1].values, QVector<qint64>({2, 0, 1, 3}));
    QCOMPARE(map[2].field, QStringLiteral("dense"));

    const ModelIR gru = extracted({QStringLiteral(
        "from tensorflow.keras.models import Sequential\n"
        "from tensorflow.keras.layers import Embedding, GRU, Bidirectional, LSTM, Dense\n"
        "model = Sequential([Embedding(50, 8, input_length=5), Bidirectional(LSTM(4, return_sequences=True)), GRU(3), Dense(1)])")});
    QVERIFY2(torchWeightMap(gru, &map, &error), qPrintable(error));
    QCOMPARE(map.size(), 4);
    QCOMPARE(map[1].weights.size(), 8); // 4 per direction
    QCOMPARE(map[1].weights[4].torchName, QStringLiteral("weight_ih_l0_reverse"));
    QCOMPARE(map[1].weights[4].kerasIndex, 3);
    QCOMPARE(map[1].weights[3].kerasIndex, -1); // bias_hh: zeros, Keras has one bias
    QCOMPARE(map[2].weights[0].ops.first().op, QStringLiteral("blocks")); // GRU z r h -> r z n
    QCOMPARE(map[2].weights[2].ops.first().op, QStringLiteral("row"));    // reset_after bias rows
    QCOMPARE(map[2].weights[3].ops.first().values, QVector<qint64>({1}));
}

void Tstverify::findsModelSites()
{
    Document doc;
    InputError error;
    QVERIFY(parseNotebook(test::codeNotebook({
                              QStringLiteral("from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense"),
                              QStringLiteral("model = Sequential()\nmodel.add(Dense(4, input_dim=3))"),
                              QStringLiteral("model.compile(loss='mse', optimizer='sgd')"),
                              QStringLiteral("other = Sequential([Dense(2, input_shape=(5,))])\nother.compile(loss='mse')"),
                              QStringLiteral("model = Sequential([Dense(1, input_shape=(7,))])"),
                          }),
                          QStringLiteral("m.ipynb"), &doc, &error));
    const QVector<ModelSite> sites = findModelSites(doc, -1);
    QCOMPARE(sites.size(), 3);
    QCOMPARE(sites[0].variable, QStringLiteral("model"));
    QCOMPARE(sites[0].cell, 1);
    QCOMPARE(sites[0].lastCell, 2); // its compile() is in the next cell
    QCOMPARE(sites[1].variable, QStringLiteral("other"));
    QCOMPARE(sites[2].cell, 4);
    const QVector<ModelSite> at = findModelSites(doc, 2);
    QCOMPARE(at.size(), 1);
    QCOMPARE(at[0].cell, 1);
}

void Tstverify::judgesUnderTolerances()
{
    const VerifyTolerances t;
    VerifySide keras2;
    keras2.ran = true;
    keras2.result = sideResult(0, 2.0, 1.5);
    VerifySide same;
    same.ran = true;
    same.result = sideResult(5e-5, 2.00001, 1.5005);
    judgeSide(keras2, &same, t);
    QCOMPARE(same.verdict, QStringLiteral("equal"));
    QCOMPARE(same.maxAbsDiff, 5e-5);

    VerifySide off;
    off.ran = true;
    off.result = sideResult(3e-3, 2.0, 1.5);
    judgeSide(keras2, &off, t);
    QCOMPARE(off.verdict, QStringLiteral("diverged"));
    QCOMPARE(off.firstDivergentLayer, QStringLiteral("dense"));

    VerifySide trained;
    trained.ran = true;
    trained.result = sideResult(0, 2.0, 1.51); // 20-step loss 0.7 % off: > 1e-3
    judgeSide(keras2, &trained, t);
    QCOMPARE(trained.verdict, QStringLiteral("diverged"));

    // chaotic training: Keras 2 against itself from 1e-6-perturbed weights moves 10 %,
    // so 15 % off passes, but not when the loss after the first update already differs
    VerifySide chaotic = keras2;
    chaotic.result.insert(QStringLiteral("losses"), QJsonArray{2.0, 1.5, 1.0});
    chaotic.result.insert(QStringLiteral("losses_perturbed"), QJsonArray{2.0, 1.5, 1.1});
    VerifySide parted;
    parted.ran = true;
    parted.result = sideResult(0, 2.0, 1.5);
    parted.result.insert(QStringLiteral("losses"), QJsonArray{2.0, 1.5, 1.15});
    judgeSide(chaotic, &parted, t);
    QCOMPARE(parted.verdict, QStringLiteral("equal"));
    QVERIFY(parted.checks.last().detail.contains(QStringLiteral("amplifies rounding")));
    parted.result.insert(QStringLiteral("losses"), QJsonArray{2.0, 1.6, 1.05});
    judgeSide(chaotic, &parted, t);
    QCOMPARE(parted.verdict, QStringLiteral("diverged"));
    QVERIFY(parted.checks.last().detail.contains(QStringLiteral("first update already differs")));

    VerifySide broken;
    broken.ran = true;
    broken.result = QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("ValueError: x")},
                                {QStringLiteral("stage"), QStringLiteral("build")}};
    judgeSide(keras2, &broken, t);
    QCOMPARE(broken.verdict, QStringLiteral("failed"));
    QVERIFY(broken.error.contains(QStringLiteral("ValueError: x (at build)")));

    ModelVerification m;
    m.keras2 = keras2;
    m.keras3 = same;
    m.pytorch = off;
    summarizeModel(&m);
    QCOMPARE(m.verdict, QStringLiteral("diverged"));
    QCOMPARE(m.maxAbsDiff, 3e-3);
    m.pytorch = broken;
    summarizeModel(&m);
    QCOMPARE(m.verdict, QStringLiteral("failed"));
}

void Tstverify::reportRoundTrips()
{
    VerifyReport report;
    report.path = QStringLiteral("a.ipynb");
    ModelVerification m;
    m.name = QStringLiteral("model");
    m.cell = 3;
    m.verdict = QStringLiteral("diverged");
    m.maxAbsDiff = 0.25;
    m.firstDivergentLayer = QStringLiteral("lstm");
    m.keras3.ran = true;
    m.keras3.verdict = QStringLiteral("diverged");
    m.keras3.checks << VerifyCheck{QStringLiteral("output"), false, QStringLiteral("max |diff| 0.25")};
    report.models << m;
    const QJsonObject json = verifyReportJson(report);
    QCOMPARE(json.value(QStringLiteral("models")).toArray().first().toObject().value(QStringLiteral("verdict")).toString(),
             QStringLiteral("diverged"));
    QVERIFY(json.value(QStringLiteral("tolerances")).toObject().contains(QStringLiteral("output_abs")));
    const VerifyReport back = verifyReportFromJson(json);
    QCOMPARE(back.models.size(), 1);
    QCOMPARE(back.models[0].firstDivergentLayer, QStringLiteral("lstm"));
    QCOMPARE(back.models[0].keras3.checks.size(), 1);
    QVERIFY(!back.models[0].keras3.checks[0].ok);
    QVERIFY(verifyReportText(back).contains(QStringLiteral("first divergent layer: lstm")));
}

void Tstverify::verifiesInRealFrameworks_data()
{
    QTest::addColumn<QStringList>("cells");
    const QString imports = QStringLiteral("import numpy as np\nfrom tensorflow.keras.models import Sequential, Model\n"
                                           "from tensorflow.keras.layers import *\nfrom tensorflow.keras import optimizers");
    // Flatten after convolutions: the Dense rows are reordered H·W·C -> C·H·W
    QTest::newRow("conv-flatten-dense")
        << QStringList{imports, QStringLiteral("X_train = np.load('x.npy')"),
                       QStringLiteral("model = Sequential()\nmodel.add(Conv2D(6, (3, 3), activation='relu', input_shape=(10, 10, 3)))\n"
                                      "model.add(MaxPooling2D())\nmodel.add(BatchNormalization())\nmodel.add(Flatten())\n"
                                      "model.add(Dense(5, activation='softmax'))\n"
                                      "model.compile(loss='categorical_crossentropy', optimizer=optimizers.Adam(learning_rate=0.01))")};
    // recurrent layers: LSTM gates, GRU gate order and its two biases, the backward
    // direction's final output of a Bidirectional layer
    QTest::newRow("embedding-bilstm-gru")
        << QStringList{imports,
                       QStringLiteral("model = Sequential([Embedding(40, 6, input_length=7), Bidirectional(LSTM(5, return_sequences=True)),\n"
                                      "                    Bidirectional(GRU(4)), Dense(1, activation='sigmoid')])\n"
                                      "model.compile(loss='binary_crossentropy', optimizer='rmsprop')")};
    // a functional model with a Conv1D and a merge
    QTest::newRow("functional-conv1d")
        << QStringList{imports,
                       QStringLiteral("n_features = 12\ninputs = Input(shape=(n_features, 2))\nx = Conv1D(3, 3, padding='same')(inputs)\n"
                                      "y = GlobalMaxPooling1D()(x)\nz = Flatten()(inputs)\nh = Concatenate()([y, z])\n"
                                      "out = Dense(4)(h)\nmodel = Model(inputs, out)\nmodel.compile(loss='mse', optimizer='sgd')")};
}

void Tstverify::verifiesInRealFrameworks()
{
    QFETCH(QStringList, cells);
    QString why;
    const QString python = findFrameworkPython({}, &why);
    if (python.isEmpty())
        QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
    QTemporaryDir dir;
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("lab.ipynb")), test::codeNotebook(cells)));
    VerifyRequest request;
    request.root = dir.path();
    request.relativePath = QStringLiteral("lab.ipynb");
    request.python = python;
    request.timeout = 600;
    const VerifyReport report = verifyBlocking(request);
    QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
    QCOMPARE(report.models.size(), 1);
    const ModelVerification &m = report.models.first();
    const QString text = verifyReportText(report);
    QVERIFY2(m.verdict == QStringLiteral("equal"), qPrintable(text));
    for (const VerifySide *side : {&m.keras3, &m.pytorch}) {
        QVERIFY2(side->ran, qPrintable(side->framework));
        QVERIFY(side->maxAbsDiff >= 0 && side->maxAbsDiff <= 1e-4);
        QVERIFY2(side->result.value(QStringLiteral("losses")).toArray().size() == 20, qPrintable(text));
    }
    // the Keras 2 side really ran Keras 2, the other two theirs
    QVERIFY(m.keras2.result.value(QStringLiteral("versions")).toObject().contains(QStringLiteral("tf_keras")));
    QCOMPARE(m.keras3.result.value(QStringLiteral("versions")).toObject().value(QStringLiteral("backend")).toString(),
             QStringLiteral("torch"));
}

void Tstverify::cliKeepsOnlyVerifyJson()
{
    QString why;
    const QString python = findFrameworkPython({}, &why);
    if (python.isEmpty())
        QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("repo"));
    QVERIFY(test::copyTree(QStringLiteral(KMW_SOURCE_DIR "/resources/demo-repo"), root));
    const QString notebook = QDir(root).filePath(QStringLiteral("01_mlp_digits.ipynb"));
    const QByteArray before = test::readFile(notebook);
    QProcess cli;
    cli.start(QStringLiteral(KMW_CLI_PATH), {QStringLiteral("verify"), notebook, QStringLiteral("--root"), root,
                                             QStringLiteral("--json"), QStringLiteral("--steps"), QStringLiteral("5")});
    QVERIFY(cli.waitForFinished(900000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QJsonObject out = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    const QJsonObject model = out.value(QStringLiteral("models")).toArray().first().toObject();
    QCOMPARE(model.value(QStringLiteral("name")).toString(), QStringLiteral("model"));
    QCOMPARE(model.value(QStringLiteral("cell")).toInt(), 5);
    QCOMPARE(model.value(QStringLiteral("verdict")).toString(), QStringLiteral("equal"));
    // Keras 2.11+ ignores SGD(lr=0.1): said in a note, not hidden
    QVERIFY(QJsonDocument(model.value(QStringLiteral("keras2")).toObject().value(QStringLiteral("notes")).toArray())
                .toJson().contains("learning rate 0.01 where the code says 0.1"));
    QCOMPARE(test::readFile(notebook), before);
    const QJsonObject kept = readRunRecords(root, QStringLiteral("verify.json"));
    QVERIFY(kept.contains(QStringLiteral("01_mlp_digits.ipynb")));
    QCOMPARE(QDir(QDir(root).filePath(QStringLiteral(".kmw"))).entryList(QDir::Files), QStringList({QStringLiteral("verify.json")}));
}

void Tstverify::portsWeightsIntoTheGeneratedModule_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("activation");
    const QString conv = QStringLiteral(
        "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
        "model = keras.Sequential([keras.Input(shape=(8, 8, 3)), layers.Conv2D(4, 3, activation='relu'),\n"
        "    layers.BatchNormalization(), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(5, activation='softmax')])\n"
        "model.compile(loss='categorical_crossentropy', optimizer='adam')\n");
    const QString recurrent = QStringLiteral(
        "from tensorflow import keras\nfrom tensorflow.keras import layers\nTOKENS = 30\n"
        "model = keras.Sequential([keras.Input(shape=(6,)), layers.Embedding(TOKENS, 4),\n"
        "    layers.Bidirectional(layers.LSTM(3, return_sequences=True)), layers.GRU(2), layers.Dense(1, activation='sigmoid')])\n"
        "model.compile(loss='binary_crossentropy', optimizer='adam')\n");
    QTest::newRow("conv-bn-flatten-dense.h5 (Keras 2)") << conv << QStringLiteral("h5") << QStringLiteral("softmax");
    QTest::newRow("conv-bn-flatten-dense.keras (Keras 3)") << conv << QStringLiteral("keras") << QStringLiteral("softmax");
    QTest::newRow("embedding-bilstm-gru.h5 (Keras 2)") << recurrent << QStringLiteral("h5") << QStringLiteral("sigmoid");
    QTest::newRow("embedding-bilstm-gru.keras (Keras 3)") << recurrent << QStringLiteral("keras") << QStringLiteral("sigmoid");
}

void Tstverify::portsWeightsIntoTheGeneratedModule()
{
    QFETCH(QString, code);
    QFETCH(QString, format);
    QFETCH(QString, activation);
    QString why;
    const QString python = findFrameworkPython({}, &why);
    if (python.isEmpty())
        QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
    QTemporaryDir dir;
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("lab.ipynb")), test::codeNotebook({code})));
    // Keras (2 under TF_USE_LEGACY_KERAS=1, else 3) builds the model, random weights, saves
    // it and its output on a seeded batch
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("make.py")), R"(import os, sys, json, numpy as np
if sys.argv[1] == "h5":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
from tensorflow import keras
ns = {}
exec(json.load(open("lab.ipynb"))["cells"][0]["source"], ns)
model = ns["model"]
rng = np.random.default_rng(3)
model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.3 + (1.0 if "variance" in v.name else 0.0)
                   for w, v in zip(model.get_weights(), model.weights)])
shape = (4,) + tuple(model.input_shape[1:])
x = rng.integers(0, ns["TOKENS"], size=shape).astype("int64") if "TOKENS" in ns else rng.standard_normal(shape).astype("float32")
np.save("x.npy", x)
np.save("y.npy", np.asarray(model(x, training=False)))
model.save("model.h5" if sys.argv[1] == "h5" else "model.keras")
)"));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("check.py")), R"(import torch, json, sys, numpy as np
m = json.load(open("module.json"))
ns = {}
exec(m["module_code"], ns)
module = ns[m["class_name"]]()
module.load_state_dict(torch.load("model.pth"))  # weights_only, PyTorch's default
module.eval()
x, y = np.load("x.npy"), np.load("y.npy")
t = torch.from_numpy(x)
if t.dim() == 4:
    t = t.permute(0, 3, 1, 2)
with torch.no_grad():
    out = module(t)
out = torch.softmax(out, -1) if sys.argv[1] == "softmax" else torch.sigmoid(out)
print("max_abs_diff %.3g" % float(np.abs(out.numpy() - y).max()))
)"));
    const auto run = [&](const QString &program, const QStringList &args, QProcessEnvironment env = QProcessEnvironment::systemEnvironment()) {
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.setProcessEnvironment(env);
        p.start(program, args);
        p.waitForFinished(600000);
        return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
    };
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TF_CPP_MIN_LOG_LEVEL"), QStringLiteral("3"));
    env.remove(QStringLiteral("TF_USE_LEGACY_KERAS"));
    auto [made, madeLog] = run(python, {QStringLiteral("make.py"), format}, env);
    QVERIFY2(made == 0, qPrintable(madeLog.right(3000)));
    const QString weights = QStringLiteral("model.") + format;
    auto [ported, portLog] = run(QStringLiteral(KMW_CLI_PATH), {QStringLiteral("port-weights"), weights, QStringLiteral("--file"),
                                                               QStringLiteral("lab.ipynb"), QStringLiteral("--out"), QStringLiteral("model.pth")});
    QVERIFY2(ported == 0, qPrintable(portLog));
    QVERIFY(portLog.contains(QStringLiteral("written to model.pth")));
    QProcess convert;
    convert.setWorkingDirectory(dir.path());
    convert.start(QStringLiteral(KMW_CLI_PATH), {QStringLiteral("convert"), QStringLiteral("lab.ipynb"), QStringLiteral("--to"),
                                                 QStringLiteral("pytorch"), QStringLiteral("--json")});
    QVERIFY(convert.waitForFinished(60000));
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("module.json")), convert.readAllStandardOutput()));
    auto [checked, checkLog] = run(python, {QStringLiteral("check.py"), activation});
    QVERIFY2(checked == 0, qPrintable(checkLog.right(3000)));
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("max_abs_diff (\\S+)")).match(checkLog);
    QVERIFY2(m.hasMatch(), qPrintable(checkLog));
    QVERIFY2(m.captured(1).toDouble() <= 1e-5, qPrintable(checkLog));
    // a weights file whose layers do not fit says which
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("other.ipynb")),
                            test::codeNotebook({QStringLiteral("from tensorflow import keras\nmodel = keras.Sequential([keras.Input(shape=(3,)), "
                                                               "keras.layers.Dense(2, name='head')])")})));
    auto [refused, refusedLog] = run(QStringLiteral(KMW_CLI_PATH), {QStringLiteral("port-weights"), weights, QStringLiteral("--file"),
                                                                   QStringLiteral("other.ipynb"), QStringLiteral("--out"), QStringLiteral("other.pth")});
    QCOMPARE(refused, 3);
    QVERIFY2(refusedLog.contains(QStringLiteral("no layer head")), qPrintable(refusedLog));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("other.pth"))));
}

QTEST_GUILESS_MAIN(Tstverify)
#include "tst_verify.moc"
