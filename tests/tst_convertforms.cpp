// Model forms of real notebooks through the keras-to-pytorch pack, each converted and run
// in real PyTorch: Keras 2's predict_proba/predict_classes, transposed convolutions and
// upsampling (GAN generators), preprocessing layers inside the model.

#include "ConvertSupport.h"
#include "ModelExtractor.h"
#include "DocumentReader.h"
#include "PythonEnv.h"
#include "KerasSummary.h"
#include "PyTorchCodegen.h"
#include "PyTorchRewriteInternal.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace kmw;
using namespace kmw::test;

namespace {

// A GAN generator's and an autoencoder's layers: transposed convolutions (same and valid,
// stride 2 and (1, 2), kernels 5, 3 and (4, 3): Keras crops what PyTorch's padding cannot
// express), nearest upsampling, batch norm, cropping and bilinear resizing.
const QByteArray kGenerator =
    "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
    "inputs = keras.Input(shape=(7, 7, 4))\n"
    "x = layers.Rescaling(1.0 / 255, offset=-0.5)(inputs)\n"
    "x = layers.Conv2DTranspose(8, kernel_size=5, strides=2, padding='same', activation='relu')(x)\n"
    "x = layers.BatchNormalization(momentum=0.9)(x)\n"
    "x = layers.UpSampling2D()(x)\n"
    "x = layers.Conv2DTranspose(6, 3, strides=2, padding='valid')(x)\n"
    "x = layers.Conv2DTranspose(4, (4, 3), strides=(1, 2), padding='same')(x)\n"
    "x = layers.CenterCrop(50, 40)(x)\n"
    "x = layers.Resizing(20, 16)(x)\n"
    "x = layers.Conv2D(3, 3, padding='same', activation='sigmoid')(x)\n"
    "model = keras.Model(inputs, x)\n"
    "model.compile(optimizer='adam', loss='mse')\n";

// Augmentation and preprocessing inside a classifier (the Keras image-classification
// tutorials' form).
const QByteArray kAugmented =
    "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
    "model = keras.Sequential([\n"
    "    keras.Input(shape=(12, 10, 3)),\n"
    "    layers.RandomFlip('horizontal'), layers.RandomRotation(0.1), layers.RandomZoom(0.1),\n"
    "    layers.Rescaling(1.0 / 255), layers.Normalization(),\n"
    "    layers.Conv2D(4, 3, activation='relu'), layers.GlobalAveragePooling2D(),\n"
    "    layers.Dense(3, activation='softmax')])\n"
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n";

// A siamese model: one Dense called on two inputs (its weights counted once, one summary
// row with two nodes), and a Sequential given its input by build().
const QByteArray kShared =
    "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
    "shared = layers.Dense(4, activation='relu')\n"
    "a = keras.Input(shape=(6,))\nb = keras.Input(shape=(6,))\n"
    "merged = layers.concatenate([shared(a), shared(b)])\n"
    "model = keras.Model([a, b], layers.Dense(1, activation='sigmoid')(merged))\n"
    "model.compile(optimizer='adam', loss='binary_crossentropy')\n";
const QByteArray kBuilt =
    "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
    "model = keras.Sequential([layers.Dense(8, activation='relu'), layers.Dense(2, activation='softmax')])\n"
    "model.build((None, 5))\n"
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n";

// An encoder-decoder (the machine-translation tutorials' form): the decoder's GRU starts
// from the encoder's state and an LSTM from two Dense projections of it (initial_state),
// with a class per time step.
const QByteArray kSeq2Seq =
    "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
    "enc_in = keras.Input(shape=(7,))\ne = layers.Embedding(50, 8)(enc_in)\n"
    "e = layers.GRU(6, return_sequences=True)(e)\nstate = layers.GRU(6)(e)\n"
    "dec_in = keras.Input(shape=(5,))\nd = layers.Embedding(50, 8)(dec_in)\n"
    "d = layers.GRU(6, return_sequences=True)(d, initial_state=state)\n"
    "h = layers.Dense(6)(state)\nc = layers.Dense(6)(state)\n"
    "d = layers.LSTM(6, return_sequences=True)(d, initial_state=[h, c])\n"
    "model = keras.Model([enc_in, dec_in], layers.Dense(40, activation='softmax')(d))\n"
    "model.compile(optimizer='rmsprop', loss='sparse_categorical_crossentropy')\n";

// Transfer learning's form: the first layers frozen through model.layers, a frozen
// BatchNormalization (Keras runs it in inference mode, during training too).
const QByteArray kFrozen =
    "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
    "inputs = keras.Input(shape=(10, 10, 3))\n"
    "x = layers.Conv2D(4, 3, activation='relu')(inputs)\n"
    "x = layers.BatchNormalization()(x)\n"
    "x = layers.MaxPooling2D()(x)\n"
    "model = keras.Model(inputs, layers.Dense(3, activation='softmax')(layers.Flatten()(x)))\n"
    "for layer in model.layers[:3]:\n"
    "    layer.trainable = False\n"
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n";

const QByteArray kMobileNet =
    "from tensorflow import keras\n"
    "base = keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(32, 32, 3), pooling='avg')\n"
    "model = keras.Sequential([base, keras.layers.Dense(3, activation='softmax')])\n"
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n";

// Lambda layers with the functions real notebooks give them: tf.image.resize (bilinear
// and nearest), elementwise scaling, and keras.applications' preprocess_input in its three
// modes (caffe: BGR minus means; torch: ImageNet mean/std; tf: x / 127.5 - 1).
const QByteArray kLambda =
    "from tensorflow import keras\nimport tensorflow as tf\nfrom tensorflow.keras import layers\n"
    "inputs = keras.Input(shape=(None, None, 3))\n"
    "x = layers.Lambda(lambda img: tf.image.resize(img, (20, 16)), name='resize')(inputs)\n"
    "x = layers.Lambda(keras.applications.vgg16.preprocess_input, name='caffe')(x)\n"
    "x = layers.Lambda(lambda t: (t + 100.0) / 255. * 2 - 1)(x)\n"
    "x = layers.Conv2D(4, 3, activation='relu')(x)\n"
    "y = layers.Lambda(keras.applications.densenet.preprocess_input)(inputs)\n"
    "y = layers.Lambda(lambda img: tf.image.resize(img, [18, 14], method='nearest'))(y)\n"
    "y = layers.Lambda(keras.applications.mobilenet_v2.preprocess_input)(y)\n"
    "y = layers.Conv2D(4, 3, activation='tanh')(y)\n"
    "merged = layers.concatenate([layers.GlobalAveragePooling2D()(x), layers.GlobalAveragePooling2D()(y)])\n"
    "model = keras.Model(inputs, layers.Dense(3, activation='softmax')(merged))\n"
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n";

/// `kmw-cli ARGS` in `dir`: its stdout parsed as one JSON object (empty on failure).
QJsonObject cliJson(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral(KMW_CLI_PATH), args);
    if (!p.waitForFinished(600000))
        return {};
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

/// Runs `script` (a file in `dir`) with `python` under Keras 2 (tf-keras,
/// TF_USE_LEGACY_KERAS=1) in `dir`, within 5 minutes: true when it exits 0. `*out` gets its
/// stdout, `*err` its stderr's end.
bool runTfKeras(const QString &python, const QString &dir, const QString &script, QString *out, QString *err)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TF_USE_LEGACY_KERAS"), QStringLiteral("1"));
    env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), QString());
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(dir);
    p.start(python, {script});
    const bool finished = p.waitForFinished(300000);
    *out = QString::fromUtf8(p.readAllStandardOutput());
    *err = QString::fromUtf8(p.readAllStandardError()).right(3000);
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

/// The verdict of each check of a smoke run's JSON, by name.
QHash<QString, bool> smokeChecks(const QJsonObject &smoke)
{
    QHash<QString, bool> checks;
    for (const QJsonValue &c : smoke.value(QStringLiteral("checks")).toArray())
        checks.insert(c.toObject().value(QStringLiteral("name")).toString(), c.toObject().value(QStringLiteral("passed")).toBool());
    return checks;
}

} // namespace

class TestConvertForms : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!havePythonTorch())
            QSKIP("no Python with torch (scripts/setup.sh makes the frameworks' venv)");
    }

    void predictProbaAndClasses()
    {
        // Keras 2 Sequential's predict_proba is predict; predict_classes is the argmax for
        // several units and `proba > 0.5` for one (keras/engine/sequential.py, Keras 2.5).
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "rng = np.random.RandomState(0)\nX = rng.randn(64, 6).astype('float32')\ny = (X[:, 0] > 0).astype('int64')\n"
            "model = Sequential()\nmodel.add(Dense(8, activation='relu', input_dim=6))\nmodel.add(Dense(1, activation='sigmoid'))\n"
            "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
            "model.fit(X, y, epochs=2, batch_size=16, verbose=0)\n"
            "p = model.predict_proba(X)\nc = model.predict_classes(X)\n"
            "multi = Sequential()\nmulti.add(Dense(8, activation='relu', input_dim=6))\nmulti.add(Dense(3, activation='softmax'))\n"
            "multi.compile(loss='sparse_categorical_crossentropy', optimizer='adam')\n"
            "q = multi.predict_proba(X)\nk = multi.predict_classes(X)\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("tensorflow") && !out.contains("predict_proba(X)") && !out.contains("predict_classes(X)"),
                 out.constData());
        bool ok = false;
        const QString printed = runPython(dir.path(), out +
            "\nprint('binary', p.shape, c.shape, bool(((p > 0.5).astype('int32') == c).all()), float(p.min()) >= 0.0, float(p.max()) <= 1.0)\n"
            "print('multi', q.shape, k.shape, bool((q.argmax(axis=-1) == k).all()), round(float(q.sum(axis=1).mean()), 4))\n", &ok);
        QVERIFY2(ok, out.constData());
        QVERIFY2(printed.contains(QStringLiteral("binary (64, 1) (64, 1) True True True")), qPrintable(printed));
        QVERIFY2(printed.contains(QStringLiteral("multi (64, 3) (64,) True 1.0")), qPrintable(printed));
    }

    void modelsBuiltInFunctions()
    {
        // `def build_…(): … return model` called at the top level under another name (the
        // GAN notebooks' form): the class holds the layers of that call, compile() in the
        // function names the top-level model's loss and optimizer, fit() uses them
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Model, Sequential\n"
            "from tensorflow.keras.layers import Input, Dense, Dropout\nfrom tensorflow.keras.optimizers import RMSprop\n"
            "rng = np.random.RandomState(0)\nX = rng.randn(200, 12).astype('float32')\ny = (X[:, 0] > 0).astype('float32')\n"
            "def build_discriminator(depth=16, p=0.2):\n"
            "    image = Input((12,))\n"
            "    h = Dense(depth, activation='relu')(image)\n"
            "    h = Dropout(p)(h)\n"
            "    prediction = Dense(1, activation='sigmoid')(h)\n"
            "    model = Model(inputs=image, outputs=prediction)\n"
            "    model.compile(loss='binary_crossentropy', optimizer=RMSprop(learning_rate=0.01), metrics=['accuracy'])\n"
            "    return model\n"
            "def build_mlp(hidden=2):\n"
            "    model = Sequential()\n"
            "    model.add(Dense(8, activation='relu', input_shape=(12,)))\n"
            "    for h in range(hidden):\n"
            "        model.add(Dense(8, activation='relu'))\n"
            "    model.add(Dense(1, activation='sigmoid'))\n"
            "    return model\n"
            "discriminator = build_discriminator()\n"
            "history = discriminator.fit(X, y, epochs=5, batch_size=20, verbose=0)\n"
            "p = discriminator.predict(X)\n"
            "mlp = build_mlp(3)\n"
            "mlp.compile(loss='binary_crossentropy', optimizer='adam')\n"
            "mlp.fit(X, y, epochs=1, batch_size=20, verbose=0)\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("tensorflow") && !out.contains("from keras") && !out.contains("import keras"), out.constData());
        QVERIFY2(out.contains("global discriminator_criterion, discriminator_optimizer"), out.constData());
        QVERIFY2(out.contains("build_mlp(3)` builds"), out.constData()); // the frozen parameter is said
        bool ok = false;
        const QString printed = runPython(dir.path(), out +
            "\nprint('disc', sum(q.numel() for q in discriminator.parameters()), p.shape, round(float(history.history['loss'][-1]), 3) < round(float(history.history['loss'][0]), 3))\n"
            "print('mlp', len([m for m in mlp.modules() if isinstance(m, nn.Linear)]))\n", &ok);
        QVERIFY2(ok, out.constData());
        QVERIFY2(printed.contains(QStringLiteral("disc 225 (200, 1) True")), qPrintable(printed)); // 12*16+16 + 16+1
        QVERIFY2(printed.contains(QStringLiteral("mlp 5")), qPrintable(printed)); // 1 + 3 hidden + output
    }

    void modelAttributesAndTrainOnBatch()
    {
        // output_shape, metrics_names and count_params() give in PyTorch what they give in
        // Keras 2 (the same script run in tf-keras), and train_on_batch() trains
        QString why;
        const QString python = findFrameworkPython({}, &why);
        if (python.isEmpty())
            QSKIP(qPrintable(why));
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\n"
            "from tensorflow.keras.layers import Dense, BatchNormalization\n"
            "rng = np.random.RandomState(0)\nX = rng.randn(64, 5).astype('float32')\ny = (X[:, 0] > 0).astype('int64')\n"
            "model = Sequential()\nmodel.add(Dense(6, activation='relu', input_shape=(5,)))\nmodel.add(BatchNormalization())\n"
            "model.add(Dense(2, activation='softmax'))\n"
            "model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
            "first = model.train_on_batch(X, y)\n"
            "for _ in range(30):\n    last = model.train_on_batch(X, y)\n"
            "print('shape', tuple(model.output_shape))\nprint('names', list(model.metrics_names))\nprint('count', model.count_params())\n"
            "print('steps', len(first), last[0] < first[0], 0.0 <= last[1] <= 1.0)\n"
            "ev = model.test_on_batch(X, y)\nprint('eval', len(ev), abs(ev[0] - last[0]) < 1.0, 0.0 <= ev[1] <= 1.0)\n";
        QTemporaryDir dir;
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("train_on_batch(X") && !out.contains("test_on_batch(X") && !out.contains("tensorflow"), out.constData());
        bool ok = false;
        const QString torchSide = runPython(dir.path(), out, &ok);
        QVERIFY2(ok, out.constData());
        writeFile(dir.filePath(QStringLiteral("k.py")), keras);
        QString kerasSide, kerasErrors;
        QVERIFY2(runTfKeras(python, dir.path(), QStringLiteral("k.py"), &kerasSide, &kerasErrors), qPrintable(kerasErrors));
        for (const char *key : {"shape", "names", "count", "steps", "eval"}) {
            const QRegularExpression line(QStringLiteral("^%1 .*$").arg(QLatin1String(key)), QRegularExpression::MultilineOption);
            const QString a = line.match(kerasSide).captured(0), b = line.match(torchSide).captured(0);
            QVERIFY2(!a.isEmpty() && a == b, qPrintable(QStringLiteral("Keras: %1\nPyTorch: %2").arg(a, b)));
        }
        QVERIFY2(torchSide.contains(QStringLiteral("steps 2 True True")), qPrintable(torchSide));
    }

    void generatorAndPreprocessingLayersRunTheSameInAllFrameworks_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::newRow("generator") << kGenerator;
        QTest::newRow("augmented classifier") << kAugmented;
        QTest::newRow("shared layer") << kShared;
        QTest::newRow("built Sequential") << kBuilt;
        QTest::newRow("encoder-decoder with initial states") << kSeq2Seq;
        QTest::newRow("frozen layers") << kFrozen;
        QTest::newRow("Lambda layers") << kLambda;
    }

    void generatorAndPreprocessingLayersRunTheSameInAllFrameworks()
    {
        // `kmw-cli verify`: the model built in Keras 2 (tf-keras), in Keras 3 on torch and as
        // the generated nn.Module with the Keras 2 weights ported; parameters, every layer's
        // output, the loss, gradients and 20 training steps compared.
        QFETCH(QByteArray, source);
        QString why;
        if (findFrameworkPython({}, &why).isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("m.py")), source);
        const QJsonObject report = cliJson(dir.path(), {QStringLiteral("verify"), QStringLiteral("m.py"), QStringLiteral("--json")});
        const QJsonArray models = report.value(QStringLiteral("models")).toArray();
        QCOMPARE(models.size(), 1);
        const QJsonObject m = models.first().toObject();
        QVERIFY2(m.value(QStringLiteral("verdict")).toString() == QStringLiteral("equal"),
                 QJsonDocument(m).toJson().left(3000).constData());
        QVERIFY(m.value(QStringLiteral("max_abs_diff")).toDouble() < 1e-4);
    }

    void sharedLayerSummaryIsTfKerasOwn()
    {
        // the summary tf-keras prints for the siamese model (one row for the shared Dense,
        // its two nodes in Connected to, 37 parameters) is the one the IR gives
        QString why;
        const QString python = findFrameworkPython({}, &why);
        if (python.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("m.py")), kShared + "model.summary()\n");
        QString printed, errors;
        QVERIFY2(runTfKeras(python, dir.path(), QStringLiteral("m.py"), &printed, &errors), qPrintable(errors));
        const QVector<ModelSummary> saved = parseSavedSummaries(printed);
        QCOMPARE(saved.size(), 1);
        Document doc;
        InputError error;
        QVERIFY(parseScript(kShared, QStringLiteral("m.py"), &doc, &error));
        const ExtractResult r = extractModel(doc, ExtractOptions());
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.model.paramsKeras, qint64(37));
        const SummaryComparison cmp = compareSummaries(saved.first(), summarizeModel(r.model));
        QVERIFY2(cmp.matched, qPrintable(cmp.differences.join(QLatin1Char('\n')) + QLatin1Char('\n')
                                         + formatKerasSummary(summarizeModel(r.model))));
    }

    void layerWeightsAreKerasLayout_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("input");
        QTest::newRow("image convnet") << QByteArray(
            "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "inputs = keras.Input(shape=(8, 8, 2))\n"
            "x = layers.Conv2D(3, 3, name='conv')(inputs)\n"
            "x = layers.BatchNormalization(name='bn')(x)\n"
            "model = keras.Model(inputs, layers.Dense(4, name='dense')(layers.Flatten()(x)))\n")
                                       << QStringLiteral("np.random.rand(2, 8, 8, 2).astype('float32')");
        QTest::newRow("embedded sequences") << QByteArray(
            "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "model = keras.Sequential([keras.Input(shape=(6,)), layers.Embedding(20, 5, name='emb'),\n"
            "    layers.Conv1D(3, 2, name='c1'), layers.Flatten(), layers.Dense(2, name='d')])\n")
                                            << QStringLiteral("np.random.randint(0, 20, size=(2, 6))");
    }

    void layerWeightsAreKerasLayout()
    {
        // `get_weights()` rewritten for the module gives what Keras's get_weights() gives:
        // the module's (random) tensors, read through the generated expressions and set
        // into the tf-keras model with set_weights(), make both compute the same outputs
        QFETCH(QByteArray, source);
        QFETCH(QString, input);
        QString why;
        const QString python = findFrameworkPython({}, &why);
        if (python.isEmpty())
            QSKIP(qPrintable(why));
        Document doc;
        InputError error;
        QVERIFY(parseScript(source, QStringLiteral("m.py"), &doc, &error));
        const ExtractResult r = extractModel(doc, ExtractOptions());
        QVERIFY2(r.ok, qPrintable(r.error));
        CodegenOptions codegen;
        codegen.className = QStringLiteral("Net");
        const GeneratedModule g = generateTorchModule(r.model, codegen);
        QVERIFY2(g.ok, qPrintable(g.error));
        const QVector<QString> fields = torchFieldNames(r.model);
        QStringList sets;
        for (int i = 0; i < r.model.layers.size(); ++i) {
            const LayerSpec &l = r.model.layers[i];
            if (l.paramsKeras == 0)
                continue;
            QString problem;
            const QString value = rewrite::kerasWeightsExpression(r.model, i, QStringLiteral("net.") + fields[i], &problem);
            QVERIFY2(!value.isEmpty(), qPrintable(problem));
            sets << QStringLiteral("model.get_layer('%1').set_weights(%2)").arg(l.name, value);
        }
        QCOMPARE(sets.size(), 3);
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("net.py")), g.moduleCode.toUtf8());
        writeFile(dir.filePath(QStringLiteral("check.py")),
                  "import numpy as np, torch\nfrom net import Net\n" + source
                      + "torch.manual_seed(0)\nnp.random.seed(0)\nnet = Net()\n"
                        "with torch.no_grad():\n"
                        "    for p in net.parameters():\n        p.uniform_(-0.5, 0.5)\n"
                        "    for b in net.buffers():\n        b.uniform_(0.5, 1.5) if b.is_floating_point() else None\n"
                        "net.eval()\n"
                      + sets.join(QLatin1Char('\n')).toUtf8()
                      + "\nx = " + input.toUtf8()
                      + "\nk = model(x, training=False).numpy()\n"
                        "t = torch.as_tensor(x)\nt = t.permute(0, 3, 1, 2) if t.dim() == 4 else t\n"
                        "p = net(t).detach().numpy()\nprint('max_abs_diff', float(np.abs(k - p).max()), float(np.abs(k).max()))\n");
        QString out, errors;
        QVERIFY2(runTfKeras(python, dir.path(), QStringLiteral("check.py"), &out, &errors), qPrintable(errors));
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("max_abs_diff (\\S+) (\\S+)")).match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        QVERIFY2(m.captured(1).toDouble() < 1e-4, qPrintable(out));
        QVERIFY2(m.captured(2).toDouble() > 0.1, qPrintable(out)); // not all zeros
    }

    void nestedModelsAndFreezingSummariesAreTfKerasOwn_data()
    {
        // a model used as a layer is one summary row; `trainable` set on a model, on its
        // nested model or on an item of `.layers` counts as Keras counts it
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("variable");
        const QByteArray head =
            "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "inner = keras.Sequential([layers.Dense(6, input_shape=(4,), name='in_0'), layers.Dense(3, name='in_1')], name='inner')\n"
            "outer = keras.Sequential([inner, layers.Dense(1, name='out')], name='outer')\n";
        const QByteArray frozen = head + "inner.layers[1].trainable = False\n";
        const QByteArray overridden = frozen + "inner.trainable = False\ninner.layers[1].trainable = True\n";
        const QByteArray functional = overridden + "outer.trainable = True\n"
            "model = keras.Model(inputs=inner.input, outputs=layers.Dense(2, name='head')(inner.output), name='functional')\n"
            "inner.trainable = False\nmodel.layers[1].trainable = True\n";
        const QByteArray base = "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "conv = keras.Sequential([layers.Conv2D(4, 3, input_shape=(8, 8, 3), name='c'), layers.MaxPooling2D(name='p')], name='conv')\n"
            "inputs = keras.Input(shape=(8, 8, 3))\n"
            "model = keras.Model(inputs, layers.Dense(2, name='d')(layers.Flatten(name='f')(conv(inputs))))\n"
            "conv.trainable = False\n";
        QTest::newRow("nested Sequential, a layer frozen") << frozen << QStringLiteral("outer");
        QTest::newRow("nested model frozen, its layer not") << overridden << QStringLiteral("outer");
        QTest::newRow("Functional from a Sequential's input and output") << functional << QStringLiteral("model");
        QTest::newRow("frozen Sequential called in a Functional model") << base << QStringLiteral("model");
        // keras.applications.MobileNetV2 (inverted residual blocks: depthwise convolutions,
        // ReLU(6.), residual Adds) as the first layer of a Sequential
        QTest::newRow("MobileNetV2 base in a Sequential") << kMobileNet << QStringLiteral("model");
        // fine-tuning: the layers before a named one frozen, its index found by name
        QTest::newRow("frozen up to a layer found by name") << QByteArray(
            "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))\n"
            "idx = [l.name for l in base.layers].index('block4_conv1')\n"
            "for layer in base.layers[:idx]:\n    layer.trainable = False\n"
            "model = keras.Sequential([base, layers.Flatten(), layers.Dense(2)])\n") << QStringLiteral("model");
        // images of any size resized and preprocessed by Lambda layers in a Sequential given
        // an Input (its input keeps the Input's name), under an application's base
        QTest::newRow("Lambda preprocessing under an application") << QByteArray(
            "import tensorflow as tf\n"
            "model_in = tf.keras.Sequential([\n"
            "    tf.keras.Input(shape=(None, None, 3)),\n"
            "    tf.keras.layers.Lambda(lambda img: tf.image.resize(img, (32, 32)), name='resize'),\n"
            "    tf.keras.layers.Lambda(tf.keras.applications.vgg16.preprocess_input, name='preprocess')])\n"
            "model = tf.keras.applications.vgg16.VGG16(weights=None, include_top=False, input_tensor=model_in.output)\n")
            << QStringLiteral("model");
        // a subclassed keras.Model: its layers in __init__'s order, output shapes "multiple"
        QTest::newRow("subclassed model built with build()") << QByteArray(
            "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "class TwoLayers(keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.last = layers.Dense(2, name='last')\n"
            "        self.first = layers.Dense(5, activation='relu', name='first')\n"
            "        self.drop = layers.Dropout(0.1)\n"
            "    def call(self, x, training=False):\n"
            "        x = self.first(x)\n"
            "        x = self.drop(x, training=training)\n"
            "        return self.last(x)\n"
            "model = TwoLayers()\nmodel.build((None, 7))\n") << QStringLiteral("model");
    }

    void nestedModelsAndFreezingSummariesAreTfKerasOwn()
    {
        QFETCH(QByteArray, source);
        QFETCH(QString, variable);
        QString why;
        const QString python = findFrameworkPython({}, &why);
        if (python.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("m.py")), source + variable.toUtf8() + ".summary()\n");
        QString printed, errors;
        QVERIFY2(runTfKeras(python, dir.path(), QStringLiteral("m.py"), &printed, &errors), qPrintable(errors));
        const QVector<ModelSummary> saved = parseSavedSummaries(printed);
        QCOMPARE(saved.size(), 1);
        Document doc;
        InputError error;
        QVERIFY(parseScript(source, QStringLiteral("m.py"), &doc, &error));
        ExtractOptions options;
        options.modelName = variable;
        const ExtractResult r = extractModel(doc, options);
        QVERIFY2(r.ok, qPrintable(r.error));
        const SummaryComparison cmp = compareSummaries(saved.first(), summarizeModel(r.model));
        QVERIFY2(cmp.matched, qPrintable(cmp.differences.join(QLatin1Char('\n')) + QLatin1Char('\n') + printed
                                         + formatKerasSummary(summarizeModel(r.model))));
        QVERIFY(saved.first().trainableParams >= 0);
    }

    void generatorAndPreprocessingLayersSmokeTrain_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("outputShape");
        QTest::newRow("generator") << kGenerator << QStringLiteral("(None, 20, 16, 3)");
        QTest::newRow("augmented classifier") << kAugmented << QStringLiteral("(None, 3)");
        QTest::newRow("shared layer") << kShared << QStringLiteral("(None, 1)");
        QTest::newRow("MobileNetV2 base") << kMobileNet << QStringLiteral("(None, 3)");
        QTest::newRow("Lambda layers") << kLambda << QStringLiteral("(None, 3)");
        // sequences of any length (the time-series tutorials' Input(shape=(None, 20))):
        // synthetic sequences of 32 steps, a target at every step
        QTest::newRow("variable-length sequences")
            << QByteArray("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
                          "inp = keras.Input(shape=(None, 20))\nh = layers.GRU(8, return_sequences=True)(inp)\n"
                          "model = keras.Model(inp, layers.Dense(3, activation='sigmoid')(h))\n"
                          "model.compile(optimizer='rmsprop', loss='mse')\n")
            << QStringLiteral("torch (None, 32, 3) = IR (None, None, 3)");
    }

    void generatorAndPreprocessingLayersSmokeTrain()
    {
        // the LibTorch runner: the image output's every value is a target (mse), augmentation
        // trains as identity (said in the notes), shapes and parameters as the IR's
        QFETCH(QByteArray, source);
        QFETCH(QString, outputShape);
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("m.py")), source);
        const QJsonObject smoke = cliJson(dir.path(), {QStringLiteral("smoke"), QStringLiteral("m.py"), QStringLiteral("--steps"),
                                                       QStringLiteral("3"), QStringLiteral("--json")});
        QVERIFY2(!smoke.isEmpty() && smoke.value(QStringLiteral("error")).toString().isEmpty(),
                 qPrintable(smoke.value(QStringLiteral("error")).toString()));
        const QHash<QString, bool> checks = smokeChecks(smoke);
        QVERIFY(checks.value(QStringLiteral("output_shape")));
        QVERIFY(checks.value(QStringLiteral("param_count")));
        QVERIFY(checks.value(QStringLiteral("finite")));
        QVERIFY(checks.value(QStringLiteral("gradients")));
        QVERIFY2(QJsonDocument(smoke).toJson().contains(outputShape.toUtf8()), qPrintable(outputShape));
    }
};

QTEST_GUILESS_MAIN(TestConvertForms)
#include "tst_convertforms.moc"
