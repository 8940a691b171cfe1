// Saved Keras model files (.h5 of Keras 2, .keras of Keras 3) read as the code that builds
// their model (core/KerasModelFile.h): hand-written configs of both formats, bad files,
// and files saved by the real tf-keras and Keras 3 when the frameworks' venv is there.

#include "DocumentReader.h"
#include "KerasModelFile.h"
#include "ModelExtractor.h"
#include "PythonEnv.h"
#include "TestSupport.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace kmw;

namespace {

// Keras 2 (tf.keras 2.x) model_config of a Sequential: InputLayer, Dense with an
// initialiser and a regulariser, Dropout, Dense.
const char *kKeras2Sequential = R"({"class_name": "Sequential", "config": {"name": "sequential", "layers": [
 {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 20], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_input"}},
 {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 32, "activation": "relu", "use_bias": true,
   "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
   "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.01}}, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
 {"class_name": "Dropout", "config": {"name": "dropout", "trainable": true, "dtype": "float32", "rate": 0.2, "noise_shape": null, "seed": null}},
 {"class_name": "Dense", "config": {"name": "dense_1", "units": 3, "activation": "softmax", "use_bias": true}}]},
 "keras_version": "2.15.0", "backend": "tensorflow"})";
const char *kKeras2Training = R"({"loss": "categorical_crossentropy", "optimizer_config": {"class_name": "Custom>Adam", "config": {"name": "Adam", "learning_rate": 0.0010000000474974513, "beta_1": 0.9}}})";

// Keras 3 config.json of a Functional model: a Dense layer shared by two inputs (two
// inbound nodes), Add, Dense; inbound nodes in the keras_history form.
const char *kKeras3Functional = R"({"module": "keras", "class_name": "Functional", "config": {"name": "functional", "trainable": true, "layers": [
 {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 12], "dtype": "float32", "sparse": false, "name": "a"}, "registered_name": null, "name": "a", "inbound_nodes": []},
 {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 12], "dtype": "float32", "sparse": false, "name": "b"}, "registered_name": null, "name": "b", "inbound_nodes": []},
 {"module": "keras.layers", "class_name": "Dense", "config": {"name": "shared", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}, "units": 6, "activation": "relu", "use_bias": true,
   "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}}}, "registered_name": null, "build_config": {"input_shape": [null, 12]}, "name": "shared",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 12], "dtype": "float32", "keras_history": ["a", 0, 0]}}], "kwargs": {}},
                     {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 12], "dtype": "float32", "keras_history": ["b", 0, 0]}}], "kwargs": {}}]},
 {"module": "keras.layers", "class_name": "Add", "config": {"name": "add", "trainable": true}, "registered_name": null, "name": "add",
   "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"keras_history": ["shared", 0, 0]}}, {"class_name": "__keras_tensor__", "config": {"keras_history": ["shared", 1, 0]}}]], "kwargs": {}}]},
 {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "units": 2, "activation": "softmax"}, "registered_name": null, "name": "out",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["add", 0, 0]}}], "kwargs": {}}]}],
 "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": ["out", 0, 0]},
 "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.01, "momentum": 0.9}}, "loss": "sparse_categorical_crossentropy"}})";

// Saves a Sequential and a Functional model with tf-keras (argument 2: .h5) or Keras 3
// (argument 3: .keras) and prints their count_params().
const char *kMakeModels = R"(import os, sys
if sys.argv[1] == "2":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tf_keras as keras
    from tf_keras import layers
    m = keras.Sequential([layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)), layers.MaxPooling2D(),
                          layers.Flatten(), layers.Dense(10, activation="softmax")])
    m.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.Adam(1e-3))
    m.save("seq.h5")
    a = keras.Input((5,)); b = keras.Input((7,)); x = layers.Concatenate()([layers.Dense(4)(a), b])
    f = keras.Model([a, b], layers.Dense(1)(x)); f.compile(loss="mse", optimizer="sgd"); f.save("func.h5")
    m.save_weights("weights_only.h5")
    print("counts", m.count_params(), f.count_params())
else:
    os.environ["KERAS_BACKEND"] = "torch"
    import keras
    from keras import layers
    m = keras.Sequential([keras.Input((10, 8)), layers.LSTM(16), layers.Dense(1, activation="sigmoid")])
    m.compile(loss="binary_crossentropy", optimizer=keras.optimizers.RMSprop(1e-3)); m.save("seq.keras")
    a = keras.Input((12,)); d = layers.Dense(6, activation="relu")
    f = keras.Model(a, layers.Dense(2, activation="softmax")(layers.Add()([d(a), layers.Dense(6)(a)])))
    f.compile(loss="sparse_categorical_crossentropy", optimizer="adam"); f.save("func.keras")
    print("counts", m.count_params(), f.count_params())
)";

ExtractResult extractFrom(const QString &source)
{
    Document doc;
    InputError error;
    if (!parseScript(source.toUtf8(), QStringLiteral("model.keras"), &doc, &error))
        qFatal("%s", qPrintable(error.toString()));
    return extractModel(doc, ExtractOptions{});
}

} // namespace

class TestModelFile : public QObject {
    Q_OBJECT

private slots:
    void keras2SequentialConfig()
    {
        QString source, error;
        QVERIFY2(kerasConfigToSource(kKeras2Sequential, kKeras2Training, &source, &error), qPrintable(error));
        QVERIFY2(source.contains(QStringLiteral("model.add(Dense(batch_input_shape=(None, 20), activation='relu', "
                                                "bias_initializer='zeros', kernel_initializer='glorot_uniform', name='dense', units=32, use_bias=True))")),
                 qPrintable(source));
        QVERIFY2(!source.contains(QLatin1String("regularizer")), qPrintable(source)); // no effect on shapes
        QVERIFY2(source.contains(QStringLiteral("model.compile(loss='categorical_crossentropy', optimizer=optimizers.Adam(learning_rate=0.001, beta_1=0.9))")),
                 qPrintable(source));
        const ExtractResult x = extractFrom(source);
        QVERIFY2(x.ok, qPrintable(x.error));
        QCOMPARE(x.model.paramsKeras, qint64(20 * 32 + 32 + 32 * 3 + 3));
        QCOMPARE(x.model.optimizer.type, QStringLiteral("adam"));
        QCOMPARE(x.model.loss, QStringLiteral("categorical_crossentropy"));
    }

    void keras3FunctionalSharedLayer()
    {
        QString source, error;
        QVERIFY2(kerasConfigToSource(kKeras3Functional, QByteArray(), &source, &error), qPrintable(error));
        QVERIFY2(source.contains(QStringLiteral("shared = Dense(")), qPrintable(source));
        QVERIFY2(source.contains(QStringLiteral("shared_n0 = shared(a_out)\nshared_n1 = shared(b_out)\n")), qPrintable(source));
        QVERIFY2(source.contains(QStringLiteral("add_out = Add(name='add')([shared_n0, shared_n1])")), qPrintable(source));
        QVERIFY2(source.contains(QStringLiteral("model = Model(inputs=[a_out, b_out], outputs=out_out, name='functional')")), qPrintable(source));
        const ExtractResult x = extractFrom(source);
        QVERIFY2(x.ok, qPrintable(x.error + QLatin1Char('\n') + source));
        // One Dense(6) on 12 features, shared: Keras counts its weights once, and so does
        // the IR (the second call is LayerSpec::sharedWith the first).
        QCOMPARE(x.model.paramsKeras, qint64(12 * 6 + 6 + 6 * 2 + 2));
        QCOMPARE(x.model.optimizer.type, QStringLiteral("sgd"));
    }

    void nestedModelsAndNonModelsAreRefused()
    {
        QString source, error;
        const QByteArray nested = R"({"class_name": "Sequential", "config": {"layers": [
            {"class_name": "Functional", "config": {"name": "vgg16", "layers": []}}, {"class_name": "Dense", "config": {"units": 2}}]}})";
        QVERIFY(!kerasConfigToSource(nested, QByteArray(), &source, &error));
        QVERIFY2(error.contains(QLatin1String("vgg16 is a whole model nested")), qPrintable(error));
        QVERIFY(!kerasConfigToSource(R"({"class_name": "Dense", "config": {}})", QByteArray(), &source, &error));
        QVERIFY2(error.contains(QLatin1String("is a Dense, not a Sequential or Functional")), qPrintable(error));
        QVERIFY(!kerasConfigToSource("{not json", QByteArray(), &source, &error));
        QVERIFY2(error.contains(QLatin1String("not JSON")), qPrintable(error));
    }

    void badFilesGiveClearErrors()
    {
        QTemporaryDir dir;
        const QString junk = dir.filePath(QStringLiteral("junk.h5"));
        QVERIFY(test::writeFile(junk, QByteArray("this is not HDF5 at all")));
        Document doc;
        InputError error;
        QVERIFY(!readModelSourceDocument(junk, &doc, &error));
        QCOMPARE(error.path, junk);
        QVERIFY2(error.message.contains(QLatin1String("neither a .keras archive nor an HDF5 file")), qPrintable(error.toString()));
        const QString zip = dir.filePath(QStringLiteral("empty.keras"));
        QVERIFY(test::writeFile(zip, QByteArray("PK\x05\x06", 4) + QByteArray(18, '\0'))); // an empty zip
        QVERIFY(!readModelSourceDocument(zip, &doc, &error));
        QVERIFY2(error.toString().contains(QLatin1String("config.json")), qPrintable(error.toString()));
        // Not a model file: read as a script.
        const QString py = dir.filePath(QStringLiteral("m.py"));
        QVERIFY(test::writeFile(py, QByteArray("x = 1\n")));
        QVERIFY(readModelSourceDocument(py, &doc, &error));
        QCOMPARE(doc.cells.first().source, QByteArray("x = 1\n"));
    }

    void filesSavedByBothKeras()
    {
        QString why;
        const QString python = findFrameworkPython({}, &why);
        if (python.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir dir;
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("make.py")), kMakeModels));
        const auto run = [&](const QString &program, const QStringList &args) {
            QProcess p;
            p.setWorkingDirectory(dir.path());
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("TF_CPP_MIN_LOG_LEVEL"), QStringLiteral("3"));
            p.setProcessEnvironment(env);
            p.start(program, args);
            p.waitForFinished(600000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
        };
        const QRegularExpression counts(QStringLiteral("counts (\\d+) (\\d+)"));
        const QRegularExpression total(QStringLiteral("Total params: ([\\d,]+) \\(Keras\\)"));
        for (const QString version : {QStringLiteral("2"), QStringLiteral("3")}) {
            auto [made, log] = run(python, {QStringLiteral("make.py"), version});
            QVERIFY2(made == 0, qPrintable(log.right(3000)));
            const QRegularExpressionMatch expected = counts.match(log);
            QVERIFY2(expected.hasMatch(), qPrintable(log.right(3000)));
            const QString suffix = version == QLatin1String("2") ? QStringLiteral(".h5") : QStringLiteral(".keras");
            for (int i = 0; i < 2; ++i) {
                const QString file = (i == 0 ? QStringLiteral("seq") : QStringLiteral("func")) + suffix;
                auto [code, out] = run(QStringLiteral(KMW_CLI_PATH), {QStringLiteral("model"), file});
                QVERIFY2(code == 0, qPrintable(file + QLatin1Char('\n') + out));
                const QRegularExpressionMatch m = total.match(out);
                QVERIFY2(m.hasMatch(), qPrintable(out));
                QCOMPARE(m.captured(1).remove(QLatin1Char(',')), expected.captured(i + 1));
            }
        }
        auto [code, out] = run(QStringLiteral(KMW_CLI_PATH), {QStringLiteral("model"), QStringLiteral("weights_only.h5")});
        QCOMPARE(code, 3); // an input error
        QVERIFY2(out.contains(QLatin1String("weights_only.h5: holds weights only")), qPrintable(out));
        // A saved model smoke-trains like code.
        auto [smoked, smokeLog] = run(QStringLiteral(KMW_CLI_PATH), {QStringLiteral("smoke"), QStringLiteral("func.keras"),
                                                                      QStringLiteral("--steps"), QStringLiteral("20")});
        QVERIFY2(smokeLog.contains(QLatin1String("[pass] param_count")), qPrintable(smokeLog));
        QVERIFY2(smoked == 0, qPrintable(smokeLog));
    }
};

QTEST_GUILESS_MAIN(TestModelFile)
#include "tst_modelfile.moc"
