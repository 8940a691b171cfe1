// The GUI offscreen: open a fixture repository, accept one finding, see the after side
// change, save, and check the bytes on disk; the French translation loads.

#include "CellWidget.h"
#include "CodeEditor.h"
#include "FindingRow.h"
#include "FindingsDock.h"
#include "MainWindow.h"
#include "NotebookView.h"
#include "PlanDock.h"
#include "PythonEnv.h"
#include "RepositoryDock.h"
#include "RunDock.h"
#include "VerifyDock.h"
#include "SmokeDock.h"
#include "GuiSupport.h"
#include "TestSupport.h"

#include <QApplication>
#include <QComboBox>
#include <QMessageBox>
#include <QDialog>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTimer>
#include <QTreeWidget>
#include <QLabel>
#include <QToolButton>
#include <QLineEdit>
#include <QTableView>
#include <QTableWidget>
#include <QUndoStack>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTranslator>
#include <QListWidget>
#include <QSignalSpy>
#include <QImage>
#include <QtTest>

using namespace kmw;
using namespace kmw::test;


class TestGui : public QObject {
    Q_OBJECT
private slots:
    void smokeTrainPlotsLiveAndStops()
    {
        // A Keras 2 script: the smoke run trains its migrated model on synthetic data.
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("train.py")),
                          "from tensorflow.keras.models import Sequential\n"
                          "from tensorflow.keras.layers import Dense\n"
                          "from tensorflow.keras.optimizers import Adam\n"
                          "model = Sequential([Dense(32, activation='relu', input_shape=(20,)),\n"
                          "                    Dense(4, activation='softmax')])\n"
                          "model.compile(optimizer=Adam(lr=0.01), loss='categorical_crossentropy')\n"
                          "model.fit(X, Y, epochs=4, batch_size=16)\n"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("MIGRATION_PLAN.md")),
                          "## Phase 1: Training script\n\n**File:** `train.py`\n\n"
                          "- [ ] Model compiles and trains for 4 epochs\n"));
        MainWindow window;
        showRepository(window, dir.path());
        QVERIFY(window.openFile(QStringLiteral("train.py")));
        const auto trainingItem = [&] { return window.plan().phases.value(0).items.value(0); };
        QVERIFY(trainingItem().automatic);
        QVERIFY(!trainingItem().satisfied);
        QVERIFY2(trainingItem().reason.contains(QStringLiteral("no smoke run")), qPrintable(trainingItem().reason));
        CellWidget *cell = window.notebookView()->cellWidgets().value(0);
        QVERIFY(cell && cell->smokeButton());
        SmokeDock *dock = window.smokeDock();
        dock->setData(QStringLiteral("synthetic"));
        dock->setSeed(3);
        QSignalSpy finished(dock, &SmokeDock::finished);
        cell->smokeButton()->click();
        QVERIFY(dock->isRunning() || finished.count() == 1);
        QVERIFY(finished.wait(60000));
        const SmokeRun &run = dock->lastRun();
        QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
        QVERIFY2(run.result.ran, qPrintable(run.result.error));
        QCOMPARE(run.setup.model.paramsKeras, qint64(20 * 32 + 32 + 33 * 4));
        QCOMPARE(run.result.history.size(), 4);
        // every step was plotted, in at most 20 redraws per second (+1 for the last)
        QCOMPARE(dock->plottedSteps(), int(run.result.steps.size()));
        QVERIFY(dock->plottedPoints() > 0 && dock->plottedPoints() <= 1001);
        QVERIFY(dock->redraws() >= 1);
        QVERIFY2(dock->redraws() <= int(run.result.seconds * 20) + 3, qPrintable(QString::number(dock->redraws())));
        QVERIFY(!run.result.checks.isEmpty());
        QListWidget *checks = dock->findChild<QListWidget *>(QStringLiteral("smokeChecks"));
        // one row per check, and one per budget scaling (a loaded machine scales the run)
        QCOMPARE(checks->count(), run.result.checks.size() + run.result.scaled.size());
        // the run is kept in .kmw/smoke.json and the plan's training item follows it
        const QJsonObject record = QJsonDocument::fromJson(readFile(dir.filePath(QStringLiteral(".kmw/smoke.json"))))
                                       .object().value(QStringLiteral("runs")).toObject().value(QStringLiteral("train.py")).toObject();
        QCOMPARE(record.value(QStringLiteral("verdict")).toString(),
                 run.result.passed() ? QStringLiteral("pass") : QStringLiteral("fail"));
        QCOMPARE(record.value(QStringLiteral("params_torch")).toInt(), 20 * 32 + 32 + 33 * 4);
        QCOMPARE(trainingItem().satisfied, run.result.passed());
        QVERIFY2(trainingItem().reason.contains(QStringLiteral("train.py (cell 0)")), qPrintable(trainingItem().reason));
        // exports
        QString error;
        QVERIFY2(dock->exportCsv(dir.filePath(QStringLiteral("curve.csv")), &error), qPrintable(error));
        const QByteArray csv = readFile(dir.filePath(QStringLiteral("curve.csv")));
        QVERIFY(csv.startsWith("step,epoch,loss,smoothed_loss\n"));
        QCOMPARE(csv.count('\n'), int(run.result.steps.size()) + 3 + run.result.history.size());
        // the plot shows the CSV's smoothed loss: one update per step (an epoch's event
        // repeats its last step and must not smooth it twice)
        QHash<qint64, double> smoothedAt;
        for (const QByteArray &row : csv.split('\n').mid(1, int(run.result.steps.size()))) {
            const QList<QByteArray> cols = row.split(',');
            smoothedAt.insert(cols[0].toLongLong(), cols[3].toDouble());
        }
        QVERIFY(!dock->plottedCurve().isEmpty());
        for (const QPointF &p : dock->plottedCurve())
            QVERIFY2(qAbs(smoothedAt.value(qint64(p.x()), -1) - p.y()) < 1e-6 * std::max(1.0, p.y()),
                     qPrintable(QStringLiteral("step %1: plot %2, csv %3").arg(p.x()).arg(p.y()).arg(smoothedAt.value(qint64(p.x())))));
        QVERIFY2(dock->exportPng(dir.filePath(QStringLiteral("curve.png")), &error), qPrintable(error));
        QVERIFY(QImage(dir.filePath(QStringLiteral("curve.png"))).width() > 100);
        // nothing was written to the script
        QVERIFY(readFile(dir.filePath(QStringLiteral("train.py"))).contains("Adam(lr=0.01)"));

        // Stop: a long run ends early, cancelled, with what it trained so far
        dock->setEpochs(500);
        QVERIFY(window.smokeTrain(0));
        QTRY_VERIFY_WITH_TIMEOUT(dock->plottedSteps() > 0, 30000);
        dock->stop();
        QVERIFY(finished.wait(30000));
        QVERIFY(dock->lastRun().result.cancelled);
        QVERIFY(dock->lastRun().result.history.size() < 500); // stopped well before the end
        QVERIFY(!dock->lastRun().result.passed());
    }
    void acceptOneFindingAndSave()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.ipynb"));
        QVERIFY(writeFile(path, kNotebook));
        MainWindow window;
        showRepository(window, dir.path());
        QVERIFY(window.repositoryDock()->fileItem(QStringLiteral("lab.ipynb")));
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        NotebookView *view = window.notebookView();
        QCOMPARE(view->cellWidgets().size(), 2);

        CellWidget *cell = nullptr;
        FindingRow *row = rowFor(view, QStringLiteral("optimizer-lr"), &cell);
        QVERIFY(row);
        QCOMPARE(cell->afterEditor()->text(), cell->beforeEditor()->text());
        // The cell's outputs: collapsed, one click shows the stream text.
        QVERIFY(cell->outputsWidget());
        QVERIFY(!cell->outputsWidget()->isVisible());
        QToolButton *toggle = cell->findChild<QToolButton *>(QStringLiteral("outputsToggle"));
        QVERIFY(toggle && toggle->text().contains(QLatin1String("(1)")));
        toggle->click();
        QVERIFY(cell->outputsWidget()->isVisible());
        QLabel *outputText = cell->outputsWidget()->findChild<QLabel *>();
        QVERIFY(outputText && outputText->text() == QStringLiteral("ok\n"));
        QTest::mouseClick(row->acceptButton(), Qt::LeftButton);
        QVERIFY(row->acceptButton()->isChecked());
        QCOMPARE(cell->afterEditor()->text(),
                 QStringLiteral("from tensorflow.keras import optimizers\nopt = optimizers.Adam(learning_rate=0.001)"));
        const qsizetype changeAt = cell->afterEditor()->text().indexOf(QStringLiteral("learning_rate"));
        QVERIFY(cell->afterEditor()->isMarked(QStringLiteral("change"), changeAt));
        QVERIFY(!cell->afterEditor()->isMarked(QStringLiteral("change"), 0));

        // Reject then accept again: the after side follows at once.
        QTest::mouseClick(row->rejectButton(), Qt::LeftButton);
        QCOMPARE(cell->afterEditor()->text(), cell->beforeEditor()->text());
        QTest::mouseClick(row->acceptButton(), Qt::LeftButton);
        QCOMPARE(readFile(path), kNotebook); // nothing written before Save

        QVERIFY(cell->outputsStale()); // the cell has outputs from the old source
        // The pending-changes pane shows the cell's diff before anything is written.
        QVERIFY2(window.pendingChangesText().contains(QStringLiteral("-opt = optimizers.Adam(lr=0.001)\n+opt = optimizers.Adam(learning_rate=0.001)")),
                 qPrintable(window.pendingChangesText()));
        QVERIFY(window.pendingChangesText().contains(QStringLiteral("lab.ipynb (cell 1)")));
        QVERIFY(!window.clearOutputsAction()->isChecked());
        QVERIFY(window.backupAction()->isChecked());
        window.setConfirmSaveAll(false);
        QVERIFY(window.saveAll());
        QByteArray expected = kNotebook;
        expected.replace("Adam(lr=0.001)", "Adam(learning_rate=0.001)");
        QCOMPARE(readFile(path), expected);
        QCOMPARE(readFile(dir.filePath(QStringLiteral(".kmw/backup/lab.ipynb"))), kNotebook);
        QVERIFY(window.pendingChangesText().isEmpty());

        // Reopened once read again (off the GUI thread): the migrated text is the original
        // now, and the lr finding is gone.
        QVERIFY(!window.notebookView()->isEnabled()); // until the file is read again
        window.waitForScan();
        QVERIFY(window.notebookView()->isEnabled());
        view = window.notebookView();
        QVERIFY(!rowFor(view, QStringLiteral("optimizer-lr"), &cell));
        QVERIFY(rowFor(view, QStringLiteral("tf-keras-from-import"), &cell));
        QVERIFY(cell->beforeEditor()->text().contains(QStringLiteral("learning_rate=0.001")));
    }

    void pytorchTargetReviewsGeneratedCode()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("train.py")),
                          "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import Dense\n"
                          "model = Sequential()\nmodel.add(Dense(8, input_dim=4, activation='relu'))\n"
                          "model.add(Dense(3, activation='softmax'))\n"
                          "model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])\n"
                          "history = model.fit(X, Y, epochs=3, batch_size=16)\n"));
        MainWindow window;
        showRepository(window, dir.path());
        QCOMPARE(window.packNames(), QStringList{QStringLiteral("keras3-torch")});
        QComboBox *box = window.findChild<QComboBox *>(QStringLiteral("TargetBox"));
        QVERIFY(box);
        QCOMPARE(box->currentData().toString(), QStringLiteral("keras3-torch"));
        QVERIFY(window.openFile(QStringLiteral("train.py")));
        CellWidget *cell = nullptr;
        QVERIFY(!rowFor(window.notebookView(), QStringLiteral("torch-module"), &cell));

        // the other target from the toolbar: rescanned, the same file shown again
        box->setCurrentIndex(box->findData(QStringLiteral("keras-to-pytorch")));
        emit box->activated(box->currentIndex());
        window.waitForScan();
        QCoreApplication::processEvents();
        QCOMPARE(window.packNames(), QStringList{QStringLiteral("keras-to-pytorch")});
        QCOMPARE(window.currentFile(), QStringLiteral("train.py"));
        NotebookView *view = window.notebookView();
        FindingRow *module = rowFor(view, QStringLiteral("torch-module"), &cell);
        FindingRow *fit = rowFor(view, QStringLiteral("torch-fit"), &cell);
        QVERIFY(module && fit);
        QTest::mouseClick(module->acceptButton(), Qt::LeftButton);
        QTest::mouseClick(fit->acceptButton(), Qt::LeftButton);
        const QString after = cell->afterEditor()->text();
        QVERIFY2(after.contains(QStringLiteral("class Net(nn.Module):")), qPrintable(after));
        QVERIFY(after.contains(QStringLiteral("self.dense = nn.Linear(4, 8, bias=True)")));
        QVERIFY(after.contains(QStringLiteral("optimizer.zero_grad()")));
        QVERIFY(!after.contains(QStringLiteral("model.add(")));
        QVERIFY(cell->beforeEditor()->text().contains(QStringLiteral("model.add(")));

        // back, with unsaved accepted fixes: the question is answered No -> target kept
        QTimer::singleShot(0, [] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *box = qobject_cast<QMessageBox *>(w))
                    box->button(QMessageBox::Cancel)->click();
        });
        QVERIFY(!window.setTarget(QStringLiteral("keras3-torch")));
        QCOMPARE(window.packNames(), QStringList{QStringLiteral("keras-to-pytorch")});
        QCOMPARE(box->currentData().toString(), QStringLiteral("keras-to-pytorch"));
    }

    void saveCanClearStaleOutputs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.ipynb"));
        QVERIFY(writeFile(path, kNotebook));
        MainWindow window;
        window.openRepository(dir.path());
        window.waitForScan();
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        FindingRow *row = rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell);
        QVERIFY(row);
        QTest::mouseClick(row->acceptButton(), Qt::LeftButton);
        window.clearOutputsAction()->setChecked(true);
        QVERIFY(window.saveCurrent());
        QByteArray expected = kNotebook;
        expected.replace("Adam(lr=0.001)", "Adam(learning_rate=0.001)");
        expected.replace("\"execution_count\": 4", "\"execution_count\": null");
        expected.replace("[{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\"ok\\n\"]}]", "[]");
        QCOMPARE(readFile(path), expected);
    }

    void keyboardReviewPersistsAcrossARestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.ipynb"));
        QVERIFY(writeFile(path, kNotebook));
        {
            MainWindow window;
            window.resize(1600, 1000);
            window.show();
            window.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            window.openRepository(dir.path());
            window.waitForScan();
            QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
            // Findings in order: backend preamble, the tensorflow.keras import, lr=.
            QTest::keyClick(&window, Qt::Key_F8);
            QTest::keyClick(&window, Qt::Key_A, Qt::AltModifier);
            QTest::keyClick(&window, Qt::Key_F8);
            QTest::keyClick(&window, Qt::Key_A, Qt::AltModifier);
            QTest::keyClick(&window, Qt::Key_F8);
            QTest::keyClick(&window, Qt::Key_R, Qt::AltModifier);
            const std::shared_ptr<FileReview> review = window.notebookView()->review();
            QCOMPARE(review->countWith(DecisionStatus::Accepted), 2);
            QCOMPARE(review->countWith(DecisionStatus::Rejected), 1);

            // Undo and redo the rejection.
            QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
            QCOMPARE(review->countWith(DecisionStatus::Rejected), 0);
            QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(review->countWith(DecisionStatus::Rejected), 1);

            QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
            QByteArray expected = kNotebook;
            expected.replace("    \"from tensorflow.keras import optimizers\\n\",",
                             "    \"import os\\n\",\n    \"os.environ[\\\"KERAS_BACKEND\\\"] = \\\"torch\\\"\\n\",\n    \"from keras import optimizers\\n\",");
            QCOMPARE(readFile(path), expected); // exactly the two accepted fixes
        }
        // .kmw/review.json: two accepted (saved) and one rejected decision.
        const QJsonArray decisions = QJsonDocument::fromJson(readFile(dir.filePath(QStringLiteral(".kmw/review.json"))))
                                         .object().value(QStringLiteral("decisions")).toArray();
        QStringList statuses;
        for (const QJsonValue &d : decisions)
            statuses << d.toObject().value(QStringLiteral("status")).toString();
        statuses.sort();
        QCOMPARE(statuses, (QStringList{QStringLiteral("accepted"), QStringLiteral("accepted"), QStringLiteral("rejected")}));

        // A new session restores the rejection; the tree's badge shows it before the
        // file is opened.
        MainWindow again;
        again.openRepository(dir.path());
        again.waitForScan();
        QStandardItem *item = again.repositoryDock()->fileItem(QStringLiteral("lab.ipynb"));
        QVERIFY(item);
        const QStandardItem *badge = (item->parent() ? item->parent() : again.repositoryDock()->model()->invisibleRootItem())->child(item->row(), 1);
        QVERIFY2(badge->text().contains(QStringLiteral("✗1")), qPrintable(badge->text()));
        QVERIFY(again.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        FindingRow *row = rowFor(again.notebookView(), QStringLiteral("optimizer-lr"), &cell);
        QVERIFY(row);
        QVERIFY(row->rejectButton()->isChecked());
        QCOMPARE(again.notebookView()->review()->countWith(DecisionStatus::Pending), 0);
    }

    void findingsTableBulkDecisionsAndAlternatives()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("lab.ipynb")), kNotebook));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("b.py")),
                          "from tensorflow.keras import layers, models\nimport numpy as np\nmodel = models.load_model('digits.keras')\nlabels = model.predict_classes(x)\n"));
        MainWindow window;
        showRepository(window, dir.path());

        // The findings table: every finding of the repository; the filter narrows it.
        FindingsDock *dock = window.findingsDock();
        const int all = dock->visibleRows();
        QVERIFY(all >= 6);
        dock->filterEdit()->setText(QStringLiteral("predict-classes"));
        QCOMPARE(dock->visibleRows(), 1);
        // Activating the row opens the file at that finding.
        emit dock->view()->activated(dock->view()->model()->index(0, 0));
        QCOMPARE(window.currentFile(), QStringLiteral("b.py"));
        QVERIFY(!window.notebookView()->currentFinding().isEmpty());
        dock->filterEdit()->clear();
        QCOMPARE(dock->visibleRows(), all);

        // Two alternatives: choosing the second accepts it.
        CellWidget *cell = nullptr;
        FindingRow *row = rowFor(window.notebookView(), QStringLiteral("predict-classes"), &cell);
        QVERIFY(row);
        QComboBox *alternatives = row->findChild<QComboBox *>();
        QVERIFY(alternatives);
        QCOMPARE(alternatives->count(), 2);
        emit alternatives->activated(1);
        QVERIFY(cell->afterEditor()->text().contains(QStringLiteral("(model.predict(x) > 0.5).astype(\"int32\")")));

        // Accept every tf-keras-from-import of the repository: one undoable step.
        FindingRow *imp = rowFor(window.notebookView(), QStringLiteral("tf-keras-from-import"), &cell);
        QVERIFY(imp);
        const int before = window.undoStack()->count();
        window.decideBulk(imp->findingId(), BulkScope::RuleInRepository, DecisionStatus::Accepted);
        QCOMPARE(window.undoStack()->count(), before + 1);
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        FindingRow *nbImport = rowFor(window.notebookView(), QStringLiteral("tf-keras-from-import"), &cell);
        QVERIFY(nbImport && nbImport->acceptButton()->isChecked());
        window.undoStack()->undo();
        QVERIFY(!rowFor(window.notebookView(), QStringLiteral("tf-keras-from-import"), &cell)->acceptButton()->isChecked());

        // Hide unchanged cells (default): the markdown cell without findings is hidden.
        QVERIFY(window.notebookView()->hideUnchanged());
        QVERIFY(!window.notebookView()->cellWidgets().first()->isVisible());
        window.notebookView()->setHideUnchanged(false);
        QVERIFY(window.notebookView()->cellWidgets().first()->isVisible());
    }

    void manualEditIsKeptUndoableAndSaved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.ipynb"));
        QVERIFY(writeFile(path, kNotebook));
        MainWindow window;
        showRepository(window, dir.path());
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        FindingRow *row = rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell);
        QVERIFY(row);
        // Edit the after side by hand, then finish the edit.
        cell->editButton()->click();
        QVERIFY(!cell->afterEditor()->isReadOnly());
        cell->afterEditor()->setText(QStringLiteral("from keras import optimizers\nopt = optimizers.Adam(learning_rate=1e-3)"));
        cell->editButton()->click();
        QVERIFY(cell->afterEditor()->isReadOnly());
        const std::shared_ptr<FileReview> review = window.notebookView()->review();
        QVERIFY(review->manualSource(1).has_value());
        // The findings of the cell show the conflict with the edit.
        QVERIFY(std::any_of(review->result().skipped.cbegin(), review->result().skipped.cend(),
                            [&](const SkippedFix &s) { return s.findingId == row->findingId() && s.reason.contains(QStringLiteral("by hand")); }));
        // Undo drops the edit, redo brings it back.
        window.undoStack()->undo();
        QVERIFY(!review->manualSource(1).has_value());
        window.undoStack()->redo();
        QVERIFY(review->manualSource(1).has_value());
        QVERIFY(window.saveCurrent());
        QVERIFY(readFile(path).contains("\"opt = optimizers.Adam(learning_rate=1e-3)\""));
        QVERIFY(readFile(path).contains("\"from keras import optimizers\\n\""));
    }

    void saveAllAsksWithTheDiffs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.ipynb"));
        QVERIFY(writeFile(path, kNotebook));
        MainWindow window;
        window.show();
        window.openRepository(dir.path());
        window.waitForScan();
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        QTest::mouseClick(rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell)->acceptButton(), Qt::LeftButton);
        QString shown;
        // The confirmation shows the diff; Cancel writes nothing.
        QTimer::singleShot(0, &window, [&] {
            QDialog *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            if (auto *text = dialog->findChild<QPlainTextEdit *>())
                shown = text->toPlainText();
            dialog->reject();
        });
        QVERIFY(!window.saveAll());
        QVERIFY2(shown.contains(QStringLiteral("+opt = optimizers.Adam(learning_rate=0.001)")), qPrintable(shown));
        QCOMPARE(readFile(path), kNotebook);
    }

    void planDockFollowsDecisionsAndWritesTicks()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("lab.ipynb")), kNotebook));
        const QByteArray planText = "# Plan\n\n## Phase 1: Lab 01\n\n### Notebooks to update:\n1. `lab.ipynb`\n2. `missing.ipynb`\n\n"
                                    "### Verification:\n- [ ] Plots reviewed by hand\n- [ ] Model trains\n\n## Verification Protocol\n\n### Checklist per file:\n"
                                    "- [ ] All `lr=` changed to `learning_rate=`\n";
        const QString planPath = dir.filePath(QStringLiteral("MIGRATION_PLAN.md"));
        QVERIFY(writeFile(planPath, planText));
        MainWindow window;
        showRepository(window, dir.path());
        QTreeWidget *tree = window.planDock()->tree();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *phase = tree->topLevelItem(0);
        QCOMPARE(phase->childCount(), 5); // 2 files, 3 items
        QCOMPARE(phase->child(1)->text(1), QStringLiteral("missing"));
        // "Model trains" follows the smoke runs: none yet
        QCOMPARE(phase->child(3)->checkState(0), Qt::Unchecked);
        QVERIFY(phase->child(3)->toolTip(0).contains(QStringLiteral("no smoke run")));
        QTreeWidgetItem *lrItem = phase->child(4);
        QCOMPARE(lrItem->text(0), QStringLiteral("All `lr=` changed to `learning_rate=`"));
        QCOMPARE(lrItem->checkState(0), Qt::Unchecked);
        // Accepting the lr fix makes the automatic item true at once.
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        QTest::mouseClick(rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell)->acceptButton(), Qt::LeftButton);
        QCOMPARE(tree->topLevelItem(0)->child(4)->checkState(0), Qt::Checked);
        QVERIFY(tree->topLevelItem(0)->child(4)->toolTip(0).contains(QStringLiteral("no finding left")));
        // Ticking a manual item writes only its bracket.
        tree->topLevelItem(0)->child(2)->setCheckState(0, Qt::Checked);
        QByteArray expected = planText;
        expected.replace("- [ ] Plots reviewed by hand", "- [x] Plots reviewed by hand");
        QTRY_COMPARE(readFile(planPath), expected);
    }

    /// Model › Verify in Python: the three sides in columns, the layers with their
    /// differences, kept in .kmw/verify.json and shown again when the file is reopened.
    void verifyShowsTheThreeSides()
    {
        QString why;
        if (findFrameworkPython({}, &why).isEmpty())
            QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("repo"));
        QVERIFY(copyTree(QStringLiteral(KMW_SOURCE_DIR "/resources/demo-repo"), root));
        const QByteArray before = readFile(QDir(root).filePath(QStringLiteral("02_convnet_augmented.ipynb")));
        MainWindow window;
        showRepository(window, root);
        QVERIFY(window.openFile(QStringLiteral("02_convnet_augmented.ipynb")));
        QSignalSpy finished(window.verifyDock(), &VerifyDock::finished);
        QVERIFY(window.verifyModel());
        QVERIFY(window.verifyDock()->isRunning());
        QVERIFY(finished.wait(600000));
        const VerifyReport report = window.verifyDock()->report();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.models.size(), 1);
        QVERIFY2(report.models[0].verdict == QLatin1String("equal"), qPrintable(verifyReportText(report)));
        QTableWidget *checks = window.verifyDock()->checks();
        QCOMPARE(checks->columnCount(), 4);
        QCOMPARE(checks->item(0, 2)->text(), QStringLiteral("equal"));
        QCOMPARE(checks->item(0, 3)->text(), QStringLiteral("equal"));
        QVERIFY(checks->item(4, 3)->text().startsWith(QStringLiteral("✓ max |diff|")));
        QTableWidget *layers = window.verifyDock()->layers();
        QCOMPARE(layers->rowCount(), 7);
        QCOMPARE(layers->item(0, 1)->text(), QStringLiteral("Conv2D"));
        QVERIFY(!layers->item(6, 4)->text().isEmpty());
        QVERIFY(window.verifyDock()->details()->toPlainText().contains(QStringLiteral("Keras 2 ran, sliced from the file:")));
        // the notebook is untouched; the report is kept and shown again
        QCOMPARE(readFile(QDir(root).filePath(QStringLiteral("02_convnet_augmented.ipynb"))), before);
        QVERIFY(QFile::exists(QDir(root).filePath(QStringLiteral(".kmw/verify.json"))));
        QVERIFY(window.openFile(QStringLiteral("01_mlp_digits.ipynb")));
        QVERIFY(window.openFile(QStringLiteral("02_convnet_augmented.ipynb")));
        QCOMPARE(window.verifyDock()->models()->count(), 1);
        QVERIFY(window.verifyDock()->models()->itemText(0).contains(QStringLiteral("equal")));
        // Stop ends a run at once and keeps nothing
        QVERIFY(window.verifyModel());
        window.verifyDock()->stop();
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.verifyDock()->report().error, QStringLiteral("stopped"));
    }

    void smokeTrainsASavedKerasModel()
    {
        // Model › Smoke Train Saved Keras Model: a .keras archive Keras 3 wrote
        QString why;
        const QString python = findFrameworkPython({}, &why);
        if (python.isEmpty())
            QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("make.py")),
                          "import os\nos.environ['KERAS_BACKEND'] = 'torch'\nimport keras\nfrom keras import layers\n"
                          "m = keras.Sequential([keras.Input((6,)), layers.Dense(5, activation='relu'), layers.Dense(3, activation='softmax')])\n"
                          "m.compile(loss='sparse_categorical_crossentropy', optimizer='adam')\nm.save('saved.keras')\n"));
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.start(python, {QStringLiteral("make.py")});
        QVERIFY(p.waitForFinished(300000) && p.exitCode() == 0);
        MainWindow window;
        window.setScripted(true);
        QSignalSpy finished(window.smokeDock(), &SmokeDock::finished);
        QVERIFY(window.smokeTrainSavedModel(dir.filePath(QStringLiteral("saved.keras"))));
        QVERIFY(finished.wait(120000));
        const SmokeRun &run = window.smokeDock()->lastRun();
        QVERIFY2(run.error.isEmpty() && run.result.ran, qPrintable(run.error + run.result.error));
        QCOMPARE(run.setup.model.paramsKeras, qint64(6 * 5 + 5 + 5 * 3 + 3));
        QCOMPARE(run.setup.model.loss, QStringLiteral("sparse_categorical_crossentropy"));
        // a file that is not a model: refused with the reason, nothing runs
        QVERIFY(writeFile(dir.filePath(QStringLiteral("junk.h5")), "not HDF5"));
        QVERIFY(!window.smokeTrainSavedModel(dir.filePath(QStringLiteral("junk.h5"))));
    }

    void runBothSidesShowsVerdictsPerCell()
    {
        QString why;
        if (findFrameworkPython({}, &why).isEmpty())
            QSKIP(qPrintable(QStringLiteral("the frameworks' Python environment is absent: %1").arg(why)));
        QTemporaryDir dir;
        QByteArray notebook = kNotebook;
        notebook.replace(R"x("opt = optimizers.Adam(lr=0.001)")x",
                         R"x("opt = optimizers.Adam(lr=0.001)\n", "print(type(opt).__name__)")x");
        notebook.replace(R"x(  }
 ],
 "metadata")x",
                         R"x(  },
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
   "source": ["import os\n", "assert os.environ.get('KERAS_BACKEND') != 'torch', 'runs on torch'"]}
 ],
 "metadata")x");
        QVERIFY(writeFile(dir.filePath(QStringLiteral("lab.ipynb")), notebook));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("MIGRATION_PLAN.md")),
                          "# Plan\n\n## Phase 1: Lab\n\n1. `lab.ipynb`\n\n- [ ] All cells execute without errors\n"));
        MainWindow window;
        showRepository(window, dir.path());
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        QTest::mouseClick(rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell)->acceptButton(), Qt::LeftButton);
        QSignalSpy finished(window.runDock(), &RunDock::finished);
        QVERIFY(window.runBothSides());
        QVERIFY(window.runDock()->isRunning());
        QVERIFY(finished.wait(240000));
        const FileComparison result = window.runDock()->comparison();
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.cells.size(), 2);
        QCOMPARE(result.cell(1)->verdict, CellVerdict::Same);
        QCOMPARE(result.cell(1)->migrated.text().trimmed(), QStringLiteral("Adam"));
        QCOMPARE(result.cell(2)->verdict, CellVerdict::MigratedFailed);
        // the table, the failing cell selected with its traceback beside the original output
        QTableWidget *table = window.runDock()->table();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("migrated-failed"));
        QCOMPARE(table->currentRow(), 1);
        QVERIFY(window.runDock()->migratedText()->toPlainText().contains(QLatin1String("runs on torch")));
        // badges next to the editors; the failing (unchanged) cell is shown too
        const QList<CellWidget *> cells = window.notebookView()->cellWidgets();
        QVERIFY(cells[1]->runBadge()->isVisibleTo(window.notebookView()));
        QVERIFY(cells[1]->runBadge()->text().contains(QLatin1String("same")));
        QVERIFY(cells[2]->runBadge()->text().contains(QLatin1String("migrated-failed")));
        QVERIFY(cells[2]->isVisibleTo(window.notebookView()));
        // kept in .kmw/run.json; the plan's execution item follows it
        QVERIFY(loadRunRecords(dir.path()).value(QStringLiteral("lab.ipynb")).cell(2));
        QTreeWidgetItem *item = window.planDock()->tree()->topLevelItem(0)->child(1);
        QCOMPARE(item->checkState(0), Qt::Unchecked);
        QVERIFY2(item->toolTip(0).contains(QLatin1String("cell 2")), qPrintable(item->toolTip(0)));
        // the notebook itself was not touched
        QCOMPARE(readFile(dir.filePath(QStringLiteral("lab.ipynb"))), notebook);
        // reopening the file shows the badges from run.json
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        QVERIFY(window.notebookView()->cellWidgets()[2]->runBadge()->text().contains(QLatin1String("migrated-failed")));
        // Stop ends a run at once and keeps nothing
        QVERIFY(window.runBothSides());
        window.runDock()->stop();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().first().value<FileComparison>().error, QStringLiteral("stopped"));
        QVERIFY(!window.runDock()->isRunning());
    }

    void screenshotWritesAPng()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("repo/lab.ipynb")), kNotebook));
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        QProcess p;
        p.start(QStringLiteral(KMW_GUI_PATH), {dir.filePath(QStringLiteral("repo")), QStringLiteral("--open"),
                                               QStringLiteral("lab.ipynb"), QStringLiteral("--screenshot"), png});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1600, 1000));
        QCOMPARE(readFile(dir.filePath(QStringLiteral("repo/lab.ipynb"))), kNotebook);
    }

    void frenchTranslationLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/kmw_fr.qm")));
        QApplication::installTranslator(&translator);
        MainWindow window;
        QCOMPARE(window.repositoryDock()->windowTitle(), QStringLiteral("Dépôt"));
        // Rule messages come from their own catalogue.
        QTranslator rules;
        QVERIFY(rules.load(QStringLiteral(":/i18n/kmw_rules_fr.qm")));
        QApplication::installTranslator(&rules);
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("lab.ipynb")), kNotebook));
        window.openRepository(dir.path());
        window.waitForScan();
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        FindingRow *row = rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell);
        QVERIFY(row);
        const auto &findings = window.notebookView()->review()->findings();
        const auto lr = std::find_if(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.ruleId == QLatin1String("optimizer-lr"); });
        QVERIFY(lr != findings.cend());
        QVERIFY2(lr->message.startsWith(QStringLiteral("Les optimiseurs de Keras 3")), qPrintable(lr->message));
        QApplication::removeTranslator(&rules);
        QApplication::removeTranslator(&translator);
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
