// The Keras team's guide "Migrating Keras 2 code to multi-backend Keras 3"
// (https://keras.io/guides/migrating_to_keras_3/), section by section: each case is the
// guide's Keras 2 code (as a tf.keras user wrote it), scanned and migrated by the
// keras3-torch pack, then run before and after in Keras 3 with the torch backend
// (Keras3Bed.h). Where Keras 3 now accepts what the guide says it refused, the test shows
// it runs and that the finding (about older Keras 3 releases or other backends) is raised.
// rules/README.md's table from guide section to rule id must list every case.

#include "GuidanceCode.h"
#include "Keras3Bed.h"

#include <QFile>
#include <QRegularExpression>

using namespace kmw;
using namespace kmw::test;

namespace {

struct GuideCase {
    const char *section; ///< the guide's section title, as rules/README.md's table names it
    Keras3Case run;
};

const QByteArray kImports = "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n";

QVector<GuideCase> guideCases()
{
    const QByteArray model = kImports + "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
                                        "model.compile(optimizer='sgd', loss='mse')\n"
                                        "x = np.random.rand(8, 3).astype('float32')\ny = np.random.rand(8, 1).astype('float32')\n";
    const char *imports = "Going from Keras 2 to Keras 3 with the TensorFlow backend";
    const char *removed = "Removed features";
    const char *ops = "Switching to Keras ops";
    return {
        {imports, {"from tensorflow import keras", "tf-import-keras",
                   "from tensorflow import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\nprint('params', model.count_params())\n",
                   "", "params 8", After::Runs, "params 8"}},
        {imports, {"from tensorflow.keras import layers", "tf-keras-from-import",
                   "import keras\nfrom tensorflow.keras import layers\nmodel = keras.Sequential([keras.Input((3,)), layers.Dense(2)])\nprint('params', model.count_params())\n",
                   "", "params 8", After::Runs, "params 8"}},
        {imports, {"tf.keras.*", "tf-keras-attribute",
                   "import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])\nprint('params', model.count_params())\n",
                   "", "params 8", After::Runs, "params 8"}},
        {"`jit_compile` is set to `True` by default on GPU",
         {"tf.strings in a keras.Model's call()", "tf-strings-in-call",
          kImports + "class MyModel(keras.Model):\n    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n\n"
                     "    def call(self, inputs):\n        string_input = tf.strings.as_string(inputs)\n        return tf.strings.to_number(string_input)\n\n"
                     "subclass_model = MyModel()\nx_train = np.array([[1, 2, 3], [4, 5, 6]])\nsubclass_model.compile(optimizer='sgd', loss='mse')\n"
                     "print(subclass_model.predict(x_train, verbose=0))\n",
          "", "[[1. 2. 3.]", After::Flagged, "[[1. 2. 3.]"}},
        {"Saving a model in the TF SavedModel format",
         {"model.save('saved_model')", "save-model-directory",
          kImports + "import os\nsequential_model = keras.Sequential([keras.layers.Dense(2)])\nsequential_model(np.random.rand(3, 5))\n"
                     "sequential_model.save('saved_model')\nprint('files', sorted(os.listdir('.')))\n",
          "Invalid filepath extension", "", After::Runs, "saved_model.keras"}},
        {"Loading a TF SavedModel",
         {"keras.models.load_model('saved_model')", "load-model-savedmodel",
          kImports + "keras.models.load_model('saved_model')\n", "File format not supported", "", After::FindingOnly}},
        {"Using deeply nested inputs in Functional Models",
         {"inputs nested two levels", "nested-input-dict",
          kImports + "inputs = {\n    'foo': keras.Input(shape=(1,), name='foo'),\n    'bar': {\n        'baz': keras.Input(shape=(1,), name='bar'),\n    },\n}\n"
                     "outputs = inputs['foo'] + inputs['bar']['baz']\nmodel = keras.Model(inputs, outputs)\nprint('inputs', len(model.inputs))\n",
          "", "inputs 2", After::Flagged, "inputs 2"}},
        {"TF autograph",
         {"if on a tensor in call()", "tensor-condition-in-call",
          kImports + "class MyCustomLayer(keras.layers.Layer):\n\n  def call(self, inputs):\n    if tf.random.uniform(()) > 0.5:\n      return inputs * 2\n"
                     "    else:\n      return inputs / 2\n\n\nlayer = MyCustomLayer()\ndata = np.random.uniform(size=[3, 3])\n"
                     "model = keras.models.Sequential([layer])\nmodel.compile(optimizer='adam', loss='mse')\nprint('shape', model.predict(data, verbose=0).shape)\n",
          "", "shape (3, 3)", After::Flagged, "shape (3, 3)"}},
        {"Calling TF ops with a `KerasTensor`",
         {"tf.squeeze(keras.Input)", "tf-ops-on-keras-tensors",
          kImports + "input = keras.layers.Input([2, 2, 1])\nsqueezed = tf.squeeze(input, axis=-1)\nmodel = keras.Model(input, squeezed)\n"
                     "print('shape', model.predict(np.ones((3, 2, 2, 1)), verbose=0).shape)\n",
          "KerasTensor cannot be used as input to a TensorFlow function", "", After::Runs, "shape (3, 2, 2)"}},
        {"Calling TF ops with a `KerasTensor`",
         {"TF ops in a block function given a KerasTensor", "tf-ops-on-keras-tensors",
          kImports + "from tensorflow.keras import layers\ndef conv_block(x, filters):\n    x = layers.Conv2D(filters, 3, padding='same')(x)\n"
                     "    return tf.nn.relu(x)\n\ninputs = keras.Input((8, 8, 3))\nh = conv_block(conv_block(inputs, 4), 8)\n"
                     "pooled = tf.reduce_mean(h, axis=[1, 2])\nmodel = keras.Model(inputs, layers.Dense(2)(pooled))\n"
                     "print('shape', model.predict(np.ones((3, 8, 8, 3)), verbose=0).shape)\n",
          "KerasTensor cannot be used as input to a TensorFlow function", "", After::Runs, "shape (3, 2)"}},
        {ops, {"the ops table on KerasTensors (renamed ops)", "tf-ops-on-keras-tensors",
               kImports + "i = keras.Input((4,))\nh = keras.layers.Dense(4, kernel_initializer='ones')(i)\n"
                          "total = tf.reduce_sum(tf.abs(h), axis=1, keepdims=True)\nout = tf.concat([total, tf.reverse(h, axis=[1]), tf.math.pow(h, 2)], axis=-1)\n"
                          "model = keras.Model(i, out)\nx = np.random.rand(5, 4).astype('float32')\nh = x.sum(axis=1, keepdims=True).repeat(4, axis=1)\n"
                          "expected = np.concatenate([np.abs(h).sum(axis=1, keepdims=True), h[:, ::-1], h ** 2], axis=-1)\n"
                          "print('match', bool(np.allclose(model.predict(x, verbose=0), expected, rtol=1e-4)))\n",
               "KerasTensor cannot be used as input to a TensorFlow function", "", After::Runs, "match True"}},
        {ops, {"the ops table inside a layer", "tf-renamed-ops-in-layers",
               kImports + "class Ops(keras.layers.Layer):\n    def call(self, x):\n"
                          "        y = tf.reduce_sum(tf.abs(x), axis=1, keepdims=True) + tf.reduce_max(x, axis=1, keepdims=True)\n"
                          "        z = tf.concat([y, tf.reverse(x, axis=[1]), tf.math.pow(x, 2), tf.atan2(x, x + 1.0)], axis=-1)\n"
                          "        return tf.clip_by_value(z, -10.0, 10.0) + tf.cast(tf.rank(x), 'float32')\n"
                          "i = keras.Input((4,))\nh = keras.layers.Dense(4, kernel_initializer='ones')(i)\nmodel = keras.Model(i, Ops()(h))\n"
                          "x = np.random.rand(5, 4).astype('float32')\nmodel.compile('sgd', 'mse')\nmodel.fit(x, np.zeros((5, 13)), epochs=1, verbose=0)\n"
                          "model.layers[1].set_weights([np.ones((4, 4)), np.zeros(4)])\nh = x.sum(axis=1, keepdims=True).repeat(4, axis=1)\n"
                          "y = np.abs(h).sum(axis=1, keepdims=True) + h.max(axis=1, keepdims=True)\n"
                          "expected = np.clip(np.concatenate([y, h[:, ::-1], h ** 2, np.arctan2(h, h + 1.0)], axis=-1), -10, 10) + 2\n"
                          "print('match', bool(np.allclose(model.predict(x, verbose=0), expected, rtol=1e-4)))\n",
               "requires grad", "", After::Runs, "match True"}},
        {ops, {"tf.nn.sigmoid_cross_entropy_with_logits in a layer", "tf-ops-manual",
               kImports + "class Loss(keras.layers.Layer):\n    def call(self, logits):\n"
                          "        return tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(logits), logits=logits)\n"
                          "i = keras.Input((2,))\nmodel = keras.Model(i, Loss()(keras.layers.Dense(2)(i)))\nmodel.compile('sgd', 'mse')\n"
                          "model.fit(np.ones((2, 2)), np.zeros((2, 2)), verbose=0)\n",
               "requires grad", "", After::FindingOnly}},
        {"Multi-output model `evaluate()`",
         {"loss, loss_1, loss_2 = model.evaluate(…)", "evaluate-multi-output-unpack",
          kImports + "from tensorflow.keras import layers\ninputs = layers.Input(shape=(10,))\nx1 = layers.Dense(5, activation='relu')(inputs)\n"
                     "x2 = layers.Dense(5, activation='relu')(x1)\noutput_1 = layers.Dense(5, activation='softmax', name='output_1')(x1)\n"
                     "output_2 = layers.Dense(5, activation='softmax', name='output_2')(x2)\nmodel = keras.Model(inputs=inputs, outputs=[output_1, output_2])\n"
                     "model.compile(optimizer='adam', loss='categorical_crossentropy')\nx_test = np.random.uniform(size=[10, 10])\n"
                     "y_test = np.random.uniform(size=[10, 5])\nloss, loss_1, loss_2 = model.evaluate(x_test, [y_test, y_test], verbose=0)\n"
                     "print('per-output losses', loss_1 > 0 and loss_2 > 0)\n",
          "", "per-output losses True", After::Flagged, "per-output losses True"}},
        {"TensorFlow variables tracking",
         {"tf.Variable set in build()", "tf-variable-in-layer",
          kImports + "class MyCustomLayer(keras.layers.Layer):\n    def __init__(self, units):\n        super().__init__()\n        self.units = units\n\n"
                     "    def build(self, input_shape):\n        input_dim = input_shape[-1]\n"
                     "        self.w = tf.Variable(initial_value=tf.zeros([input_dim, self.units]))\n"
                     "        self.b = tf.Variable(initial_value=tf.zeros([self.units,]))\n\n"
                     "    def call(self, inputs):\n        return keras.ops.matmul(inputs, self.w) + self.b\n\n\n"
                     "layer = MyCustomLayer(3)\ndata = np.random.uniform(size=[3, 3])\nmodel = keras.models.Sequential([layer])\n"
                     "model.compile(optimizer='adam', loss='mse')\nmodel.predict(data, verbose=0)\n"
                     "print('trainable', [len(layer.trainable_variables) for layer in model.layers])\n",
          "must be tensors", "", After::Runs, "trainable [2]"}},
        {"`None` entries in nested `call()` arguments",
         {"None inside a nested input dict", "none-in-nested-layer-input",
          kImports + "class CustomLayer(keras.layers.Layer):\n    def __init__(self):\n        super().__init__()\n\n    def call(self, inputs):\n"
                     "        foo = inputs['foo']\n        baz = inputs['bar']['baz']\n        if baz is not None:\n            return foo + baz\n        return foo\n\n"
                     "layer = CustomLayer()\ninputs = {\n    'foo': keras.Input(shape=(1,), name='foo'),\n    'bar': {\n        'baz': None,\n    },\n}\n"
                     "print('shape', layer(inputs).shape)\n",
          "", "shape (None, 1)", After::Flagged, "shape (None, 1)"}},
        {"State-building issues",
         {"sublayers created in __init__, no build()", "sublayer-without-build",
          kImports + "from tensorflow.keras import layers\nclass PositionalEmbedding(keras.layers.Layer):\n"
                     "    def __init__(self, sequence_length, output_dim, **kwargs):\n        super().__init__(**kwargs)\n"
                     "        self.position_embeddings = layers.Embedding(input_dim=sequence_length, output_dim=output_dim)\n"
                     "        self.sequence_length = sequence_length\n        self.output_dim = output_dim\n\n"
                     "    def call(self, inputs):\n        inputs = keras.ops.cast(inputs, self.compute_dtype)\n        length = keras.ops.shape(inputs)[1]\n"
                     "        positions = keras.ops.arange(start=0, stop=length, step=1)\n        embedded_positions = self.position_embeddings(positions)\n"
                     "        return inputs + embedded_positions\n\n"
                     "i = keras.Input((5, 4))\nmodel = keras.Model(i, PositionalEmbedding(5, 4)(i))\nmodel.compile('adam', 'mse')\n"
                     "model.fit(np.ones((4, 5, 4)), np.ones((4, 5, 4)), verbose=0)\nprint('weights', len(model.trainable_weights))\n",
          "", "weights 1", After::Flagged, "weights 1"}},
        {removed, {"ThresholdedReLU", "thresholded-relu",
                   "import numpy as np\nimport keras\nlayer = keras.layers.ThresholdedReLU(theta=1.0)\nprint('out', keras.ops.convert_to_numpy(layer(np.array([[0.5, 2.0]]))).tolist())\n",
                   "ThresholdedReLU", "", After::Runs, "out [[0.0, 2.0]]"}},
        {removed, {"symbolic model.add_loss", "symbolic-add-loss-metric",
                   kImports + "i = keras.Input((3,))\no = keras.layers.Dense(1)(i)\nmodel = keras.Model(i, o)\nmodel.add_loss(tf.reduce_mean(o))\n",
                   "Error", "", After::FindingOnly}},
        {removed, {"LocallyConnected2D", "keras3-missing-attribute",
                   kImports + "layer = keras.layers.LocallyConnected2D(4, 3)\n", "LocallyConnected2D", "", After::FindingOnly}},
        {removed, {"RandomFourierFeatures", "keras3-missing-attribute",
                   kImports + "layer = keras.layers.experimental.RandomFourierFeatures(4)\n", "experimental", "", After::FindingOnly}},
        {removed, {"layer.metrics", "layer-metrics-attribute",
                   model + "model.fit(x, y, verbose=0)\nprint('layer metrics', model.layers[0].metrics)\n",
                   "", "layer metrics []", After::Flagged, "layer metrics []"}},
        {removed, {"Dense(dynamic=True)", "dropped-arguments",
                   kImports + "layer = keras.layers.Dense(2, dynamic=True)\nprint('units', layer.units)\n", "dynamic", "", After::Runs, "units 2"}},
        {removed, {"super().__init__(dynamic=True)", "super-dynamic-argument",
                   kImports + "class Eager(keras.layers.Layer):\n    def __init__(self):\n        super().__init__(dynamic=True)\n\n"
                              "    def call(self, x):\n        return x * 2\n\nprint('out', keras.ops.convert_to_numpy(Eager()(np.ones((1, 2)))).tolist())\n",
                   "dynamic", "", After::Runs, "out [[2.0, 2.0]]"}},
        {removed, {"RNN(…)(x, constants=…)", "rnn-constants",
                   kImports + "rnn = keras.layers.RNN(keras.layers.SimpleRNNCell(2))\n"
                              "print(rnn(np.ones((1, 3, 2), 'float32'), constants=np.ones((1, 2), 'float32')))\n",
                   "constants", "", After::FindingOnly}},
        {removed, {"LSTM(time_major=False)", "dropped-arguments",
                   kImports + "layer = keras.layers.LSTM(2, time_major=False)\nprint('units', layer.units)\n", "time_major", "", After::Runs, "units 2"}},
        {removed, {"train_on_batch(reset_metrics=True)", "dropped-arguments",
                   model + "loss = model.train_on_batch(x, y, reset_metrics=True)\nprint('trained', float(loss) >= 0)\n",
                   "reset_metrics", "", After::Runs, "trained True"}},
        {removed, {"RadialConstraint", "keras3-missing-attribute",
                   kImports + "constraint = keras.constraints.RadialConstraint()\n", "RadialConstraint", "", After::FindingOnly}},
        {"Custom `train_step()` methods",
         {"train_step with tf.GradientTape", "gradient-tape-train-step",
          kImports + "class MyModel(keras.Model):\n    def train_step(self, data):\n        x, y = data\n        with tf.GradientTape() as tape:\n"
                     "            y_pred = self(x, training=True)\n            loss = self.compute_loss(y=y, y_pred=y_pred)\n"
                     "        gradients = tape.gradient(loss, self.trainable_variables)\n"
                     "        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))\n        return {'loss': loss}\n\n"
                     "i = keras.Input((3,))\nmodel = MyModel(i, keras.layers.Dense(1)(i))\nmodel.compile('sgd', 'mse')\n"
                     "model.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0)\n",
          "Error", "", After::FindingOnly}},
        {"RNG-using layers",
         {"keras.random.normal(seed=123) in call()", "keras-random-fixed-seed",
          kImports + "class RandomNoiseLayer(keras.layers.Layer):\n    def call(self, inputs):\n"
                     "        return inputs + keras.random.normal(keras.ops.shape(inputs), seed=123)\n\n"
                     "layer = RandomNoiseLayer()\nx = np.zeros((1, 3), 'float32')\n"
                     "print('same noise', bool(np.allclose(keras.ops.convert_to_numpy(layer(x)), keras.ops.convert_to_numpy(layer(x)))))\n",
          "", "same noise True", After::Runs, "same noise False"}},
    };
}

/// The README's table: guide section -> the rule ids its row names.
QHash<QString, QStringList> readmeTable()
{
    QFile f(QStringLiteral(KMW_SOURCE_DIR "/rules/README.md"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(f.readAll());
    const qsizetype start = text.indexOf(QLatin1String("## Keras's migration guide"));
    if (start < 0)
        return {};
    QHash<QString, QStringList> rows;
    static const QRegularExpression row(QStringLiteral("^\\| (.+?) \\| (.+?) \\|"), QRegularExpression::MultilineOption);
    static const QRegularExpression id(QStringLiteral("`([a-z0-9-]+)`"));
    const QString section = text.mid(start, text.indexOf(QLatin1String("\n## "), start + 3) - start);
    for (auto m = row.globalMatch(section); m.hasNext();) {
        const auto match = m.next();
        for (auto i = id.globalMatch(match.captured(2)); i.hasNext();)
            rows[match.captured(1)] << i.next().captured(1);
    }
    return rows;
}

} // namespace

class TestKeras3Guide : public QObject {
    Q_OBJECT

private slots:
    void everyGuideSectionIsInTheReadmeTable()
    {
        const QHash<QString, QStringList> table = readmeTable();
        QVERIFY2(!table.isEmpty(), "rules/README.md has no \"Keras's migration guide\" table");
        const RuleEngine engine = keras3Engine();
        for (const GuideCase &c : guideCases()) {
            const QString section = QLatin1String(c.section);
            QVERIFY2(table.contains(section), qPrintable(section));
            QVERIFY2(table.value(section).contains(QLatin1String(c.run.rule)), qPrintable(section + QLatin1String(": ") + QLatin1String(c.run.rule)));
        }
        for (auto it = table.cbegin(); it != table.cend(); ++it)
            for (const QString &id : it.value()) {
                const Rule *rule = engine.rule(id);
                QVERIFY2(rule, qPrintable(id));
                // the rule's source names the guide's section
                QVERIFY2(rule->source.contains(QStringLiteral("https://keras.io/guides/migrating_to_keras_3/")) &&
                             rule->source.contains(QStringLiteral("(%1)").arg(it.key())),
                         qPrintable(id + QLatin1String(": ") + rule->source));
            }
    }

    void guideCasesRunUnderKeras3()
    {
        QVector<Keras3Case> cases;
        for (const GuideCase &c : guideCases())
            cases << c.run;
        // The train_step the guidance writes for torch, in the guide's model, trains.
        const RuleEngine engine = keras3Engine();
        const Rule *tape = engine.rule(QStringLiteral("gradient-tape-train-step"));
        QVERIFY(tape);
        QString step = splitGuidanceCode(tape->guidance).second;
        QVERIFY2(step.contains(QLatin1String("loss.backward()")), qPrintable(tape->guidance));
        step.remove(QLatin1String("import torch\n")); // at the module's top, below
        step.replace(QLatin1String("\n"), QLatin1String("\n    "));
        const Keras3Extra trainStep{
            QStringLiteral("gradient-tape-train-step's train_step"),
            QStringLiteral("import numpy as np\nimport torch\nimport keras\nclass MyModel(keras.Model):\n    ") + step +
                QStringLiteral("\n\ni = keras.Input((3,))\nmodel = MyModel(i, keras.layers.Dense(1)(i))\nmodel.compile(keras.optimizers.SGD(0.05), 'mse')\n"
                               "x = np.random.rand(32, 3).astype('float32')\ny = x.sum(axis=1, keepdims=True)\n"
                               "history = model.fit(x, y, epochs=20, verbose=0)\nprint('loss fell', history.history['loss'][-1] < history.history['loss'][0])\n"),
            QStringLiteral("loss fell True")};
        // The guide's RNG pattern, as keras-random-fixed-seed's fix writes it: new noise at each call.
        const Keras3Extra seedGenerator{
            QStringLiteral("keras-random-fixed-seed's SeedGenerator"),
            QStringLiteral("import numpy as np\nimport keras\nclass RandomNoiseLayer(keras.layers.Layer):\n    def __init__(self, **kwargs):\n"
                           "        super().__init__(**kwargs)\n        self.seed_generator = keras.random.SeedGenerator(123)\n\n"
                           "    def call(self, inputs):\n        return inputs + keras.random.normal(keras.ops.shape(inputs), seed=self.seed_generator)\n\n"
                           "layer = RandomNoiseLayer()\nx = np.zeros((1, 3), 'float32')\n"
                           "print('same noise', bool(np.allclose(keras.ops.convert_to_numpy(layer(x)), keras.ops.convert_to_numpy(layer(x)))))\n"),
            QStringLiteral("same noise False")};
        bool skipped = false;
        const QString wrong = runKeras3Cases(cases, {trainStep, seedGenerator}, &skipped);
        if (skipped)
            QSKIP("no frameworks' venv (scripts/setup.sh)");
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_GUILESS_MAIN(TestKeras3Guide)
#include "tst_keras3guide.moc"
