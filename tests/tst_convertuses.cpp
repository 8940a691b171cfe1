// The keras-to-pytorch target and a model's other uses: its layers and weights read or
// set by the notebook (get_layer, model.layers[k], get_weights/set_weights/.weights,
// trainable), converted in Keras's layout and run in PyTorch; the uses that keep the
// model in Keras (a layer's .output, weights not converted, a Keras-only model loaded
// from the file it saves).

#include "ConvertSupport.h"
#include "RepositoryScanner.h"
#include "ScanReport.h"
#include "TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kmw;
using namespace kmw::test;

namespace {

/// The torch-module findings of the keras-to-pytorch pack in `source`, by model name.
QHash<QString, Finding> moduleFindings(const QByteArray &source)
{
    QHash<QString, Finding> module;
    for (const Finding &f : findingsOf(source))
        if (f.ruleId == QLatin1String("torch-module"))
            module.insert(f.message.section(QLatin1Char('`'), 1, 1), f);
    return module;
}

} // namespace

class TstConvertUses : public QObject {
    Q_OBJECT

private slots:
    void layerWeightsConverted()
    {
        // the word-embedding lessons' form: the trained embeddings read back with
        // get_layer(…).get_weights(), chained or through a name; a layer used otherwise
        // (its .output) keeps its model in Keras
        const QByteArray source =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\n"
            "from tensorflow.keras.layers import Conv2D, Dense, Embedding, Flatten\n"
            "X = np.random.randint(0, 20, size=(16, 6))\ny = np.random.randint(0, 2, size=16)\n"
            "model = Sequential([Embedding(20, 5, input_length=6, name='emb'), Flatten(), Dense(1, activation='sigmoid', name='d')])\n"
            "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "model.fit(X, y, epochs=1, verbose=0)\n"
            "weights = model.get_layer('emb').get_weights()[0]\n"
            "dense = model.get_layer('d')\n"
            "kernel, bias = dense.get_weights()\n"
            "print('shapes', weights.shape, kernel.shape, bias.shape)\n"
            "everything = model.get_weights()\n"
            "model.set_weights([np.ones_like(a) for a in everything])\n"
            "print('count', len(everything), float(model.get_layer('emb').get_weights()[0].sum()))\n"
            "model.layers[-1].trainable = False\n"
            "last = model.layers[-1].weights[0].numpy()\n"
            "print('last', last.shape, float(last.sum()))\n"
            "conv = Sequential([Conv2D(2, 3, input_shape=(6, 6, 1)), Flatten(), Dense(3)])\n"
            "conv.compile(optimizer='sgd', loss='mse')\n"
            "wanted = [np.random.rand(*a.shape) for a in conv.get_weights()]\n"
            "conv.set_weights(wanted)\n"
            "back = conv.get_weights()\n"
            "print('round trip', [a.shape for a in back], max(float(np.abs(a - b).max()) for a, b in zip(back, wanted)) < 1e-6)\n"
            "other = Sequential([Dense(2, input_shape=(3,), name='h')])\n"
            "other.compile(optimizer='sgd', loss='mse')\n"
            "h = other.get_layer('h')\n"
            "print(h.output)\n";
        const QVector<Finding> findings = findingsOf(source);
        QStringList blocked;
        int fixable = 0;
        for (const Finding &f : findings) {
            if (f.ruleId == QLatin1String("torch-module")) {
                fixable += f.fixable();
                if (!f.fixable())
                    blocked << f.guidance;
            }
        }
        QCOMPARE(fixable, 2);
        QCOMPARE(blocked.size(), 1);
        QVERIFY2(blocked.first().contains(QLatin1String("`h.output` (h is other.get_layer('h'))")), qPrintable(blocked.first()));
        QTemporaryDir dir;
        const QByteArray after = converted(dir.path(), source);
        QVERIFY2(after.contains("weights = [model.emb.weight.detach().cpu().numpy()][0]\n"), after.constData());
        QVERIFY2(after.contains("dense = model.d\nkernel, bias = [dense.weight.detach().cpu().numpy().T, "
                                "dense.bias.detach().cpu().numpy()]\n"), after.constData());
        QVERIFY(after.contains("h = other.get_layer('h')"));
        if (!havePythonTorch())
            QSKIP("no Python with torch");
        bool ok = false;
        const QString out = runPython(dir.path(), "import os\nos.environ.setdefault('KERAS_BACKEND', 'torch')\nimport keras\n" + after, &ok);
        QVERIFY2(ok, qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("shapes (20, 5) (30, 1) (1,)")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("count 3 100.0")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("last (30, 1) 30.0")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("round trip [(3, 3, 1, 2), (2,), (32, 3), (3,)] True")), qPrintable(out));
    }

    void weightsOfLayersNotConvertedKeepTheModel()
    {
        // an LSTM's weights (gate order, two biases) are not converted: reading them, even
        // through a name, keeps the model in Keras, and the finding says why
        const QByteArray source =
            "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, LSTM\n"
            "model = Sequential([LSTM(4, input_shape=(5, 3), name='rnn'), Dense(1)])\n"
            "model.compile(optimizer='adam', loss='mse')\n"
            "rnn = model.get_layer('rnn')\nw = rnn.get_weights()\n";
        for (const Finding &f : findingsOf(source))
            if (f.ruleId == QLatin1String("torch-module")) {
                QVERIFY(!f.fixable());
                QVERIFY2(f.guidance.contains(QLatin1String("`rnn.get_weights` (rnn is model.get_layer('rnn'): the weights of rnn (LSTM) "
                                                           "are not converted")),
                         qPrintable(f.guidance));
                return;
            }
        QFAIL("no torch-module finding");
    }

    void heldBackModuleIsInTheGuidanceAndRuns()
    {
        // a use that keeps the model in Keras (here `model.layers` read by a loop): no fix,
        // but the generated module is in the guidance, after why it is not applied; it is
        // whole (imports, Keras's initialisation) and runs in PyTorch
        const QByteArray source =
            "import tensorflow as tf\n"
            "model = tf.keras.Sequential([\n"
            "    tf.keras.layers.Conv2D(3, 3, padding='same', name='c', input_shape=(8, 8, 2)),\n"
            "    tf.keras.layers.Flatten(), tf.keras.layers.Dense(4, name='d')])\n"
            "for l in model.layers:\n    print(l.name, l.trainable)\n";
        QString guidance;
        for (const Finding &f : findingsOf(source))
            if (f.ruleId == QLatin1String("torch-module")) {
                QVERIFY(!f.fixable());
                guidance = f.guidance;
            }
        QVERIFY2(guidance.contains(QLatin1String("Not applied: `model.layers` in cell 0 uses the Keras model")), qPrintable(guidance));
        const qsizetype fence = guidance.indexOf(QLatin1String("```python\n"));
        QVERIFY2(fence > 0 && guidance.endsWith(QLatin1String("\n```")), qPrintable(guidance));
        const QString code = guidance.mid(fence + 10, guidance.size() - fence - 10 - 4);
        QVERIFY2(code.contains(QLatin1String("class Net(nn.Module)")) && code.contains(QLatin1String("def keras_init_")),
                 qPrintable(code));
        // the Markdown report keeps it a code block under the finding, not one long line
        QTemporaryDir repo;
        QVERIFY(writeFile(repo.filePath(QStringLiteral("m.py")), source));
        const RuleEngine engine = pytorchEngine();
        const QByteArray report = scanReportMarkdown(scanRepository(repo.path(), engine), engine);
        QVERIFY2(report.contains("converted by hand.  The module, for when that code is converted:\n\n  ```python\n  import torch\n")
                     && report.contains("\n  class Net(nn.Module):\n"),
                 report.constData());
        if (!havePythonTorch())
            QSKIP("no Python with torch");
        QTemporaryDir dir;
        bool ok = false;
        const QString out = runPython(dir.path(), code.toUtf8() + "\nnet = Net()\n"
                                      "y = net(torch.rand(5, 2, 8, 8))\n"
                                      "print('out', tuple(y.shape), sum(p.numel() for p in net.parameters()))\n", &ok);
        QVERIFY2(ok, qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("out (5, 4) 829")), qPrintable(out)); // 2*3*9+3 + 192*4+4
    }

    void modelLoadedFromItsFileIsItsUse()
    {
        // `model.save(p)` then `m2 = load_model(p)`: the converted save writes a state_dict,
        // so m2's uses decide too (a Keras-only use of m2 keeps `model` in Keras)
        const QByteArray head =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential, load_model\n"
            "from tensorflow.keras.layers import Dense\n"
            "model = Sequential([Dense(2, input_shape=(3,))])\n"
            "model.compile(optimizer='sgd', loss='mse')\n"
            "path = 'm.keras'\nmodel.save(path)\ndel model\n"
            "m2 = load_model(path)\n";
        auto moduleGuidance = [](const QVector<Finding> &findings, bool *fixable) {
            for (const Finding &f : findings)
                if (f.ruleId == QLatin1String("torch-module")) {
                    *fixable = f.fixable();
                    return f.guidance;
                }
            return QString();
        };
        bool fixable = true;
        const QString blocked = moduleGuidance(findingsOf(head + "out = m2.layers[0].output\n"), &fixable);
        QVERIFY(!fixable);
        QVERIFY2(blocked.contains(QString::fromUtf8("`m2 = load_model(…)` in cell 0 loads the file `model` is saved to, and "
                                                    "`m2.layers[0]` (used as attribute) in cell 0")),
                 qPrintable(blocked));
        moduleGuidance(findingsOf(head + "print(m2.predict(np.array([[1.0, 2.0, 3.0]])))\n"), &fixable);
        QVERIFY(fixable);
    }


    void usesInFunctionsDefinedBeforeAndKerasIterators()
    {
        // A function defined before the model reads it when called later (the transfer-
        // learning form `def create_model(): … base_model.output`): converting the model
        // would leave that function reading a module (or a deleted name). fit() on
        // flow_from_dataframe() batches is a Keras iterator the loops cannot take.
        const QByteArray source =
            "import numpy as np\nimport pandas as pd\nfrom tensorflow.keras.models import Sequential, Model\n"
            "from tensorflow.keras.layers import Dense\nfrom tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
            "def create_model():\n    head = Dense(2)(base_model.output)\n    return Model(base_model.input, head)\n"
            "def unrelated(base_model):\n    return base_model\n"
            "base_model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(3)])\n"
            "base_model.compile(optimizer='adam', loss='mse')\nmodel = create_model()\n"
            "frames = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(3, activation='softmax')])\n"
            "frames.compile(optimizer='adam', loss='categorical_crossentropy')\n"
            "batches = ImageDataGenerator().flow_from_dataframe(pd.DataFrame(), x_col='f', y_col='c')\n"
            "frames.fit(batches, epochs=1)\n";
        QHash<QString, QString> why;
        for (const Finding &f : moduleFindings(source)) {
            QVERIFY2(!f.fixable(), qPrintable(f.message));
            why.insert(f.message.section(QLatin1Char('`'), 1, 1), f.guidance);
        }
        QVERIFY2(why.value(QStringLiteral("base_model")).contains(QLatin1String("`base_model.output`")), qPrintable(why.value(QStringLiteral("base_model"))));
        QVERIFY2(why.value(QStringLiteral("frames")).contains(QLatin1String("ImageDataGenerator.flow()")), qPrintable(why.value(QStringLiteral("frames"))));
        // a function whose parameter has the model's name reads its own argument
        QVERIFY(!why.value(QStringLiteral("base_model")).contains(QLatin1String("unrelated")));
    }

    void layerObjectsUsedAfterTheModelKeepIt()
    {
        // `emb = Embedding(…)` put in the model, then `emb.set_weights(…)`: converted, the
        // model's module has new layers and the weights would go to an orphan Keras layer.
        // A layer object nothing uses afterwards is converted with its model.
        const QByteArray source =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense, Embedding, Flatten\n"
            "X = np.random.randint(0, 20, size=(16, 6))\ny = np.random.randint(0, 2, size=16)\n"
            "emb = Embedding(20, 5, input_length=6)\nmodel = Sequential([emb, Flatten(), Dense(1, activation='sigmoid')])\n"
            "model.compile(optimizer='adam', loss='binary_crossentropy')\nmodel.fit(X, y, epochs=1, verbose=0)\n"
            "emb.set_weights([np.zeros((20, 5))])\n"
            "dense = Dense(4)\nother = Sequential()\nother.add(Dense(3, input_shape=(4,)))\nother.add(dense)\n"
            "other.compile(optimizer='sgd', loss='mse')\n";
        const QHash<QString, Finding> module = moduleFindings(source);
        QVERIFY(module.contains(QStringLiteral("model")) && module.contains(QStringLiteral("other")));
        QVERIFY(!module.value(QStringLiteral("model")).fixable());
        QVERIFY2(module.value(QStringLiteral("model")).guidance.contains(QLatin1String("`emb.set_weights` in cell 0 uses the layer `emb`")),
                 qPrintable(module.value(QStringLiteral("model")).guidance));
        QVERIFY(module.value(QStringLiteral("other")).fixable());
    }

    void functionalModelsSharingTensorsStayTogether()
    {
        // A training model and its inference encoder built on the same Input share their
        // layers in Keras (21_Machine_Translation's form): modules of new layers would
        // not, so neither is converted alone. A model sharing nothing is converted.
        const QByteArray source =
            "import numpy as np\nfrom tensorflow.keras.models import Model\nfrom tensorflow.keras.layers import Input, Dense\n"
            "X = np.random.rand(16, 4).astype('float32')\ny = np.random.rand(16, 2).astype('float32')\n"
            "encoder_input = Input(shape=(4,))\nencoded = Dense(3, activation='relu')(encoder_input)\ndecoded = Dense(2)(encoded)\n"
            "model_train = Model(encoder_input, decoded)\nmodel_train.compile(optimizer='adam', loss='mse')\n"
            "model_train.fit(X, y, epochs=1, verbose=0)\nmodel_encoder = Model(inputs=encoder_input, outputs=encoded)\n"
            "alone_input = Input(shape=(4,))\nalone = Model(alone_input, Dense(2)(alone_input))\nalone.compile(optimizer='adam', loss='mse')\n";
        const QHash<QString, Finding> module = moduleFindings(source);
        QVERIFY(!module.value(QStringLiteral("model_train")).fixable());
        QVERIFY(!module.value(QStringLiteral("model_encoder")).fixable());
        QVERIFY2(module.value(QStringLiteral("model_encoder")).guidance.contains(QLatin1String("The model `model_train` (cell 0) shares `encoder_input`")),
                 qPrintable(module.value(QStringLiteral("model_encoder")).guidance));
        QVERIFY(module.value(QStringLiteral("alone")).fixable());
    }
    void usesThatDoNotConvertKeepTheModel()
    {
        // Each call a generator rewrites must be rewritten: a fit() whose metric the loop
        // does not compute, or a compile() with the notebook's own loss function, would
        // stay Keras code on a module, so the model stays Keras (the dev set's
        // 23_Time-Series-Prediction and 10_Fine-Tuning). A GAN's models called on Keras
        // tensors are layers of the combined model (generative_adversarial_network):
        // none is converted. load_weights() of a computed path that a converted
        // checkpoint writes reads its .pth.
        const QByteArray source =
            "import numpy as np\nfrom tensorflow.keras.models import Sequential, Model\nfrom tensorflow.keras.layers import Dense, Input\n"
            "from tensorflow.keras.callbacks import ModelCheckpoint\n"
            "X = np.random.rand(16, 4).astype('float32')\ny = np.random.randint(0, 2, 16)\n"
            "auc = Sequential([Dense(1, activation='sigmoid', input_shape=(4,))])\n"
            "auc.compile(optimizer='adam', loss='binary_crossentropy', metrics=['AUC'])\nauc.fit(X, y, epochs=1)\n"
            "def my_loss(y_true, y_pred):\n    return ((y_true - y_pred) ** 2).mean()\n"
            "own = Sequential([Dense(1, input_shape=(4,))])\nown.compile(optimizer='adam', loss=my_loss)\n"
            "generator = Sequential([Dense(4, input_shape=(2,))])\n"
            "discriminator = Sequential([Dense(1, activation='sigmoid', input_shape=(4,))])\n"
            "discriminator.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "z = Input(shape=(2,))\nimg = generator(z)\npred = discriminator(img)\n"
            "gan = Model(z, pred)\ngan.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "discriminator.train_on_batch(X, y)\ngan.train_on_batch(np.random.rand(16, 2), y)\n"
            "out_dir = 'weights'\nsaved = Sequential([Dense(1, activation='sigmoid', input_shape=(4,))])\n"
            "saved.compile(optimizer='adam', loss='binary_crossentropy')\n"
            "saved.fit(X, y, epochs=2, callbacks=[ModelCheckpoint(out_dir + '/w.{epoch:02d}.hdf5')])\n"
            "saved.load_weights(out_dir + '/w.02.hdf5')\n"
            "TRAIN = False\nline = Sequential([Dense(1, input_shape=(4,))])\nline.compile(optimizer='adam', loss='mse')\n"
            "if TRAIN: line.fit(X, y)\n";
        const QHash<QString, Finding> module = moduleFindings(source);
        const auto heldBy = [&](const char *model, const char *why) {
            const Finding f = module.value(QString::fromLatin1(model));
            return !f.fixable() && f.guidance.contains(QString::fromUtf8(why)) ? QString() : QString::fromLatin1(model) + QLatin1Char(' ') + f.guidance;
        };
        for (const QString &wrong : {heldBy("auc", "`auc.fit(…)` (not converted: the metric 'AUC' is not converted"),
                                     heldBy("own", "`own.compile(…)` (not converted:"),
                                     heldBy("generator", "`generator(z)` (the model is a layer of another Keras model built on the Keras tensor `z`)"),
                                     heldBy("discriminator", "`discriminator(img)` (the model is a layer of another Keras model"),
                                     heldBy("gan", "The model `discriminator` inside it"),
                                     heldBy("line", "`line.fit(…)` (not converted: the statement shares its line with `if TRAIN:`")})
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QVERIFY2(module.value(QStringLiteral("saved")).fixable(), qPrintable(module.value(QStringLiteral("saved")).guidance));
        const QByteArray out = convertedText(source);
        QVERIFY2(out.contains("saved.load_state_dict(torch.load(out_dir + '/w.02.pth', map_location=device))"), out.constData());
    }
    void functionalGraphsOfLayerObjects()
    {
        // A Functional model built from a layer object (`h = dense(inp)`) loses that
        // statement with the others of its graph, and runs; one whose layer is given
        // weights=[…] (dl-lectures-labs' Short_Intro_to_Embeddings) stays Keras.
        QTemporaryDir dir;
        const QByteArray source =
            "import numpy as np\nfrom tensorflow.keras.layers import Embedding, Input, Dense\nfrom tensorflow.keras.models import Model\n"
            "m = np.random.rand(10, 4)\nemb = Embedding(output_dim=4, input_dim=10, weights=[m], input_length=1)\n"
            "x = Input(shape=[1])\nmodel = Model(x, emb(x))\nshown = model.predict(np.array([[3]]))\n"
            "dense = Dense(2)\ninp = Input(shape=(4,))\nh = dense(inp)\nother = Model(inp, h)\nother.compile(optimizer='adam', loss='mse')\n"
            "other.fit(np.random.rand(8, 4), np.random.rand(8, 2), epochs=1, verbose=0)\np = other.predict(np.random.rand(3, 4))\n";
        const QHash<QString, Finding> module = moduleFindings(source);
        QVERIFY2(!module.value(QStringLiteral("model")).fixable() &&
                     module.value(QStringLiteral("model")).guidance.contains(QString::fromUtf8("is given weights=[…]")),
                 qPrintable(module.value(QStringLiteral("model")).guidance));
        const QByteArray out = converted(dir.path(), source);
        QVERIFY2(out.contains("class OtherModel(nn.Module)") && !out.contains("h = dense(inp)"), out.constData());
        bool ok = false;
        const QString printed = runPython(dir.path(), "import torch, torch._dynamo\n" + out +
            "\nprint('shapes', p.shape, bool(np.allclose(shown[0, 0], m[3])))\n", &ok);
        QVERIFY2(ok && printed.contains(QLatin1String("shapes (3, 2) True")), qPrintable(printed + QString::fromUtf8(out)));
    }
};

QTEST_GUILESS_MAIN(TstConvertUses)
#include "tst_convertuses.moc"
