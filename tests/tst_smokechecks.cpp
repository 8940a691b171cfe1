// The smoke run's control: Stop during training and during the checks, and the time
// budget that scales training, validation and the overfitting check (SmokeOptions).

#include "Dataset.h"
#include "DocumentReader.h"
#include "ModelExtractor.h"
#include "TorchTestSupport.h"

#include <QtTest>

#include <atomic>

using namespace kmw;
using namespace kmw::torchtest;

class TstSmokeChecks : public QObject {
    Q_OBJECT
private slots:
    void cancelStopsEarly();
    void budgetScalesTheRun();
    void stopWorksDuringChecks();
    void largeInputsMakeFewerRows();
};

/// Synthetic data for a 224×224×3 classifier of 1,000 outputs (a VGG16 fine-tuning lab):
/// at most 2^25 values, so making it is a small part of a budgeted run (it took 121 s of
/// a 60 s budget before), with the same learnable teacher for small inputs.
void TstSmokeChecks::largeInputsMakeFewerRows()
{
    DataRequest request;
    request.spec = QStringLiteral("synthetic");
    request.inputShape = {224, 224, 3};
    request.numClasses = 0;
    request.targetWidth = 1000;
    Dataset data;
    QString error;
    QVERIFY2(loadDataset(request, &data, &error), qPrintable(error));
    QCOMPARE(data.rows, qint64((qint64(1) << 25) / (224 * 224 * 3)));
    QCOMPARE(data.targetWidth, 1000);
    QVERIFY2(data.notes.join(QLatin1Char('\n')).contains(QStringLiteral("rows instead of 1024")), qPrintable(data.notes.join(QLatin1Char('\n'))));
    // a small input keeps its 1024 rows
    request.inputShape = {64};
    QVERIFY(loadDataset(request, &data, &error));
    QCOMPARE(data.rows, qint64(1024));
}

void TstSmokeChecks::cancelStopsEarly()
{
    const ModelIR model = digitsMlp();
    std::atomic_bool cancel{false};
    int seen = 0;
    SmokeOptions opt;
    opt.validationSplit = 0.2;
    const SmokeResult r = runSmoke(model, teacher(640, 64, 10), opt, [&](const SmokeEvent &e) {
        if (!e.epoch && ++seen == 5)
            cancel = true;
    }, &cancel);
    QVERIFY(r.ran);
    QVERIFY(r.cancelled);
    QVERIFY(r.steps.size() <= 6);
    QCOMPARE(r.steps.size(), 5);
    QVERIFY(r.history.isEmpty());
    QVERIFY(!findCheck(r, QStringLiteral("overfit_batch"))->passed);
}

void TstSmokeChecks::budgetScalesTheRun()
{
    // A budget already spent after the first step: the batches shrink to 2 rows (a step
    // would take more than a twelfth of it), training stops, validation and the
    // overfitting check shrink, and the result says so; without a budget nothing is scaled.
    const ModelIR model = digitsMlp();
    SmokeOptions opt;
    opt.epochs = 3;
    opt.validationSplit = 0.2;
    opt.budgetSeconds = 1e-9;
    const SmokeResult r = runSmoke(model, teacher(640, 64, 10), opt);
    QVERIFY2(r.ran, qPrintable(r.error));
    QCOMPARE(r.steps.size(), 1);
    QCOMPARE(r.scaled.size(), 4);
    QVERIFY2(r.scaled[0].startsWith(QLatin1String("batches of 2 rows (not 32)")), qPrintable(r.scaled[0]));
    QCOMPARE(r.batchSize, 2);
    QVERIFY2(r.scaled[1].startsWith(QLatin1String("training stopped after 1 of 768 steps")), qPrintable(r.scaled[1]));
    QVERIFY2(r.scaled[2].startsWith(QLatin1String("validation on the first 1 of 128 rows")), qPrintable(r.scaled[2]));
    QVERIFY2(r.scaled[3].startsWith(QLatin1String("overfit_batch on 2 rows and at most 10 steps")), qPrintable(r.scaled[3]));
    const SmokeCheck *overfit = findCheck(r, QStringLiteral("overfit_batch"));
    QVERIFY2(overfit->detail.contains(QLatin1String("budget")), qPrintable(overfit->detail));

    // with batch statistics (BatchNormalization) the batches keep 8 rows: on 2 every
    // normalised value is ±1 and the layers before it get no gradient
    Document doc;
    InputError parseError;
    QVERIFY(parseScript("from keras.models import Sequential\nfrom keras.layers import Dense, BatchNormalization\n"
                        "m = Sequential([Dense(16, input_shape=(64,)), BatchNormalization(), Dense(10, activation='softmax')])\n"
                        "m.compile(optimizer='sgd', loss='categorical_crossentropy')\n",
                        QStringLiteral("bn.py"), &doc, &parseError));
    const ExtractResult bn = extractModel(doc, {});
    QVERIFY2(bn.ok, qPrintable(bn.error));
    const SmokeResult normalised = runSmoke(bn.model, teacher(640, 64, 10), opt);
    QVERIFY2(normalised.ran, qPrintable(normalised.error));
    QVERIFY2(!normalised.scaled.isEmpty() && normalised.scaled[0].startsWith(QLatin1String("batches of 8 rows (not 32)")),
             qPrintable(normalised.scaled.join(QLatin1Char('\n'))));
    QCOMPARE(normalised.batchSize, 8);

    opt.budgetSeconds = 0;
    opt.epochs = 1;
    const SmokeResult unbounded = runSmoke(model, teacher(640, 64, 10), opt);
    QVERIFY(unbounded.scaled.isEmpty());
    QCOMPARE(unbounded.steps.size(), 16);
}

void TstSmokeChecks::stopWorksDuringChecks()
{
    const ModelIR model = digitsMlp();
    std::atomic_bool cancel{false};
    int checkEvents = 0;
    SmokeOptions opt;
    opt.validationSplit = 0.2;
    opt.epochs = 1;
    opt.overfitSteps = 1000;
    opt.budgetSeconds = 0;
    const SmokeResult r = runSmoke(model, teacher(640, 64, 10), opt, [&](const SmokeEvent &e) {
        if (e.check == QLatin1String("overfit_batch") && ++checkEvents == 3)
            cancel = true;
    }, &cancel);
    QVERIFY(r.ran);
    QCOMPARE(r.steps.size(), 16); // training finished before the check
    QVERIFY(r.cancelled);
    QCOMPARE(checkEvents, 3);
    const SmokeCheck *overfit = findCheck(r, QStringLiteral("overfit_batch"));
    QVERIFY2(!overfit->passed && overfit->detail.startsWith(QLatin1String("stopped at step 3")), qPrintable(overfit->detail));
}

QTEST_GUILESS_MAIN(TstSmokeChecks)
#include "tst_smokechecks.moc"
