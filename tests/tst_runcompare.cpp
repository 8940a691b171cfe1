// run-compare (issue 18): output normalization and per-cell verdicts, cell
// dependencies, the driver's JSON, .kmw/run.json, the plan's execution items; and, with
// the frameworks' Python environment (scripts/setup.sh), a real run of both sides.

#include "CellDependencies.h"
#include "DocumentReader.h"
#include "MigrationPlan.h"
#include "PythonEnv.h"
#include "RepositoryScanner.h"
#include "RunCompareJob.h"
#include "TestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace kmw;

namespace {

CellRun ranWith(int index, const QString &text)
{
    CellRun run;
    run.index = index;
    run.status = QStringLiteral("ok");
    run.outputs << RunOutput{QStringLiteral("stream"), text, {}, {}};
    return run;
}

CellRun failedWith(int index, const QString &ename)
{
    CellRun run;
    run.index = index;
    run.status = QStringLiteral("error");
    run.error = {ename, QStringLiteral("boom"), QStringLiteral("Traceback…\n%1: boom").arg(ename)};
    return run;
}


/// A run of both sides of `relativePath` under `root` with every fixable finding
/// applied, 300 s a cell.
RunCompareRequest allFixesRequest(const QString &root, const QString &relativePath, const QString &python)
{
    RunCompareRequest request;
    request.root = root;
    request.relativePath = relativePath;
    request.python = python;
    request.allFixes = true;
    request.timeoutPerCell = 300;
    return request;
}

} // namespace

class Tstruncompare : public QObject {
    Q_OBJECT
private slots:
    void normalizesKerasLogs();
    void terminalOverwrites();
    void verdicts();
    void closeAndDiffers();
    void summaryTables();
    void dependencies();
    void parsesDriverJson();
    void storeRoundTrip();
    void planFollowsRuns();
    void runsBothSidesInPython();
    void standInDataSetsWhenNotCached();
};

void Tstruncompare::normalizesKerasLogs()
{
    // The same epoch as tf.keras 2 and Keras 3 print it in a notebook.
    const QString keras2 = QStringLiteral("Epoch 1/15\n39/39 [==============================] - 1s 14ms/step - loss: 0.9864 "
                                          "- accuracy: 0.7477 - val_loss: 0.4424 - val_accuracy: 0.9052\n");
    const QString keras3 = QStringLiteral("Epoch 1/15\n\x1b[1m39/39\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[37m\x1b[0m "
                                          "\x1b[1m1s\x1b[0m 9ms/step - accuracy: 0.7477 - loss: 0.9864 - val_accuracy: "
                                          "0.9052 - val_loss: 0.4424\n");
    QCOMPARE(normalizeOutputText(keras2), normalizeOutputText(keras3));
    QCOMPARE(normalizeOutputText(keras2),
             QStringLiteral("Epoch 1/15\naccuracy: 0.7477 - loss: 0.9864 - val_accuracy: 0.9052 - val_loss: 0.4424"));
    // the plain-PyTorch target's loop prints the same epoch on one line
    QCOMPARE(normalizeOutputText(QStringLiteral("Epoch 1/15: loss 0.9864, accuracy 0.7477, val_loss 0.4424, "
                                                "val_accuracy 0.9052\n")),
             normalizeOutputText(keras2));
    // %%time reports the machine, not the code
    QCOMPARE(normalizeOutputText(QStringLiteral("CPU times: user 1.2 s, sys: 40 ms, total: 1.24 s\nWall time: 877 ms\nok\n")),
             QStringLiteral("ok"));
    // a progress bar alone (predict()) is no output
    QCOMPARE(normalizeOutputText(QStringLiteral("1/1 [==============================] - 0s 56ms/step\n")), QString());
    // reprs: addresses and module paths go, the class stays
    QCOMPARE(normalizeOutputText(QStringLiteral("<tf_keras.src.callbacks.History at 0x7f1c2b3d4e50>")),
             normalizeOutputText(QStringLiteral("<keras.src.callbacks.history.History at 0x7f00deadbeef>")));
    QVERIFY(normalizeOutputText(QStringLiteral("<History>")) != normalizeOutputText(QStringLiteral("<Model>")));
}

void Tstruncompare::terminalOverwrites()
{
    QCOMPARE(terminalText(QStringLiteral("\r 1/39 [....] - ETA: 10s\b\b\b\b\r39/39 [====] done\nnext")),
             QStringLiteral("39/39 [====] done\nnext"));
    QCOMPARE(terminalText(QStringLiteral("abc\bd")), QStringLiteral("abd"));
    // streams written in pieces are joined before the overwrites are resolved
    CellRun run;
    run.status = QStringLiteral("ok");
    run.outputs << RunOutput{QStringLiteral("stream"), QStringLiteral("Epoch 1/2\n 1/3 [..] - loss: 9"), {}, {}}
                << RunOutput{QStringLiteral("stream"), QStringLiteral("\r3/3 [==] - loss: 1\n"), {}, {}}
                << RunOutput{QStringLiteral("text"), QStringLiteral("42"), {}, {}};
    QCOMPARE(run.text(), QStringLiteral("Epoch 1/2\n3/3 [==] - loss: 1\n42\n"));
}

void Tstruncompare::verdicts()
{
    QCOMPARE(compareCells(ranWith(1, QStringLiteral("x = 3\n")), ranWith(1, QStringLiteral("x = 3\n"))).verdict,
             CellVerdict::Same);
    QCOMPARE(compareCells(ranWith(1, {}), ranWith(1, {})).verdict, CellVerdict::Same);
    const CellComparison failed = compareCells(ranWith(2, {}), failedWith(2, QStringLiteral("TypeError")));
    QCOMPARE(failed.verdict, CellVerdict::MigratedFailed);
    QVERIFY(failed.detail.contains(QLatin1String("TypeError")));
    QCOMPARE(compareCells(failedWith(3, QStringLiteral("FileNotFoundError")), failedWith(3, QStringLiteral("FileNotFoundError"))).verdict,
             CellVerdict::BothFailed);
    // both failed, differently: both messages are shown
    CellRun other = failedWith(3, QStringLiteral("ValueError"));
    other.error.evalue = QStringLiteral("Argument(s) not recognized: {'lr': 0.1}");
    CellRun first = failedWith(3, QStringLiteral("ValueError"));
    first.error.evalue = QStringLiteral("decay is deprecated");
    const CellComparison both = compareCells(first, other);
    QVERIFY(both.detail.contains(QLatin1String("decay is deprecated")) && both.detail.contains(QLatin1String("'lr'")));
    QCOMPARE(compareCells(failedWith(4, QStringLiteral("NameError")), ranWith(4, {})).verdict, CellVerdict::OriginalFailed);
    CellRun skipped;
    skipped.index = 5;
    skipped.status = QStringLiteral("skipped");
    skipped.skippedBecause = {2};
    const CellComparison s = compareCells(ranWith(5, QStringLiteral("1")), skipped);
    QCOMPARE(s.verdict, CellVerdict::Skipped);
    QVERIFY(s.detail.contains(QLatin1String("2")));
    CellRun timeout;
    timeout.index = 6;
    timeout.status = QStringLiteral("timeout");
    timeout.error.evalue = QStringLiteral("the cell ran longer than 5 s");
    QCOMPARE(compareCells(ranWith(6, {}), timeout).verdict, CellVerdict::MigratedFailed);
    for (int v = 0; v <= int(CellVerdict::NotRun); ++v)
        QCOMPARE(verdictFromName(verdictName(CellVerdict(v))), CellVerdict(v));
}

void Tstruncompare::closeAndDiffers()
{
    // 1e-5 relative: printed rounding -> same; 2% -> close; 20% -> differs
    QCOMPARE(compareCells(ranWith(0, QStringLiteral("loss: 0.500000")), ranWith(0, QStringLiteral("loss: 0.500004"))).verdict,
             CellVerdict::Same);
    const CellComparison close = compareCells(ranWith(0, QStringLiteral("loss: 0.50")), ranWith(0, QStringLiteral("loss: 0.51")));
    QCOMPARE(close.verdict, CellVerdict::Close);
    QVERIFY(close.detail.contains(QLatin1String("0.5")));
    QCOMPARE(compareCells(ranWith(0, QStringLiteral("loss: 0.50")), ranWith(0, QStringLiteral("loss: 0.60"))).verdict,
             CellVerdict::Differs);
    QCOMPARE(compareCells(ranWith(0, QStringLiteral("a tensor")), ranWith(0, QStringLiteral("a Tensor"))).verdict,
             CellVerdict::Differs);
    CellRun image = ranWith(0, {});
    image.outputs << RunOutput{QStringLiteral("image"), {}, QByteArray("png"), QStringLiteral("image/png")};
    QCOMPARE(compareCells(image, ranWith(0, {})).verdict, CellVerdict::Differs);
}

void Tstruncompare::summaryTables()
{
    // the same model's summary() as tf.keras 2.21 and Keras 3.15 print it
    const QString keras2 = QStringLiteral("Model: \"sequential\"\n"
        "_________________________________________________________________\n"
        " Layer (type)                Output Shape              Param #   \n"
        "=================================================================\n"
        " dense (Dense)               (None, 8)                 40        \n"
        "                                                                 \n"
        " dense_1 (Dense)             (None, 3)                 27        \n"
        "                                                                 \n"
        "=================================================================\n"
        "Total params: 67 (268.00 Byte)\n"
        "Trainable params: 67 (268.00 Byte)\n"
        "Non-trainable params: 0 (0.00 Byte)\n"
        "_________________________________________________________________\n"
        "");
    const QString keras3 = QStringLiteral("Model: \"sequential\"\n"
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ dense (Dense)                   │ (None, 8)              │            40 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ dense_1 (Dense)                 │ (None, 3)              │            27 │\n"
        "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
        " Total params: 67 (268.00 B)\n"
        " Trainable params: 67 (268.00 B)\n"
        " Non-trainable params: 0 (0.00 B)\n"
        "");
    const CellComparison same = compareCells(ranWith(0, keras2 + QStringLiteral("done\n")), ranWith(0, keras3 + QStringLiteral("done\n")));
    QCOMPARE(same.verdict, CellVerdict::Same);
    QVERIFY2(same.detail.contains(QLatin1String("tables agree (2 layers")), qPrintable(same.detail));
    QString other = keras3;
    other.replace(QStringLiteral("27 │"), QStringLiteral("30 │"));
    const CellComparison differs = compareCells(ranWith(0, keras2), ranWith(0, other));
    QCOMPARE(differs.verdict, CellVerdict::Differs);
    QVERIFY2(differs.detail.startsWith(QLatin1String("model.summary(): ")), qPrintable(differs.detail));
}

void Tstruncompare::dependencies()
{
    const CellNames names = cellNames("import numpy as np\nfrom keras import layers as L\nx, (y, z) = f(a.b, k=c)\n"
                                      "for i in range(n): total += i\ndef g(p, q=d): return 1\n%matplotlib inline\n");
    QVERIFY(names.binds.contains(QStringLiteral("x")) && names.binds.contains(QStringLiteral("z")));
    QVERIFY(names.imports.contains(QStringLiteral("np")) && names.imports.contains(QStringLiteral("L")));
    QVERIFY(names.binds.contains(QStringLiteral("g")) && names.binds.contains(QStringLiteral("i")));
    for (const char *read : {"f", "a", "c", "range", "n", "total", "d"})
        QVERIFY2(names.reads.contains(QLatin1String(read)), read);
    for (const char *notRead : {"b", "k", "p", "q", "x", "matplotlib"})
        QVERIFY2(!names.reads.contains(QLatin1String(notRead)), notRead);

    Document doc;
    InputError error;
    QVERIFY2(parseNotebook(test::codeNotebook({QStringLiteral("import numpy as np"), QStringLiteral("X = np.ones(3)"),
                                    QStringLiteral("model = build(X)"), QStringLiteral("print(np.pi)"),
                                    QStringLiteral("X = X * 2\nmodel.fit(X)")}),
                          QStringLiteral("d.ipynb"), &doc, &error),
          qPrintable(error.toString()));
    const QHash<int, QVector<int>> deps = cellDependencies(doc);
    QCOMPARE(deps.value(1), QVector<int>{});      // np comes from an import: no dependency
    QCOMPARE(deps.value(2), QVector<int>{1});
    QVERIFY(!deps.contains(3));
    QCOMPARE(deps.value(4), (QVector<int>{1, 2}));

    // a statement that changes an object (`model.add(…)`) is a dependency of its later uses
    QVERIFY(parseNotebook(test::codeNotebook({QStringLiteral("model = Sequential()"), QStringLiteral("model.add(Dense(3))"),
                                    QStringLiteral("model.summary()")}),
                          QStringLiteral("e.ipynb"), &doc, &error));
    QCOMPARE(cellDependencies(doc).value(2), QVector<int>{1});
}

void Tstruncompare::parsesDriverJson()
{
    const QByteArray json = R"({"python": "/p", "version": "3.11.2", "versions": {"keras": "3.15.1"}, "seeding": "s",
        "error": "", "cells": [{"index": 0, "status": "ok", "seconds": 0.5, "outputs": [
          {"type": "stream", "text": "a\rb\n"}, {"type": "image", "mime": "image/png", "data": "aGVsbG8="}]},
          {"index": 2, "status": "error", "outputs": [], "error": {"ename": "E", "evalue": "v", "traceback": "t"}},
          {"index": 3, "status": "skipped", "outputs": [], "skipped_because": [2]}]})";
    SideRun side;
    QString error;
    QVERIFY2(parseSideRun(json, &side, &error), qPrintable(error));
    QCOMPARE(side.versions.value(QStringLiteral("keras")), QStringLiteral("3.15.1"));
    QCOMPARE(side.cells.size(), 3);
    QCOMPARE(side.cell(0)->text(), QStringLiteral("b\n"));
    QCOMPARE(side.cell(0)->imageCount(), 1);
    QCOMPARE(side.cell(0)->outputs[1].image, QByteArray("hello"));
    QVERIFY(side.cell(2)->failed());
    QCOMPARE(side.cell(3)->skippedBecause, QVector<int>{2});
    QVERIFY(!parseSideRun("not json", &side, &error));
    QVERIFY(error.contains(QLatin1String("not JSON")));
}

void Tstruncompare::storeRoundTrip()
{
    QTemporaryDir dir;
    SideRun a, b;
    a.framework = QStringLiteral("keras2");
    b.framework = QStringLiteral("keras3");
    a.cells << ranWith(0, QStringLiteral("1")) << ranWith(1, {});
    b.cells << ranWith(0, QStringLiteral("1")) << failedWith(1, QStringLiteral("ValueError"));
    const FileComparison r = compareSides(QStringLiteral("nb/x.ipynb"), QStringLiteral("keras3-torch"), a, b);
    QCOMPARE(r.cells.size(), 2);
    QVERIFY(!r.passed());
    QVERIFY(r.summaryLine().contains(QLatin1String("1 migrated-failed")));
    QString error;
    QVERIFY2(saveRunRecord(dir.path(), r, &error), qPrintable(error));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral(".kmw/run.json"))));
    const QMap<QString, FileComparison> records = loadRunRecords(dir.path());
    QCOMPARE(records.size(), 1);
    const FileComparison back = records.value(QStringLiteral("nb/x.ipynb"));
    QCOMPARE(back.cells.size(), 2);
    QCOMPARE(back.cell(1)->verdict, CellVerdict::MigratedFailed);
    QCOMPARE(back.cell(1)->migrated.error.ename, QStringLiteral("ValueError"));
    QCOMPARE(back.original.framework, QStringLiteral("keras2"));
    QCOMPARE(back.summaryLine(), r.summaryLine());
}

void Tstruncompare::planFollowsRuns()
{
    QTemporaryDir dir;
    const QByteArray planText = "# Plan\n\n## Phase 1: Lab 01\n\n1. `labs/a.ipynb`\n\n- [ ] All cells execute without errors\n"
                                "- [ ] File executes without import errors\n";
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("labs/a.ipynb")), test::codeNotebook({QStringLiteral("x = 1")})));
    MigrationPlan plan = parsePlan(planText, dir.filePath(QStringLiteral("MIGRATION_PLAN.md")));
    const ScanResult scan = scanRepository(dir.path(), RuleEngine{});
    QVERIFY(!plan.phases.isEmpty());
    bindPlan(&plan, scan);
    QVERIFY(plan.phases[0].items[0].automatic);
    QVERIFY(!plan.phases[0].items[0].satisfied);
    QVERIFY(plan.phases[0].items[0].reason.contains(QLatin1String("not run yet")));

    SideRun a, b;
    a.cells << ranWith(0, {});
    b.cells << failedWith(0, QStringLiteral("ModuleNotFoundError"));
    QMap<QString, FileComparison> runs;
    runs.insert(QStringLiteral("labs/a.ipynb"), compareSides(QStringLiteral("labs/a.ipynb"), QStringLiteral("keras3-torch"), a, b));
    plan = parsePlan(planText, dir.filePath(QStringLiteral("MIGRATION_PLAN.md")));
    bindPlan(&plan, scan, {}, nullptr, runs);
    QVERIFY(!plan.phases[0].items[0].satisfied);
    QVERIFY(!plan.phases[0].items[1].satisfied); // an import error
    QVERIFY(plan.phases[0].items[0].reason.contains(QLatin1String("cell 0")));

    b.cells[0] = ranWith(0, {});
    runs.insert(QStringLiteral("labs/a.ipynb"), compareSides(QStringLiteral("labs/a.ipynb"), QStringLiteral("keras3-torch"), a, b));
    plan = parsePlan(planText, dir.filePath(QStringLiteral("MIGRATION_PLAN.md")));
    bindPlan(&plan, scan, {}, nullptr, runs);
    QVERIFY(plan.phases[0].items[0].satisfied);
    QVERIFY(plan.phases[0].items[1].satisfied);
}

void Tstruncompare::runsBothSidesInPython()
{
    QString why;
    const QString python = findFrameworkPython({}, &why);
    if (python.isEmpty())
        QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
    QTemporaryDir dir;
    // A tf.keras notebook: the migration rewrites its import; cell 1 draws seeded random
    // numbers (before any layer: Keras 3 draws seeds when it makes one); cell 3 fails only under the
    // torch backend; cell 4 depends on it; cell 5 fails on both sides (missing data).
    const QByteArray original = test::codeNotebook(
        {QStringLiteral("from tensorflow.keras.layers import Dense\nimport numpy as np\nprint('ready')"),
         QStringLiteral("import random\nprint(random.random(), np.random.rand())"),
         QStringLiteral("layer = Dense(3)\nprint(layer.units, np.arange(3).sum())"),
         QStringLiteral("import os\nassert os.environ.get('KERAS_BACKEND') != 'torch', 'torch backend'\nflag = 1"),
         QStringLiteral("print(flag)"),
         QStringLiteral("open('no-such-data.csv').read()"),
         QStringLiteral("import keras\nprint('keras', keras.__version__.split('.')[0])")});
    const QString path = dir.filePath(QStringLiteral("lab/nb.ipynb"));
    QVERIFY(test::writeFile(path, original));
    const RunCompareRequest request = allFixesRequest(dir.path(), QStringLiteral("lab/nb.ipynb"), python);
    PreparedRun prepared;
    QString error;
    QVERIFY2(prepareRunCompare(request, &prepared, &error), qPrintable(error));
    QVERIFY(prepared.fixesApplied >= 1);
    QVERIFY(prepared.migratedBytes.contains("from keras.layers import Dense"));
    QCOMPARE(prepared.dependencies.value(4), QVector<int>{3});
    int progressCalls = 0;
    const FileComparison r = runCompareBlocking(request, prepared, [&](const QString &, int, int, const QString &) {
        ++progressCalls;
    });
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(progressCalls, 14);
    QCOMPARE(r.original.framework, QStringLiteral("keras2"));
    QCOMPARE(r.migrated.framework, QStringLiteral("keras3"));
    QVERIFY(r.original.versions.contains(QStringLiteral("tf-keras")));
    QVERIFY(r.original.seeding.contains(QLatin1String("seed(0)")));
    QCOMPARE(r.cell(0)->verdict, CellVerdict::Same);
    QCOMPARE(r.cell(1)->verdict, CellVerdict::Same); // seeded: the same random numbers on both sides
    QVERIFY2(r.cell(2)->verdict == CellVerdict::Same, qPrintable(r.cell(2)->detail + r.cell(2)->original.error.traceback));
    QCOMPARE(r.cell(2)->migrated.text().trimmed(), QStringLiteral("3 3"));
    QCOMPARE(r.cell(3)->verdict, CellVerdict::MigratedFailed);
    QCOMPARE(r.cell(3)->migrated.error.ename, QStringLiteral("AssertionError"));
    QVERIFY(r.cell(3)->migrated.error.traceback.contains(QLatin1String("torch backend")));
    QCOMPARE(r.cell(4)->verdict, CellVerdict::Skipped);
    QCOMPARE(r.cell(5)->verdict, CellVerdict::BothFailed);
    QVERIFY(r.cell(5)->detail.contains(QLatin1String("FileNotFoundError")));
    // `import keras` is Keras 2 (tf-keras) on the original side, Keras 3 after migration
    QCOMPARE(r.cell(6)->original.text(), QStringLiteral("keras 2\n"));
    QCOMPARE(r.cell(6)->migrated.text(), QStringLiteral("keras 3\n"));
    QCOMPARE(r.cell(6)->verdict, CellVerdict::Differs);
    // the user's file was never touched, and nothing was written next to it
    QCOMPARE(test::readFile(path), original);
    QCOMPARE(QDir(dir.filePath(QStringLiteral("lab"))).entryList(QDir::Files | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("nb.ipynb")});
}

// keras.datasets that Keras's cache lacks (no network here): both sides get the same
// seeded rows of the real shapes and counts, so the code after the load runs.
void Tstruncompare::standInDataSetsWhenNotCached()
{
    QString why;
    const QString python = findFrameworkPython({}, &why);
    if (python.isEmpty())
        QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
    QTemporaryDir dir;
    const QByteArray original = test::codeNotebook(
        {QStringLiteral("from tensorflow.keras.datasets import boston_housing, mnist\n"
                        "(x, y), (xt, yt) = boston_housing.load_data()\nprint(x.shape, xt.shape, y.shape)"),
         QStringLiteral("(a, b), _ = mnist.load_data()\nprint(a.reshape(60000, 784).shape, a.dtype, b.shape, int(b.max()) < 10)")});
    QVERIFY(test::writeFile(dir.filePath(QStringLiteral("nb.ipynb")), original));
    const RunCompareRequest request = allFixesRequest(dir.path(), QStringLiteral("nb.ipynb"), python);
    PreparedRun prepared;
    QString error;
    QVERIFY2(prepareRunCompare(request, &prepared, &error), qPrintable(error));
    const FileComparison r = runCompareBlocking(request, prepared, [](const QString &, int, int, const QString &) {});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    for (int i : {0, 1}) {
        QVERIFY2(r.cell(i)->verdict == CellVerdict::Same,
                 qPrintable(r.cell(i)->detail + r.cell(i)->original.error.traceback + r.cell(i)->migrated.error.traceback));
    }
    QVERIFY2(r.cell(0)->migrated.text().contains(QLatin1String("(404, 13) (102, 13) (404,)")), qPrintable(r.cell(0)->migrated.text()));
    QVERIFY2(r.cell(1)->migrated.text().contains(QLatin1String("(60000, 784) uint8 (60000,) True")), qPrintable(r.cell(1)->migrated.text()));
    const QString cache = QDir::homePath() + QStringLiteral("/.keras/datasets/mnist.npz");
    if (!QFileInfo::exists(cache)) { // said in the output and in the seeding shown to the user
        QVERIFY(r.cell(1)->original.text().contains(QLatin1String("keras.datasets.mnist is not cached here")));
        QVERIFY(r.migrated.seeding.contains(QLatin1String("_kmw_stand_in('mnist'")));
    }
}

QTEST_GUILESS_MAIN(Tstruncompare)
#include "tst_runcompare.moc"
