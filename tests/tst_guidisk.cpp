// The GUI and files changed outside it (Jupyter's autosave, an editor, kmw-cli, a
// second kmw): external edits are kept or overwritten only when the reviewer chooses,
// files are read again with their decisions, the plan and .kmw/review.json are not
// written over another program's changes.

#include "CodeEditor.h"
#include "GuiSupport.h"
#include "PlanDock.h"
#include "ReviewStore.h"
#include "TestSupport.h"

#include <QApplication>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

using namespace kmw;
using namespace kmw::test;

class TestGuiDisk : public QObject {
    Q_OBJECT
private slots:
    void externalEditsAreKeptOrOverwrittenOnlyWhenChosen()
    {
        // the notebook is also open in Jupyter, whose autosave writes it between the
        // reviewer's accept and save
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.ipynb"));
        QVERIFY(writeFile(path, kNotebook));
        MainWindow window;
        showRepository(window, dir.path());
        window.setConfirmSaveAll(false);
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        QTest::mouseClick(rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell)->acceptButton(), Qt::LeftButton);
        QByteArray external = kNotebook;
        external.replace("\"# Lab\"", "\"# Lab, edited in Jupyter\"");
        QVERIFY(writeFile(path, external));
        // Save asks; Reload reads the new file and applies the accepted fix to it again
        const auto answer = [&](const char *button, QString *asked) {
            QTimer::singleShot(0, &window, [=] {
                QWidget *modal = QApplication::activeModalWidget();
                if (!modal)
                    return;
                if (auto *box = qobject_cast<QMessageBox *>(modal))
                    *asked = box->text();
                else if (auto *text = modal->findChild<QPlainTextEdit *>())
                    *asked = text->toPlainText();
                if (auto *b = modal->findChild<QPushButton *>(QString::fromLatin1(button)))
                    b->click();
                else
                    modal->close();
            });
        };
        QString asked;
        answer("reloadButton", &asked);
        QVERIFY(!window.saveCurrent());
        QVERIFY2(asked.contains(QLatin1String("lab.ipynb")) && asked.contains(QLatin1String("changed on disk")), qPrintable(asked));
        QCOMPARE(readFile(path), external); // nothing written yet
        window.waitForScan(); // Reload reads the file off the GUI thread
        QVERIFY2(window.pendingChangesText().contains(QStringLiteral("+opt = optimizers.Adam(learning_rate=0.001)")),
                 qPrintable(window.pendingChangesText()));
        QVERIFY(window.saveCurrent());
        QByteArray both = external;
        both.replace("Adam(lr=0.001)", "Adam(learning_rate=0.001)");
        QCOMPARE(readFile(path), both); // the external edit and the fix
        window.waitForScan(); // the saved file is read again off the GUI thread

        // Cancel: nothing written, the edit on disk stays; Keep Mine: the change on disk is
        // shown, then overwritten (the backup keeps it)
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        FindingRow *row = rowFor(window.notebookView(), QStringLiteral("tf-keras-from-import"), &cell);
        QVERIFY(row);
        QTest::mouseClick(row->acceptButton(), Qt::LeftButton);
        QByteArray second = both;
        second.replace("edited in Jupyter", "edited in Jupyter again");
        QVERIFY(writeFile(path, second));
        answer("none", &asked); // closes the question: Cancel
        QVERIFY(!window.saveCurrent());
        QCOMPARE(readFile(path), second);
        QString diff;
        QTimer::singleShot(0, &window, [&] {
            QWidget *modal = QApplication::activeModalWidget();
            if (auto *b = modal ? modal->findChild<QPushButton *>(QStringLiteral("keepMineButton")) : nullptr) {
                answer("overwriteButton", &diff); // the diff dialog opens next
                b->click();
            }
        });
        QVERIFY(window.saveCurrent());
        QVERIFY2(diff.contains(QStringLiteral("+    \"# Lab, edited in Jupyter again\"")), qPrintable(diff));
        const QByteArray mine = readFile(path);
        QVERIFY(!mine.contains("again") && mine.contains("learning_rate=0.001") && mine.contains("edited in Jupyter"));
        QCOMPARE(readFile(dir.filePath(QStringLiteral(".kmw/backup/lab.ipynb"))), second);
    }

    void singleFilesAreReadOffTheGuiThread()
    {
        // a file the repository scan did not list (written after it) is read and scanned
        // off the GUI thread: the view waits disabled, then shows it
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("lab.ipynb")), kNotebook));
        MainWindow window;
        window.setScripted(true);
        showRepository(window, dir.path());
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("late.py")),
                          "from tensorflow.keras.optimizers import Adam\nopt = Adam(lr=0.01)\n"));
        ReviewSession *session = window.session();
        QVERIFY(!session->scannedFile(QStringLiteral("late.py")));
        QVERIFY(window.openFile(QStringLiteral("late.py")));
        QVERIFY(session->isReadingFile(QStringLiteral("late.py")));
        QVERIFY(!window.notebookView()->isEnabled());
        QCOMPARE(window.currentFile(), QStringLiteral("lab.ipynb")); // until it is read
        window.waitForScan();
        QVERIFY(!session->isReadingFiles());
        QVERIFY(window.notebookView()->isEnabled());
        QCOMPARE(window.currentFile(), QStringLiteral("late.py"));
        CellWidget *cell = nullptr;
        QVERIFY(rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell));

        // two reloads of one file: the first read's result is dropped (its request is not
        // the latest), the second is applied once
        int reloads = 0;
        connect(session, &ReviewSession::fileReloaded, this, [&] { ++reloads; });
        session->reloadFile(QStringLiteral("late.py"));
        session->reloadFile(QStringLiteral("late.py"));
        window.waitForScan();
        QCOMPARE(reloads, 1);

        // a file that cannot be read: an error, and the view stays on the file shown
        QString unreadable;
        connect(session, &ReviewSession::fileUnreadable, this, [&](const QString &, const QString &error) { unreadable = error; });
        QVERIFY(window.openFile(QStringLiteral("missing.py")));
        window.waitForScan();
        QVERIFY2(unreadable.contains(QStringLiteral("missing.py")), qPrintable(unreadable));
        QCOMPARE(window.currentFile(), QStringLiteral("late.py"));
        QVERIFY(window.notebookView()->isEnabled());
    }

    void filesChangedOutsideAreReadAgain()
    {
        // a file without unsaved fixes changed outside (kmw-cli apply, an editor): the
        // watcher reads and scans it again, and the decisions whose findings remain stay
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.ipynb"));
        QVERIFY(writeFile(path, kNotebook));
        const QString planPath = dir.filePath(QStringLiteral("MIGRATION_PLAN.md"));
        QVERIFY(writeFile(planPath, "# Plan\n\n## Phase 1: Lab\n\n1. `lab.ipynb`\n\n- [ ] Plots reviewed by hand\n"));
        MainWindow window;
        window.setScripted(true);
        showRepository(window, dir.path());
        QVERIFY(window.openFile(QStringLiteral("lab.ipynb")));
        CellWidget *cell = nullptr;
        QTest::mouseClick(rowFor(window.notebookView(), QStringLiteral("tf-keras-from-import"), &cell)->rejectButton(), Qt::LeftButton);
        QByteArray external = kNotebook;
        external.replace("Adam(lr=0.001)", "Adam(learning_rate=0.001)"); // fixed by hand elsewhere
        QVERIFY(writeFile(path, external));
        QTRY_VERIFY_WITH_TIMEOUT(!rowFor(window.notebookView(), QStringLiteral("optimizer-lr"), &cell), 10000);
        FindingRow *kept = rowFor(window.notebookView(), QStringLiteral("tf-keras-from-import"), &cell);
        QVERIFY(kept && kept->rejectButton()->isChecked()); // the decision survived the reload
        QVERIFY(cell->beforeEditor()->text().contains(QStringLiteral("learning_rate=0.001")));

        // .kmw/review.json written by another program (a second kmw, kmw-cli) meanwhile:
        // the next decision here keeps its decisions
        ReviewStore other(dir.path());
        InputError error;
        QVERIFY(other.load(&error));
        Finding elsewhere;
        elsewhere.id = QStringLiteral("decided-elsewhere");
        elsewhere.ruleId = QStringLiteral("optimizer-lr");
        other.set(QStringLiteral("other.py"), elsewhere, Decision{DecisionStatus::Rejected, 0});
        QVERIFY2(other.save(&error), qPrintable(error.toString()));
        const QString keptId = kept->findingId();
        QTest::mouseClick(kept->acceptButton(), Qt::LeftButton);
        ReviewStore disk(dir.path());
        QVERIFY(disk.load(&error));
        QVERIFY(disk.find(QStringLiteral("decided-elsewhere")));
        const StoredDecision *mine = disk.find(keptId);
        QVERIFY(mine && mine->status == DecisionStatus::Accepted);

        // the plan edited outside, then ticked here: nothing written over the edit
        QTreeWidget *tree = window.planDock()->tree();
        QVERIFY(writeFile(planPath, "# Plan\n\n## Phase 1: Lab\n\n1. `lab.ipynb`\n\n- [ ] Plots reviewed by hand\n- [ ] Added outside\n"));
        QTRY_COMPARE_WITH_TIMEOUT(tree->topLevelItem(0)->childCount(), 3, 10000); // read again by the watcher
        const QByteArray edited = readFile(planPath);
        QVERIFY(writeFile(planPath, edited + "- [ ] Added while ticking\n"));
        tree->topLevelItem(0)->child(1)->setCheckState(0, Qt::Checked); // before the watcher reads it
        QTRY_VERIFY_WITH_TIMEOUT(readFile(planPath).contains("- [x] Plots reviewed by hand")
                                     || tree->topLevelItem(0)->childCount() == 4, 10000);
        QVERIFY(readFile(planPath).contains("- [ ] Added while ticking\n"));
    }

};

QTEST_MAIN(TestGuiDisk)
#include "tst_guidisk.moc"
