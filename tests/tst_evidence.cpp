// Values read from a run notebook's saved outputs (core/OutputEvidence.h) and their use by
// the model extractor where the code leaves a size to the data.

#include "DocumentReader.h"
#include "KerasSummary.h"
#include "ModelExtractor.h"
#include "OutputEvidence.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace kmw;

namespace {

struct CellSpec {
    QString source;
    QString stream;     ///< stdout text ("" = none)
    QString result;     ///< execute_result text/plain ("" = none)
};

/// An nbformat 4 notebook whose code cells have the given outputs.
QByteArray notebookWithOutputs(const QVector<CellSpec> &specs)
{
    QJsonArray cells;
    int count = 1;
    for (const CellSpec &spec : specs) {
        QJsonArray outputs;
        if (!spec.stream.isEmpty())
            outputs.append(QJsonObject{{QStringLiteral("output_type"), QStringLiteral("stream")},
                                       {QStringLiteral("name"), QStringLiteral("stdout")},
                                       {QStringLiteral("text"), spec.stream}});
        if (!spec.result.isEmpty())
            outputs.append(QJsonObject{{QStringLiteral("output_type"), QStringLiteral("execute_result")},
                                       {QStringLiteral("execution_count"), count},
                                       {QStringLiteral("metadata"), QJsonObject{}},
                                       {QStringLiteral("data"), QJsonObject{{QStringLiteral("text/plain"), spec.result}}}});
        cells.append(QJsonObject{{QStringLiteral("cell_type"), QStringLiteral("code")},
                                 {QStringLiteral("execution_count"), count++},
                                 {QStringLiteral("metadata"), QJsonObject{}},
                                 {QStringLiteral("outputs"), outputs},
                                 {QStringLiteral("source"), spec.source}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("cells"), cells},
                                     {QStringLiteral("metadata"), QJsonObject{}},
                                     {QStringLiteral("nbformat"), 4},
                                     {QStringLiteral("nbformat_minor"), 5}})
        .toJson();
}

Document parsed(const QVector<CellSpec> &specs)
{
    Document doc;
    InputError error;
    if (!parseNotebook(notebookWithOutputs(specs), QStringLiteral("evidence.ipynb"), &doc, &error))
        qFatal("%s", qPrintable(error.toString()));
    return doc;
}

const QString kImports = QStringLiteral("import numpy as np\nfrom tensorflow.keras.models import Sequential\n"
                                        "from tensorflow.keras.layers import Dense, GRU, Embedding");

} // namespace

class TestEvidence : public QObject {
    Q_OBJECT

private slots:
    void shownIntegers()
    {
        QVector<qint64> v;
        bool tuple = false;
        QVERIFY(parseShownIntegers(QStringLiteral("20"), &v, &tuple));
        QCOMPARE(v, QVector<qint64>{20});
        QVERIFY(!tuple);
        QVERIFY(parseShownIntegers(QStringLiteral(" (333085, 20)\n"), &v, &tuple));
        QCOMPARE(v, (QVector<qint64>{333085, 20}));
        QVERIFY(tuple);
        QVERIFY(parseShownIntegers(QStringLiteral("(5,)"), &v, &tuple));
        QCOMPARE(v, QVector<qint64>{5});
        QVERIFY(parseShownIntegers(QStringLiteral("np.int64(544)"), &v, &tuple));
        QCOMPARE(v, QVector<qint64>{544});
        for (const char *no : {"0.94528", "array([1, 2])", "(None, 20)", "np.int64(5", "5)", "[1, 2]", "", "abc"})
            QVERIFY2(!parseShownIntegers(QString::fromLatin1(no), &v, &tuple), no);
    }

    void valuesFromPrintsAndResults()
    {
        const Document doc = parsed({
            {QStringLiteral("x = load()\nprint(type(x))\nprint(\"Shape:\", x.shape)"),
             QStringLiteral("<class 'numpy.ndarray'>\nShape: (333085, 20)\n"), QString()},
            {QStringLiteral("n = x.shape[1]\nn"), QString(), QStringLiteral("20")},
            {QStringLiteral("print(f\"classes: {len(labels)} of {total}\")"), QStringLiteral("classes: 7 of 9\n"), QString()},
            // Not read: a print in a loop, a print with sep=, a call's result, a float.
            {QStringLiteral("for i in range(2):\n    print(i)"), QStringLiteral("0\n1\n"), QString()},
            {QStringLiteral("print(a, b, sep=',')"), QStringLiteral("1,2\n"), QString()},
            {QStringLiteral("print(len(y))"), QStringLiteral("5\n"), QString()},
            {QStringLiteral("np.mean(z)"), QString(), QStringLiteral("0.5")},
        });
        const QVector<OutputValue> values = outputEvidence(doc);
        QStringList seen;
        for (const OutputValue &v : values)
            seen << QStringLiteral("%1=%2@%3").arg(v.expression, outputValueText(v)).arg(v.cell);
        QCOMPARE(seen, (QStringList{QStringLiteral("x.shape=(333085, 20)@0"), QStringLiteral("n=20@1"),
                                    QStringLiteral("len(labels)=7@2"), QStringLiteral("total=9@2"),
                                    QStringLiteral("len(y)=5@5")}));
        QCOMPARE(values.first().shown, QStringLiteral("Shape: (333085, 20)"));
        // Up to a cell only.
        QCOMPARE(outputEvidence(doc, 0).size(), 1);
    }

    void sizesFromOutputsWithTheirSource()
    {
        const Document doc = parsed({
            {kImports, QString(), QString()},
            {QStringLiteral("x_data = df.values\ny_data = df.targets\nprint(\"Shape:\", x_data.shape)"),
             QStringLiteral("Shape: (333085, 20)\n"), QString()},
            {QStringLiteral("num_y = y_data.shape[1]\nnum_y"), QString(), QStringLiteral("3")},
            {QStringLiteral("model = Sequential()\nmodel.add(GRU(16, input_shape=(None, x_data.shape[1])))\n"
                            "model.add(Dense(num_y))"),
             QString(), QString()},
        });
        const ExtractResult x = extractModel(doc, ExtractOptions{});
        QVERIFY2(x.ok, qPrintable(x.error));
        // GRU(16) on 20 features (reset_after): 3 * (16 * (20 + 16) + 2 * 16); Dense 16 -> 3.
        QCOMPARE(x.model.layers.last().units, qint64(3));
        QCOMPARE(x.model.paramsKeras, qint64(3 * (16 * 36 + 32) + 16 * 3 + 3));
        const QString notes = x.model.notes.join(QLatin1Char('\n'));
        QVERIFY2(notes.contains(QStringLiteral("`x_data.shape` = (333085, 20), from the saved output of cell 1 (\"Shape: (333085, 20)\")")),
                 qPrintable(notes));
        QVERIFY2(notes.contains(QStringLiteral("`num_y` = 3, from the saved output of cell 2")), qPrintable(notes));

        // Without outputs the same code leaves the sizes to the data.
        ExtractOptions off;
        off.useOutputs = false;
        const ExtractResult without = extractModel(doc, off);
        QVERIFY(!without.ok);
        QVERIFY2(without.error.contains(QStringLiteral("not resolved")), qPrintable(without.error));
    }

    void codeWinsOverOutputs()
    {
        // The output is stale (the cell was edited after it ran): the code's 8 is used.
        const Document doc = parsed({
            {kImports, QString(), QString()},
            {QStringLiteral("n = 8\nn"), QString(), QStringLiteral("20")},
            {QStringLiteral("model = Sequential([Dense(4, input_shape=(n,))])"), QString(), QString()},
        });
        const ExtractResult x = extractModel(doc, ExtractOptions{});
        QVERIFY2(x.ok, qPrintable(x.error));
        QCOMPARE(x.model.paramsKeras, qint64(8 * 4 + 4));
        QVERIFY(!x.model.notes.join(QLatin1Char('\n')).contains(QLatin1String("saved output")));
    }

    void laterOutputsAreNotUsed()
    {
        // A value shown after the model's cell was not known when it ran.
        const Document doc = parsed({
            {kImports, QString(), QString()},
            {QStringLiteral("model = Sequential([Dense(4, input_shape=(n,))])"), QString(), QString()},
            {QStringLiteral("n"), QString(), QStringLiteral("20")},
        });
        ExtractOptions options;
        options.cell = 1;
        QVERIFY(!extractModel(doc, options).ok);
    }

    void embeddingInputDimIsTheVocabulary()
    {
        // Embedding's own input_dim is the vocabulary size, not an input shape (other
        // layers' input_dim=d means input_shape=(d,)).
        const Document doc = parsed({
            {kImports, QString(), QString()},
            {QStringLiteral("model = Sequential()\nmodel.add(Embedding(input_dim=100, output_dim=8, input_length=12))\n"
                            "model.add(GRU(4))"),
             QString(), QString()},
        });
        const ExtractResult x = extractModel(doc, ExtractOptions{});
        QVERIFY2(x.ok, qPrintable(x.error));
        QCOMPARE(x.model.layers.first().outputShape, (TensorShape{12, 8}));
    }

    void sizesFromTheSavedSummaryTable()
    {
        // `n` comes from a module the workbench cannot run; the summary the notebook printed
        // shows the first Dense's output width (7) and, from its Param # (35 = 7 * (4 + 1)),
        // nothing else is needed. The second Dense's units are in the code (3): the table's
        // 5 (an older run) does not change them.
        const auto row = [](const char *name, const char *shape, int params) {
            return QStringLiteral("%1%2%3\n").arg(QLatin1String(name), -29).arg(QLatin1String(shape), -26).arg(params);
        };
        const QString rule = QString(65, QLatin1Char('_')) + QLatin1Char('\n');
        const QString table = QStringLiteral("Model: \"sequential\"\n") + rule
                              + QStringLiteral("%1%2%3\n").arg(QStringLiteral("Layer (type)"), -29).arg(QStringLiteral("Output Shape"), -26).arg(QStringLiteral("Param #"))
                              + QString(65, QLatin1Char('=')) + QLatin1Char('\n') + row("dense (Dense)", "(None, 7)", 35) + rule
                              + row("dense_1 (Dense)", "(None, 5)", 40) + QString(65, QLatin1Char('=')) + QLatin1Char('\n')
                              + QStringLiteral("Total params: 75\nTrainable params: 75\nNon-trainable params: 0\n") + rule;
        const Document doc = parsed({{kImports + QStringLiteral("\nimport mydata\nn = mydata.width"), {}, {}},
                                     {QStringLiteral("model = Sequential()\nmodel.add(Dense(n, input_shape=(4,)))\n"
                                                     "model.add(Dense(3))\nmodel.summary()"), table, {}}});
        ExtractOptions options;
        options.modelName = QStringLiteral("model");
        const ExtractResult r = extractModel(doc, options);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.model.layers[0].units, qint64(7));
        QCOMPARE(r.model.layers[1].units, qint64(3)); // the code's, not the table's
        QVERIFY2(r.model.notes.join(QLatin1Char('\n')).contains(QStringLiteral("dense: units 7, from the saved summary of cell 1")),
                 qPrintable(r.model.notes.join(QLatin1Char('\n'))));
        // without outputs the size stays unknown
        options.useOutputs = false;
        QVERIFY(!extractModel(doc, options).ok);
    }

    void keras3SummaryWithTerminalColours()
    {
        // Keras 3's summary as Jupyter saves its text/plain: rich's box table with ANSI
        // colour sequences around names, shapes and counts.
        const QString e = QStringLiteral("\x1b");
        const QString text =
            QStringLiteral("\u250f\u2501\u2533\u2501\u2533\u2501\u2513\n"
                           "\u2503 Layer (type) \u2503 Output Shape \u2503 Param # \u2503\n"
                           "\u2521\u2501\u2547\u2501\u2547\u2501\u2529\n")
            + QStringLiteral("\u2502 embedding (%1[38;5;33mEmbedding%1[0m) \u2502 (%1[38;5;45mNone%1[0m, %1[38;5;34m4%1[0m, %1[38;5;34m5%1[0m) \u2502 %1[38;5;34m150%1[0m \u2502\n").arg(e)
            + QStringLiteral("\u2514\u2500\u2534\u2500\u2534\u2500\u2518\n")
            + QStringLiteral("%1[1m Total params: %1[0m%1[38;5;34m150%1[0m (600.00 B)\n").arg(e);
        const QVector<ModelSummary> all = parseSavedSummaries(text);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().rows.size(), 1);
        QCOMPARE(all.first().rows.first().type, QStringLiteral("Embedding"));
        QCOMPARE(all.first().rows.first().outputShape, QStringLiteral("(None, 4, 5)"));
        QCOMPARE(all.first().totalParams, qint64(150));
    }

    void devSetTimeSeriesFromItsOutputs()
    {
        const QString path = QStringLiteral(KMW_SHARED_DIR "/corpus/dev-set/tensorflow-tutorials/23_Time-Series-Prediction.ipynb");
        if (!QFileInfo::exists(path))
            QSKIP("../shared/corpus/dev-set is absent");
        Document doc;
        InputError error;
        QVERIFY2(readDocument(path, &doc, &error), qPrintable(error.toString()));
        ExtractOptions options;
        options.cell = 127;
        const ExtractResult x = extractModel(doc, options);
        QVERIFY2(x.ok, qPrintable(x.error));
        // The saved summary of cell 127: GRU(512) on 20 signals, Dense(3).
        QCOMPARE(x.model.paramsKeras, qint64(3 * (512 * (20 + 512) + 2 * 512) + 512 * 3 + 3));
        const QString notes = x.model.notes.join(QLatin1Char('\n'));
        QVERIFY2(notes.contains(QStringLiteral("`x_data.shape` = (333085, 20), from the saved output of cell 59")), qPrintable(notes));
        QVERIFY2(notes.contains(QStringLiteral("`y_data.shape` = (333085, 3), from the saved output of cell 62")), qPrintable(notes));
    }
};

QTEST_GUILESS_MAIN(TestEvidence)
#include "tst_evidence.moc"
