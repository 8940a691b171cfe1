// Layer types are descriptors (core/model/LayerType.h): each Keras layer class the model IR
// supports has one, and adding a layer type is adding one descriptor (docs/ARCHITECTURE.md).

#include "ConvertSupport.h"
#include "DocumentReader.h"
#include "KerasArguments.h"
#include "LayerType.h"
#include "ModelExtractor.h"
#include "ModelIR.h"
#include "PyTorchCodegen.h"

#include <QtTest>

using namespace kmw;

namespace {

/// The example of docs/ARCHITECTURE.md: Cropping1D removes `cropping` = {begin, end} steps.
bool inferCropping1D(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts);
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    if (x.size() != 2) {
        *why = QStringLiteral("expects 3D input");
        return false;
    }
    l.outputShape = x;
    if (x[0] >= 0)
        l.outputShape[0] = x[0] - l.explicitPadding.value(0, 1) - l.explicitPadding.value(1, 1);
    return true;
}

/// Its Keras argument: `cropping` (an int or a pair), default (1, 1).
bool readCropping1D(const KerasCall &c, LayerSpec *l)
{
    l->explicitPadding = c.r.tuple("cropping", 0, 2);
    if (l->explicitPadding.isEmpty())
        l->explicitPadding = {1, 1};
    return true;
}

/// Its PyTorch source: a slice of the steps axis, (batch, steps, features).
void cropping1DTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    const QVector<qint64> &crop = source.layer.explicitPadding;
    out->expression = QStringLiteral("%1[:, %2:%1.size(1) - %3]").arg(source.inputs.value(0)).arg(crop.value(0)).arg(crop.value(1));
}

LayerSpec layer(const QString &type, QVector<int> inbound = {})
{
    LayerSpec l;
    l.type = type;
    l.name = type.toLower();
    l.inbound = inbound;
    return l;
}

} // namespace

class TestLayerTypes : public QObject {
    Q_OBJECT
private slots:
    void everySupportedTypeHasADescriptor()
    {
        const QStringList types = supportedLayerTypes();
        QVERIFY(types.size() >= 40);
        QVERIFY(types.contains(QStringLiteral("Dense")));
        QVERIFY(types.contains(QStringLiteral("Bidirectional")));
        for (const QString &type : types) {
            if (type == QLatin1String("Lambda"))
                continue; // only the Lambdas of known functions have one
            QVERIFY2(layerTypeOf(layer(type)), qPrintable(type));
        }
        LayerSpec resize = layer(QStringLiteral("Lambda"));
        resize.function = QStringLiteral("resize");
        QVERIFY(layerTypeOf(resize));
        LayerSpec unknownLambda = layer(QStringLiteral("Lambda"));
        unknownLambda.function = QStringLiteral("tf.math.cumsum");
        LayerCounts counts;
        QString why;
        QVERIFY(!inferLayerShape(unknownLambda, {{4}}, &counts, &why));
        QVERIFY2(why.startsWith(QStringLiteral("layer type Lambda is not supported")), qPrintable(why));
        // Keras's aliases are read as the class they stand for
        QString canonical;
        QCOMPARE(kerasLayerType(QStringLiteral("MaxPool2D"), &canonical), layerTypeOf(layer(QStringLiteral("MaxPooling2D"))));
        QCOMPARE(canonical, QStringLiteral("MaxPooling2D"));
        QVERIFY(kerasLayerType(QStringLiteral("Input")));
        QVERIFY(!supportedLayerTypes().contains(QStringLiteral("Input")));
        // Subtract, Average and Maximum share Add's rule but are not listed as supported.
        QVERIFY(layerTypeOf(layer(QStringLiteral("Subtract"))));
        QVERIFY(!types.contains(QStringLiteral("Subtract")));
    }

    void unknownTypeIsReported()
    {
        LayerSpec l = layer(QStringLiteral("Cropping3D"));
        LayerCounts counts;
        QString why;
        QVERIFY(!inferLayerShape(l, {{8, 8, 8, 3}}, &counts, &why));
        QVERIFY2(why.startsWith(QStringLiteral("layer type Cropping3D is not supported (supported: ")), qPrintable(why));
        QVERIFY(why.contains(QStringLiteral("Conv2D, Conv2DTranspose")));
    }

    void descriptorsInferShapesAndCounts()
    {
        LayerSpec conv = layer(QStringLiteral("Conv2D"));
        conv.filters = 32;
        conv.kernelSize = {3, 3};
        LayerCounts counts;
        QString why;
        QVERIFY2(inferLayerShape(conv, {{28, 28, 1}}, &counts, &why), qPrintable(why));
        QCOMPARE(conv.outputShape, TensorShape({26, 26, 32}));
        QCOMPARE(counts.keras, qint64(3 * 3 * 1 * 32 + 32));
        LayerSpec lstm = layer(QStringLiteral("LSTM"));
        lstm.units = 8;
        QVERIFY2(inferLayerShape(lstm, {{10, 4}}, &counts, &why), qPrintable(why));
        QCOMPARE(counts.keras, qint64(4 * 8 * (4 + 8) + 4 * 8));
        QCOMPARE(counts.torch, qint64(4 * 8 * (4 + 8) + 8 * 8)); // PyTorch's two biases
        QVERIFY(!inferLayerShape(conv, {{28, 28}}, &counts, &why));
        QVERIFY2(why.contains(QStringLiteral("expects 4D")), qPrintable(why));
    }

    void oneDescriptorAddsALayerType()
    {
        QVERIFY(!supportedLayerTypes().contains(QStringLiteral("Cropping1D")));
        ModelIR m;
        m.kind = QStringLiteral("Sequential");
        LayerSpec crop = layer(QStringLiteral("Cropping1D"), {0});
        crop.explicitPadding = {2, 3};
        LayerSpec dense = layer(QStringLiteral("Dense"), {1});
        dense.units = 5;
        m.layers = {layer(QStringLiteral("InputLayer")), crop, dense};
        m.inputs = {0};
        m.outputs = {2};
        m.inputShapes = {{10, 4}};
        QString error;
        QVERIFY(!inferModel(m, &error));
        QVERIFY2(error.contains(QStringLiteral("Cropping1D is not supported")), qPrintable(error));

        // the same model in a notebook: the extractor does not know the class yet
        Document doc;
        InputError inputError;
        const QByteArray code = "from tensorflow.keras.models import Sequential\n"
                                "from tensorflow.keras.layers import Input, Cropping1D, Dense\n"
                                "model = Sequential([Input((10, 4)), Cropping1D((2, 3)), Dense(5)])\n";
        QVERIFY(parseScript(code, QStringLiteral("crop.py"), &doc, &inputError));
        QVERIFY(!extractModel(doc, {}).ok);

        LayerType cropping{{QStringLiteral("Cropping1D")}, nullptr, inferCropping1D};
        cropping.readKeras = readCropping1D;
        cropping.torchSource = cropping1DTorchSource;
        registerLayerType(cropping);
        QVERIFY(supportedLayerTypes().contains(QStringLiteral("Cropping1D")));
        QVERIFY2(inferModel(m, &error), qPrintable(error));
        QCOMPARE(m.layers[1].outputShape, TensorShape({5, 4}));
        QCOMPARE(m.outputShape, TensorShape({5, 5}));
        QCOMPARE(m.paramsKeras, qint64(4 * 5 + 5));

        const ExtractResult extracted = extractModel(doc, {});
        QVERIFY2(extracted.ok, qPrintable(extracted.error));
        // Keras's Sequential keeps Input as its input, not as a layer
        QCOMPARE(extracted.model.layers.size(), 2);
        QCOMPARE(extracted.model.layers[0].type, QStringLiteral("Cropping1D"));
        QCOMPARE(extracted.model.layers[0].explicitPadding, QVector<qint64>({2, 3}));
        QCOMPARE(extracted.model.layers[0].outputShape, TensorShape({5, 4}));
        QCOMPARE(extracted.model.outputShape, TensorShape({5, 5}));

        // its PyTorch module, run in PyTorch: the shape Keras infers, and Keras's count
        const GeneratedModule module = generateTorchModule(extracted.model);
        QVERIFY2(module.ok, qPrintable(module.error));
        QVERIFY2(module.classCode.contains(QStringLiteral("x[:, 2:x.size(1) - 3]")), qPrintable(module.classCode));
        if (!test::havePythonTorch())
            QSKIP("no Python with torch (scripts/setup.sh makes one)");
        QTemporaryDir dir;
        bool ran = false;
        const QString out = test::runPython(dir.path(), module.moduleCode.toUtf8() +
            "\nm = " + module.className.toUtf8() + "()\n"
            "y = m(torch.zeros(2, 10, 4))\n"
            "print(tuple(y.shape), sum(p.numel() for p in m.parameters()))\n", &ran);
        QVERIFY(ran);
        QCOMPARE(out.trimmed(), QStringLiteral("(2, 5, 5) 25"));
    }
};

QTEST_GUILESS_MAIN(TestLayerTypes)
#include "tst_layertypes.moc"
