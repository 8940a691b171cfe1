// Layer types are descriptors (core/model/LayerType.h, with their LibTorch builds in
// core/torch/layers/): each Keras layer class the model IR supports has one, and adding a
// layer type is adding one descriptor (docs/ARCHITECTURE.md).

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

/// A layer type added from outside the built-in families: RepeatVector(n) repeats a
/// (batch, features) input n times, (batch, n, features) (keras/layers/reshaping/repeat_vector.py).
bool inferRepeatVector(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *counts, QString *why)
{
    Q_UNUSED(counts); // no weights
    const TensorShape x = in.isEmpty() ? TensorShape() : in.first();
    if (x.size() != 1) {
        *why = QStringLiteral("expects 2D input");
        return false;
    }
    l.outputShape = {l.size.value(0, 1), x[0]};
    return true;
}

/// Its Keras argument: `n`.
bool readRepeatVector(const KerasCall &c, LayerSpec *l)
{
    l->size = {c.r.integer("n", 0, 1)};
    return true;
}

/// Its PyTorch source: a new axis 1, expanded n times.
void repeatVectorTorchSource(const TorchSourceInput &source, TorchSource *out)
{
    out->expression = QStringLiteral("%1.unsqueeze(1).repeat(1, %2, 1)").arg(source.inputs.value(0)).arg(source.layer.size.value(0, 1));
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
        // a family takes every class its prefixes start (and its inference says which rank
        // it cannot take): MaxPooling3D is the pooling family's, refused as 5D
        QCOMPARE(layerTypeOf(layer(QStringLiteral("MaxPooling3D"))), layerTypeOf(layer(QStringLiteral("MaxPooling2D"))));
        QCOMPARE(layerTypeOf(layer(QStringLiteral("SpatialDropout3D"))), layerTypeOf(layer(QStringLiteral("Dropout"))));
        QCOMPARE(layerTypeOf(layer(QStringLiteral("RandomBrightness"))), layerTypeOf(layer(QStringLiteral("RandomFlip"))));
        QVERIFY(!layerTypeOf(layer(QStringLiteral("Maxpool"))));
        LayerSpec pool3d = layer(QStringLiteral("MaxPooling3D"));
        QVERIFY(!inferLayerShape(pool3d, {{8, 8, 8, 3}}, &counts, &why));
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
        QVERIFY(!supportedLayerTypes().contains(QStringLiteral("RepeatVector")));
        ModelIR m;
        m.kind = QStringLiteral("Sequential");
        LayerSpec repeat = layer(QStringLiteral("RepeatVector"), {0});
        repeat.size = {3};
        LayerSpec dense = layer(QStringLiteral("Dense"), {1});
        dense.units = 5;
        m.layers = {layer(QStringLiteral("InputLayer")), repeat, dense};
        m.inputs = {0};
        m.outputs = {2};
        m.inputShapes = {{4}};
        QString error;
        QVERIFY(!inferModel(m, &error));
        QVERIFY2(error.contains(QStringLiteral("RepeatVector is not supported")), qPrintable(error));

        // the same model in a notebook: the extractor does not know the class yet
        Document doc;
        InputError inputError;
        const QByteArray code = "from tensorflow.keras.models import Sequential\n"
                                "from tensorflow.keras.layers import Input, RepeatVector, Dense\n"
                                "model = Sequential([Input((4,)), RepeatVector(3), Dense(5)])\n";
        QVERIFY(parseScript(code, QStringLiteral("repeat.py"), &doc, &inputError));
        QVERIFY(!extractModel(doc, {}).ok);

        registerLayerType(LayerType{{QStringLiteral("RepeatVector")}, nullptr, inferRepeatVector}
                              .reading(readRepeatVector)
                              .writing(repeatVectorTorchSource));
        QVERIFY(supportedLayerTypes().contains(QStringLiteral("RepeatVector")));
        QVERIFY2(inferModel(m, &error), qPrintable(error));
        QCOMPARE(m.layers[1].outputShape, TensorShape({3, 4}));
        QCOMPARE(m.outputShape, TensorShape({3, 5}));
        QCOMPARE(m.paramsKeras, qint64(4 * 5 + 5));

        const ExtractResult extracted = extractModel(doc, {});
        QVERIFY2(extracted.ok, qPrintable(extracted.error));
        QCOMPARE(extracted.model.layers.size(), 2); // Keras's Sequential keeps Input as its input
        QCOMPARE(extracted.model.layers[0].type, QStringLiteral("RepeatVector"));
        QCOMPARE(extracted.model.layers[0].outputShape, TensorShape({3, 4}));
        QCOMPARE(extracted.model.outputShape, TensorShape({3, 5}));

        // its PyTorch module, run in PyTorch: the shape Keras infers, and Keras's count
        const GeneratedModule module = generateTorchModule(extracted.model);
        QVERIFY2(module.ok, qPrintable(module.error));
        QVERIFY2(module.classCode.contains(QStringLiteral("x.unsqueeze(1).repeat(1, 3, 1)")), qPrintable(module.classCode));
        if (!test::havePythonTorch())
            QSKIP("no Python with torch (scripts/setup.sh makes one)");
        QTemporaryDir dir;
        bool ran = false;
        const QString out = test::runPython(dir.path(), module.moduleCode.toUtf8() +
            "\nm = " + module.className.toUtf8() + "()\n"
            "y = m(torch.zeros(2, 4))\n"
            "print(tuple(y.shape), sum(p.numel() for p in m.parameters()))\n", &ran);
        QVERIFY(ran);
        QCOMPARE(out.trimmed(), QStringLiteral("(2, 3, 5) 25"));
    }

    void croppingMatchesKeras()
    {
        // Cropping1D and Cropping2D (core/model/layers/ConvLayers.cpp): read from the code,
        // their shapes, and their PyTorch slices against Keras 3 on the same input
        Document doc;
        InputError inputError;
        const QByteArray code = "from tensorflow import keras\n"
                                "from tensorflow.keras import layers\n"
                                "image = keras.Sequential([keras.Input((8, 6, 3)), layers.Cropping2D(((1, 2), (0, 3)))])\n"
                                "steps = keras.Sequential([keras.Input((10, 4)), layers.Cropping1D((2, 3)), layers.Cropping1D(1)])\n";
        QVERIFY(parseScript(code, QStringLiteral("crop.py"), &doc, &inputError));
        ExtractOptions options;
        options.modelName = QStringLiteral("image");
        const ExtractResult image = extractModel(doc, options);
        QVERIFY2(image.ok, qPrintable(image.error));
        QCOMPARE(image.model.layers[0].cropping, QVector<qint64>({1, 2, 0, 3}));
        QCOMPARE(image.model.outputShape, TensorShape({5, 3, 3}));
        options.modelName = QStringLiteral("steps");
        const ExtractResult steps = extractModel(doc, options);
        QVERIFY2(steps.ok, qPrintable(steps.error));
        QCOMPARE(steps.model.layers[1].cropping, QVector<qint64>({1, 1}));
        QCOMPARE(steps.model.outputShape, TensorShape({3, 4}));
        LayerSpec tooMuch = layer(QStringLiteral("Cropping1D"));
        tooMuch.cropping = {5, 5};
        LayerCounts counts;
        QString why;
        QVERIFY(!inferLayerShape(tooMuch, {{10, 4}}, &counts, &why));
        QVERIFY2(why.contains(QStringLiteral("leaves nothing")), qPrintable(why));

        const GeneratedModule imageModule = generateTorchModule(image.model);
        const GeneratedModule stepsModule = generateTorchModule(steps.model);
        QVERIFY2(imageModule.ok && stepsModule.ok, qPrintable(imageModule.error + stepsModule.error));
        QVERIFY2(imageModule.classCode.contains(QStringLiteral("[:, :, 1:x.size(2) - 2, :x.size(3) - 3]")), qPrintable(imageModule.classCode));
        if (!test::havePythonTorch())
            QSKIP("no Python with torch (scripts/setup.sh makes one)");
        QTemporaryDir dir;
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("image_module.py")), imageModule.moduleCode.toUtf8()));
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("steps_module.py")), stepsModule.moduleCode.toUtf8()));
        bool ran = false;
        const QString out = test::runPython(dir.path(),
            "import os\nos.environ['KERAS_BACKEND'] = 'torch'\n"
            "import numpy as np, torch, keras\n"
            "import image_module, steps_module\n"
            "rng = np.random.default_rng(0)\n"
            "x = rng.normal(size=(2, 8, 6, 3)).astype('float32')\n"
            "k = keras.Sequential([keras.Input((8, 6, 3)), keras.layers.Cropping2D(((1, 2), (0, 3)))])(x)\n"
            "t = image_module." + imageModule.className.toUtf8() + "()(torch.from_numpy(x).permute(0, 3, 1, 2))\n"
            "print('image', tuple(k.shape), np.array_equal(keras.ops.convert_to_numpy(k), t.permute(0, 2, 3, 1).numpy()))\n"
            "s = rng.normal(size=(2, 10, 4)).astype('float32')\n"
            "k = keras.Sequential([keras.Input((10, 4)), keras.layers.Cropping1D((2, 3)), keras.layers.Cropping1D(1)])(s)\n"
            "t = steps_module." + stepsModule.className.toUtf8() + "()(torch.from_numpy(s))\n"
            "print('steps', tuple(k.shape), np.array_equal(keras.ops.convert_to_numpy(k), t.numpy()))\n", &ran);
        QVERIFY2(ran, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("image (2, 5, 3, 3) True")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("steps (2, 3, 4) True")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestLayerTypes)
#include "tst_layertypes.moc"
