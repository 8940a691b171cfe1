// Keras 2 code that breaks under Keras 3 with the torch backend, run for real: each case
// is scanned and migrated by the keras3-torch pack (`kmw-cli apply`, every fix), then the
// original and the migrated code both run in Keras 3 (KERAS_BACKEND=torch, the
// frameworks' venv). The original must raise or print something else than Keras 2 meant,
// and the migrated code must run; where no fix is right, the finding must be raised.
// Calls that look like Keras 2's in scikit-learn code must run and stay as they are.

#include "GuidanceCode.h"
#include "Keras3Bed.h"

using namespace kmw;
using namespace kmw::test;

namespace {

const QByteArray kData = "import numpy as np\n"
                         "x = np.random.rand(16, 3).astype('float32')\n"
                         "y = np.random.rand(16, 1).astype('float32')\n";

QVector<Keras3Case> cases()
{
    const QByteArray model = "from tensorflow import keras\n"
                             "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
                             "model.compile(optimizer='sgd', loss='mse')\n";
    return {
        {"steps_per_epoch=np.ceil", "steps-float",
         kData + model + "import tensorflow as tf\n"
                         "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4).repeat()\n"
                         "model.fit(ds, epochs=1, steps_per_epoch=np.ceil(len(x) / 4), verbose=0)\nprint('trained')\n",
         "cannot be interpreted as an integer", "", After::Runs, "trained"},
        {"tf.random.set_seed", "tf-random-set-seed",
         "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
         "def weights():\n    tf.random.set_seed(7)\n    layer = keras.layers.Dense(3)\n    layer.build((None, 4))\n"
         "    return keras.ops.convert_to_numpy(layer.kernel)\n"
         "print('same weights', bool(np.allclose(weights(), weights())))\n",
         "", "same weights False", After::Runs, "same weights True"},
        {"tf.saved_model.save", "tf-export-formats",
         kData + model + "import tensorflow as tf\ntf.saved_model.save(model, 'exported')\n",
         "Trackable", "", After::FindingOnly},
        {"TFLiteConverter.from_keras_model", "tf-export-formats",
         kData + model + "import tensorflow as tf\ntflite = tf.lite.TFLiteConverter.from_keras_model(model).convert()\n",
         "Error", "", After::FindingOnly},
        {"model_to_estimator", "tf-estimator",
         kData + model + "import tensorflow as tf\nestimator = tf.keras.estimator.model_to_estimator(keras_model=model)\n",
         "estimator", "", After::FindingOnly},
        {"model.save('dir') and load_model('dir')", "save-model-directory",
         kData + model + "model.save('saved/classifier')\n"
                         "restored = keras.models.load_model('saved/classifier')\nprint('params', restored.count_params())\n",
         "Invalid filepath extension", "", After::Runs, "params 4"},
        {"load_model of a SavedModel folder", "load-model-savedmodel",
         "from tensorflow import keras\nrestored = keras.models.load_model('exported_elsewhere')\n",
         "File format not supported", "", After::FindingOnly},
        {".numpy() on a model's output and a kernel slice", "numpy-on-backend-tensor",
         kData + model + "out = model(x)\nvalues = out.numpy()\nfirst = model.layers[0].kernel[:, 0].numpy()\n"
                         "print('shapes', values.shape, first.shape)\n",
         "requires grad", "", After::Runs, "shapes (16, 1) (3,)"},
        {"NumPy and matplotlib on a model's output", "numpy-matplotlib-on-backend-tensor",
         kData + model + "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
                         "plt.plot(x[:, 0], model(x))\nlabels = np.argmax(model(x), axis=1)\nprint('labels', labels.shape)\n",
         "requires grad", "", After::Runs, "labels (16,)"},
        {"tf.argmax on a model's output", "tf-ops-on-model-outputs",
         kData + model + "import tensorflow as tf\nprobs = model(x)\nlabels = tf.argmax(probs, axis=1)\n"
                         "print('labels', tuple(labels.shape))\n",
         "requires grad", "", After::Runs, "labels (16,)"},
        {"Dense(keras.ops.prod(shape).numpy())", "layer-argument-from-tensor",
         "from tensorflow import keras\nshape = (2, 3)\nlayer = keras.layers.Dense(keras.ops.prod(shape).numpy())\n"
         "layer.build((None, 4))\nprint('kernel', tuple(layer.kernel.shape))\n",
         "units", "", After::Runs, "kernel (4, 6)"},
        {"a Sequential of preprocessing layers in tf.data map", "keras-in-tf-data-map",
         "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
         "augment = keras.Sequential([keras.layers.RandomFlip('horizontal')])\n"
         "ds = tf.data.Dataset.from_tensor_slices(np.ones((4, 8, 8, 3), 'float32')).batch(2)\n"
         "ds = ds.map(lambda t: augment(t, training=True))\nprint(next(iter(ds)).shape)\n",
         "symbolic", "", After::FindingOnly},
        {"TextVectorization with a Python standardize in tf.data map", "keras-in-tf-data-map",
         "import tensorflow as tf\nfrom tensorflow import keras\n"
         "def lower(t):\n    return tf.strings.lower(t)\n"
         "vectorize = keras.layers.TextVectorization(max_tokens=20, output_sequence_length=4, standardize=lower)\n"
         "vectorize.adapt(['a b c', 'b c d'])\n"
         "ds = tf.data.Dataset.from_tensor_slices(['a b', 'c d']).batch(2).map(lambda t: vectorize(t))\n"
         "print(next(iter(ds)).shape)\n",
         "numpy", "", After::FindingOnly},
        {"a Rescaling layer in tf.data map (a preprocessing layer: it runs)", "!keras-in-tf-data-map",
         "import numpy as np\nimport tensorflow as tf\n"
         "rescale = tf.keras.layers.Rescaling(1 / 255.)\n"
         "ds = tf.data.Dataset.from_tensor_slices(np.ones((4, 2), 'float32')).batch(2).map(lambda t: rescale(t))\n"
         "print('batch', tuple(next(iter(ds)).shape))\n",
         "", "batch (2, 2)", After::Unchanged},
        {"keras.Input(dtype='string')", "string-input",
         "import numpy as np\nfrom tensorflow import keras\ntext = keras.Input(shape=(1,), dtype='string')\n"
         "ids = keras.layers.StringLookup(vocabulary=['a', 'b'])(text)\nmodel = keras.Model(text, ids)\n"
         "print(model.predict(np.array([['a'], ['b']]), verbose=0))\n",
         "dtype", "", After::FindingOnly},
        {"tf.GradientTape around a Keras 3 model", "gradient-tape-keras3",
         kData + model + "import tensorflow as tf\noptimizer = keras.optimizers.SGD(0.1)\n"
                         "with tf.GradientTape() as tape:\n    loss = tf.reduce_mean((model(x) - y) ** 2)\n"
                         "grads = tape.gradient(loss, model.trainable_weights)\n"
                         "optimizer.apply_gradients(zip(grads, model.trainable_weights))\n",
         "Error", "", After::FindingOnly},
        {"Embedding(input_length=) then set_weights", "embedding-input-length",
         "import numpy as np\nfrom tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Embedding, Flatten, Dense\n"
         "model = Sequential()\nmodel.add(Embedding(100, 4, input_length=10))\nmodel.add(Flatten())\nmodel.add(Dense(1))\n"
         "model.set_weights([np.zeros((100, 4)), np.zeros((40, 1)), np.zeros(1)])\nprint('params', model.count_params())\n",
         "expecting 0 weights", "", After::Runs, "params 441"},
        {"tf.add_n(model.losses)", "tf-add-n-losses",
         kData + "import tensorflow as tf\nfrom tensorflow import keras\n"
                 "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, kernel_regularizer=keras.regularizers.l2(0.1))])\n"
                 "model(x)\nprint('penalty', float(tf.add_n(model.losses)) > 0)\n",
         "requires grad", "", After::Runs, "penalty True"},
        {"ModelCheckpoint('….hdf5')", "checkpoint-h5-path",
         kData + model + "cb = keras.callbacks.ModelCheckpoint('best.hdf5', save_best_only=True, monitor='loss')\n"
                         "model.fit(x, y, epochs=1, callbacks=[cb], verbose=0)\nimport os\nprint('files', sorted(os.listdir('.')))\n",
         "must end in `.keras`", "", After::Runs, "best.keras"},
        {"Conv2D(subsample=)", "keras1-arg-subsample",
         "from tensorflow.keras.layers import Conv2D\nlayer = Conv2D(4, (3, 3), subsample=(2, 2))\nprint('strides', layer.strides)\n",
         "subsample", "", After::Runs, "strides (2, 2)"},
        {"scikit-learn's subsample= and predict_proba", "",
         "from sklearn.datasets import load_iris\nfrom sklearn.ensemble import GradientBoostingClassifier\n"
         "X, Y = load_iris(return_X_y=True)\nmodel = GradientBoostingClassifier(n_estimators=10, subsample=0.5, random_state=0)\n"
         "model.fit(X, Y)\nprint('rows', model.predict_proba(X).shape)\n",
         "", "rows (150, 3)", After::Unchanged},
        {"model.save('m.h5') in a notebook that reads HDF5", "save-h5-kept",
         "import h5py\n" + kData + model + "model.save('m.h5')\nwith h5py.File('m.h5') as f:\n    print('keys', sorted(f.keys()))\n",
         "", "model_weights", After::Unchanged},
    };
}

} // namespace

class TestKeras3 : public QObject {
    Q_OBJECT

private slots:
    void keras2PatternsRunUnderKeras3()
    {
        // The guidance's PyTorch training step runs too.
        const RuleEngine engine = keras3Engine();
        const Rule *tape = engine.rule(QStringLiteral("gradient-tape-keras3"));
        QVERIFY(tape);
        const QString sketch = splitGuidanceCode(tape->guidance).second;
        QVERIFY2(sketch.contains(QLatin1String("loss.backward()")), qPrintable(tape->guidance));
        const Keras3Extra step{QStringLiteral("gradient-tape-keras3's training step"),
                               QString::fromUtf8(kData) +
                                   QStringLiteral("import keras\nmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
                                                  "optimizer = keras.optimizers.SGD(0.1)\nloss_fn = keras.losses.MeanSquaredError()\n") +
                                   sketch +
                                   QStringLiteral("\nfirst = float(train_step(x, y))\nfor _ in range(30):\n    last = float(train_step(x, y))\n"
                                                  "print('loss fell', last < first)\n"),
                               QStringLiteral("loss fell True")};
        bool skipped = false;
        const QString wrong = runKeras3Cases(cases(), {step}, &skipped);
        if (skipped)
            QSKIP("no frameworks' venv (scripts/setup.sh)");
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_GUILESS_MAIN(TestKeras3)
#include "tst_keras3.moc"
