// Tests for core/KerasSummary: reading saved model.summary() tables (Keras 2 and 3),
// the tf.keras 2.x rows and text for a ModelIR, and their comparison.
//
// Expected texts are written from keras/utils/layer_utils.py print_summary's print_row
// rules: every field is cut at its column position (the previous field's last column
// becomes a space) and padded to it; line_length 65 with columns at 29/55/65 for
// sequential-like models, 98 with 32/53/65/98 otherwise.

#include "KerasSummary.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtTest>

#include <algorithm>
#include <numeric>

using namespace kmw;

namespace {

QString spaces(int n)
{
    return QString(n, QLatin1Char(' '));
}

QString rule(QChar c, int n)
{
    return QString(n, c);
}

/// The text of a notebook cell's outputs (stream text or text/plain), "" when absent.
QString cellOutputText(const QString &path, int cell)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QJsonArray cells = QJsonDocument::fromJson(f.readAll()).object().value("cells").toArray();
    if (cell < 0 || cell >= cells.size())
        return {};
    QString text;
    for (const QJsonValue &o : cells.at(cell).toObject().value("outputs").toArray()) {
        const QJsonObject obj = o.toObject();
        QJsonValue v = obj.value("text");
        if (v.isUndefined())
            v = obj.value("data").toObject().value("text/plain");
        if (v.isArray()) {
            for (const QJsonValue &part : v.toArray())
                text += part.toString();
        } else {
            text += v.toString();
        }
    }
    return text;
}

QString corpusPath(const char *relative)
{
    return QStringLiteral(KMW_SHARED_DIR) + QStringLiteral("/corpus/dl-lectures-labs/labs/")
           + QLatin1String(relative);
}

/// Reports the first differing line of two long texts (QCOMPARE would cut them).
QString firstDifference(const QString &actual, const QString &expected)
{
    const QStringList a = actual.split(QLatin1Char('\n'));
    const QStringList e = expected.split(QLatin1Char('\n'));
    for (int i = 0; i < std::max(a.size(), e.size()); ++i) {
        const QString x = i < a.size() ? a.at(i) : QStringLiteral("<none>");
        const QString y = i < e.size() ? e.at(i) : QStringLiteral("<none>");
        if (x != y)
            return QStringLiteral("line %1:\n  actual:   '%2'\n  expected: '%3'").arg(i + 1).arg(x, y);
    }
    return {};
}

LayerSpec layer(const QString &type, const QString &name, const TensorShape &shape, qint64 params,
                const QVector<int> &inbound = {}, bool explicitName = true)
{
    LayerSpec l;
    l.type = type;
    l.name = name;
    l.explicitName = explicitName;
    l.outputShape = shape;
    l.paramsKeras = params;
    l.inbound = inbound;
    return l;
}

// Output of tf.keras 2.x for Input(shape=[1], name='input') -> Embedding(10, 4,
// name='my_embedding'), saved in Short_Intro_to_Embeddings_with_Keras (cell 16).
const char *const kEmbeddingSummary =
    "Model: \"model\"\n"
    "_________________________________________________________________\n"
    "Layer (type)                 Output Shape              Param #   \n"
    "=================================================================\n"
    "input (InputLayer)           [(None, 1)]               0         \n"
    "_________________________________________________________________\n"
    "my_embedding (Embedding)     (None, 1, 4)              40        \n"
    "=================================================================\n"
    "Total params: 40\n"
    "Trainable params: 40\n"
    "Non-trainable params: 0\n"
    "_________________________________________________________________\n";

// Rows of the saved ResNet50 summary (Fine_Tuning_Deep_CNNs, cell 16), with totals.
const char *const kResNetExcerpt =
    "Model: \"resnet50\"\n"
    "__________________________________________________________________________________________________\n"
    "Layer (type)                    Output Shape         Param #     Connected to                     \n"
    "==================================================================================================\n"
    "input_2 (InputLayer)            [(None, 224, 224, 3) 0                                            \n"
    "__________________________________________________________________________________________________\n"
    "conv1_pad (ZeroPadding2D)       (None, 230, 230, 3)  0           input_2[0][0]                    \n"
    "__________________________________________________________________________________________________\n"
    "conv2_block1_1_bn (BatchNormali (None, 56, 56, 64)   256         conv2_block1_1_conv[0][0]        \n"
    "__________________________________________________________________________________________________\n"
    "conv2_block1_add (Add)          (None, 56, 56, 256)  0           conv2_block1_0_bn[0][0]          \n"
    "                                                                 conv2_block1_3_bn[0][0]          \n"
    "==================================================================================================\n"
    "Total params: 25,636,712\n"
    "Trainable params: 25,583,592\n"
    "Non-trainable params: 53,120\n"
    "__________________________________________________________________________________________________\n";

const char *const kKeras3Sequential =
    "Model: \"sequential\"\n"
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
    "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
    "│ dense (Dense)                   │ (None, 100)            │         6,500 │\n"
    "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
    "│ dense_1 (Dense)                 │ (None, 10)             │         1,010 │\n"
    "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
    " Total params: 7,510 (29.34 KB)\n"
    " Trainable params: 7,510 (29.34 KB)\n"
    " Non-trainable params: 0 (0.00 B)\n";

// Keras 3 functional table: a name wrapped inside its cell, "-" for the input's
// connections, two inbound tensors over two lines.
const char *const kKeras3Functional =
    "Model: \"functional_1\"\n"
    "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓\n"
    "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃\n"
    "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩\n"
    "│ input_layer         │ (None, 8)         │          0 │ -                 │\n"
    "│ (InputLayer)        │                   │            │                   │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ dense (Dense)       │ (None, 4)         │         36 │ input_layer[0][0] │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ dense_1 (Dense)     │ (None, 4)         │         36 │ input_layer[0][0] │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ add (Add)           │ (None, 4)         │          0 │ dense[0][0],      │\n"
    "│                     │                   │            │ dense_1[0][0]     │\n"
    "└─────────────────────┴───────────────────┴────────────┴───────────────────┘\n"
    " Total params: 72 (288.00 B)\n"
    " Trainable params: 72 (288.00 B)\n"
    " Non-trainable params: 0 (0.00 B)\n";

/// tf.keras for Input((8,)) -> Dense(4) and Dense(4) on the input -> Add: a branch, so
/// the wide layout with connections. Automatic names as Keras 2 gives them.
ModelIR branchModel()
{
    ModelIR m;
    m.name = QStringLiteral("model");
    m.kind = QStringLiteral("Functional");
    m.layers << layer(QStringLiteral("InputLayer"), QStringLiteral("input_1"), {8}, 0, {}, false)
             << layer(QStringLiteral("Dense"), QStringLiteral("dense"), {4}, 36, {0}, false)
             << layer(QStringLiteral("Dense"), QStringLiteral("dense_1"), {4}, 36, {0}, false)
             << layer(QStringLiteral("Add"), QStringLiteral("add"), {4}, 0, {1, 2}, false);
    m.inputs = {0};
    m.outputs = {3};
    m.inputShapes = {{8}};
    m.paramsKeras = m.trainableKeras = 72;
    m.nonTrainableKeras = 0;
    return m;
}

/// Sequential([Dense(100, activation='tanh', input_shape=(64,)), Dense(10)]).
ModelIR sequentialModel()
{
    ModelIR m;
    m.name = QStringLiteral("sequential");
    m.kind = QStringLiteral("Sequential");
    m.layers << layer(QStringLiteral("InputLayer"), QStringLiteral("input_1"), {64}, 0, {}, false)
             << layer(QStringLiteral("Dense"), QStringLiteral("dense"), {100}, 64 * 100 + 100, {0}, false)
             << layer(QStringLiteral("Dense"), QStringLiteral("dense_1"), {10}, 100 * 10 + 10, {1}, false);
    m.layers[1].units = 100;
    m.layers[1].activation = QStringLiteral("tanh");
    m.layers[2].units = 10;
    m.inputs = {0};
    m.outputs = {2};
    m.inputShapes = {{64}};
    m.paramsKeras = m.trainableKeras = 7510;
    m.nonTrainableKeras = 0;
    return m;
}

/// Rebuilds a Functional IR from a parsed Keras 2 summary with connections: full types
/// for the cut ones, shapes from the printed tuples, inbound layers from "Connected
/// to". Layers are stored sorted by name so the construction order says nothing about
/// the printed order.
ModelIR irFromSummary(const ModelSummary &s, const QString &input, const QString &output)
{
    static const QStringList types{QStringLiteral("BatchNormalization"), QStringLiteral("GlobalAveragePooling2D"),
                                   QStringLiteral("Activation"), QStringLiteral("ZeroPadding2D"),
                                   QStringLiteral("MaxPooling2D"), QStringLiteral("Conv2D"),
                                   QStringLiteral("Add"), QStringLiteral("Dense"), QStringLiteral("InputLayer")};
    QVector<int> order(s.rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return s.rows.at(a).name < s.rows.at(b).name; });
    QHash<QString, int> position;
    for (int k = 0; k < order.size(); ++k)
        position.insert(s.rows.at(order.at(k)).name, k);

    ModelIR m;
    m.name = s.modelName;
    m.kind = QStringLiteral("Functional");
    static const QRegularExpression dims(QStringLiteral("\\d+|None"));
    static const QRegularExpression indices(QStringLiteral("\\[\\d+\\]\\[\\d+\\]$"));
    for (int i : order) {
        const SummaryRow &r = s.rows.at(i);
        LayerSpec l;
        l.name = r.name;
        l.explicitName = true;
        l.type = r.type;
        if (r.typeCut) {
            for (const QString &t : types)
                if (t.startsWith(r.type))
                    l.type = t;
        }
        auto it = dims.globalMatch(r.outputShape);
        bool batch = true;
        while (it.hasNext()) {
            const QString d = it.next().captured();
            if (!batch)
                l.outputShape << (d == QLatin1String("None") ? -1 : d.toLongLong());
            batch = false;
        }
        l.paramsKeras = r.params;
        for (QString c : r.connectedTo) {
            c.remove(indices);
            l.inbound << position.value(c, -1);
        }
        m.layers << l;
    }
    m.inputs = {position.value(input, -1)};
    m.outputs = {position.value(output, -1)};
    m.paramsKeras = s.totalParams;
    m.trainableKeras = s.trainableParams;
    m.nonTrainableKeras = s.nonTrainableParams;
    return m;
}

} // namespace

class Tstsummary : public QObject {
    Q_OBJECT
private slots:
    void parseKeras2Sequential();
    void parseKeras2Functional();
    void parseKeras2Wrapped();
    void parseKeras3();
    void parseKeras3Functional();
    void parseSeveralAndCrlf();
    void parseGarbage();
    void formatSequential();
    void formatCutsFields();
    void embeddingRoundTrip();
    void functionalOrder();
    void chainUsesNarrowLayout();
    void compareNames();
    void compareShapesAndCuts();
    void compareRowsAndTotals();
    void compareKeras3();
    void corpusEmbeddings();
    void corpusResNet50();
};

void Tstsummary::parseKeras2Sequential()
{
    const QVector<ModelSummary> all = parseSavedSummaries(QString::fromUtf8(kEmbeddingSummary));
    QCOMPARE(all.size(), 1);
    const ModelSummary &s = all.first();
    QCOMPARE(s.modelName, QStringLiteral("model"));
    QCOMPARE(s.style, QStringLiteral("keras2"));
    QCOMPARE(s.firstLine, 1);
    QVERIFY(!s.connectedColumn);
    QCOMPARE(s.rows.size(), 2);
    QCOMPARE(s.rows[0].name, QStringLiteral("input"));
    QCOMPARE(s.rows[0].type, QStringLiteral("InputLayer"));
    QCOMPARE(s.rows[0].outputShape, QStringLiteral("[(None, 1)]"));
    QCOMPARE(s.rows[0].params, 0);
    QCOMPARE(s.rows[1].name, QStringLiteral("my_embedding"));
    QCOMPARE(s.rows[1].type, QStringLiteral("Embedding"));
    QCOMPARE(s.rows[1].outputShape, QStringLiteral("(None, 1, 4)"));
    QCOMPARE(s.rows[1].params, 40);
    QVERIFY(!s.rows[1].typeCut && !s.rows[1].nameCut);
    QVERIFY(s.rows[1].connectedTo.isEmpty());
    QCOMPARE(s.totalParams, 40);
    QCOMPARE(s.trainableParams, 40);
    QCOMPARE(s.nonTrainableParams, 0);
}

void Tstsummary::parseKeras2Functional()
{
    const QVector<ModelSummary> all = parseSavedSummaries(QString::fromUtf8(kResNetExcerpt));
    QCOMPARE(all.size(), 1);
    const ModelSummary &s = all.first();
    QCOMPARE(s.modelName, QStringLiteral("resnet50"));
    QVERIFY(s.connectedColumn);
    QCOMPARE(s.rows.size(), 4);

    // The InputLayer's list shape is cut at its column: "[(None, 224, 224, 3)" (the "]"
    // became the separating space).
    QCOMPARE(s.rows[0].name, QStringLiteral("input_2"));
    QCOMPARE(s.rows[0].type, QStringLiteral("InputLayer"));
    QCOMPARE(s.rows[0].outputShape, QStringLiteral("[(None, 224, 224, 3)"));
    QCOMPARE(s.rows[0].params, 0);
    QVERIFY(s.rows[0].connectedTo.isEmpty());

    QCOMPARE(s.rows[1].type, QStringLiteral("ZeroPadding2D"));
    QCOMPARE(s.rows[1].connectedTo, QStringList{QStringLiteral("input_2[0][0]")});

    // "conv2_block1_1_bn (BatchNormalization)" cut at column 32.
    QCOMPARE(s.rows[2].name, QStringLiteral("conv2_block1_1_bn"));
    QCOMPARE(s.rows[2].type, QStringLiteral("BatchNormali"));
    QVERIFY(s.rows[2].typeCut);
    QVERIFY(!s.rows[2].nameCut);
    QCOMPARE(s.rows[2].outputShape, QStringLiteral("(None, 56, 56, 64)"));
    QCOMPARE(s.rows[2].params, 256);
    QCOMPARE(s.rows[2].connectedTo, QStringList{QStringLiteral("conv2_block1_1_conv[0][0]")});

    // Two inbound tensors: the second on a continuation line.
    QCOMPARE(s.rows[3].name, QStringLiteral("conv2_block1_add"));
    QCOMPARE(s.rows[3].type, QStringLiteral("Add"));
    QVERIFY(!s.rows[3].typeCut);
    QCOMPARE(s.rows[3].connectedTo,
             (QStringList{QStringLiteral("conv2_block1_0_bn[0][0]"), QStringLiteral("conv2_block1_3_bn[0][0]")}));

    QCOMPARE(s.totalParams, 25636712);
    QCOMPARE(s.trainableParams, 25583592);
    QCOMPARE(s.nonTrainableParams, 53120);
}

void Tstsummary::parseKeras2Wrapped()
{
    // tf.keras >= 2.9: rows start with a space, long fields wrap onto continuation
    // lines, rows are separated by blank lines, Connected to is a Python list.
    auto row = [](const QString &a, const QString &b, const QString &c, const QString &d) {
        return a.leftJustified(32) + b.leftJustified(21) + c.leftJustified(12) + d.leftJustified(33) + QLatin1Char('\n');
    };
    QString text = QStringLiteral("Model: \"model\"\n") + rule(QLatin1Char('_'), 98) + QLatin1Char('\n');
    text += row(" Layer (type)", "Output Shape", "Param #", "Connected to");
    text += rule(QLatin1Char('='), 98) + QLatin1Char('\n');
    text += row(" input_1 (InputLayer)", "[(None, 224, 224, 3", "0", "[]");
    text += row("", ")]", "", "");
    text += spaces(98) + QLatin1Char('\n');
    text += row(" conv2_block1_1_bn (BatchNormal", "(None, 56, 56, 64)", "256", "['input_1[0][0]']");
    text += row(" ization)", "", "", "");
    text += spaces(98) + QLatin1Char('\n');
    text += row(" conv2_block1_add (Add)", "(None, 56, 56, 64)", "0", "['input_1[0][0]',");
    text += row("", "", "", " 'conv2_block1_1_bn[0][0]']");
    text += spaces(98) + QLatin1Char('\n');
    text += rule(QLatin1Char('='), 98) + QLatin1Char('\n');
    text += QStringLiteral("Total params: 256\nTrainable params: 128\nNon-trainable params: 128\n");
    text += rule(QLatin1Char('_'), 98) + QLatin1Char('\n');

    const QVector<ModelSummary> all = parseSavedSummaries(text);
    QCOMPARE(all.size(), 1);
    const ModelSummary &s = all.first();
    QCOMPARE(s.rows.size(), 3);
    QCOMPARE(s.rows[0].outputShape, QStringLiteral("[(None, 224, 224, 3)]"));
    QVERIFY(s.rows[0].connectedTo.isEmpty());
    QCOMPARE(s.rows[1].name, QStringLiteral("conv2_block1_1_bn"));
    QCOMPARE(s.rows[1].type, QStringLiteral("BatchNormalization"));
    QVERIFY(!s.rows[1].typeCut);
    QCOMPARE(s.rows[1].connectedTo, QStringList{QStringLiteral("input_1[0][0]")});
    QCOMPARE(s.rows[2].connectedTo,
             (QStringList{QStringLiteral("input_1[0][0]"), QStringLiteral("conv2_block1_1_bn[0][0]")}));
    QCOMPARE(s.totalParams, 256);
    QCOMPARE(s.nonTrainableParams, 128);
}

void Tstsummary::parseKeras3()
{
    const QVector<ModelSummary> all = parseSavedSummaries(QString::fromUtf8(kKeras3Sequential));
    QCOMPARE(all.size(), 1);
    const ModelSummary &s = all.first();
    QCOMPARE(s.style, QStringLiteral("keras3"));
    QCOMPARE(s.modelName, QStringLiteral("sequential"));
    QVERIFY(!s.connectedColumn);
    QCOMPARE(s.rows.size(), 2);
    QCOMPARE(s.rows[0].name, QStringLiteral("dense"));
    QCOMPARE(s.rows[0].type, QStringLiteral("Dense"));
    QCOMPARE(s.rows[0].outputShape, QStringLiteral("(None, 100)"));
    QCOMPARE(s.rows[0].params, 6500);
    QCOMPARE(s.rows[1].name, QStringLiteral("dense_1"));
    QCOMPARE(s.rows[1].params, 1010);
    QCOMPARE(s.totalParams, 7510);
    QCOMPARE(s.trainableParams, 7510);
    QCOMPARE(s.nonTrainableParams, 0);
}

void Tstsummary::parseKeras3Functional()
{
    const QVector<ModelSummary> all = parseSavedSummaries(QString::fromUtf8(kKeras3Functional));
    QCOMPARE(all.size(), 1);
    const ModelSummary &s = all.first();
    QVERIFY(s.connectedColumn);
    QCOMPARE(s.rows.size(), 4);
    QCOMPARE(s.rows[0].name, QStringLiteral("input_layer"));
    QCOMPARE(s.rows[0].type, QStringLiteral("InputLayer"));
    QCOMPARE(s.rows[0].outputShape, QStringLiteral("(None, 8)"));
    QVERIFY(s.rows[0].connectedTo.isEmpty());
    QCOMPARE(s.rows[1].connectedTo, QStringList{QStringLiteral("input_layer[0][0]")});
    QCOMPARE(s.rows[3].name, QStringLiteral("add"));
    QCOMPARE(s.rows[3].connectedTo, (QStringList{QStringLiteral("dense[0][0]"), QStringLiteral("dense_1[0][0]")}));
    QCOMPARE(s.totalParams, 72);
}

void Tstsummary::parseSeveralAndCrlf()
{
    // Text around the tables, a table without a Model line (older Keras), CRLF, a
    // trailing-space-stripped copy, and a Keras 3 table in the same output.
    QString noModelLine = QString::fromUtf8(kEmbeddingSummary);
    noModelLine.remove(0, noModelLine.indexOf(QLatin1Char('\n')) + 1);
    QString stripped;
    for (const QString &l : QString::fromUtf8(kResNetExcerpt).split(QLatin1Char('\n')))
        stripped += QString(l).remove(QRegularExpression(QStringLiteral("\\s+$"))) + QLatin1Char('\n');

    QString text = QStringLiteral("Epoch 1/1\nloss: 0.3\n") + QString::fromUtf8(kEmbeddingSummary)
                   + QStringLiteral("some print\n") + noModelLine + stripped
                   + QString::fromUtf8(kKeras3Sequential) + QStringLiteral("None\n");
    text.replace(QStringLiteral("\n"), QStringLiteral("\r\n"));

    const QVector<ModelSummary> all = parseSavedSummaries(text);
    QCOMPARE(all.size(), 4);
    QCOMPARE(all[0].modelName, QStringLiteral("model"));
    QCOMPARE(all[0].firstLine, 3);
    QCOMPARE(all[0].rows.size(), 2);
    QCOMPARE(all[1].modelName, QString());
    QCOMPARE(all[1].firstLine, 16); // the '_' rule above the header
    QCOMPARE(all[1].rows.size(), 2);
    QCOMPARE(all[1].totalParams, 40);
    QCOMPARE(all[2].modelName, QStringLiteral("resnet50"));
    QCOMPARE(all[2].rows.size(), 4);
    QCOMPARE(all[2].rows[2].type, QStringLiteral("BatchNormali"));
    QCOMPARE(all[2].rows[3].connectedTo.size(), 2);
    QCOMPARE(all[2].totalParams, 25636712);
    QCOMPARE(all[3].style, QStringLiteral("keras3"));
    QCOMPARE(all[3].rows.size(), 2);
    QCOMPARE(all[3].totalParams, 7510);
}

void Tstsummary::parseGarbage()
{
    QVERIFY(parseSavedSummaries(QString()).isEmpty());
    QVERIFY(parseSavedSummaries(QStringLiteral("hello\nworld\n")).isEmpty());
    QVERIFY(parseSavedSummaries(QStringLiteral("Model: \"x\"\n____\n")).isEmpty());
    QVERIFY(parseSavedSummaries(QStringLiteral("┏━━━━━━━━━━━━━━━━━━┓\n┃ Name ┃\n")).isEmpty());
    // A header alone, broken box tables, a table cut short: no crash, what parsed.
    parseSavedSummaries(QStringLiteral("Layer (type) Output Shape Param #"));
    parseSavedSummaries(QStringLiteral("Output Shape Layer (type) Param #\n====\n"));
    parseSavedSummaries(QStringLiteral("┏━┓\n┃ Layer (type) ┃\n┡━┩\n│ a │ b │ c │ d │ e │\n│\n"));
    parseSavedSummaries(QStringLiteral("┏\n┡\n│\n└\n Total params: x\n"));

    const QString good = QString::fromUtf8(kResNetExcerpt) + QString::fromUtf8(kKeras3Functional);
    for (int cut = 0; cut < good.size(); cut += 7) {
        const QVector<ModelSummary> all = parseSavedSummaries(good.left(cut));
        QVERIFY(all.size() <= 2);
    }
    QRandomGenerator rng(1234);
    const QStringList lines = good.split(QLatin1Char('\n'));
    for (int round = 0; round < 300; ++round) {
        QStringList mutated = lines;
        for (int k = 0; k < 4; ++k) {
            const int i = int(rng.bounded(mutated.size()));
            switch (rng.bounded(4)) {
            case 0: mutated.removeAt(i); break;
            case 1: mutated.insert(i, mutated.at(int(rng.bounded(mutated.size())))); break;
            case 2: mutated[i] = mutated[i].left(int(rng.bounded(mutated[i].size() + 1))); break;
            default: {
                QString junk;
                for (int c = 0; c < 40; ++c)
                    junk += QChar(char16_t(rng.bounded(0x20, 0x2600)));
                mutated[i] = junk;
            }
            }
        }
        const QVector<ModelSummary> all = parseSavedSummaries(mutated.join(QLatin1Char('\n')));
        for (const ModelSummary &s : all)
            QVERIFY(s.rows.size() <= lines.size());
    }
}

void Tstsummary::formatSequential()
{
    const ModelSummary s = summarizeModel(sequentialModel());
    QCOMPARE(s.rows.size(), 2); // Sequential leaves out its InputLayer
    QVERIFY(!s.connectedColumn);
    // print_row with positions [29, 55, 65]: each field padded to its column.
    const QString expected =
        QStringLiteral("Model: \"sequential\"\n")
        + rule(QLatin1Char('_'), 65) + QLatin1Char('\n')
        + QStringLiteral("Layer (type)") + spaces(17) + QStringLiteral("Output Shape") + spaces(14)
              + QStringLiteral("Param #") + spaces(3) + QLatin1Char('\n')
        + rule(QLatin1Char('='), 65) + QLatin1Char('\n')
        + QStringLiteral("dense (Dense)") + spaces(16) + QStringLiteral("(None, 100)") + spaces(15)
              + QStringLiteral("6500") + spaces(6) + QLatin1Char('\n')
        + rule(QLatin1Char('_'), 65) + QLatin1Char('\n')
        + QStringLiteral("dense_1 (Dense)") + spaces(14) + QStringLiteral("(None, 10)") + spaces(16)
              + QStringLiteral("1010") + spaces(6) + QLatin1Char('\n')
        + rule(QLatin1Char('='), 65) + QLatin1Char('\n')
        + QStringLiteral("Total params: 7,510\n"
                         "Trainable params: 7,510\n"
                         "Non-trainable params: 0\n")
        + rule(QLatin1Char('_'), 65) + QLatin1Char('\n');
    const QString actual = formatKerasSummary(s);
    QVERIFY2(actual == expected, qPrintable(firstDifference(actual, expected)));
    for (const QString &l : actual.split(QLatin1Char('\n')))
        QVERIFY(l.isEmpty() || l.startsWith(QLatin1String("Model:")) || l.contains(QLatin1String("params:"))
                || l.size() == 65);
}

void Tstsummary::formatCutsFields()
{
    // A field that reaches its column is cut at it and its last character becomes the
    // space before the next field: "a_really_long_layer_name_here (Dense)" is 37 chars;
    // line[:29] keeps "a_really_long_layer_name_here", line[:-1] + ' ' drops the "e".
    ModelSummary s;
    s.modelName = QStringLiteral("sequential_1");
    SummaryRow r;
    r.name = QStringLiteral("a_really_long_layer_name_here");
    r.type = QStringLiteral("Dense");
    r.outputShape = QStringLiteral("(None, 123456789, 123456789)"); // 28 chars in 26: cut
    r.params = 12345678901LL; // 11 digits in a 10-wide last column
    s.rows << r;
    s.totalParams = 1234567;
    s.trainableParams = 1000000;
    s.nonTrainableParams = 234567;
    const QStringList lines = formatKerasSummary(s).split(QLatin1Char('\n'));
    QCOMPARE(lines.at(4), QStringLiteral("a_really_long_layer_name_her (None, 123456789, 1234567 1234567890"));
    QCOMPARE(lines.at(4).size(), 65);
    QCOMPARE(lines.at(6), QStringLiteral("Total params: 1,234,567"));
    QCOMPARE(lines.at(8), QStringLiteral("Non-trainable params: 234,567"));

    // Parsing the cut row back marks the cut name and the cut shape matches by prefix.
    const QVector<ModelSummary> back = parseSavedSummaries(lines.join(QLatin1Char('\n')));
    QCOMPARE(back.size(), 1);
    QCOMPARE(back[0].rows.size(), 1);
    QCOMPARE(back[0].rows[0].name, QStringLiteral("a_really_long_layer_name_her"));
    QVERIFY(back[0].rows[0].nameCut);
    QCOMPARE(back[0].rows[0].params, 1234567890);
    ModelSummary ours = s;
    ours.rows[0].params = 1234567890;
    const SummaryComparison c = compareSummaries(back[0], ours);
    QVERIFY2(c.matched, qPrintable(c.differences.join(QLatin1Char('\n'))));
}

void Tstsummary::embeddingRoundTrip()
{
    ModelIR m;
    m.name = QStringLiteral("model");
    m.kind = QStringLiteral("Functional");
    m.layers << layer(QStringLiteral("InputLayer"), QStringLiteral("input"), {1}, 0)
             << layer(QStringLiteral("Embedding"), QStringLiteral("my_embedding"), {1, 4}, 40, {0});
    m.layers[1].inputDim = 10;
    m.layers[1].outputDim = 4;
    m.inputs = {0};
    m.outputs = {1};
    m.inputShapes = {{1}};
    m.integerInputs = true;
    m.paramsKeras = m.trainableKeras = 40;
    m.nonTrainableKeras = 0;

    const ModelSummary ours = summarizeModel(m);
    QVERIFY(!ours.connectedColumn); // a chain: print_summary's sequential_like layout
    QCOMPARE(ours.rows.size(), 2);
    QCOMPARE(ours.rows[0].outputShape, QStringLiteral("[(None, 1)]"));
    const QString expected = QString::fromUtf8(kEmbeddingSummary);
    const QString actual = formatKerasSummary(ours);
    QVERIFY2(actual == expected, qPrintable(firstDifference(actual, expected)));

    const SummaryComparison c = compareSummaries(parseSavedSummaries(expected).value(0), ours);
    QVERIFY2(c.matched, qPrintable(c.differences.join(QLatin1Char('\n'))));
    QCOMPARE(c.rowsCompared, 2);

    // The InputLayer shape falls back to the model's input shape when not inferred.
    m.layers[0].outputShape.clear();
    QCOMPARE(summarizeModel(m).rows[0].outputShape, QStringLiteral("[(None, 1)]"));
}

void Tstsummary::functionalOrder()
{
    // A ResNet block in construction order: input -> conv_a -> bn_a -> relu -> conv_b
    // -> bn_b; input -> conv_s -> bn_s; add([bn_s, bn_b]).
    ModelIR m;
    m.name = QStringLiteral("block");
    m.kind = QStringLiteral("Functional");
    m.layers << layer(QStringLiteral("InputLayer"), QStringLiteral("input"), {8, 8, 3}, 0)       // 0
             << layer(QStringLiteral("Conv2D"), QStringLiteral("conv_a"), {8, 8, 4}, 112, {0})   // 1
             << layer(QStringLiteral("BatchNormalization"), QStringLiteral("bn_a"), {8, 8, 4}, 16, {1}) // 2
             << layer(QStringLiteral("Activation"), QStringLiteral("relu"), {8, 8, 4}, 0, {2})  // 3
             << layer(QStringLiteral("Conv2D"), QStringLiteral("conv_b"), {8, 8, 4}, 148, {3})   // 4
             << layer(QStringLiteral("BatchNormalization"), QStringLiteral("bn_b"), {8, 8, 4}, 16, {4}) // 5
             << layer(QStringLiteral("Conv2D"), QStringLiteral("conv_s"), {8, 8, 4}, 16, {0})    // 6
             << layer(QStringLiteral("BatchNormalization"), QStringLiteral("bn_s"), {8, 8, 4}, 16, {6}) // 7
             << layer(QStringLiteral("Add"), QStringLiteral("add"), {8, 8, 4}, 0, {7, 5});      // 8
    m.inputs = {0};
    m.outputs = {8};
    m.paramsKeras = 324;
    m.trainableKeras = 300;
    m.nonTrainableKeras = 24;

    // Depths from the output: add 0; bn_s, bn_b 1; conv_s, conv_b 2; relu 3; bn_a 4;
    // conv_a 5; input 6. Ties by first visit from the output (add, bn_s, conv_s, input,
    // bn_b, …): conv_s before conv_b, bn_s before bn_b.
    const ModelSummary s = summarizeModel(m);
    QStringList names;
    for (const SummaryRow &r : s.rows)
        names << r.name;
    QCOMPARE(names, (QStringList{"input", "conv_a", "bn_a", "relu", "conv_s", "conv_b", "bn_s", "bn_b", "add"}));
    QVERIFY(s.connectedColumn);
    QVERIFY(s.rows[0].connectedTo.isEmpty());
    QCOMPARE(s.rows[0].outputShape, QStringLiteral("[(None, 8, 8, 3)]"));
    QCOMPARE(s.rows[4].connectedTo, QStringList{QStringLiteral("input[0][0]")});
    QCOMPARE(s.rows[8].connectedTo, (QStringList{QStringLiteral("bn_s[0][0]"), QStringLiteral("bn_b[0][0]")}));

    // Wide layout, positions [32, 53, 65, 98]; the second connection on its own line.
    const QStringList lines = formatKerasSummary(s).split(QLatin1Char('\n'));
    QCOMPARE(lines.at(1), rule(QLatin1Char('_'), 98));
    QCOMPARE(lines.at(2), QStringLiteral("Layer (type)") + spaces(20) + QStringLiteral("Output Shape") + spaces(9)
                              + QStringLiteral("Param #") + spaces(5) + QStringLiteral("Connected to") + spaces(21));
    QCOMPARE(lines.at(4), QStringLiteral("input (InputLayer)") + spaces(14) + QStringLiteral("[(None, 8, 8, 3)]")
                              + spaces(4) + QLatin1Char('0') + spaces(11 + 33));
    int addLine = -1;
    for (int i = 0; i < lines.size() && addLine < 0; ++i)
        if (lines.at(i).startsWith(QLatin1String("add (Add)")))
            addLine = i;
    QVERIFY(addLine > 0);
    QCOMPARE(lines.at(addLine), QStringLiteral("add (Add)") + spaces(23) + QStringLiteral("(None, 8, 8, 4)") + spaces(6)
                                    + QLatin1Char('0') + spaces(11) + QStringLiteral("bn_s[0][0]") + spaces(23));
    QCOMPARE(lines.at(addLine + 1), spaces(65) + QStringLiteral("bn_b[0][0]") + spaces(23));
    QCOMPARE(lines.at(addLine + 2), rule(QLatin1Char('='), 98));
    QCOMPARE(lines.at(addLine + 3), QStringLiteral("Total params: 324"));

    // The text reads back to the same rows.
    const QVector<ModelSummary> back = parseSavedSummaries(formatKerasSummary(s));
    QCOMPARE(back.size(), 1);
    const SummaryComparison c = compareSummaries(back[0], s);
    QVERIFY2(c.matched, qPrintable(c.differences.join(QLatin1Char('\n'))));
    QCOMPARE(c.rowsCompared, 9);

    // An input not connected to the output is listed first at depth 0 (layer index -1);
    // layers not leading to an output are left out, as in model.layers.
    ModelIR extra = m;
    extra.layers << layer(QStringLiteral("InputLayer"), QStringLiteral("unused"), {2}, 0)
                 << layer(QStringLiteral("Dense"), QStringLiteral("dangling"), {2}, 6, {0});
    extra.inputs << 9;
    const ModelSummary e = summarizeModel(extra);
    QCOMPARE(e.rows.size(), 10);
    QCOMPARE(e.rows[8].name, QStringLiteral("unused"));
    QCOMPARE(e.rows[9].name, QStringLiteral("add"));
}

void Tstsummary::chainUsesNarrowLayout()
{
    // A functional chain is sequential_like (one node per depth, one inbound each);
    // a branch is not.
    const ModelSummary branch = summarizeModel(branchModel());
    QVERIFY(branch.connectedColumn);
    QCOMPARE(branch.rows.size(), 4);
    QCOMPARE(branch.rows[1].connectedTo, QStringList{QStringLiteral("input_1[0][0]")});

    ModelIR chain = branchModel();
    chain.layers[2].inbound = {1};
    chain.layers[3] = layer(QStringLiteral("Dense"), QStringLiteral("dense_2"), {1}, 5, {2}, false);
    const ModelSummary s = summarizeModel(chain);
    QVERIFY(!s.connectedColumn);
    QCOMPARE(s.rows.size(), 4);
    for (const SummaryRow &r : s.rows)
        QVERIFY(r.connectedTo.isEmpty());
    QCOMPARE(formatKerasSummary(s).split(QLatin1Char('\n')).at(1).size(), 65);

    // Two outputs at the same depth are not a chain.
    ModelIR two = branchModel();
    two.layers.removeLast();
    two.outputs = {1, 2};
    QVERIFY(summarizeModel(two).connectedColumn);
}

void Tstsummary::compareNames()
{
    const ModelSummary ours = summarizeModel(branchModel());
    ModelSummary saved = ours;
    // Automatic names from another session's counters: compared without the suffix.
    saved.rows[0].name = QStringLiteral("input_7");
    saved.rows[1].name = QStringLiteral("dense_4");
    saved.rows[2].name = QStringLiteral("dense_5");
    saved.rows[3].name = QStringLiteral("add_2");
    saved.rows[1].connectedTo = {QStringLiteral("input_7[0][0]")};
    saved.rows[2].connectedTo = {QStringLiteral("input_7[0][0]")};
    saved.rows[3].connectedTo = {QStringLiteral("dense_4[0][0]"), QStringLiteral("dense_5[0][0]")};
    SummaryComparison c = compareSummaries(saved, ours);
    QVERIFY2(c.matched, qPrintable(c.differences.join(QLatin1Char('\n'))));

    // Explicit names exactly.
    saved.rows[3].name = QStringLiteral("merge");
    c = compareSummaries(saved, ours);
    QVERIFY(!c.matched);
    QCOMPARE(c.differences, QStringList{QStringLiteral("row 4 (merge): name merge vs add")});

    // An automatic name of another class is not automatic for this one.
    saved.rows[3].name = QStringLiteral("multiply_1");
    c = compareSummaries(saved, ours);
    QCOMPARE(c.differences, QStringList{QStringLiteral("row 4 (multiply_1): name multiply_1 vs add")});

    // Keras's snake case: BatchNormalization, ReLU, GlobalAveragePooling2D.
    ModelSummary a, b;
    for (const auto &[name, type] : {std::pair<const char *, const char *>{"batch_normalization_3", "BatchNormalization"},
                                     {"re_lu", "ReLU"},
                                     {"global_average_pooling2d_1", "GlobalAveragePooling2D"},
                                     {"leaky_re_lu_2", "LeakyReLU"}}) {
        SummaryRow r;
        r.name = QString::fromLatin1(name);
        r.type = QString::fromLatin1(type);
        a.rows << r;
        r.name = r.name.endsWith(QLatin1String("_lu")) ? r.name + QStringLiteral("_9")
                                                       : r.name.left(r.name.lastIndexOf(QLatin1Char('_')));
        b.rows << r;
    }
    c = compareSummaries(a, b);
    QVERIFY2(c.matched, qPrintable(c.differences.join(QLatin1Char('\n'))));
}

void Tstsummary::compareShapesAndCuts()
{
    const ModelSummary ours = summarizeModel(branchModel());
    ModelSummary saved = ours;
    saved.connectedColumn = false; // connections are checked elsewhere
    saved.rows[0].outputShape = QStringLiteral("(None, 8)"); // vs "[(None, 8)]"
    saved.rows[1].type = QStringLiteral("Den");            // cut type
    saved.rows[1].typeCut = true;
    saved.rows[2].name = QStringLiteral("den");           // cut name (type gone)
    saved.rows[2].type.clear();
    saved.rows[2].nameCut = true;
    saved.rows[3].outputShape = QStringLiteral("(None,"); // cut shape
    SummaryComparison c = compareSummaries(saved, ours);
    QVERIFY2(c.matched, qPrintable(c.differences.join(QLatin1Char('\n'))));

    // Not cut: "Den" is another type.
    saved.rows[1].typeCut = false;
    saved.rows[3].outputShape = QStringLiteral("(None, 5)");
    c = compareSummaries(saved, ours);
    QCOMPARE(c.differences, (QStringList{QStringLiteral("row 2 (dense): type Den vs Dense"),
                                         QStringLiteral("row 4 (add): output shape (None, 5) vs (None, 4)")}));

    // The cut InputLayer shape of the ResNet50 text matches ours.
    ModelSummary r1, r2;
    SummaryRow row;
    row.name = QStringLiteral("input_2");
    row.type = QStringLiteral("InputLayer");
    row.outputShape = QStringLiteral("[(None, 224, 224, 3)");
    r1.rows << row;
    row.outputShape = QStringLiteral("[(None, 224, 224, 3)]");
    r2.rows << row;
    QVERIFY(compareSummaries(r1, r2).matched);
    r2.rows[0].outputShape = QStringLiteral("[(None, 224, 224, 4)]");
    QVERIFY(!compareSummaries(r1, r2).matched);
}

void Tstsummary::compareRowsAndTotals()
{
    const ModelSummary ours = summarizeModel(sequentialModel());
    ModelSummary saved = ours;
    saved.rows[1].params = 1000;
    saved.totalParams = 7500;
    SummaryComparison c = compareSummaries(saved, ours);
    QCOMPARE(c.rowsCompared, 2);
    QCOMPARE(c.differences, (QStringList{QStringLiteral("row 2 (dense_1): params 1000 vs 1010"),
                                         QStringLiteral("Total params 7,500 vs 7,510")}));

    saved = ours;
    SummaryRow extra;
    extra.name = QStringLiteral("dropout");
    extra.type = QStringLiteral("Dropout");
    extra.outputShape = QStringLiteral("(None, 10)");
    extra.params = 0;
    saved.rows << extra;
    c = compareSummaries(saved, ours);
    QVERIFY(!c.matched);
    QCOMPARE(c.differences, (QStringList{QStringLiteral("3 rows saved vs 2 ours"),
                                         QStringLiteral("row 3: dropout (Dropout) missing from ours")}));
    c = compareSummaries(ours, saved);
    QCOMPARE(c.differences.last(), QStringLiteral("row 3: dropout (Dropout) extra in ours"));

    // Unknown values are not compared.
    saved = ours;
    saved.rows[0].params = -1;
    saved.trainableParams = -1;
    QVERIFY(compareSummaries(saved, ours).matched);
}

void Tstsummary::compareKeras3()
{
    // The Keras 3 tables against tf.keras rows of the same models: "input_layer" vs
    // "input_1", "(None, 8)" vs "[(None, 8)]", commas in the params.
    const SummaryComparison f =
        compareSummaries(parseSavedSummaries(QString::fromUtf8(kKeras3Functional)).value(0), summarizeModel(branchModel()));
    QVERIFY2(f.matched, qPrintable(f.differences.join(QLatin1Char('\n'))));
    QCOMPARE(f.rowsCompared, 4);

    const SummaryComparison s = compareSummaries(parseSavedSummaries(QString::fromUtf8(kKeras3Sequential)).value(0),
                                                 summarizeModel(sequentialModel()));
    QVERIFY2(s.matched, qPrintable(s.differences.join(QLatin1Char('\n'))));

    // dense -> dense_1 instead of input -> dense_1: same rows, other connections.
    ModelIR other = branchModel();
    other.layers[2].inbound = {1};
    const SummaryComparison w =
        compareSummaries(parseSavedSummaries(QString::fromUtf8(kKeras3Functional)).value(0), summarizeModel(other));
    QCOMPARE(w.differences,
             QStringList{QStringLiteral("row 3 (dense_1): connected to input_layer[0][0] vs dense[0][0]")});
}

void Tstsummary::corpusEmbeddings()
{
    const QString path = corpusPath("03_neural_recsys/Short_Intro_to_Embeddings_with_Keras_rendered.ipynb");
    if (!QFile::exists(path))
        QSKIP("corpus notebook not available");
    const QString text = cellOutputText(path, 16);
    QCOMPARE(text, QString::fromUtf8(kEmbeddingSummary));
    const QVector<ModelSummary> all = parseSavedSummaries(text);
    QCOMPARE(all.size(), 1);
    QCOMPARE(all[0].rows.size(), 2);
    QCOMPARE(all[0].rows[1].name, QStringLiteral("my_embedding"));
    QCOMPARE(all[0].totalParams, 40);
}

void Tstsummary::corpusResNet50()
{
    const QString path = corpusPath("04_conv_nets/03_Fine_Tuning_Deep_CNNs_with_GPU_rendered.ipynb");
    if (!QFile::exists(path))
        QSKIP("corpus notebook not available");
    const QString text = cellOutputText(path, 16);
    QVERIFY(text.startsWith(QLatin1String("Model: \"resnet50\"\n")));
    const QVector<ModelSummary> all = parseSavedSummaries(text);
    QCOMPARE(all.size(), 1);
    const ModelSummary &s = all.first();
    QCOMPARE(s.modelName, QStringLiteral("resnet50"));
    QVERIFY(s.connectedColumn);
    QCOMPARE(s.rows.size(), 177);
    QCOMPARE(s.totalParams, 25636712);
    QCOMPARE(s.trainableParams, 25583592);
    QCOMPARE(s.nonTrainableParams, 53120);

    QCOMPARE(s.rows.first().name, QStringLiteral("input_2"));
    QCOMPARE(s.rows.first().outputShape, QStringLiteral("[(None, 224, 224, 3)"));
    QCOMPARE(s.rows.last().name, QStringLiteral("probs"));
    QCOMPARE(s.rows.last().type, QStringLiteral("Dense"));
    QCOMPARE(s.rows.last().params, 2049000);
    QCOMPARE(s.rows.last().connectedTo, QStringList{QStringLiteral("avg_pool[0][0]")});
    QCOMPARE(s.rows.at(s.rows.size() - 2).type, QStringLiteral("GlobalAveragePooling2"));
    QVERIFY(s.rows.at(s.rows.size() - 2).typeCut);

    // 16 Add rows with two connections each, every other row with one but the input.
    int adds = 0;
    qint64 paramSum = 0;
    for (int i = 0; i < s.rows.size(); ++i) {
        const SummaryRow &r = s.rows.at(i);
        paramSum += r.params;
        if (r.type == QLatin1String("Add")) {
            ++adds;
            QCOMPARE(r.connectedTo.size(), 2);
        } else {
            QCOMPARE(r.connectedTo.size(), i == 0 ? 0 : 1);
        }
    }
    QCOMPARE(adds, 16);
    QCOMPARE(paramSum, s.totalParams);
    const SummaryRow &add1 = s.rows.at(17);
    QCOMPARE(add1.name, QStringLiteral("conv2_block1_add"));
    QCOMPARE(add1.connectedTo,
             (QStringList{QStringLiteral("conv2_block1_0_bn[0][0]"), QStringLiteral("conv2_block1_3_bn[0][0]")}));
    // Deeper main-branch layers first, then the shortcut conv, as Keras orders them.
    QCOMPARE(s.rows.at(12).name, QStringLiteral("conv2_block1_2_relu"));
    QCOMPARE(s.rows.at(13).name, QStringLiteral("conv2_block1_0_conv"));
    QCOMPARE(s.rows.at(14).name, QStringLiteral("conv2_block1_3_conv"));

    // Rebuilt as an IR (layers stored in name order), our rows and text are Keras's.
    const ModelIR ir = irFromSummary(s, QStringLiteral("input_2"), QStringLiteral("probs"));
    const ModelSummary ours = summarizeModel(ir);
    const SummaryComparison c = compareSummaries(s, ours);
    QVERIFY2(c.matched, qPrintable(c.differences.mid(0, 5).join(QLatin1Char('\n'))));
    QCOMPARE(c.rowsCompared, 177);
    const QString expected = text.left(text.lastIndexOf(QLatin1String("None\n")));
    const QString actual = formatKerasSummary(ours);
    QVERIFY2(actual == expected, qPrintable(firstDifference(actual, expected)));

    // A wrong parameter count is reported with the row.
    ModelIR wrong = ir;
    for (LayerSpec &l : wrong.layers)
        if (l.name == QLatin1String("probs"))
            l.paramsKeras = 2048000;
    const SummaryComparison w = compareSummaries(s, summarizeModel(wrong));
    QCOMPARE(w.differences, QStringList{QStringLiteral("row 177 (probs): params 2049000 vs 2048000")});
}

QTEST_GUILESS_MAIN(Tstsummary)
#include "tst_summary.moc"
