// The keras-to-pytorch pack (rules/keras-to-pytorch.json) and its generators
// (core/pytorch/PyTorchRewrites.h): golden lines per layer kind and per loss/optimizer mapping,
// manual findings, and, when Debian's python3-torch is installed, the converted code run
// in real PyTorch.

#include "DocumentReader.h"
#include "FileReview.h"
#include "ModelExtractor.h"
#include "RepositoryScanner.h"
#include "RuleEngine.h"
#include "PythonEnv.h"
#include "ConvertSupport.h"
#include "TestSupport.h"
#include "PyTorchRewrites.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace kmw;
using namespace kmw::test;

namespace {

const Finding *findingOf(const QVector<Finding> &findings, const QString &rule)
{
    for (const Finding &f : findings)
        if (f.ruleId == rule)
            return &f;
    return nullptr;
}

/// A notebook whose Sequential gets its last layer in the next cell (kept out of the
/// Q_OBJECT class: moc does not read raw string literals).
const QByteArray kTwoCellNotebook = R"json({"cells": [
 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
  "source": ["from tensorflow.keras.models import Sequential\n", "from tensorflow.keras.layers import Dense\n",
             "clf = Sequential()\n", "clf.add(Dense(4, input_dim=3, activation='relu'))  # hidden"]},
 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
  "source": ["clf.add(Dense(1, activation='sigmoid'))\n", "clf.compile(optimizer='adam', loss='binary_crossentropy')"]}
 ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})json";

} // namespace

class TstConvert : public QObject {
    Q_OBJECT

private slots:
    /// An annotated name without a value (`n: int`) has no right side: the model-use scan
    /// once read that absent node and crashed (found by tests/fuzz fuzz_rule_engine).
    void annotationWithoutValue()
    {
        const QVector<Finding> findings = findingsOf(
            "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\nn: int\n"
            "model = Sequential([Dense(2, input_shape=(3,))])\nmodel.compile(loss='mse', optimizer='sgd')\n"
            "model.fit(x, y, epochs=2)\n");
        const Finding *module = findingOf(findings, QStringLiteral("torch-module"));
        QVERIFY(module);
        QVERIFY(module->fixable());
    }
    /// Keras's initialisation is one keras_init_() per file, however many models; each
    /// model's finding also offers the class with PyTorch's default initialisation. Run.
    void oneInitHelperPerFile()
    {
        const QByteArray source =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "X = np.random.rand(8, 4).astype('float32')\n"
            "a = Sequential([Dense(3, activation='relu', input_shape=(4,)), Dense(2)])\n"
            "b = Sequential([Dense(5, input_shape=(4,)), Dense(1)])\n"
            "pa = a.predict(X)\npb = b.predict(X)\nprint('a', pa.shape, 'b', pb.shape)\n";
        const QVector<Finding> findings = findingsOf(source);
        int modules = 0;
        for (const Finding &f : findings) {
            if (f.ruleId != QLatin1String("torch-module"))
                continue;
            ++modules;
            QCOMPARE(f.fixes.size(), 2);
            QVERIFY(f.fixes[1].title.contains(QStringLiteral("PyTorch's default initialisation")));
            QByteArray plain;
            for (const TextEdit &e : f.fixes[1].edits)
                plain += e.text;
            QVERIFY2(!plain.contains("keras_init_"), plain.constData());
        }
        QCOMPARE(modules, 2);
        QTemporaryDir dir;
        const QByteArray after = converted(dir.path(), source);
        QCOMPARE(after.count("def keras_init_(module):"), 1);
        QCOMPARE(after.count("        keras_init_(self)"), 2);
        QVERIFY(after.indexOf("def keras_init_") < after.indexOf("class "));
        if (!havePythonTorch())
            QSKIP("no Python with torch");
        bool ok = false;
        const QString out = runPython(dir.path(), after, &ok);
        QVERIFY2(ok && out.contains(QStringLiteral("a (8, 2) b (8, 1)")), qPrintable(out));
    }
    /// `model.load_weights('m.h5')` and `model = load_model('m.h5')` load the state_dict
    /// (saved by the converted save(), or ported with kmw-cli port-weights, which the
    /// comment names) into the generated module. Run in PyTorch.
    void loadsTheStateDict()
    {
        const QStringList cells{
            QStringLiteral("import numpy as np\nfrom tensorflow.keras.models import Sequential, load_model\n"
                           "from tensorflow.keras.layers import Dense\nX = np.random.rand(10, 4).astype('float32')"),
            QStringLiteral("model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(3, activation='softmax')])\n"
                           "model.compile(optimizer='sgd', loss='categorical_crossentropy')\nmodel.save('m.h5')"),
            QStringLiteral("model.load_weights('m.h5')"),
            QStringLiteral("model = load_model('m.h5')\nprint('rows', model.predict(X).shape[0])")};
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.ipynb"));
        QVERIFY(test::writeFile(path, test::codeNotebook(cells)));
        const RuleEngine engine = pytorchEngine();
        applyAll(scanRepository(dir.path(), engine), engine, ApplyOptions());
        Document doc;
        InputError error;
        QVERIFY(readDocument(path, &doc, &error));
        QByteArray after;
        for (const Cell &c : doc.cells)
            after += c.source + "\n";
        QCOMPARE(after.count("model.load_state_dict(torch.load('m.pth', map_location=device))"), 2);
        QVERIFY2(after.contains("kmw-cli port-weights m.h5 --file \"lab.ipynb\" --out m.pth"), after.constData());
        QVERIFY2(after.contains("().to(device)\nmodel.load_state_dict(torch.load('m.pth', map_location=device))\nmodel.eval()"),
                 after.constData());
        QVERIFY2(!after.contains("tensorflow") && !after.contains("load_model"), after.constData());
        if (!havePythonTorch())
            QSKIP("no Python with torch");
        bool ok = false;
        const QString out = runPython(dir.path(), after, &ok);
        QVERIFY2(ok && out.contains(QStringLiteral("rows 10")), qPrintable(out));
    }

    /// A model is converted with every use or not at all: `model2.layers` keeps the second
    /// model in Keras (its compile/fit too); `y = model(x)` of the first becomes a forward
    /// pass under torch.no_grad() with the softmax the module leaves to the loss, and tf
    /// ops on its output become torch ops. Run in PyTorch.
    void halfMigrationBlockedAndModelCallsConverted()
    {
        const QByteArray source =
            "import numpy as np\nimport tensorflow as tf\nfrom tensorflow.keras.models import Sequential\n"
            "from tensorflow.keras.layers import Dense\n"
            "X = np.random.rand(20, 4).astype('float32')\nY = np.eye(3)[np.random.randint(0, 3, 20)]\n"
            "model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(3, activation='softmax')])\n"
            "model.compile(optimizer='sgd', loss='categorical_crossentropy', metrics=['accuracy'])\n"
            "model.fit(X, Y, epochs=1, batch_size=5, verbose=0)\n"
            "probs = model(X)\n"
            "labels = tf.argmax(probs, axis=1)\n"
            "total = tf.reduce_sum(probs, axis=1)\n"
            "share = tf.reduce_mean(tf.cast(labels == np.argmax(Y, axis=1), tf.float64))\n"
            "print('rows', probs.shape[0], 'sums', round(float(total.min()), 4), round(float(total.max()), 4))\n"
            "print('share', 0.0 <= float(share) <= 1.0, type(probs).__module__)\n"
            "model2 = Sequential([Dense(2, input_shape=(4,))])\n"
            "model2.compile(optimizer='sgd', loss='mse')\n"
            "print(len(model2.layers))\n";
        const QVector<Finding> findings = findingsOf(source);
        int modules = 0, fixableModules = 0;
        QString blocked;
        for (const Finding &f : findings) {
            if (f.ruleId != QLatin1String("torch-module"))
                continue;
            ++modules;
            fixableModules += f.fixable();
            if (!f.fixable())
                blocked = f.guidance;
        }
        QCOMPARE(modules, 2);
        QCOMPARE(fixableModules, 1);
        QVERIFY2(blocked.contains(QLatin1String("`model2.layers` in cell 0")), qPrintable(blocked));
        QVERIFY(findingOf(findings, QStringLiteral("torch-call")));
        QTemporaryDir dir;
        const QByteArray after = converted(dir.path(), source);
        QVERIFY2(after.contains("model.eval()  # calling a Keras model on data runs it in inference mode\nwith torch.no_grad():\n"
                                "    probs = torch.softmax(model(torch.as_tensor(np.asarray(X), dtype=torch.float32)"
                                ".to(next(model.parameters()).device)), dim=-1).cpu()"),
                 after.constData());
        QVERIFY(after.contains("labels = torch.argmax(probs, axis=1)"));
        QVERIFY(after.contains("total = torch.sum(probs, axis=1)"));
        QVERIFY(after.contains("share = torch.mean(torch.as_tensor(labels == np.argmax(Y, axis=1)).to(torch.float64))"));
        // the second model stays Keras, compiled as Keras
        QVERIFY(after.contains("model2 = Sequential([Dense(2, input_shape=(4,))])\nmodel2.compile(optimizer='sgd', loss='mse')"));
        if (!havePythonTorch())
            QSKIP("no Python with torch");
        bool ok = false;
        const QString out = runPython(dir.path(), "import os\nos.environ.setdefault('KERAS_BACKEND', 'torch')\nimport keras\n" + after, &ok);
        QVERIFY2(ok, qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("rows 20 sums 1.0 1.0")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("share True torch")), qPrintable(out));
        QVERIFY(out.trimmed().endsWith(QLatin1String("1")));
    }

    void packLoads()
    {
        QVector<RulePack> packs;
        QVector<InputError> errors;
        QVERIFY(loadRulePacks({QStringLiteral("keras-to-pytorch")}, &packs, &errors));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).toString()));
        QCOMPARE(packs.size(), 1);
        QCOMPARE(packs.first().name, QStringLiteral("keras-to-pytorch"));
        QSet<QString> generated; // every generator is used by a rule of the pack
        for (const Rule &r : packs.first().rules)
            if (!r.generate.isEmpty())
                generated << r.generate;
        const QStringList known = rewriteGenerators();
        QCOMPARE(generated, QSet<QString>(known.cbegin(), known.cend()));
    }

    void unknownGeneratorIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        test::writeFile(path, "{\"pack\": \"bad\", \"rules\": [{\"id\": \"g\", \"generate\": \"torch-nothing\", "
                              "\"query\": \"(call) @c\"}]}");
        RulePack pack;
        QVector<InputError> errors;
        QVERIFY(loadRulePack(path, &pack, &errors));
        QVERIFY(pack.rules.isEmpty());
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.first().toString().contains(QStringLiteral("unknown generator \"torch-nothing\"")));
        QVERIFY(errors.first().toString().contains(QStringLiteral("bad.json:1:")));
    }

    // ------------------------------------------------------------ golden lines per layer

    void layerGoldens_data()
    {
        QTest::addColumn<QByteArray>("keras");
        QTest::addColumn<QStringList>("lines");
        const QByteArray head = "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
                                "from tensorflow.keras.models import Sequential, Model\n";
        QTest::newRow("Dense+Dropout, sigmoid left out for BCE")
            << head + "m = Sequential([layers.Dense(16, activation='relu', input_shape=(8,)), layers.Dropout(0.5), "
                      "layers.Dense(1, activation='sigmoid')])\nm.compile(optimizer='adam', loss='binary_crossentropy')\n"
            << QStringList{"class MModel(nn.Module):", "self.dense = nn.Linear(8, 16, bias=True)",
                           "self.dropout = nn.Dropout(0.5)", "self.dense_1 = nn.Linear(16, 1, bias=True)",
                           "h0 = torch.relu(self.dense(x))", "h2 = self.dense_1(h1)", "return h2",
                           "m = MModel().to(device)"};
        QTest::newRow("Conv2D same, BatchNorm, MaxPooling2D, GAP")
            << head + "m = Sequential()\nm.add(layers.Conv2D(8, (3, 3), padding='same', activation='relu', input_shape=(28, 28, 1)))\n"
                      "m.add(layers.BatchNormalization())\nm.add(layers.MaxPooling2D((2, 2)))\nm.add(layers.Conv2D(16, 3, strides=2))\n"
                      "m.add(layers.GlobalAveragePooling2D())\nm.add(layers.Dense(10, activation='softmax'))\n"
                      "m.compile(optimizer='sgd', loss='sparse_categorical_crossentropy')\n"
            << QStringList{"self.conv2d = nn.Conv2d(1, 8, kernel_size=3, stride=1, padding='same', dilation=1, bias=True)",
                           "self.batch_normalization = nn.BatchNorm2d(8, eps=0.001, momentum=0.01, affine=True)",
                           "self.max_pooling2d = nn.MaxPool2d(2, stride=2)",
                           "self.conv2d_1 = nn.Conv2d(8, 16, kernel_size=3, stride=2, padding=0, dilation=1, bias=True)",
                           "h4 = h3.mean(dim=(2, 3))", "self.dense = nn.Linear(16, 10, bias=True)",
                           "# images are channels first: (batch, 1, 28, 28); permute NHWC arrays with x.permute(0, 3, 1, 2)"};
        QTest::newRow("Embedding, Conv1D, MaxPooling1D, LSTM")
            << head + "m = Sequential([layers.Embedding(1000, 32, input_length=20), layers.Conv1D(16, 5, activation='relu'), "
                      "layers.MaxPool1D(2), layers.LSTM(8)])\nm.add(layers.Dense(1))\n"
            << QStringList{"self.embedding = nn.Embedding(1000, 32)", "h0 = self.embedding(x.long())",
                           "self.conv1d = nn.Conv1d(32, 16, kernel_size=5, stride=1, padding=0, dilation=1, bias=True)",
                           "h1 = torch.relu(self.conv1d(h0.transpose(1, 2)).transpose(1, 2))",
                           "self.max_pooling1d = nn.MaxPool1d(2, stride=2)", "self.lstm = nn.LSTM(16, 8, batch_first=True)",
                           "h3, _ = self.lstm(h2)", "h3 = h3[:, -1]"};
        QTest::newRow("Bidirectional GRU sequences, SimpleRNN")
            << head + "m = Sequential([layers.Embedding(500, 16, input_length=10), "
                      "layers.Bidirectional(layers.GRU(8, return_sequences=True)), layers.SimpleRNN(4), layers.Dense(3)])\n"
            << QStringList{"self.bidirectional = nn.GRU(16, 8, batch_first=True, bidirectional=True)",
                           "h1, _ = self.bidirectional(h0)", "self.simple_rnn = nn.RNN(16, 4, batch_first=True)",
                           "h2 = h2[:, -1]", "self.dense = nn.Linear(4, 3, bias=True)"};
        QTest::newRow("Functional: Input, concatenate, LeakyReLU")
            << head + "inp = layers.Input(shape=(12,))\na = layers.Dense(4, activation='tanh')(inp)\nb = layers.Dense(4)(inp)\n"
                      "h = layers.concatenate([a, b])\nh = layers.LeakyReLU()(h)\nout = layers.Dense(1)(h)\n"
                      "func = Model(inputs=inp, outputs=out)\n"
            << QStringList{"class FuncModel(nn.Module):", "h3 = torch.cat([h1, h2], dim=1)", "h4 = F.leaky_relu(h3, 0.3)",
                           "self.dense_2 = nn.Linear(8, 1, bias=True)", "func = FuncModel().to(device)"};
        QTest::newRow("ZeroPadding2D, AveragePooling2D, Activation, SpatialDropout2D, GlobalMaxPooling2D, Reshape, "
                      "Flatten, GaussianNoise, ReLU, Softmax kept for mse")
            << head + "m = Sequential([layers.ZeroPadding2D(1, input_shape=(8, 8, 3)), layers.AveragePooling2D(2), "
                      "layers.Activation('relu'), layers.SpatialDropout2D(0.1), layers.GlobalMaxPooling2D(), "
                      "layers.Reshape((3, 1)), layers.Flatten(), layers.GaussianNoise(0.1), layers.ReLU(), "
                      "layers.Dense(2), layers.Softmax()])\nm.compile(optimizer='sgd', loss='mse')\n"
            << QStringList{"self.zero_padding2d = nn.ZeroPad2d((1, 1, 1, 1))", "self.average_pooling2d = nn.AvgPool2d(2, stride=2)",
                           "h2 = torch.relu(h1)", "self.spatial_dropout2d = nn.Dropout2d(0.1)", "h4 = h3.amax(dim=(2, 3))",
                           "h5 = h4.reshape(h4.size(0), 3, 1)", "h6 = torch.flatten(h5, 1)",
                           "# gaussian_noise (GaussianNoise) has no nn equivalent and is left out",
                           "self.dense = nn.Linear(3, 2, bias=True)", "h10 = torch.softmax(h9, dim=-1)",
                           "m_criterion = nn.MSELoss()"};
        QTest::newRow("Functional Add, Multiply, Dot")
            << head + "i = layers.Input(shape=(6,))\na = layers.Dense(6)(i)\ns = layers.Add()([i, a])\n"
                      "p = layers.Multiply()([s, a])\nd = layers.Dot(axes=1)([p, a])\nf = Model(i, d)\n"
            << QStringList{"self.dense = nn.Linear(6, 6, bias=True)", "h2 = x + h1", "h3 = h2 * h1",
                           "h4 = (h3 * h1).sum(dim=1, keepdim=True)", "f = FModel().to(device)"};
        QTest::newRow("kernel_initializer flagged, not dropped")
            << head + "m = Sequential([layers.Dense(4, input_dim=3, kernel_initializer='he_normal')])\n"
            << QStringList{"# TODO: dense (Dense) sets kernel_initializer in Keras; not converted"};
    }

    void layerGoldens()
    {
        QFETCH(QByteArray, keras);
        QFETCH(QStringList, lines);
        const QString out = QString::fromUtf8(convertedText(keras));
        for (const QString &line : lines)
            QVERIFY2(out.contains(line), qPrintable(QStringLiteral("missing `%1` in:\n%2").arg(line, out)));
        // the Keras construction is gone
        QVERIFY2(!out.contains(QStringLiteral(".add(layers.")), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral("Sequential(")), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral("layers.Input(")), qPrintable(out));
        QVERIFY(out.startsWith(QStringLiteral("import torch\nimport torch.nn as nn\n")));
    }

    // ---------------------------------------------------- golden loss/optimizer mapping

    void compileGoldens_data()
    {
        QTest::addColumn<QByteArray>("compile");
        QTest::addColumn<QByteArray>("lastActivation");
        QTest::addColumn<QString>("criterion");
        QTest::addColumn<QString>("optimizer");
        QTest::newRow("sgd string, categorical")
            << QByteArray("optimizer='sgd', loss='categorical_crossentropy'") << QByteArray("softmax")
            << "criterion = nn.CrossEntropyLoss()"
            << "optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.0, nesterov=False)";
        QTest::newRow("SGD momentum nesterov, sparse")
            << QByteArray("optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True), "
                          "loss='sparse_categorical_crossentropy'")
            << QByteArray("softmax") << "criterion = nn.CrossEntropyLoss()"
            << "optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)";
        QTest::newRow("adam string: Keras eps 1e-07")
            << QByteArray("optimizer='adam', loss='binary_crossentropy'") << QByteArray("sigmoid")
            << "criterion = nn.BCEWithLogitsLoss()"
            << "optimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-07)";
        QTest::newRow("binary on a linear output: probabilities kept")
            << QByteArray("optimizer='adam', loss='binary_crossentropy'") << QByteArray("linear")
            << "criterion = nn.BCELoss()" << "optimizer = torch.optim.Adam(";
        QTest::newRow("Adam(lr=) Keras 2 spelling, mse")
            << QByteArray("optimizer=keras.optimizers.Adam(lr=3e-4, beta_1=0.8), loss='mse'") << QByteArray("linear")
            << "criterion = nn.MSELoss()"
            << "optimizer = torch.optim.Adam(model.parameters(), lr=0.0003, betas=(0.8, 0.999), eps=1e-07)";
        QTest::newRow("RMSprop rho -> alpha, mae")
            << QByteArray("optimizer=keras.optimizers.RMSprop(learning_rate=0.01, rho=0.8), loss='mae'")
            << QByteArray("linear") << "criterion = nn.L1Loss()"
            << "optimizer = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.8, eps=1e-07, momentum=0.0)";
        QTest::newRow("rmsprop default (compile's default optimizer), huber")
            << QByteArray("loss='huber'") << QByteArray("linear") << "criterion = nn.HuberLoss(delta=1.0)"
            << "optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-07, momentum=0.0)";
        QTest::newRow("Adagrad")
            << QByteArray("optimizer=keras.optimizers.Adagrad(), loss=keras.losses.CategoricalCrossentropy()")
            << QByteArray("softmax") << "criterion = nn.CrossEntropyLoss()"
            << "optimizer = torch.optim.Adagrad(model.parameters(), lr=0.001, initial_accumulator_value=0.1, eps=1e-07)";
    }

    void compileGoldens()
    {
        QFETCH(QByteArray, compile);
        QFETCH(QByteArray, lastActivation);
        QFETCH(QString, criterion);
        QFETCH(QString, optimizer);
        const QByteArray source = "from tensorflow import keras\nfrom tensorflow.keras.layers import Dense\n"
                                  "model = keras.Sequential([Dense(8, input_dim=4, activation='relu'), Dense(3, activation='"
                                  + lastActivation + "')])\nmodel.compile(" + compile + ")\n";
        const QString out = QString::fromUtf8(convertedText(source));
        QVERIFY2(out.contains(criterion), qPrintable(out));
        QVERIFY2(out.contains(optimizer), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral(".compile(")), qPrintable(out));
        // the module drops the final activation exactly when the loss takes logits
        const bool dropped = criterion.contains(QStringLiteral("CrossEntropyLoss")) || criterion.contains(QStringLiteral("WithLogits"));
        QCOMPARE(out.contains(QStringLiteral("is left out: the model returns logits")), dropped);
    }

    // ------------------------------------------------------------------ manual findings

    void manualFindings()
    {
        const QVector<Finding> findings = findingsOf(
            "from tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "from tensorflow.keras.callbacks import TensorBoard, EarlyStopping\n"
            "from tensorflow.keras.models import load_model\n"
            "class Scale(layers.Layer):\n    def call(self, x):\n        return x * 2\n"
            "class Log(keras.callbacks.Callback):\n    pass\n"
            "inp = layers.Input(shape=(4,))\nh = layers.Dense(3)(inp)\na = layers.Dense(1)(h)\nb = layers.Dense(2)(h)\n"
            "model = keras.Model(inp, [a, b])\n"
            "model.compile(optimizer='adam', loss=['mse', 'mse'], loss_weights=[1.0, 0.5])\n"
            "tb = TensorBoard(log_dir='logs')\nes = EarlyStopping(patience=2)\n"
            "other = load_model('m.h5')\n");
        for (const char *rule : {"custom-keras-layer", "custom-callback", "unconverted-callback", "load-model"}) {
            const Finding *f = findingOf(findings, QString::fromLatin1(rule));
            QVERIFY2(f, rule);
            QVERIFY2(f->fixes.isEmpty(), rule);
            QVERIFY2(!f->guidance.isEmpty(), rule);
        }
        int callbacks = 0;
        for (const Finding &f : findings)
            callbacks += f.ruleId == QLatin1String("unconverted-callback");
        QCOMPARE(callbacks, 1); // TensorBoard, not EarlyStopping
        const Finding *compile = findingOf(findings, QStringLiteral("torch-compile"));
        QVERIFY(compile);
        QVERIFY(compile->fixes.isEmpty());
        QVERIFY2(compile->guidance.contains(QStringLiteral("one loss per output")), qPrintable(compile->guidance));
    }

    void notKerasGivesNoFinding()
    {
        // scikit-learn's predict/fit and a PyTorch module's are not Keras models
        const QVector<Finding> findings = findingsOf(
            "from sklearn.linear_model import LogisticRegression\nimport torch.nn as nn\n"
            "clf = LogisticRegression()\nclf.fit(X, y)\np = clf.predict(X)\n"
            "net = nn.Sequential(nn.Linear(4, 2))\nq = net.predict(X)\nimport re\nre.compile('x')\n");
        QVERIFY2(findings.isEmpty(), qPrintable(findings.value(0).ruleId + QLatin1Char(' ') + findings.value(0).guidance));
    }

    void sizesFromTheDataStayExpressions()
    {
        const QString out = QString::fromUtf8(convertedText(
            "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
            "n_in = X_train.shape[1]\nmodel = Sequential()\nmodel.add(Dense(32, input_dim=n_in, activation='relu'))\n"
            "model.add(Dense(Y_train.shape[1], activation='softmax'))\n"
            "model.compile(optimizer='adam', loss='categorical_crossentropy')\nmodel.fit(X_train, Y_train, epochs=2)\n"));
        // the constructor takes them: the class reads no global
        QVERIFY2(out.contains(QStringLiteral("def __init__(self, x_train_shape_1, y_train_shape_1):")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("self.dense = nn.Linear(x_train_shape_1, 32, bias=True)")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("self.dense_1 = nn.Linear(32, y_train_shape_1, bias=True)")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("model = Net(x_train_shape_1=X_train.shape[1], y_train_shape_1=Y_train.shape[1]).to(device)")), qPrintable(out));
        QVERIFY(!out.contains(QString::number(kSymbolicBase)));

        // unpacked from the shape, of a rank the code does not state
        const QString unpacked = QString::fromUtf8(convertedText(
            "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, Reshape\n"
            "n_samples, n_features = feats.shape\nh, w = img.shape[1:]\n"
            "top = Sequential([Dense(1, input_dim=n_features, activation='sigmoid')])\n"
            "top.compile(optimizer='adam', loss='binary_crossentropy')\ntop.fit(feats, labels)\n"
            "flat = Sequential([Dense(h * w, input_dim=w)])\nflat.compile(optimizer='sgd', loss='mse')\nflat.fit(img, img)\n"));
        QVERIFY2(unpacked.contains(QStringLiteral("self.dense = nn.Linear(feats_shape_1, 1, bias=True)")), qPrintable(unpacked));
        QVERIFY2(unpacked.contains(QStringLiteral("top = TopModel(feats_shape_1=feats.shape[1]).to(device)")), qPrintable(unpacked));
        QVERIFY2(!unpacked.contains(QStringLiteral("class FlatModel")), qPrintable(unpacked)); // h * w is computed: refused

        // a size computed from one (a convolution over a data-sized image) cannot be written
        const QVector<Finding> findings = findingsOf(
            "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, Conv2D, Flatten\n"
            "model = Sequential([Conv2D(4, 3, input_shape=(X.shape[1], X.shape[2], 1)), Flatten(), Dense(2)])\n"
            "model.compile(optimizer='adam', loss='mse')\nmodel.fit(X, Y)\n");
        const Finding *module = findingOf(findings, QStringLiteral("torch-module"));
        QVERIFY(module);
        QVERIFY(module->fixes.isEmpty());
        QVERIFY2(module->guidance.contains(QStringLiteral("needs the data's shape")), qPrintable(module->guidance));
    }

    // ------------------------------------------------------ the converted code runs

    void convertedScriptTrainsInPyTorch()
    {
        if (!havePythonTorch())
            QSKIP("python3-torch is not installed");
        QTemporaryDir dir;
        const QByteArray keras =
            "import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"
            "from tensorflow.keras.utils import to_categorical\n"
            "from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau\n"
            "rng = np.random.RandomState(0)\nX = rng.randn(600, 10).astype('float32')\ny = (X[:, 0] + X[:, 1] > 0).astype('int64') + (X[:, 2] > 1)\n"
            "Y = to_categorical(y)\n"
            "model = keras.Sequential([layers.Dense(32, activation='relu', input_shape=(10,)), layers.Dropout(0.1), "
            "layers.Dense(Y.shape[1], activation='softmax')])\n"
            "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss='categorical_crossentropy', metrics=['accuracy'])\n"
            "es = EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)\n"
            "history = model.fit(X, Y, validation_split=0.25, epochs=40, batch_size=64, verbose=0,\n"
            "                    callbacks=[es, ModelCheckpoint('best.h5', save_best_only=True), ReduceLROnPlateau(factor=0.5, patience=1)])\n"
            "score = model.evaluate(X, Y, verbose=0)\n"
            "proba = model.predict(X[:7])\n"
            "model.save('final.h5')\n";
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("tensorflow"), out.constData());
        QVERIFY2(out.contains("torch.save(model.state_dict(), 'final.pth')"), out.constData());
        QVERIFY2(out.contains("torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode=\"min\", factor=0.5, patience=0"), out.constData());

        // the IR's PyTorch parameter count for the same model
        Document doc;
        InputError error;
        QVERIFY(parseScript(keras, QStringLiteral("k.py"), &doc, &error));
        ExtractOptions options;
        options.dataShape = {10};
        options.dataClasses = 3;
        const ExtractResult ir = extractModel(doc, options);
        QVERIFY2(ir.ok, qPrintable(ir.error));
        bool ok = false;
        const QString printed = runPython(dir.path(), out +
            "\nimport os\n"
            "print('params', sum(p.numel() for p in model.parameters()))\n"
            "print('epochs', len(history.epoch), len(history.history['val_loss']))\n"
            "print('accuracy', score[1])\n"
            "print('proba', proba.shape[0], proba.shape[1], round(float(proba.sum(axis=1).mean()), 4))\n"
            "print('files', os.path.exists('best.pth'), os.path.exists('final.pth'))\n", &ok);
        QVERIFY(ok);
        QVERIFY2(printed.contains(QStringLiteral("params %1\n").arg(ir.model.paramsTorch)), qPrintable(printed));
        const QRegularExpressionMatch epochs = QRegularExpression(QStringLiteral("epochs (\\d+) (\\d+)")).match(printed);
        QVERIFY(epochs.hasMatch());
        QCOMPARE(epochs.captured(1), epochs.captured(2));
        QVERIFY(epochs.captured(1).toInt() >= 1 && epochs.captured(1).toInt() <= 40);
        const double accuracy = QRegularExpression(QStringLiteral("accuracy ([0-9.]+)")).match(printed).captured(1).toDouble();
        QVERIFY2(accuracy > 0.8, qPrintable(printed));
        QVERIFY2(printed.contains(QStringLiteral("proba 7 3 1.0\n")), qPrintable(printed)); // softmax applied
        QVERIFY2(printed.contains(QStringLiteral("files True True")), qPrintable(printed));
    }

    void reviewedLayoutsStayPython()
    {
        // what a review of the generators found (each once broke the file or the run)
        const QByteArray source =
            "import numpy as np\nfrom sklearn.preprocessing import StandardScaler\n"
            "from tensorflow.keras import layers, models, optimizers, callbacks\n"
            "TRAIN = False\n"
            "def build_model():\n"
            "    model = models.Sequential([layers.Dense(8, activation='relu', input_shape=(4,)), layers.Dense(1)])\n"
            "    model.compile(optimizer=optimizers.Adam(amsgrad=True, clipnorm=1.0), loss='mse', metrics=['mae'])\n"
            "    return model\n"
            "scaler = StandardScaler()\n"
            "inp = layers.Input(shape=(4,))\nout = layers.Dense(1, activation='sigmoid')(inp)\nclf = models.Model(inp, out)\n"
            "clf.compile(optimizer='sgd', loss='mse', metrics=['accuracy'])\n"
            "model = build_model()\n"
            "if TRAIN:\n    model.fit(X, y)\n"
            "es = callbacks.EarlyStopping(patience=2)\nmc = callbacks.ModelCheckpoint('best.h5', 'val_loss', 0, True)\n"
            "cbs = [es, mc]\n"
            "history = model.fit(X, y, validation_split=0.25, epochs=3, verbose=0, callbacks=cbs)\n"
            "loss, mae = model.evaluate(X, y, verbose=0)\n"
            "for k in range(1):\n"
            "    print(\"\"\"score\nlines\"\"\", model.evaluate(X, y, verbose=0))\n"
            "clf.fit(X, (y > 0).astype('float32'), epochs=1, verbose=0)\n"
            "model.save('saved_model_dir')\n";
        QTemporaryDir dir;
        const QByteArray out = converted(dir.path(), source);
        const QString text = QString::fromUtf8(out);
        QVERIFY2(text.contains(QStringLiteral("scaler = StandardScaler()")), out.constData()); // user code kept
        QVERIFY(text.contains(QStringLiteral("    global criterion, optimizer")));
        QVERIFY(text.contains(QStringLiteral("amsgrad=True)")));
        QVERIFY(text.contains(QStringLiteral("# TODO: Keras clipnorm=1.0: call torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)")));
        QVERIFY(text.contains(QStringLiteral("if TRAIN:\n    # model.fit(…) as an explicit PyTorch training loop"))); // in its block
        QVERIFY(text.contains(QStringLiteral("# cbs = [es, mc]")));
        QVERIFY(text.contains(QStringLiteral("if history.history[\"val_loss\"][-1] < callback1_best:"))); // save_best_only (4th)
        QVERIFY(text.contains(QStringLiteral("((outputs > 0.5) == (yb > 0.5)).float().reshape(len(yb), -1).mean(dim=1).sum().item()"))); // one unit: binary accuracy
        QVERIFY(text.contains(QStringLiteral("torch.save(model.state_dict(), 'saved_model_dir.pth')")));
        QVERIFY(text.contains(QStringLiteral("    print(\"\"\"score\nlines\"\"\", evaluation)"))); // verbatim
        // (a fit() sharing its line with `if TRAIN:` keeps its model in Keras: tst_convertuses)
        if (!havePythonTorch())
            QSKIP("python3-torch is not installed");
        bool ok = false;
        const QString printed = runPython(dir.path(),
            "import numpy as np\nX = np.random.rand(16, 4).astype('float32')\ny = np.random.rand(16).astype('float32')\n"
            + out + "\nimport os\nprint('history', sorted(history.history))\nprint('mae', round(float(mae), 6) >= 0)\n"
                    "print('saved', os.path.exists('saved_model_dir.pth'), os.path.exists('best.pth'))\n", &ok);
        QVERIFY(ok);
        QVERIFY2(printed.contains(QStringLiteral("history ['loss', 'mae', 'val_loss', 'val_mae']")), qPrintable(printed));
        QVERIFY(printed.contains(QStringLiteral("mae True")));
        QVERIFY(printed.contains(QStringLiteral("saved True True")));
        QVERIFY(printed.contains(QStringLiteral("score\nlines")));
    }

    void addsInALaterCellGoWithTheClass()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("n.ipynb"));
        test::writeFile(path, kTwoCellNotebook);
        const RuleEngine engine = pytorchEngine();
        applyAll(scanRepository(dir.path(), engine), engine, ApplyOptions());
        Document doc;
        InputError error;
        QVERIFY(readDocument(path, &doc, &error));
        QVERIFY2(doc.cells[0].source.contains("self.dense_1 = nn.Linear(4, 1, bias=True)"), doc.cells[0].source.constData());
        QVERIFY(!doc.cells[0].source.contains("# hidden")); // the removed line's comment goes with it
        QVERIFY2(!doc.cells[1].source.contains("clf.add("), doc.cells[1].source.constData());
        QVERIFY(doc.cells[1].source.startsWith("clf_criterion = nn.BCEWithLogitsLoss()"));
    }

    void reviewedSemantics()
    {
        // unknown optimizers are refused, not turned into compile()'s rmsprop default
        const QVector<Finding> nadam = findingsOf(
            "from tensorflow.keras import layers, models\nm = models.Sequential([layers.Dense(2, input_shape=(3,))])\n"
            "m.compile(optimizer='nadam', loss='mse')\n");
        const Finding *compile = findingOf(nadam, QStringLiteral("torch-compile"));
        QVERIFY(compile && compile->fixes.isEmpty());
        QVERIFY2(compile->guidance.contains(QStringLiteral("torch.optim.nadam")), qPrintable(compile->guidance));
        // a strided 'same' convolution gets TensorFlow's padding; zoom ranges as lists
        const QString conv = QString::fromUtf8(convertedText(
            "from tensorflow.keras import layers, models\nfrom tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
            "m = models.Sequential([layers.Conv2D(4, 3, strides=2, padding='same', input_shape=(9, 9, 1)), layers.Flatten(), layers.Dense(2)])\n"
            "g = ImageDataGenerator(zoom_range=[0.8, 1.2])\nflow = g.flow_from_directory('d', target_size=(9, 9))\n"));
        QVERIFY2(conv.contains(QStringLiteral("h0 = self.conv2d(F.pad(x, (1, 1, 1, 1)))")), qPrintable(conv));
        QVERIFY(conv.contains(QStringLiteral("self.dense = nn.Linear(100, 2, bias=True)"))); // 5 x 5 x 4
        QVERIFY(conv.contains(QStringLiteral("scale=tuple([0.8, 1.2])")));
        // from_logits=True: predict gives the logits, as Keras did
        const QString logits = QString::fromUtf8(convertedText(
            "from tensorflow import keras\nm = keras.Sequential([keras.layers.Dense(3, input_shape=(2,))])\n"
            "m.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
            "p = m.predict(X)\n"));
        QVERIFY2(logits.contains(QStringLiteral("p = outputs.cpu().numpy()")), qPrintable(logits));
        // to_categorical of (N, 1) labels is (N, C), as Keras makes it
        if (!havePythonTorch())
            QSKIP("python3-torch is not installed");
        QTemporaryDir dir;
        const QByteArray onehot = converted(dir.path(), "import numpy as np\nfrom keras.utils import to_categorical\n"
                                                        "Y = to_categorical(np.array([[0], [2], [1.0]]))\n");
        bool ok = false;
        const QString printed = runPython(dir.path(), onehot + "print(Y.shape, Y[1].tolist())\n", &ok);
        QVERIFY(ok);
        QCOMPARE(printed, QStringLiteral("(3, 3) [0.0, 0.0, 1.0]\n"));
    }

    void imageFolderPipelineTrains()
    {
        const QByteArray keras =
            "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
            "from tensorflow.keras import layers, models\n"
            "gen = ImageDataGenerator(rescale=1./255, rotation_range=10, width_shift_range=0.1, horizontal_flip=True)\n"
            "train_flow = gen.flow_from_directory('images', target_size=(16, 16), batch_size=4, class_mode='binary', seed=1)\n"
            "model = models.Sequential([layers.Conv2D(4, 3, activation='relu', input_shape=(16, 16, 3)), "
            "layers.GlobalAveragePooling2D(), layers.Dense(1, activation='sigmoid')])\n"
            "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
            "history = model.fit_generator(train_flow, 3, epochs=2)\n";
        QTemporaryDir dir;
        const QByteArray out = converted(dir.path(), keras);
        for (const char *line : {"transforms.Resize((16, 16)),", "transforms.RandomRotation(10),",
                                 "transforms.RandomAffine(degrees=0, translate=(0.1, 0)),", "transforms.RandomHorizontalFlip(),",
                                 "transforms.ToTensor(),  # scales to [0, 1] as rescale=1./255 did",
                                 "train_flow = DataLoader(datasets.ImageFolder('images', transform=train_flow_transform), "
                                 "batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(1))",
                                 "for xb, yb in itertools.islice(train_loader, 3):  # steps_per_epoch", "yb = yb.float().reshape(len(yb), -1)"})
            QVERIFY2(out.contains(line), qPrintable(QString::fromUtf8(line) + QStringLiteral("\n--\n") + QString::fromUtf8(out)));
        QProcess probe;
        probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import torch, torchvision, PIL")});
        if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
            QSKIP("python3-torchvision or python3-pil is not installed");
        bool ok = false;
        const QString printed = runPython(dir.path(),
            "import os\nfrom PIL import Image\nimport numpy as np\n"
            "for label in ('cats', 'dogs'):\n"
            "    os.makedirs(os.path.join('images', label), exist_ok=True)\n"
            "    for i in range(6):\n"
            "        pixels = np.full((20, 20, 3), 40 if label == 'cats' else 200, dtype=np.uint8)\n"
            "        Image.fromarray(pixels).save(os.path.join('images', label, f'{i}.png'))\n"
            + out + "\nxb, yb = next(iter(train_flow))\nprint('batch', tuple(xb.shape), float(xb.max()) <= 1.0)\n"
                    "print('epochs', len(history.history['loss']))\n", &ok);
        QVERIFY(ok);
        QVERIFY2(printed.contains(QStringLiteral("batch (4, 3, 16, 16) True")), qPrintable(printed));
        QVERIFY2(printed.contains(QStringLiteral("epochs 2")), qPrintable(printed));
    }

    void convertedModelsRunInPyTorch_data()
    {
        QTest::addColumn<QByteArray>("keras");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("check");
        QTest::newRow("convnet NHWC arrays")
            << QByteArray("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
                          "model = keras.Sequential([layers.Conv2D(4, 3, padding='same', activation='relu', input_shape=(12, 12, 1)), "
                          "layers.MaxPooling2D(), layers.BatchNormalization(), layers.Flatten(), layers.Dense(3, activation='softmax')])\n"
                          "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])\n"
                          "hist = model.fit(X, y, epochs=2, validation_data=(X, y))\n")
            << QByteArray("import numpy as np\nX = np.random.rand(40, 12, 12, 1).astype('float32')\ny = np.random.randint(0, 3, 40)\n")
            << QByteArray("assert len(hist.history['val_acc']) == 2\n"
                          "assert abs(model.batch_normalization.momentum - 0.01) < 1e-9 and model.batch_normalization.eps == 0.001\n");
        QTest::newRow("text LSTM binary")
            << QByteArray("from keras.models import Sequential\nfrom keras.layers import Embedding, LSTM, Dense\n"
                          "model = Sequential()\nmodel.add(Embedding(50, 8, input_length=6))\nmodel.add(LSTM(5))\n"
                          "model.add(Dense(1, activation='sigmoid'))\n"
                          "model.compile(loss='binary_crossentropy', optimizer='rmsprop', metrics=['accuracy'])\n"
                          "model.fit(X, y, batch_size=8, epochs=2)\nloss, acc = model.evaluate(X, y)\n")
            << QByteArray("import numpy as np\nX = np.random.randint(0, 50, (30, 6))\ny = np.random.randint(0, 2, 30)\n")
            << QByteArray("fresh = Net()\nb = fresh.lstm.bias_ih_l0.detach()\n"
                          "assert bool((b[5:10] == 1).all()) and bool((b[:5] == 0).all())  # Keras unit_forget_bias\n"
                          "assert float(fresh.embedding.weight.abs().max()) <= 0.05\n"
                          "assert 0 <= acc <= 1\n");
        QTest::newRow("padding, pooling, reshape, softmax with mse")
            << QByteArray("from tensorflow.keras import layers, models\n"
                          "m = models.Sequential([layers.ZeroPadding2D(1, input_shape=(8, 8, 3)), layers.AveragePooling2D(2), "
                          "layers.SpatialDropout2D(0.1), layers.GlobalMaxPooling2D(), layers.Reshape((3, 1)), layers.Flatten(), "
                          "layers.Dense(2), layers.Softmax()])\nm.compile(optimizer='sgd', loss='mse')\n"
                          "m.fit(X, Y, epochs=2, batch_size=4)\nout = m.predict(X)\n")
            << QByteArray("import numpy as np\nX = np.random.rand(10, 8, 8, 3).astype('float32')\n"
                          "Y = np.eye(2, dtype='float32')[np.random.randint(0, 2, 10)]\n")
            << QByteArray("assert out.shape == (10, 2) and abs(float(out.sum(axis=1).mean()) - 1) < 1e-5\n");
        QTest::newRow("pandas frame and series, as Keras takes them")
            << QByteArray("from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
                          "model = Sequential([Dense(4, activation='relu', input_shape=(3,)), Dense(1)])\n"
                          "model.compile(optimizer='adam', loss='mae')\nmodel.fit(df[['a', 'b', 'c']], df['y'], epochs=2)\n"
                          "pred = model.predict(df[['a', 'b', 'c']])\n")
            << QByteArray("import numpy as np\nimport pandas as pd\n"
                          "df = pd.DataFrame(np.random.rand(12, 4), columns=['a', 'b', 'c', 'y'])\n")
            << QByteArray("assert pred.shape == (12, 1)\n");
        QTest::newRow("functional regression")
            << QByteArray("from tensorflow.keras.layers import Input, Dense, Add\nfrom tensorflow.keras.models import Model\n"
                          "i = Input(shape=(5,))\na = Dense(5, activation='relu')(i)\ns = Add()([i, a])\no = Dense(1)(s)\n"
                          "net = Model(i, o)\nnet.compile(optimizer='sgd', loss='mse')\nnet.fit(X, y, epochs=3)\nprint(net.predict(X).shape)\n")
            << QByteArray("import numpy as np\nX = np.random.rand(20, 5).astype('float32')\ny = X.sum(axis=1)\n")
            << QByteArray("assert isinstance(net_criterion, nn.MSELoss)\n");
    }

    void convertedModelsRunInPyTorch()
    {
        QFETCH(QByteArray, keras);
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, check);
        if (!havePythonTorch())
            QSKIP("python3-torch is not installed");
        QTemporaryDir dir;
        const QByteArray out = converted(dir.path(), keras);
        QVERIFY2(!out.contains("tensorflow") && !out.contains("from keras"), out.constData());
        QVERIFY2(out.contains("zero_grad()") || out.contains("torch.no_grad()"), out.constData());
        bool ok = false;
        const QString printed = runPython(dir.path(), data + out + "\n" + check + "print('done')\n", &ok);
        QVERIFY(ok);
        QVERIFY(printed.endsWith(QStringLiteral("done\n")));
    }
};

QTEST_GUILESS_MAIN(TstConvert)
#include "tst_convert.moc"
