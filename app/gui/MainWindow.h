#pragma once

#include "ReviewSession.h"

#include <QMainWindow>
#include <QSet>

#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QUndoStack;
class QPlainTextEdit;
class QDockWidget;

namespace kmw {

class TargetSelector;
class DiskWatch;

class FindingsDock;
class NotebookView;
class PlanDock;
class SmokeDock;
struct SmokeRun;
class RunDock;
class VerifyDock;
struct VerifyReport;
class RepositoryDock;

/// The workbench window: repository tree (left dock), the open file's cells side by
/// side (centre), status bar with scan progress and Cancel. It shows a ReviewSession
/// (engine, scan, reviews, decisions, plan, undo stack): it wires the docks to the
/// session's signals and forwards the reviewer's actions to it. It never blocks on a scan.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Loads rule packs (names, files or folders; empty: built-in keras3-torch).
    /// Errors are shown in the status bar and returned.
    QVector<InputError> loadRules(const QStringList &packs = {});

    /// Switches the migration target to built-in pack `pack` and rescans the open
    /// repository (the open file is shown again). Asks first when accepted fixes are
    /// not saved; false when the user keeps the current target or the pack fails.
    bool setTarget(const QString &pack);
    /// The loaded packs' names.
    QStringList packNames() const { return m_session->packNames(); }

    /// Scripted runs (--screenshot): warnings go to stderr instead of modal dialogs,
    /// which nobody could close.
    void setScripted(bool scripted) { m_scripted = scripted; }
    /// A warning for the user: a modal box, or a line on stderr when scripted.
    void warn(const QString &title, const QString &text);

    /// Starts scanning `path` off the GUI thread; the tree fills when it finishes. A scan
    /// still running is cancelled and its result dropped.
    void openRepository(const QString &path);
    /// For tests and scripted runs: runs an event loop until the latest scan (if any) and
    /// the reads of single files have finished and been shown. The window itself never
    /// waits for a scan.
    void waitForScan();
    /// Opens a file of the repository (relative, or absolute inside it) in the centre. A
    /// file the scan did not list is read off the GUI thread first and shown when it is
    /// in (the view is disabled meanwhile). False when it cannot be opened.
    bool openFile(const QString &path);
    /// Writes the open file's accepted fixes; rescans it and shows the result.
    bool saveCurrent();

    /// Records a decision through the undo stack (what the buttons and Alt+A/Alt+R do).
    void decide(const QString &path, const QString &findingId, DecisionStatus status, int fixIndex = -1);
    /// Accepts or rejects every finding of `findingId`'s rule in the open file or in the
    /// whole repository, or every finding of its cell (one undoable step).
    void decideBulk(const QString &findingId, BulkScope scope, DecisionStatus status);
    /// Applies a decision without the undo stack (ReviewSession::applyDecision; the view
    /// follows through the session's signal).
    void applyDecision(const QString &path, const QString &findingId, const Decision &decision);
    /// Sets (or drops, with nullopt) a hand edit without the undo stack
    /// (ReviewSession::applyManualEdit).
    void applyManualEdit(const QString &path, int cell, const std::optional<QByteArray> &source);

    /// Moves to the next (+1) or previous (-1) finding, across cells and files (F8,
    /// Shift+F8). False at the end of the list.
    bool goToFinding(int direction);
    /// Accepts (Alt+A) or rejects (Alt+R) the current finding.
    void decideCurrent(DecisionStatus status);
    /// Accepts every pending fixable finding of the open file (Alt+Shift+A; one undoable
    /// step).
    void acceptAllInFile();
    /// Writes every file with accepted fixes (Ctrl+Shift+S).
    bool saveAll();

    /// The review the window shows.
    ReviewSession *session() const { return m_session; }
    QString repositoryPath() const { return m_session->root(); }
    QUndoStack *undoStack() const { return m_session->undoStack(); }
    const ReviewStore &reviewStore() const { return m_session->store(); }
    QString currentFile() const { return m_current; }
    NotebookView *notebookView() const { return m_view; }
    /// "Clear Outputs of Changed Cells" (Review menu): saving resets the outputs and
    /// execution counts of cells whose source changed.
    QAction *clearOutputsAction() const { return m_clearOutputs; }
    /// "Keep a Backup When Saving": the original goes to <repository>/.kmw/backup/.
    QAction *backupAction() const { return m_backup; }
    RepositoryDock *repositoryDock() const { return m_tree; }
    FindingsDock *findingsDock() const { return m_findings; }
    PlanDock *planDock() const { return m_planDock; }
    SmokeDock *smokeDock() const { return m_smokeDock; }
    /// Model › Smoke Train Saved Keras Model: smoke-trains the model a `.keras` archive or
    /// a Keras 2 `.h5` file saves (its architecture, loss and optimizer). False, with a
    /// warning naming the file and the reason, when it cannot be read.
    bool smokeTrainSavedModel(const QString &path);
    /// Smoke-trains the model in effect at `cell` of the open file, as migrated so far
    /// (the after side: accepted fixes and hand edits); the file on disk is the
    /// reference for the parameter count. -1: the cell of the current finding, else the
    /// last cell that compiles or fits a model. False when no file is open.
    bool smokeTrain(int cell = -1);
    /// Keeps a finished smoke run of a file in `.kmw/smoke.json` and re-binds the plan
    /// (its training items follow the runs).
    void recordSmokeRun(const QString &relativePath, int cell, const SmokeRun &run);
    RunDock *runDock() const { return m_runDock; }
    /// Help › About and `kmw --version`: the version, the rule packs' versions and the
    /// libraries with their licences, as plain text.
    static QString aboutText();
    VerifyDock *verifyDock() const { return m_verifyDock; }
    /// Model › Verify in Python: the model built at `cell` of the open file (-1: the cell
    /// of the current finding, else every model of the file) run by its own code under
    /// Keras 2, migrated under Keras 3 on torch and generated as a PyTorch module, with the
    /// same weights, in the chosen Python; the Verify dock shows the three side by side.
    /// False when no file is open or no Python with the frameworks is found.
    bool verifyModel(int cell = -1);
    /// Keeps a finished verification in `.kmw/verify.json`.
    void recordVerify(const VerifyReport &report);
    /// Review › Run Both Sides: runs the open file as it is (Keras 2) and as migrated by
    /// the accepted decisions (Keras 3 on torch, or plain PyTorch under that target) in
    /// the chosen Python, in temporary copies; the Run dock shows progress, Stop and the
    /// per-cell results, the cells get badges. False when no file is open or no Python
    /// with the frameworks is found (the reason is shown).
    bool runBothSides();
    /// Keeps a finished comparison in `.kmw/run.json`, shows its badges and re-binds the
    /// plan (its "cells execute" items follow the runs).
    void recordRun(const FileComparison &comparison);
    /// The Python interpreter chosen in the preferences ("" = the default search of
    /// findFrameworkPython()).
    QString pythonPreference() const;
    void setPythonPreference(const QString &python);
    /// The repository's MIGRATION_PLAN.md, bound to the findings as they stand (accepted
    /// fixes count as done); empty when the repository has none.
    const MigrationPlan &plan() const { return m_session->plan(); }
    /// Ticks or unticks the manual item at `line` (1-based) of the plan on disk: only
    /// the character between its brackets changes.
    bool setPlanItem(int line, bool checked);
    /// The "Pending changes" dock's text: what saving the open file would change.
    QString pendingChangesText() const;
    /// Save All asks for confirmation with the diffs of every file (on by default).
    void setConfirmSaveAll(bool confirm) { m_confirmSaveAll = confirm; }

    /// A file of the repository changed outside the workbench (DiskWatch, or found when
    /// saving): when its bytes differ from those read, it is read and scanned again and
    /// its decisions re-applied where their findings still exist; if it had accepted fixes
    /// or hand edits not saved, the reviewer chooses first: Reload (the decisions applied
    /// to the new content, shown in Pending Changes), Keep Mine (overwrite, after the diff
    /// of the change on disk that would be lost) or Cancel (nothing written; Save refuses
    /// until then). Returns true when the file was reloaded or overwritten.
    bool fileChangedOnDisk(const QString &relativePath);

protected:
    void closeEvent(QCloseEvent *event) override;
    /// Activating the window checks the files' times and sizes (watchers miss some changes).
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void connectSession();
    void showScan(const ScanResult &scan);
    /// The view, the findings table and the counts after a decision on `path`.
    void showDecision(const QString &path, const QString &findingId, const Decision &decision);
    void updateFileCounts(const QString &relativePath);
    /// `overwrite`: Keep Mine's bytes on disk that the save replaces.
    bool saveFile(const QString &relativePath, const std::optional<QByteArray> &overwrite = {});
    /// fileChangedOnDisk()'s Reload: reads and scans `relativePath` again off the GUI
    /// thread, decisions and hand edits re-applied where they still fit (showReload()).
    bool reloadFromDisk(const QString &relativePath);
    /// A reload is in: the view, counts and status, and the hand edits that did not fit.
    void showReload(const QString &relativePath, const ReviewSession::Reload &reload);
    /// A file read off the GUI thread has its review: shown if it is the one to open.
    void showReadFile(const QString &relativePath);
    /// The diff of what a change on disk did, and Overwrite/Cancel: true for Overwrite.
    bool confirmOverwrite(const QString &relativePath, const QByteArray &read, const QByteArray &onDisk);
    /// The findings table filled from the scan, with the decisions as they stand.
    void showFindings();
    void showHelp();
    void chooseRepository();

    void syncTargetControls();

    ReviewSession *m_session; ///< first: the docks and actions are wired to it
    TargetSelector *m_target = nullptr;
    QString m_reopen; ///< file to show again once the running scan is shown
    QString m_current;
    QString m_pendingOpen; ///< file to show once it is read (openFile(), after a save)

    NotebookView *m_view;
    RepositoryDock *m_tree;
    FindingsDock *m_findings;
    PlanDock *m_planDock;
    SmokeDock *m_smokeDock;
    RunDock *m_runDock;
    VerifyDock *m_verifyDock;
    void showRunRecord();
    void showVerifyRecord();
    QDockWidget *m_changesDock = nullptr;
    QPlainTextEdit *m_changes = nullptr;
    bool m_confirmSaveAll = true;
    bool m_scripted = false;
    void updateChanges();
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QAction *m_clearOutputs = nullptr;
    QAction *m_backup = nullptr;
    DiskWatch *m_disk = nullptr;
    QSet<QString> m_askingAboutDisk; ///< files whose disk-change question is open
};

} // namespace kmw
