// The training loops the keras-to-pytorch pack writes, run in real PyTorch on the label
// forms of real notebooks: multi-label sigmoid outputs (Keras's binary accuracy is a mean
// over the output units), one-hot labels that pandas >= 2 `get_dummies` gives as booleans,
// and output widths that come from the data (`Dense(Y.shape[1])`), which the generated
// code must write as the expression, never as the extractor's placeholder number.

#include "ConvertSupport.h"
#include "DocumentReader.h"
#include "ModelExtractor.h"

#include <QRegularExpression>

using namespace kmw;
using namespace kmw::test;

namespace {

/// Runs `script` (holding the converted code `out`) in PyTorch in `dir`: "" when it runs
/// and prints `expected`, else what it printed and the converted code.
QString ranAndPrinted(const QString &dir, const QByteArray &script, const QByteArray &out, const QString &expected)
{
    bool ok = false;
    const QString printed = runPython(dir, script, &ok);
    if (ok && printed.contains(expected))
        return {};
    return QStringLiteral("%1 (expected '%2')\n%3").arg(ok ? printed : QStringLiteral("failed"), expected, QString::fromUtf8(out));
}

} // namespace

class TestConvertTraining : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!havePythonTorch())
            QSKIP("no Python with torch (scripts/setup.sh makes the frameworks' venv)");
    }

    void multiLabelAccuracyIsAMeanOverUnits()
    {
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "rng = np.random.RandomState(0)\nX = rng.randn(64, 6).astype('float32')\nY = (rng.rand(64, 4) > 0.5).astype('float32')\n"
            "model = Sequential([Dense(8, activation='relu', input_shape=(6,)), Dense(4, activation='sigmoid')])\n"
            "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
            "history = model.fit(X, Y, epochs=3, batch_size=16, verbose=0)\n"
            "loss, accuracy = model.evaluate(X, Y, verbose=0)\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("tensorflow"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(), out +
            "\nimport numpy as np\nbest = max(history.history['accuracy'])\n"
            "print('in range', 0.0 <= best <= 1.0, 0.0 <= accuracy <= 1.0)\n", out, QStringLiteral("in range True True"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void booleanOneHotLabelsFromPandas()
    {
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nimport pandas as pd\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "rng = np.random.RandomState(0)\nX = rng.randn(60, 5).astype('float32')\n"
            "Y = pd.get_dummies(pd.Series(np.array(['a', 'b', 'c'])[(X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)])).values\n"
            "model = Sequential([Dense(8, activation='relu', input_shape=(5,)), Dense(3, activation='softmax')])\n"
            "model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
            "history = model.fit(X, Y, epochs=3, batch_size=20, validation_data=(X, Y), verbose=0)\n"
            "loss, accuracy = model.evaluate(X, Y, verbose=0)\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("tensorflow"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(), out +
            "\nprint('labels', Y.dtype, 'accuracy', 0.0 <= accuracy <= 1.0, len(history.history['val_accuracy']))\n", out, QStringLiteral("labels bool accuracy True 3"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void outputWidthFromTheDataIsWrittenAsItsExpression()
    {
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "X = np.load('x.npy')\nY = np.load('y.npy')\n"
            "model = Sequential([Dense(8, activation='relu', input_shape=(X.shape[1],)), Dense(Y.shape[1])])\n"
            "model.compile(loss='mse', optimizer='adam', metrics=['mae'])\n"
            "history = model.fit(X, Y, epochs=2, batch_size=16, verbose=0)\n"
            "loss, mae = model.evaluate(X, Y, verbose=0)\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("tensorflow"), out.constData());
        // no placeholder number of the extractor (ExtractOptions::symbolicDataShapes) leaks
        static const QRegularExpression placeholder(QStringLiteral("\\b%1\\d\\b|\\b79199\\d\\d\\b").arg(kSymbolicBase / 10));
        QVERIFY2(!placeholder.match(QString::fromUtf8(out)).hasMatch(), out.constData());
        // the sizes are the constructor's arguments, not globals read in __init__; the
        // loops use the `device` the model's cell binds, not one line of their own each
        QVERIFY2(out.contains("def __init__(self, x_shape_1, y_shape_1):") && out.contains("Input: (batch, x_shape_1)"), out.constData());
        QVERIFY2(out.contains("model = Net(x_shape_1=X.shape[1], y_shape_1=Y.shape[1]).to(device)"), out.constData());
        const QByteArray classCode = out.mid(out.indexOf("class Net"), out.indexOf("model = Net(") - out.indexOf("class Net"));
        QVERIFY2(!classCode.contains("X.shape") && !classCode.contains("Y.shape"), classCode.constData());
        QVERIFY2(out.count("device = ") == 1 && !out.contains("parameters()).device"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(),
            "import numpy as np\nrng = np.random.RandomState(0)\nnp.save('x.npy', rng.randn(48, 7).astype('float32'))\n"
            "np.save('y.npy', rng.randn(48, 3).astype('float32'))\n" + out +
            "\nprint('trained', len(history.history['loss']), mae >= 0)\n", out, QStringLiteral("trained 2 True"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void modelsInsideModelsAndTfDataPipelinesStayKeras()
    {
        // A model put inside another (`probs = Sequential([a, Softmax()])`) and fit() on a
        // tf.data pipeline: converting either alone half-migrates the notebook (fresh
        // layers without a's trained weights; a loop over tf.Tensor batches), so both
        // stay Keras with the reason, and the file still runs as it is.
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras.models import Sequential\n"
            "from tensorflow.keras.layers import Dense\nX = np.random.rand(32, 4).astype('float32')\ny = np.random.randint(0, 3, 32)\n"
            "a = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(3)])\n"
            "a.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
            "a.fit(X, y, epochs=1, verbose=0)\nprobs = keras.Sequential([a, keras.layers.Softmax()])\np = probs.predict(X, verbose=0)\n"
            "c = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(3, activation='softmax')])\n"
            "c.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
            "ds = tf.data.Dataset.from_tensor_slices((X, y))\nds = ds.shuffle(32).batch(8)\nc.fit(ds, epochs=1, verbose=0)\n";
        const QVector<Finding> findings = findingsOf(keras);
        int heldBack = 0;
        for (const Finding &f : findings)
            if (f.ruleId == QLatin1String("torch-module")) {
                QVERIFY2(!f.fixable(), qPrintable(f.message));
                ++heldBack;
                if (f.message.startsWith(QLatin1String("`probs`")))
                    QVERIFY2(f.guidance.contains(QLatin1String("The model `a` inside it")), qPrintable(f.guidance));
                if (f.message.startsWith(QLatin1String("`c`")))
                    QVERIFY2(f.guidance.contains(QLatin1String("on a tf.data pipeline")), qPrintable(f.guidance));
            }
        QCOMPARE(heldBack, 3);
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("nn.Module") && !out.contains("train_loader"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(), "import torch\n" + out + "\nprint('probabilities', p.shape, bool(abs(p.sum(axis=1) - 1).max() < 1e-4))\n",
                                            out, QStringLiteral("probabilities (32, 3) True"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void everyMigratedCellCompiles_data()
    {
        QTest::addColumn<QString>("tree");
        QTest::addColumn<QString>("pack");
        for (const char *tree : {"dl-lectures-labs", "dev-set"})
            for (const char *pack : {"keras-to-pytorch", "keras3-torch"})
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(tree), QLatin1String(pack))))
                    << QString::fromLatin1(tree) << QString::fromLatin1(pack);
    }

    void everyMigratedCellCompiles()
    {
        // Every cell that CPython compiled before migration still compiles after it
        // (tests/compile_cells.py): what tree-sitter's parse guard alone may miss. Under
        // keras-to-pytorch, no converted model is used as Keras afterwards.
        QFETCH(QString, tree);
        QFETCH(QString, pack);
        const QString original = QStringLiteral(KMW_SHARED_DIR "/corpus/") + tree;
        if (!QDir(original).exists())
            QSKIP("no ../shared/corpus");
        QTemporaryDir dir;
        const QString copy = dir.filePath(tree);
        QVERIFY(copyTree(original, copy));
        QVector<RulePack> packs;
        QVector<InputError> errors;
        loadRulePacks({pack}, &packs, &errors);
        const RuleEngine engine(packs);
        const ScanResult scan = scanRepository(copy, engine);
        applyAll(scan, engine, ApplyOptions());
        QProcess p;
        p.start(torchPython(), {QStringLiteral(KMW_SOURCE_DIR "/tests/compile_cells.py"), original, copy});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 0);
        const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
        QVERIFY2(lines.last().startsWith("{\"checked\": ") && !lines.last().startsWith("{\"checked\": 0}"), lines.last().constData());
        QVERIFY2(lines.size() == 1, lines.first().constData()); // a cell that no longer compiles
        if (pack != QLatin1String("keras-to-pytorch"))
            return;
        // No half-migration: every use of every model made a module is one an nn.Module
        // supports (tests/module_uses.py walks them with CPython's ast, apart from the
        // workbench's own use graph)
        QProcess uses;
        uses.start(torchPython(), {QStringLiteral(KMW_SOURCE_DIR "/tests/module_uses.py"), copy});
        QVERIFY(uses.waitForFinished(300000));
        QCOMPARE(uses.exitCode(), 0);
        const QList<QByteArray> walked = uses.readAllStandardOutput().trimmed().split('\n');
        QVERIFY2(walked.last().startsWith("{\"models\": ") && !walked.last().startsWith("{\"models\": 0}"), walked.last().constData());
        QVERIFY2(walked.size() == 1, walked.first().constData()); // a Keras use of a module
    }

    void regularizersArePenaltiesInTheLoss()
    {
        // kernel_regularizer / bias_regularizer become the module's regularization(), added
        // to the loss in fit() and evaluate(): checked against Keras 3's own penalty
        // (model.losses) for the same weights.
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "from tensorflow.keras import regularizers\nfrom tensorflow.keras.regularizers import l2\n"
            "rng = np.random.RandomState(0)\nX = rng.rand(32, 4).astype('float32')\ny = rng.randint(0, 2, 32)\n"
            "model = Sequential([Dense(8, activation='relu', input_shape=(4,), kernel_regularizer=l2(0.01), bias_regularizer='l1'),\n"
            "                    Dense(1, activation='sigmoid', kernel_regularizer=regularizers.L1L2(l1=1e-3, l2=5e-4))])\n"
            "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "model.fit(X, y, epochs=2, verbose=0)\nloss = model.evaluate(X, y, verbose=0)\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(out.contains("def regularization(self):") && !out.contains("TODO"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(),
            "import os\nos.environ['KERAS_BACKEND'] = 'torch'\n" + out +
            "\nimport keras\nkm = keras.Sequential([keras.Input((4,)),\n"
            "    keras.layers.Dense(8, activation='relu', kernel_regularizer=keras.regularizers.L2(0.01), bias_regularizer='l1'),\n"
            "    keras.layers.Dense(1, activation='sigmoid', kernel_regularizer=keras.regularizers.L1L2(l1=1e-3, l2=5e-4))])\n"
            "km.layers[0].set_weights([model.dense.weight.detach().cpu().numpy().T, model.dense.bias.detach().cpu().numpy()])\n"
            "km.layers[1].set_weights([model.dense_1.weight.detach().cpu().numpy().T, model.dense_1.bias.detach().cpu().numpy()])\n"
            "km(np.zeros((1, 4), 'float32'))\n"
            "keras_penalty = float(sum(keras.ops.convert_to_numpy(t) for t in km.losses))\n"
            "ours = float(model.regularization())\n"
            "print('penalty', keras_penalty > 0, abs(keras_penalty - ours) < 1e-5 * keras_penalty, 'loss', loss > ours)\n", out, QStringLiteral("penalty True True loss True"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void classWeightIsAWeightedLoss_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("loss");
        QTest::addColumn<QByteArray>("weights");
        QTest::addColumn<QByteArray>("keras");
        QTest::newRow("binary") << QByteArray("Dense(1, activation='sigmoid')") << QByteArray("binary_crossentropy")
                                << QByteArray("{0: 1.0, 1: 3.0}")
                                << QByteArray("keras.losses.BinaryCrossentropy()(y.reshape(-1, 1).astype('float32'), probs, sample_weight=w)");
        QTest::newRow("sparse categorical") << QByteArray("Dense(3, activation='softmax')") << QByteArray("sparse_categorical_crossentropy")
                                            << QByteArray("dict(enumerate([1.0, 2.0, 0.5]))")
                                            << QByteArray("keras.losses.SparseCategoricalCrossentropy()(y, probs, sample_weight=w)");
    }

    void classWeightIsAWeightedLoss()
    {
        // fit(class_weight=…) weights each training row's loss by its class (Keras turns it
        // into sample weights, averaged over the batch): the generated loss is checked
        // against Keras 3's own loss with those sample weights, on the same outputs.
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, loss);
        QFETCH(QByteArray, weights);
        QFETCH(QByteArray, keras);
        QTemporaryDir dir;
        const QByteArray code =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "rng = np.random.RandomState(0)\nX = rng.rand(40, 4).astype('float32')\ny = rng.randint(0, 3 if '" + loss + "'.startswith('sparse') else 2, 40)\n"
            "model = Sequential([Dense(8, activation='relu', input_shape=(4,)), " + head + "])\n"
            "model.compile(optimizer='adam', loss='" + loss + "')\n"
            "model.fit(X, y, epochs=2, batch_size=8, verbose=0, class_weight=" + weights + ")\n";
        const QByteArray out = converted(dir.path(), code);
        QVERIFY2(out.contains("class_weight_of[yb.long()]") && !out.contains("TODO"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(),
            "import os\nos.environ['KERAS_BACKEND'] = 'torch'\n" + out +
            "\nimport keras\nmodel.eval()\nwith torch.no_grad():\n    outputs = model(torch.as_tensor(X))\n"
            "    yb = torch.as_tensor(y).reshape(outputs.shape[0], -1).float() if outputs.shape[1] == 1 else torch.as_tensor(y)\n"
            "    ours = float((per_sample_loss(outputs, yb) * class_weight_of[yb.long()]).mean())\n"
            "    probs = (torch.sigmoid(outputs) if outputs.shape[1] == 1 else torch.softmax(outputs, dim=1)).numpy()\n"
            "w = np.array([fit_class_weight[int(k)] for k in y], 'float32')\n"
            "theirs = float(keras.ops.convert_to_numpy(" + keras + "))\n"
            "print('weighted', abs(ours - theirs) < 1e-4 * theirs, round(ours, 4), round(theirs, 4))\n", out, QStringLiteral("weighted True"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void recurrentDropoutsAreGeneratedOrRefused()
    {
        // LSTM(dropout=p) drops the same input units at every time step in Keras: the
        // module applies channel dropout (nn.Dropout1d over time) before the LSTM.
        // recurrent_dropout has no nn.LSTM equivalent: that model stays Keras, with why.
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, LSTM, Embedding\n"
            "rng = np.random.RandomState(0)\ny = rng.randint(0, 2, 32)\nS = rng.randint(0, 50, (32, 6))\n"
            "rnn = Sequential([Embedding(50, 8, input_length=6), LSTM(4, dropout=0.25), Dense(1, activation='sigmoid')])\n"
            "rnn.compile(optimizer='adam', loss='binary_crossentropy')\nrnn.fit(S, y, epochs=2, verbose=0)\n"
            "held = Sequential([Embedding(50, 8, input_length=6), LSTM(4, recurrent_dropout=0.2), Dense(1, activation='sigmoid')])\n";
        for (const Finding &f : findingsOf(keras))
            if (f.ruleId == QLatin1String("torch-module") && f.message.startsWith(QLatin1String("`held`")))
                QVERIFY2(!f.fixable() && f.guidance.contains(QLatin1String("recurrent_dropout=0.2 has no nn.LSTM equivalent")), qPrintable(f.guidance));
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(out.contains("nn.Dropout1d(0.25)") && !out.contains("TODO"), out.constData());
                // torch's compiler before TensorFlow (in the other order both register LLVM's options
        // and the process aborts): `held` stays Keras, so the file imports TensorFlow
        const QString wrong = ranAndPrinted(dir.path(), "import torch, torch._dynamo\n" + out +
            "\nd = rnn.lstm_dropout\nd.train()\nz = d(torch.ones(64, 8, 6))\n"
            "same = bool(((z == z[:, :, :1]).all()))\ndropped = float((z[:, :, 0] == 0).float().mean())\n"
            "d.eval()\nprint('mask per sequence', same, 0.1 < dropped < 0.4, bool((d(torch.ones(2, 8, 6)) == 1).all()))\n", out, QStringLiteral("mask per sequence True True True"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void pixelShiftsBecomeFractionsOfTheSide()
    {
        // ImageDataGenerator reads a shift range >= 1 as pixels; RandomAffine's translate
        // wants a fraction of the side in [0, 1] (it raises otherwise). A list of shifts to
        // pick from has no RandomAffine form: a TODO says so instead of a value it rejects.
        const QByteArray keras =
            "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
            "from tensorflow.keras import layers, models\n"
            "gen = ImageDataGenerator(rescale=1./255, width_shift_range=8, height_shift_range=[-2, 2])\n"
            "train_flow = gen.flow_from_directory('images', target_size=(16, 32), batch_size=4, class_mode='binary')\n"
            "model = models.Sequential([layers.Conv2D(4, 3, activation='relu', input_shape=(16, 32, 3)), "
            "layers.GlobalAveragePooling2D(), layers.Dense(1, activation='sigmoid')])\n"
            "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "history = model.fit(train_flow, epochs=1)\n";
        QTemporaryDir dir;
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(out.contains("transforms.RandomAffine(degrees=0, translate=(0.25, 0)),"), out.constData());
        QVERIFY2(out.contains("# TODO: height_shift_range=[-2, 2] picks shifts from a list"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(),
            "import os\nfrom PIL import Image\nimport numpy as np\n"
            "for label in ('cats', 'dogs'):\n"
            "    os.makedirs(os.path.join('images', label), exist_ok=True)\n"
            "    for i in range(4):\n"
            "        Image.fromarray(np.full((20, 40, 3), 40 if label == 'cats' else 200, dtype=np.uint8)).save(os.path.join('images', label, f'{i}.png'))\n"
            + out + "\nxb, yb = next(iter(train_flow))\nprint('batch', tuple(xb.shape), len(history.history['loss']))\n", out, QStringLiteral("batch (4, 3, 16, 32) 1"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
    void endlessGeneratorsAreBoundedBySteps()
    {
        // fit(generator, steps_per_epoch=…) on a Python generator that never ends (the
        // dev set's 23_Time-Series-Prediction): each epoch takes steps_per_epoch batches on
        // from where the last stopped, and validation_steps bounds validation, as in Keras;
        // the generator's NumPy batches (float16, NHWC images, integer labels) become
        // tensors in the module's layout. validation_data named as a tuple is arrays.
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\n"
            "from tensorflow.keras.layers import Dense, Conv2D, GlobalAveragePooling2D\n"
            "drawn = {'train': 0, 'val': 0}\n"
            "def batches(n, kind):\n"
            "    rng = np.random.RandomState(0)\n"
            "    while True:\n"
            "        drawn[kind] += 1\n"
            "        x = rng.randn(n, 6).astype(np.float16)\n"
            "        yield x, (x.sum(axis=1, keepdims=True) > 0).astype(np.float16)\n"
            "def images(n):\n"
            "    rng = np.random.RandomState(1)\n"
            "    while True:\n"
            "        yield rng.rand(n, 8, 10, 3).astype('float32'), rng.randint(0, 4, (n, 1))\n"
            "model = Sequential([Dense(8, activation='relu', input_shape=(6,)), Dense(1, activation='sigmoid')])\n"
            "model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
            "generator = batches(16, 'train')\n"
            "history = model.fit(x=generator, epochs=3, steps_per_epoch=5, validation_data=batches(8, 'val'), validation_steps=2)\n"
            "loss, accuracy = model.evaluate(batches(8, 'val'), steps=4)\n"
            "cnn = Sequential([Conv2D(4, 3, activation='relu', input_shape=(8, 10, 3)), GlobalAveragePooling2D(), Dense(4, activation='softmax')])\n"
            "cnn.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
            "rng = np.random.RandomState(2)\nvalidation_data = (rng.rand(12, 8, 10, 3), rng.randint(0, 4, 12))\n"
            "cnn_history = cnn.fit_generator(images(6), 3, epochs=2, validation_data=validation_data)\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(out.contains("itertools.islice(train_loader, 5)") && out.contains("itertools.islice(val_loader, 2)"), out.constData());
        QVERIFY2(!out.contains("TODO") && !out.contains("tensorflow"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(), out +
            "\nprint('drawn', drawn['train'], drawn['val'], len(history.history['val_loss']), 0 <= accuracy <= 1,"
            " len(cnn_history.history['val_accuracy']))\n", out, QStringLiteral("drawn 15 10 3 True 2"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
    void pyTwinIsConvertedTheSameWay()
    {
        // A notebook and its .py twin (the code cells in jupytext's percent format,
        // `# %%` between cells, magics commented out) get the same PyTorch code: the same
        // modules, loops and helper, once per file. Compared line by line without blank
        // lines, comment lines and the file named in the port-weights comment.
        const QString notebooks = QStringLiteral(KMW_SHARED_DIR "/corpus/dev-set/deep-learning-illustrated/notebooks/");
        if (!QDir(notebooks).exists())
            QSKIP("no ../shared/corpus");
        const auto codeCells = [](const QString &path) {
            Document doc;
            InputError error;
            QStringList cells;
            if (readDocument(path, &doc, &error))
                for (const Cell &c : doc.cells)
                    if (c.type == CellType::Code)
                        cells << QString::fromUtf8(c.source);
            return cells;
        };
        const auto comparable = [](const QString &code) {
            static const QRegularExpression fileName(QStringLiteral("--file \"[^\"]+\""));
            QStringList lines;
            for (QString line : code.split(QLatin1Char('\n'))) {
                const QString trimmed = line.trimmed();
                if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')) || trimmed.startsWith(QLatin1Char('%')) ||
                    trimmed.startsWith(QLatin1Char('!')))
                    continue;
                lines << line.replace(fileName, QStringLiteral("--file F")).trimmed();
            }
            return lines;
        };
        for (const char *name : {"dense_sentiment_classifier", "lenet_in_keras", "deep_net_in_keras"}) {
            QTemporaryDir dir;
            const QString notebook = dir.filePath(QString::fromLatin1(name) + QStringLiteral(".ipynb"));
            QVERIFY(QFile::copy(notebooks + QString::fromLatin1(name) + QStringLiteral(".ipynb"), notebook));
            QStringList twin;
            static const QRegularExpression magic(QStringLiteral("(?m)^(\\s*)([%!])"));
            for (const QString &cell : codeCells(notebook))
                twin << QString(cell).replace(magic, QStringLiteral("\\1# \\2"));
            const QString script = dir.filePath(QString::fromLatin1(name) + QStringLiteral(".py"));
            QVERIFY(writeFile(script, twin.join(QStringLiteral("\n\n# %%\n")).toUtf8() + '\n'));
            const RuleEngine engine = pytorchEngine();
            applyAll(scanRepository(dir.path(), engine), engine, ApplyOptions());
            const QStringList fromNotebook = comparable(codeCells(notebook).join(QLatin1Char('\n')));
            const QStringList fromScript = comparable(QString::fromUtf8(readFile(script)));
            QVERIFY2(fromNotebook.join(QLatin1Char('\n')).contains(QLatin1String("class Net(nn.Module)")), name);
            QCOMPARE(fromScript, fromNotebook);
        }
    }
    void docstringsSayWhatTheModuleTakes()
    {
        // The class's docstring gives its input and parameter count: the count is the
        // module's own (PyTorch's LSTM has two biases per gate), checked on the module;
        // a size the model leaves free (include_top=False without input_shape) is named,
        // never a default like 224.
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, LSTM, Embedding\n"
            "rnn = Sequential([Embedding(100, 8, input_length=20), LSTM(6), Dense(1, activation='sigmoid')])\n"
            "rnn.compile(optimizer='adam', loss='binary_crossentropy')\n";
        const QByteArray out = converted(dir.path(), keras);
        static const QRegularExpression docstring(QStringLiteral("\\((\\d+) parameters\\)\\. Input: \\(batch, 20\\)\\.\"\"\""));
        const QRegularExpressionMatch m = docstring.match(QString::fromUtf8(out));
        QVERIFY2(m.hasMatch(), out.constData());
        const QString wrong = ranAndPrinted(dir.path(), out + "\nprint('params', sum(p.numel() for p in rnn.parameters()))\n", out,
                                            QStringLiteral("params %1").arg(m.captured(1)));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        const QByteArray free = convertedText(
            "from tensorflow.keras.applications import VGG16\nfrom tensorflow.keras.models import Model\n"
            "from tensorflow.keras.layers import Dense, GlobalAveragePooling2D\nbase = VGG16(weights=None, include_top=False)\n"
            "out = Dense(5, activation='softmax')(GlobalAveragePooling2D()(base.output))\nmodel = Model(base.input, out)\n"
            "model.compile(optimizer='adam', loss='categorical_crossentropy')\n");
        QVERIFY2(free.contains("Input: (batch, 3, height, width).") && !free.contains("-1"), free.constData());
    }
    void categoricalAccuracyIsTheArgmaxAccuracy()
    {
        // metrics=['categorical_accuracy'] (10_Fine-Tuning) is Keras's argmax accuracy for a
        // crossentropy over classes: the loop computes it under its own history key, equal
        // to 'accuracy' on the same batches
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "from tensorflow.keras.utils import to_categorical\nrng = np.random.RandomState(0)\nX = rng.randn(60, 5).astype('float32')\n"
            "Y = to_categorical(rng.randint(0, 3, 60), 3)\n"
            "model = Sequential([Dense(8, activation='relu', input_shape=(5,)), Dense(3, activation='softmax')])\n"
            "model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy', 'categorical_accuracy'])\n"
            "history = model.fit(X, Y, epochs=2, batch_size=20, validation_data=(X, Y), verbose=0)\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(out.contains("\"val_categorical_accuracy\"") && !out.contains("tensorflow.keras.models"), out.constData());
        const QString wrong = ranAndPrinted(dir.path(), out +
            "\nh = history.history\nprint('equal', h['accuracy'] == h['categorical_accuracy'], h['val_accuracy'] == h['val_categorical_accuracy'])\n",
            out, QStringLiteral("equal True True"));
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_GUILESS_MAIN(TestConvertTraining)
#include "tst_converttraining.moc"
