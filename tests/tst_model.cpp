// Model extraction (ModelExtractor), shape inference and parameter counts (ModelIR),
// keras.applications builders: against hand-computed Keras model.summary() figures
// (catalog §2 "Parameter counts") and the corpus notebooks.

#include "DocumentReader.h"
#include "TestSupport.h"
#include "KerasApplications.h"
#include "KerasSummary.h"
#include "ModelExtractor.h"
#include "ModelIR.h"
#include "PyTorchCodegen.h"

#include <QDirIterator>
#include <QProcess>
#include <QtTest>

using namespace kmw;

namespace {

Document script(const char *code)
{
    Document d;
    InputError e;
    parseScript(QByteArray(code), QStringLiteral("model.py"), &d, &e);
    return d;
}

ExtractResult extract(const char *code, const ExtractOptions &options = {})
{
    return extractModel(script(code), options);
}

QVector<qint64> layerParams(const ModelIR &m)
{
    QVector<qint64> p;
    for (const LayerSpec &l : m.layers)
        p.append(l.paramsKeras);
    return p;
}

} // namespace

class TstModel : public QObject {
    Q_OBJECT
private slots:
    /// A function defined in one cell and called in another: its parameters' defaults
    /// are read in the cell that defines it (they were read in the caller's).
    void functionDefaultsFromItsOwnCell()
    {
        Document doc;
        InputError error;
        QVERIFY(parseNotebook(test::codeNotebook({QStringLiteral("from keras.models import Sequential\nfrom keras.layers import Dense"),
                                                  QStringLiteral("def build(units=4, p=0.4):\n    model = Sequential([Dense(units, input_shape=(3,))])\n    return model"),
                                                  QStringLiteral("d = build()")}),
                              QStringLiteral("m.ipynb"), &doc, &error));
        const ExtractResult x = extractModel(doc, ExtractOptions{});
        QVERIFY2(x.ok, qPrintable(x.error));
        QCOMPARE(x.model.layers.last().units, qint64(4));
        QCOMPARE(x.model.paramsKeras, qint64(16));
    }
    /// keras.datasets arrays have the shapes Keras documents; reshaping and scaling them
    /// keeps a shape the code states, and to_categorical gives the classes.
    void datasetShapesFollowTheCode()
    {
        const ExtractResult x = extract(
            "import numpy as np\nfrom tensorflow.keras import datasets\nfrom tensorflow.keras.utils import to_categorical\n"
            "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Conv2D, Flatten, Dense\n"
            "(x_train, y_train), (x_test, y_test) = datasets.mnist.load_data()\n"
            "h, w = x_train.shape[1:]\n"
            "x_train = x_train.reshape(x_train.shape[0], h, w, 1)\nx_train = x_train.astype('float32')\nx_train /= 255\n"
            "Y = to_categorical(y_train)\n"
            "model = Sequential([Conv2D(4, 3, input_shape=x_train.shape[1:]), Flatten(), Dense(Y.shape[1], activation='softmax')])\n");
        QVERIFY2(x.ok, qPrintable(x.error));
        QCOMPARE(x.model.inputShapes.value(0), TensorShape({28, 28, 1}));
        QCOMPARE(x.model.outputShape, TensorShape({10}));
        // a layer the reader cannot make is not silently left out
        const ExtractResult dropped = extract(
            "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "model = Sequential()\nmodel.add(Dense(4, input_shape=(3,)))\nmodel.add(NotImported(2))\nmodel.add(Dense(1))\n");
        QVERIFY(!dropped.ok);
        QVERIFY2(dropped.error.contains(QStringLiteral("`NotImported(2)` (a layer of sequential)")), qPrintable(dropped.error));
    }
    void sequentialAddChainWithDataShapes();
    void unresolvedShapeIsReported();
    void bindingsResolveNames();
    void sequentialListConvnet();
    void functionalMultiInputMerges();
    void recurrentParameterCounts_data();
    void recurrentParameterCounts();
    void batchNormAndEmbedding();
    void compileAndFitArguments();
    void userFunctionBuildsModel();
    void torchSequentialAndModule();
    void applications();
    void frozenLayers();
    void unsupportedLayerIsNamed();
    void brokenCodeNeverCrashes();
    void modelSelection();
    void corpusIntroKeras();
    void corpusEveryCellNeverCrashes();
    void torchModuleGeneration_data();
    void torchModuleGeneration();
    void corpusSavedSummaries_data();
    void corpusSavedSummaries();
};

void TstModel::sequentialAddChainWithDataShapes()
{
    ExtractOptions o;
    o.dataShape = {64};
    o.dataClasses = 10;
    const ExtractResult r = extract(
        "from tensorflow.keras.models import Sequential\n"
        "from tensorflow.keras.layers import Dense\n"
        "from tensorflow.keras import optimizers\n"
        "input_dim = X_train.shape[1]\n"
        "hidden_dim = 100\n"
        "output_dim = Y_train.shape[1]\n"
        "model = Sequential()\n"
        "model.add(Dense(hidden_dim, input_dim=input_dim, activation='tanh'))\n"
        "model.add(Dense(output_dim, activation='softmax'))\n"
        "model.compile(optimizer=optimizers.SGD(learning_rate=0.1),\n"
        "              loss='categorical_crossentropy', metrics=['accuracy'])\n"
        "history = model.fit(X_train, Y_train, validation_split=0.2, epochs=15, batch_size=32)\n",
        o);
    QVERIFY2(r.ok, qPrintable(r.error));
    const ModelIR &m = r.model;
    QCOMPARE(m.kind, QStringLiteral("Sequential"));
    QCOMPARE(m.layers.size(), 2);
    QCOMPARE(m.inputShapes.value(0), TensorShape({64}));
    QCOMPARE(m.layers[0].name, QStringLiteral("dense"));
    QCOMPARE(m.layers[1].name, QStringLiteral("dense_1"));
    QCOMPARE(m.layers[0].activation, QStringLiteral("tanh"));
    QCOMPARE(m.layers[1].outputShape, TensorShape({10}));
    QCOMPARE(layerParams(m), QVector<qint64>({6500, 1010}));
    QCOMPARE(m.paramsKeras, qint64(7510));
    QCOMPARE(m.paramsTorch, qint64(7510));
    QCOMPARE(m.optimizer.type, QStringLiteral("sgd"));
    QCOMPARE(m.optimizer.learningRate, 0.1);
    QCOMPARE(m.loss, QStringLiteral("categorical_crossentropy"));
    QCOMPARE(m.fit.epochs, 15);
    QCOMPARE(m.fit.batchSize, 32);
    QCOMPARE(m.fit.validationSplit, 0.2);
    QCOMPARE(m.fit.xName, QString()); // names are kept by the pre-scan, not the IR
    QCOMPARE(m.variable, QStringLiteral("model"));
}

void TstModel::unresolvedShapeIsReported()
{
    const ExtractResult r = extract("from keras.models import Sequential\n"
                                    "from keras.layers import Dense\n"
                                    "n_in = X_train.shape[1]\n"
                                    "model = Sequential()\n"
                                    "model.add(Dense(3, input_dim=n_in))\n"
                                    "model.fit(X_train, y_train)\n");
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("n_in = X_train.shape[1]")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QStringLiteral("--set")), qPrintable(r.error));
    QCOMPARE(r.unresolvedNames, QStringList{QStringLiteral("n_in")});
}

void TstModel::bindingsResolveNames()
{
    ExtractOptions o;
    o.bindings.insert(QStringLiteral("n_in"), 13);
    const ExtractResult r = extract("from keras.models import Sequential\n"
                                    "from keras.layers import Dense\n"
                                    "n_in = X_train.shape[1]\n"
                                    "model = Sequential([Dense(1, input_dim=n_in)])\n",
                                    o);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.model.paramsKeras, qint64(14));
}

void TstModel::sequentialListConvnet()
{
    // Keras's MNIST convnet example: 34,826 params (keras-io mnist_convnet.py).
    const ExtractResult r = extract(
        "import tensorflow as tf\n"
        "from tensorflow import keras\n"
        "from tensorflow.keras import layers\n"
        "num_classes = 10\n"
        "input_shape = (28, 28, 1)\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=input_shape),\n"
        "    layers.Conv2D(32, kernel_size=(3, 3), activation='relu'),\n"
        "    layers.MaxPooling2D(pool_size=(2, 2)),\n"
        "    layers.Conv2D(64, kernel_size=(3, 3), activation='relu'),\n"
        "    layers.MaxPooling2D(pool_size=(2, 2)),\n"
        "    layers.Flatten(),\n"
        "    layers.Dropout(0.5),\n"
        "    layers.Dense(num_classes, activation='softmax'),\n"
        "])\n");
    QVERIFY2(r.ok, qPrintable(r.error));
    const ModelIR &m = r.model;
    QCOMPARE(m.layers.size(), 7);
    QCOMPARE(m.layers[0].outputShape, TensorShape({26, 26, 32}));
    QCOMPARE(m.layers[1].outputShape, TensorShape({13, 13, 32}));
    QCOMPARE(m.layers[3].outputShape, TensorShape({5, 5, 64}));
    QCOMPARE(m.layers[4].outputShape, TensorShape({1600}));
    QCOMPARE(layerParams(m), QVector<qint64>({320, 0, 18496, 0, 0, 0, 16010}));
    QCOMPARE(m.paramsKeras, qint64(34826));
    QCOMPARE(m.layers[0].name, QStringLiteral("conv2d"));
    QCOMPARE(m.layers[2].name, QStringLiteral("conv2d_1"));
    // 'same' padding with stride 2: ceil(L/s)
    const ExtractResult same = extract("from keras import layers, models\n"
                                       "m = models.Sequential()\n"
                                       "m.add(layers.Conv2D(8, 3, strides=2, padding='same', input_shape=(15, 15, 3)))\n");
    QVERIFY2(same.ok, qPrintable(same.error));
    QCOMPARE(same.model.layers[0].outputShape, TensorShape({8, 8, 8}));
    QCOMPARE(same.model.paramsKeras, qint64(3 * 3 * 3 * 8 + 8));
}

void TstModel::functionalMultiInputMerges()
{
    const ExtractResult r = extract(
        "from tensorflow.keras.layers import Input, Dense, Concatenate, Add, Dot, Embedding, Flatten\n"
        "from tensorflow.keras.models import Model\n"
        "a = Input(shape=(16,), name='a')\n"
        "b = Input(shape=(8,), name='b')\n"
        "x = Dense(8, activation='relu')(a)\n"
        "s = Add()([x, b])\n"
        "c = Concatenate()([x, s])\n"
        "d = Dot(axes=1)([x, b])\n"
        "out = Dense(1, activation='sigmoid')(Concatenate(axis=-1)([c, d]))\n"
        "model = Model(inputs=[a, b], outputs=out)\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n");
    QVERIFY2(r.ok, qPrintable(r.error));
    const ModelIR &m = r.model;
    QCOMPARE(m.kind, QStringLiteral("Functional"));
    QCOMPARE(m.inputs.size(), 2);
    QCOMPARE(m.inputShapes, QVector<TensorShape>({{16}, {8}}));
    int concat = -1, dot = -1;
    for (int i = 0; i < m.layers.size(); ++i) {
        if (m.layers[i].type == QLatin1String("Concatenate") && concat < 0)
            concat = i;
        if (m.layers[i].type == QLatin1String("Dot"))
            dot = i;
    }
    QVERIFY(concat >= 0 && dot >= 0);
    QCOMPARE(m.layers[concat].outputShape, TensorShape({16}));
    QCOMPARE(m.layers[dot].outputShape, TensorShape({1}));
    QCOMPARE(m.outputShape, TensorShape({1}));
    QCOMPARE(m.paramsKeras, qint64(16 * 8 + 8 + 17 + 1));
    QCOMPARE(m.optimizer.type, QStringLiteral("adam"));
    QCOMPARE(m.optimizer.epsilon, 1e-7);
    // functional merge helpers
    const ExtractResult f = extract("from keras.layers import Input, Dense, concatenate\n"
                                    "from keras.models import Model\n"
                                    "i = Input((4,))\n"
                                    "j = Input((6,))\n"
                                    "m = Model([i, j], Dense(2)(concatenate([i, j])))\n");
    QVERIFY2(f.ok, qPrintable(f.error));
    QCOMPARE(f.model.paramsKeras, qint64(22));
    QCOMPARE(f.model.layers.first().name, QStringLiteral("input_1"));
}

void TstModel::recurrentParameterCounts_data()
{
    QTest::addColumn<QString>("layer");
    QTest::addColumn<qint64>("keras");
    QTest::addColumn<qint64>("torch");
    QTest::addColumn<QString>("shape");
    // i = 8 features, u = 16 units (catalog §2 table)
    QTest::newRow("SimpleRNN") << "SimpleRNN(16)" << qint64(16 * 24 + 16) << qint64(16 * 24 + 32) << "(None, 16)";
    QTest::newRow("LSTM") << "LSTM(16)" << qint64(4 * 16 * 24 + 64) << qint64(4 * 16 * 24 + 128) << "(None, 16)";
    QTest::newRow("GRU reset_after") << "GRU(16)" << qint64(3 * 16 * 24 + 96) << qint64(3 * 16 * 24 + 96) << "(None, 16)";
    QTest::newRow("GRU Keras 2.3") << "GRU(16, reset_after=False)" << qint64(3 * 16 * 24 + 48) << qint64(3 * 16 * 24 + 96) << "(None, 16)";
    QTest::newRow("sequences") << "LSTM(16, return_sequences=True)" << qint64(4 * 16 * 24 + 64) << qint64(4 * 16 * 24 + 128) << "(None, 5, 16)";
    QTest::newRow("Bidirectional") << "Bidirectional(LSTM(16))" << qint64(2 * (4 * 16 * 24 + 64)) << qint64(2 * (4 * 16 * 24 + 128)) << "(None, 32)";
    QTest::newRow("Bidirectional sum") << "Bidirectional(GRU(16), merge_mode='sum')" << qint64(2 * (3 * 16 * 24 + 96)) << qint64(2 * (3 * 16 * 24 + 96)) << "(None, 16)";
}

void TstModel::recurrentParameterCounts()
{
    QFETCH(QString, layer);
    QFETCH(qint64, keras);
    QFETCH(qint64, torch);
    QFETCH(QString, shape);
    const QByteArray code = "from keras.models import Sequential\n"
                            "from keras.layers import *\n"
                            "m = Sequential()\n"
                            "m.add(Input(shape=(5, 8)))\n"
                            "m.add(" + layer.toUtf8() + ")\n";
    const ExtractResult r = extractModel(script(code.constData()), {});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.model.paramsKeras, keras);
    QCOMPARE(r.model.paramsTorch, torch);
    QCOMPARE(kerasShapeString(r.model.outputShape), shape);
}

void TstModel::batchNormAndEmbedding()
{
    const ExtractResult r = extract(
        "from tensorflow.keras.models import Sequential\n"
        "from tensorflow.keras.layers import Embedding, GlobalAveragePooling1D, Dense, BatchNormalization\n"
        "model = Sequential()\n"
        "model.add(Embedding(1000, 16, input_length=20))\n"
        "model.add(GlobalAveragePooling1D())\n"
        "model.add(BatchNormalization(momentum=0.9))\n"
        "model.add(Dense(1, activation='sigmoid'))\n");
    QVERIFY2(r.ok, qPrintable(r.error));
    const ModelIR &m = r.model;
    QVERIFY(m.integerInputs);
    QCOMPARE(m.layers[0].outputShape, TensorShape({20, 16}));
    QCOMPARE(layerParams(m), QVector<qint64>({16000, 0, 64, 17}));
    QCOMPARE(m.nonTrainableKeras, qint64(32));
    QCOMPARE(m.trainableKeras, qint64(16000 + 32 + 17));
    QCOMPARE(m.paramsTorch, qint64(16000 + 32 + 17));
    QCOMPARE(m.layers[2].momentum, 0.9);
}

void TstModel::compileAndFitArguments()
{
    const ExtractResult r = extract(
        "import tensorflow as tf\n"
        "model = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,))])\n"
        "opt = tf.keras.optimizers.RMSprop(lr=0.01, rho=0.8)\n"
        "model.compile(opt, tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
        "model.fit(x, y, 64, 7)\n");
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.model.optimizer.type, QStringLiteral("rmsprop"));
    QCOMPARE(r.model.optimizer.learningRate, 0.01);
    QCOMPARE(r.model.optimizer.rho, 0.8);
    QCOMPARE(r.model.loss, QStringLiteral("sparse_categorical_crossentropy"));
    QVERIFY(r.model.fromLogits);
    QCOMPARE(r.model.fit.batchSize, 64);
    QCOMPARE(r.model.fit.epochs, 7);
    const ExtractResult m = extract("from keras.models import Sequential\n"
                                    "from keras.layers import Dense\n"
                                    "m = Sequential([Dense(1, input_dim=3)])\n"
                                    "m.compile('sgd', 'mse')\n");
    QVERIFY2(m.ok, qPrintable(m.error));
    QCOMPARE(m.model.loss, QStringLiteral("mean_squared_error"));
    QCOMPARE(m.model.optimizer.learningRate, 0.01);
}

void TstModel::userFunctionBuildsModel()
{
    const ExtractResult r = extract(
        "from keras.models import Sequential\n"
        "from keras.layers import Dense\n"
        "def make_model(hidden, depth=2, n_in=10):\n"
        "    model = Sequential()\n"
        "    model.add(Dense(hidden, input_dim=n_in, activation='relu'))\n"
        "    for i in range(depth - 1):\n"
        "        model.add(Dense(hidden, activation='relu'))\n"
        "    model.add(Dense(1))\n"
        "    return model\n"
        "net = make_model(32, depth=3)\n");
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.model.variable, QStringLiteral("net"));
    QCOMPARE(r.model.layers.size(), 4);
    QCOMPARE(r.model.paramsKeras, qint64(10 * 32 + 32 + 2 * (32 * 32 + 32) + 33));
}

void TstModel::torchSequentialAndModule()
{
    const ExtractResult seq = extract("import torch.nn as nn\n"
                                      "model = nn.Sequential(nn.Linear(64, 100), nn.Tanh(), nn.Linear(100, 10))\n"
                                      "criterion = nn.CrossEntropyLoss()\n"
                                      "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n");
    QVERIFY2(seq.ok, qPrintable(seq.error));
    QCOMPARE(seq.model.kind, QStringLiteral("nn.Sequential"));
    QCOMPARE(seq.model.paramsTorch, qint64(7510));
    QCOMPARE(seq.model.inputShapes.value(0), TensorShape({64}));

    const ExtractResult mod = extract(
        "import torch\n"
        "import torch.nn as nn\n"
        "import torch.nn.functional as F\n"
        "class Net(nn.Module):\n"
        "    def __init__(self, n_classes=10):\n"
        "        super().__init__()\n"
        "        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)\n"
        "        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)\n"
        "        self.fc = nn.Linear(64 * 13 * 13, n_classes)\n"
        "    def forward(self, x):\n"
        "        x = F.relu(self.conv1(x))\n"
        "        x = F.max_pool2d(F.relu(self.conv2(x)), 2)\n"
        "        x = torch.flatten(x, 1)\n"
        "        return self.fc(x)\n"
        "net = Net()\n"
        "loss_fn = nn.CrossEntropyLoss()\n"
        "opt = torch.optim.Adam(net.parameters(), lr=1e-3)\n"
        "for epoch in range(3):\n"
        "    loss = loss_fn(net(x), y)\n"
        "    loss.backward()\n",
        [] {
            ExtractOptions o;
            o.inputShape = {1, 28, 28};
            return o;
        }());
    QVERIFY2(mod.ok, qPrintable(mod.error));
    const ModelIR &m = mod.model;
    QCOMPARE(m.kind, QStringLiteral("nn.Module"));
    QCOMPARE(m.name, QStringLiteral("Net"));
    QCOMPARE(m.outputShape, TensorShape({10}));
    QCOMPARE(m.paramsTorch, qint64(320 + 18496 + 64 * 13 * 13 * 10 + 10));
    QCOMPARE(m.loss, QStringLiteral("sparse_categorical_crossentropy"));
    QVERIFY(m.fromLogits);
    QCOMPARE(m.optimizer.type, QStringLiteral("adam"));
    QCOMPARE(m.optimizer.epsilon, 1e-8);
    QCOMPARE(m.fit.epochs, 3);
}

void TstModel::applications()
{
    ModelIR vgg;
    QString error;
    QVERIFY(buildKerasApplication(QStringLiteral("VGG16"), true, {}, QString(), 1000, &vgg, &error));
    QVERIFY2(inferModel(vgg, &error), qPrintable(error));
    QCOMPARE(vgg.paramsKeras, qint64(138357544)); // keras.io/api/applications table
    QCOMPARE(vgg.layers.size(), 23);
    ModelIR notop;
    QVERIFY(buildKerasApplication(QStringLiteral("VGG16"), false, {150, 150, 3}, QString(), 0, &notop, &error));
    QVERIFY2(inferModel(notop, &error), qPrintable(error));
    QCOMPARE(notop.paramsKeras, qint64(14714688));
    QCOMPARE(notop.outputShape, TensorShape({4, 4, 512}));
    ModelIR vgg19;
    QVERIFY(buildKerasApplication(QStringLiteral("VGG19"), true, {}, QString(), 1000, &vgg19, &error));
    QVERIFY2(inferModel(vgg19, &error), qPrintable(error));
    QCOMPARE(vgg19.paramsKeras, qint64(143667240)); // keras.io/api/applications table
    QCOMPARE(vgg19.layers.size(), 26);
    QVERIFY(buildKerasApplication(QStringLiteral("VGG19"), false, {224, 224, 3}, QString(), 0, &vgg19, &error));
    QVERIFY2(inferModel(vgg19, &error), qPrintable(error));
    QCOMPARE(vgg19.paramsKeras, qint64(20024384));
    ModelIR mobile;
    QVERIFY(buildKerasApplication(QStringLiteral("MobileNetV2"), true, {}, QString(), 1000, &mobile, &error));
    QVERIFY2(inferModel(mobile, &error), qPrintable(error));
    QCOMPARE(mobile.paramsKeras, qint64(3538984)); // keras.io/api/applications table: 3.5M
    QCOMPARE(mobile.nonTrainableKeras, qint64(34112));
    QCOMPARE(mobile.layers.size(), 156); // tf-keras 2.x: len(MobileNetV2().layers)
    QCOMPARE(mobile.name, QStringLiteral("mobilenetv2_1.00_224"));
    ModelIR resnet;
    QVERIFY(buildKerasApplication(QStringLiteral("ResNet50"), true, {}, QString(), 1000, &resnet, &error));
    QVERIFY2(inferModel(resnet, &error), qPrintable(error));
    QCOMPARE(resnet.paramsKeras, qint64(25636712));
    QCOMPARE(resnet.nonTrainableKeras, qint64(53120));
    QCOMPARE(resnet.layers.size(), 177);
    QVERIFY(!buildKerasApplication(QStringLiteral("NASNetLarge"), true, {}, QString(), 1000, &resnet, &error));
    QVERIFY(error.contains(QStringLiteral("NASNetLarge")));
    // from code
    const ExtractResult r = extract("from tensorflow.keras.applications.vgg16 import VGG16\n"
                                    "base = VGG16(include_top=False, weights='imagenet', input_shape=(150, 150, 3))\n");
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.model.paramsKeras, qint64(14714688));
    QCOMPARE(r.model.layers.last().pretrained, QStringLiteral("VGG16(weights='imagenet')"));
}

void TstModel::frozenLayers()
{
    // transfer learning: a frozen application under a new head (the whole base), and the
    // first layers of a Sequential frozen through model.layers (Keras's "Trainable params")
    const ExtractResult base = extract("from tensorflow.keras.applications import VGG19\n"
                                       "from tensorflow.keras import Sequential, layers\n"
                                       "conv = VGG19(include_top=False, weights=None, input_shape=(32, 32, 3))\n"
                                       "conv.trainable = False\n"
                                       "model = Sequential([conv, layers.Flatten(), layers.Dense(2)])\n");
    QVERIFY2(base.ok, qPrintable(base.error));
    QCOMPARE(base.model.paramsKeras, qint64(20024384 + 512 * 2 + 2));
    QCOMPARE(base.model.trainableKeras, qint64(512 * 2 + 2));
    QVERIFY(base.model.layers.last().pretrained.isEmpty());
    const ExtractResult seq = extract("from tensorflow.keras import Sequential, layers\n"
                                      "model = Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(5), layers.Dense(2)])\n"
                                      "for layer in model.layers[:-1]:\n"
                                      "    layer.trainable = False\n"
                                      "model.layers[0].trainable = True\n");
    QVERIFY2(seq.ok, qPrintable(seq.error));
    QCOMPARE(seq.model.trainableKeras, qint64(16 + 12));
    QCOMPARE(seq.model.nonTrainableKeras, qint64(25));
}

void TstModel::unsupportedLayerIsNamed()
{
    const ExtractResult r = extract("from keras.models import Sequential\n"
                                    "from keras.layers import Dense, ConvLSTM2D\n"
                                    "m = Sequential([ConvLSTM2D(4, 3, input_shape=(5, 8, 8, 1)), Dense(2)])\n");
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QStringLiteral("ConvLSTM2D")), qPrintable(r.error));

    // a Lambda whose function is not one the IR follows is refused with what is followed
    const ExtractResult lambda = extract("from keras import backend as K\nfrom keras.models import Sequential\n"
                                         "from keras.layers import Dense, Lambda\n"
                                         "m = Sequential([Dense(4, input_shape=(3,)), Lambda(lambda t: K.mean(t, axis=1))])\n");
    QVERIFY(!lambda.ok);
    QVERIFY2(lambda.error.contains(QStringLiteral("Lambda(lambda t: K.mean(t, axis=1))"))
                 && lambda.error.contains(QStringLiteral("tf.image.resize")), qPrintable(lambda.error));
    // sizes of tf.image.resize from names; a product of the input is not elementwise scaling
    const ExtractResult resized = extract("import tensorflow as tf\nSIZE = 48\n"
                                          "inp = tf.keras.Input(shape=(None, None, 3))\n"
                                          "x = tf.keras.layers.Lambda(lambda i: tf.image.resize(i, size=(SIZE, SIZE // 2)))(inp)\n"
                                          "x = tf.keras.layers.Lambda(lambda i: -i / 2 + 1)(x)\n"
                                          "m = tf.keras.Model(inp, x)\n");
    QVERIFY2(resized.ok, qPrintable(resized.error));
    QCOMPARE(resized.model.layers.value(1).outputShape, (TensorShape{48, 24, 3}));
    QCOMPARE(resized.model.layers.value(2).rescale, -0.5);
    QCOMPARE(resized.model.layers.value(2).offset, 1.0);
    QVERIFY(!extract("import tensorflow as tf\ninp = tf.keras.Input(shape=(4,))\n"
                     "m = tf.keras.Model(inp, tf.keras.layers.Lambda(lambda i: i * i)(inp))\n").ok);
}

void TstModel::brokenCodeNeverCrashes()
{
    const char *inputs[] = {
        "model = Sequential([Dense(\n",
        "from keras.layers import Dense\nx = Dense(3)(Dense(2))\n",
        "from keras.models import Model\nm = Model(1, 2)\n",
        "def f(): return f()\nm = f()\n",
        "from keras.layers import Dense\nfrom keras.models import Sequential\nm = Sequential([Dense(-1, input_dim=3)])\n",
        "import torch.nn as nn\nclass N(nn.Module):\n    def forward(self, x):\n        return x\nn = N()\n",
        "from keras.layers import Input, Dense\nfrom keras.models import Model\na = Input((3,))\nb = Input((4,))\nm = Model(a, Dense(1)(b))\n",
        // a class without base classes (absent tree-sitter fields), from the corpus
        "class MyModel:\n    def __init__(self, n):\n        self.w = n\n    def __call__(self, x):\n        return x\nm = MyModel(3)\n",
        "class A:\n    pass\nclass B(A):\n    def forward(self, x): return x\nb = B()\nx = b(1)\n",
    };
    for (const char *code : inputs) {
        const ExtractResult r = extract(code);
        QVERIFY2(!r.ok, code);
        QVERIFY2(!r.error.isEmpty(), code);
    }
}

void TstModel::modelSelection()
{
    const char *code = "from keras.models import Sequential\n"
                       "from keras.layers import Dense\n"
                       "a = Sequential([Dense(2, input_dim=2)])\n"
                       "b = Sequential([Dense(3, input_dim=2)])\n"
                       "a.compile('sgd', 'mse')\n";
    const ExtractResult last = extract(code);
    QVERIFY(last.ok);
    QCOMPARE(last.model.variable, QStringLiteral("a")); // compiled last
    QCOMPARE(last.candidates, QStringList({QStringLiteral("b"), QStringLiteral("a")}));
    ExtractOptions o;
    o.modelName = QStringLiteral("b");
    QCOMPARE(extract(code, o).model.paramsKeras, qint64(9));
    o.modelName = QStringLiteral("zzz");
    const ExtractResult none = extract(code, o);
    QVERIFY(!none.ok);
    QVERIFY(none.error.contains(QStringLiteral("models: b, a")));
}

void TstModel::corpusEveryCellNeverCrashes()
{
    // Extraction at every cell of every corpus file (and of each file cut in half, as a
    // half-typed cell would be): an answer or an error, never a crash.
    const QString root = QStringLiteral(KMW_SHARED_DIR "/corpus");
    if (!QFileInfo(root).isDir())
        QSKIP("corpus not present");
    QDirIterator it(root, {QStringLiteral("*.ipynb"), QStringLiteral("*.py")}, QDir::Files, QDirIterator::Subdirectories);
    int files = 0, extractions = 0, models = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        Document d;
        InputError e;
        if (!readDocument(path, &d, &e))
            continue;
        ++files;
        for (int cell = 0; cell < d.cells.size(); ++cell) {
            ExtractOptions o;
            o.cell = cell;
            const ExtractResult r = extractModel(d, o);
            QVERIFY(r.ok || !r.error.isEmpty());
            models += r.ok;
            ++extractions;
        }
        Document cut = d;
        for (Cell &c : cut.cells)
            c.source.truncate(c.source.size() / 2);
        const ExtractResult r = extractModel(cut, {});
        QVERIFY(r.ok || !r.error.isEmpty());
        ++extractions;
    }
    QVERIFY(files >= 60);
    QVERIFY(models > 0);
    qInfo("%d files, %d extractions, %d found a model", files, extractions, models);
}

void TstModel::corpusIntroKeras()
{
    const QString path = QStringLiteral(KMW_SHARED_DIR "/corpus/dl-lectures-labs/labs/01_keras/Intro Keras.ipynb");
    if (!QFileInfo::exists(path))
        QSKIP("corpus not present");
    Document d;
    InputError e;
    QVERIFY(readDocument(path, &d, &e));
    ExtractOptions o;
    o.cell = 30;
    o.dataShape = {64};
    o.dataClasses = 10;
    const ExtractResult r = extractModel(d, o);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.model.paramsKeras, qint64(7510));
    QCOMPARE(r.model.cell, 30);
    // without data the shapes taken from the arrays are unresolved and said so
    o.dataShape.clear();
    o.dataClasses = 0;
    const ExtractResult without = extractModel(d, o);
    QVERIFY(!without.ok);
    QVERIFY2(without.error.contains(QStringLiteral("X_train.shape[1]")), qPrintable(without.error));
}

void TstModel::corpusSavedSummaries_data()
{
    QTest::addColumn<QString>("notebook");
    QTest::addColumn<int>("cell");
    QTest::addColumn<QString>("variable");
    QTest::newRow("lab 03 embeddings") << "labs/03_neural_recsys/Short_Intro_to_Embeddings_with_Keras_rendered.ipynb" << 16 << "model";
    QTest::newRow("lab 04 ResNet50") << "labs/04_conv_nets/03_Fine_Tuning_Deep_CNNs_with_GPU_rendered.ipynb" << 16 << "full_imagenet_model";
}

void TstModel::corpusSavedSummaries()
{
    QFETCH(QString, notebook);
    QFETCH(int, cell);
    QFETCH(QString, variable);
    const QString path = QStringLiteral(KMW_SHARED_DIR "/corpus/dl-lectures-labs/") + notebook;
    if (!QFileInfo::exists(path))
        QSKIP("corpus not present");
    Document d;
    InputError e;
    QVERIFY(readDocument(path, &d, &e));
    const QVector<ModelSummary> saved = parseSavedSummaries(cellOutputText(d, cell));
    QCOMPARE(saved.size(), 1);
    ExtractOptions o;
    o.cell = cell;
    o.modelName = variable;
    const ExtractResult r = extractModel(d, o);
    QVERIFY2(r.ok, qPrintable(r.error));
    const SummaryComparison cmp = compareSummaries(saved.first(), summarizeModel(r.model));
    QVERIFY2(cmp.matched, qPrintable(cmp.differences.join(QStringLiteral("\n"))));
    QCOMPARE(cmp.rowsCompared, int(saved.first().rows.size()));
}

void TstModel::torchModuleGeneration_data()
{
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QStringList>("expected"); // lines the module must hold
    QTest::addColumn<QString>("outputShape");  // of a forward pass, PyTorch layout
    QTest::newRow("MLP, softmax dropped") << QByteArray(
        "from keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n"
        "m = Sequential([Dense(100, input_dim=64, activation='tanh'), Dropout(0.2), Dense(10, activation='softmax')])\n"
        "m.compile('sgd', 'categorical_crossentropy')\n")
        << QStringList{"nn.Linear(64, 100, bias=True)", "nn.Linear(100, 10, bias=True)", "torch.tanh(", "nn.Dropout(0.2)"}
        << "(2, 10)";
    QTest::newRow("convnet, channels first") << QByteArray(
        "from keras import layers, models\n"
        "m = models.Sequential([layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),\n"
        "    layers.MaxPooling2D(2), layers.Conv2D(64, (3, 3), padding='same', activation='relu'),\n"
        "    layers.BatchNormalization(), layers.GlobalAveragePooling2D(), layers.Dense(1, activation='sigmoid')])\n"
        "m.compile('adam', 'binary_crossentropy')\n")
        << QStringList{"nn.Conv2d(1, 32, kernel_size=3, stride=1, padding=0", "nn.MaxPool2d(2, stride=2)",
                       "nn.Conv2d(32, 64, kernel_size=3, stride=1, padding='same'",
                       "nn.BatchNorm2d(64, eps=0.001, momentum=0.01", "mean(dim=(2, 3))"}
        << "(2, 1)";
    QTest::newRow("embedding + LSTM") << QByteArray(
        "from keras.models import Sequential\nfrom keras.layers import Embedding, LSTM, Dense\n"
        "m = Sequential([Embedding(1000, 16, input_length=20), LSTM(32), Dense(3, activation='softmax')])\n"
        "m.compile('adam', 'sparse_categorical_crossentropy')\n")
        << QStringList{"nn.Embedding(1000, 16)", "nn.LSTM(16, 32, batch_first=True)", "[:, -1]"} << "(2, 3)";
    QTest::newRow("functional merge") << QByteArray(
        "from keras.layers import Input, Dense, Concatenate\nfrom keras.models import Model\n"
        "a = Input((4,))\nb = Input((6,))\nh = Concatenate()([Dense(8)(a), Dense(8)(b)])\n"
        "m = Model([a, b], Dense(2)(h))\n")
        << QStringList{"def forward(self, x, x1):", "torch.cat([", "nn.Linear(16, 2, bias=True)"} << "(2, 2)";
}

void TstModel::torchModuleGeneration()
{
    QFETCH(QByteArray, code);
    QFETCH(QStringList, expected);
    QFETCH(QString, outputShape);
    const ExtractResult r = extract(code.constData());
    QVERIFY2(r.ok, qPrintable(r.error));
    const GeneratedModule g = generateTorchModule(r.model);
    QVERIFY2(g.ok, qPrintable(g.error));
    for (const QString &line : expected)
        QVERIFY2(g.moduleCode.contains(line), qPrintable(line + QStringLiteral(" not in:\n") + g.moduleCode));
    QVERIFY(!g.moduleCode.contains(QStringLiteral("softmax")));
    QCOMPARE(g.paramsTorch, r.model.paramsTorch);
    // The module runs in real PyTorch (Debian's python3-torch) when it is installed.
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import torch")});
    if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
        QSKIP("python3-torch is not installed");
    QStringList shapes;
    for (int k = 0; k < r.model.inputShapes.size(); ++k) {
        const TensorShape in = r.model.inputShapes[k];
        const TensorShape torchIn = k == 0 ? g.inputShape : (in.size() == 3 ? TensorShape{in[2], in[0], in[1]} : in);
        QStringList dims;
        for (qint64 d : torchIn)
            dims << QString::number(d);
        shapes << (r.model.integerInputs ? QStringLiteral("torch.randint(0, 10, (2, %1))") : QStringLiteral("torch.randn(2, %1)"))
                      .arg(dims.join(QStringLiteral(", ")));
    }
    const QString script = g.moduleCode + QStringLiteral("\nm = %1()\nprint(sum(p.numel() for p in m.parameters()))\n"
                                                         "print(tuple(m(%2).shape))\n").arg(g.className, shapes.join(QStringLiteral(", ")));
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script});
    QVERIFY(python.waitForFinished(120000));
    const QStringList lines = QString::fromUtf8(python.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(python.exitCode() == 0 && lines.size() == 2, python.readAllStandardError().constData());
    QCOMPARE(lines[0].toLongLong(), g.paramsTorch);
    QCOMPARE(lines[1], outputShape);
}

QTEST_GUILESS_MAIN(TstModel)
#include "tst_model.moc"
