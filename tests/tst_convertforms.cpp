// Model forms of real notebooks through the keras-to-pytorch pack, each converted and run
// in real PyTorch: Keras 2's predict_proba/predict_classes, transposed convolutions and
// upsampling (GAN generators), preprocessing layers inside the model.

#include "ConvertSupport.h"
#include "ModelExtractor.h"
#include "DocumentReader.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace kmw;
using namespace kmw::test;

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
};

QTEST_GUILESS_MAIN(TestConvertForms)
#include "tst_convertforms.moc"
