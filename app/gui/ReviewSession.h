#pragma once

#include "BulkScope.h"
#include "FileReview.h"
#include "MigrationPlan.h"
#include "ReviewStore.h"
#include "RuleEngine.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QUndoStack;

namespace kmw {

/// The review of one repository, without widgets: the rule engine of the migration target,
/// the repository scan (run off the GUI thread), the per-file reviews, the decisions
/// (`.kmw/review.json`), the migration plan and the undo stack of the decisions.
///
/// The window shows it: it connects to the signals and forwards the reviewer's actions.
/// Scans are asynchronous (QtConcurrent, one QFutureWatcher per scan); each carries a
/// request number, and a result whose number is not the latest is dropped. So are the
/// scans of one file (after a save, a reload, or opening a file the repository scan did
/// not list): reviewReady or fileReloaded says when one is in. Nothing here blocks on a
/// scan. Everything is called on the GUI thread; only the scan runs elsewhere.
/// The undo stack is QtGui's, so the session lives in the GUI app, not in core/.
class ReviewSession : public QObject {
    Q_OBJECT
public:
    explicit ReviewSession(QObject *parent = nullptr);
    /// Cancels a running scan (without waiting: its result is dropped).
    ~ReviewSession() override;

    // --- rules -----------------------------------------------------------------------
    /// Loads rule packs (names, files or folders; empty: built-in keras3-torch) as the
    /// engine of the next scans; returns the errors.
    QVector<InputError> loadRules(const QStringList &packs = {});
    QStringList packNames() const { return m_packNames; }
    const RuleEngine &engine() const { return m_engine; }

    // --- the repository and its scan ------------------------------------------------
    /// Makes `path` the repository: a running scan is cancelled and its result dropped
    /// (scanFinished), the reviews and the undo history are forgotten, `.kmw/review.json`
    /// is read. False with `storeError` when that file
    /// cannot be read (the decisions are then empty). The scan is startScan()'s.
    bool setRepository(const QString &path, InputError *storeError);
    /// The repository's absolute path ("" before setRepository()).
    QString root() const { return m_root; }
    /// Scans the repository off the GUI thread with the current engine; returns the
    /// scan's request number. A running scan is cancelled and its result dropped.
    quint64 startScan();
    /// Asks the running scan to stop after the current file (its partial result, marked
    /// cancelled, is still delivered).
    void cancelScan();
    /// True from startScan() until the latest scan's result was delivered.
    bool isScanning() const { return m_scanning; }
    /// The request number of the latest scan (0: none started).
    quint64 scanRequest() const { return m_request; }
    /// The last scan delivered.
    const ScanResult &scan() const { return m_scan; }
    /// The rendered notebooks (`*.nbconvert.ipynb` and the like) found next to it.
    const QStringList &renderedNotebooks() const { return m_rendered; }
    /// The scanned result of `relativePath`, or nullptr.
    const FileResult *scannedFile(const QString &relativePath) const;
    /// Decisions not saved whose finding is gone from the scan, for the current target's
    /// rules only (the other target's decisions are kept, not obsolete).
    QVector<StoredDecision> obsoleteDecisions() const;

    // --- reviews ---------------------------------------------------------------------
    /// The review of `relativePath` if it was made already, else nullptr.
    std::shared_ptr<FileReview> review(const QString &relativePath) const { return m_reviews.value(relativePath); }
    /// The review of `relativePath`, made on first use from the scan with the stored
    /// decisions restored. nullptr while the file is read (isReadingFile()): a file the
    /// scan does not list is read off the GUI thread, then reviewReady (or fileUnreadable)
    /// is emitted.
    std::shared_ptr<FileReview> reviewFor(const QString &relativePath);
    /// True while `relativePath` is read and scanned off the GUI thread.
    bool isReadingFile(const QString &relativePath) const { return m_fileReads.contains(relativePath); }
    /// True while any file is.
    bool isReadingFiles() const { return !m_fileReads.isEmpty(); }
    /// The files that have a review.
    QStringList reviewedFiles() const { return m_reviews.keys(); }
    /// The files whose accepted fixes or hand edits are not saved.
    QStringList unsavedFiles() const;
    /// A finding's decision: from its review if made, else as stored (saved: pending).
    DecisionStatus statusOf(const QString &path, const QString &findingId) const;

    // --- decisions (through the undo stack) ------------------------------------------
    enum class DecideResult {
        Pushed,     ///< one undoable step pushed
        Unchanged,  ///< the finding already had that decision
        NoFix,      ///< accepting a finding without a fix: nothing done
        Unreadable, ///< the file has no review (fileUnreadable was emitted)
    };
    /// Records a decision as an undoable step; `fixIndex` >= 0 chooses an alternative fix.
    DecideResult decide(const QString &path, const QString &findingId, DecisionStatus status, int fixIndex = -1);
    /// Accepts (fixable findings only) or rejects every finding like `findingId` of file
    /// `path` in `scope`, as one undoable step named `undoText`. False when the file has
    /// no such finding.
    bool decideBulk(const QString &path, const QString &findingId, BulkScope scope, DecisionStatus status,
                    const QString &undoText);
    /// Accepts every pending fixable finding of `path`, as one undoable step.
    void acceptAllFixable(const QString &path, const QString &undoText);
    /// Sets (or drops, with nullopt) a hand edit of cell `cell` of `path` as an undoable
    /// step; false when it changes nothing.
    bool editCell(const QString &path, int cell, const std::optional<QByteArray> &source);
    /// Applies a decision to the review, `.kmw/review.json` and the plan, then emits
    /// decisionApplied (DecisionCommand; the undo stack is not touched).
    void applyDecision(const QString &path, const QString &findingId, const Decision &decision);
    /// Sets or drops a hand edit, then emits manualEditApplied (ManualEditCommand).
    void applyManualEdit(const QString &path, int cell, const std::optional<QByteArray> &source);
    QUndoStack *undoStack() const { return m_undo; }
    const ReviewStore &store() const { return m_store; }
    /// Writes `.kmw/review.json`; false (and problem) when it cannot be written.
    bool persistDecisions();

    // --- files -----------------------------------------------------------------------
    enum class SaveResult {
        NotReviewed,  ///< no review of the file: nothing written
        WriteFailed,  ///< the file was not written (`error`)
        Saved,        ///< written; its review is dropped and the file read again
    };
    /// Writes a file's accepted fixes and hand edits, marks its decisions saved and clears
    /// the undo history (decisions cannot be undone past a save). The file is then read and
    /// scanned again off the GUI thread: its review is made anew from that scan, and
    /// reviewReady (or fileUnreadable) is emitted.
    SaveResult saveFile(const QString &relativePath, const WriteOptions &options, InputError *error);
    /// What reloadFile() kept.
    struct Reload {
        int kept = 0;             ///< stored decisions of the file whose finding is still there
        int obsolete = 0;         ///< ... and whose finding is gone
        QStringList droppedEdits; ///< cells whose hand edit was dropped (changed on disk)
    };
    /// Reads and scans a file again, off the GUI thread, after it changed on disk; then its
    /// stored decisions are re-applied, its hand edits kept where the cell did not change,
    /// the undo history is cleared, and fileReloaded (or fileUnreadable) is emitted.
    void reloadFile(const QString &relativePath);

    // --- the migration plan ----------------------------------------------------------
    /// MIGRATION_PLAN.md of the repository, bound to the findings as they stand.
    const MigrationPlan &plan() const { return m_plan; }
    /// Reads the plan from disk and binds it (planChanged).
    void loadPlan();
    /// Binds the plan again to the findings, smoke runs and run comparisons (planChanged).
    void refreshPlan();
    enum class PlanTick {
        Written,       ///< the tick is on disk
        NotAnItem,     ///< no manual item at that line
        ChangedOnDisk, ///< edited outside: nothing written, the plan was read again (`why`)
        WriteFailed,   ///< could not write (`why`)
    };
    /// Ticks or unticks the manual item at `line` (1-based) on disk.
    PlanTick setPlanItem(int line, bool checked, QString *why);

signals:
    /// The latest scan progressed: `done` files of `total`.
    void scanProgress(int done, int total);
    /// The latest scan's result is in scan() (the plan is loaded, the reviews of files with
    /// stored decisions are restored). A stale scan's result never comes here.
    void scanReady(const kmw::ScanResult &scan);
    /// The latest scan ended (after scanReady, or without a result, or dropped by
    /// setRepository()).
    void scanFinished();
    /// A decision was applied to the review of `path` (do or undo).
    void decisionApplied(const QString &path, const QString &findingId, const kmw::Decision &decision);
    /// A hand edit of `cell` of `path` was set or dropped (do or undo).
    void manualEditApplied(const QString &path, int cell);
    /// The plan was read or bound again.
    void planChanged(const kmw::MigrationPlan &plan);
    /// A file to review could not be read.
    void fileUnreadable(const QString &relativePath, const QString &error);
    /// The review of a file read off the GUI thread is made: reviewFor() returns it.
    void reviewReady(const QString &relativePath);
    /// reloadFile() is done: the review is made anew, `reload` says what it kept.
    void fileReloaded(const QString &relativePath, const kmw::ReviewSession::Reload &reload);
    /// A read of one file ended (reviewReady, fileReloaded or fileUnreadable came first).
    void fileReadFinished(const QString &relativePath);
    /// Something went wrong that the reviewer should see in the status bar (the decisions
    /// could not be written, say).
    void problem(const QString &message);

private:
    /// A scan ended: kept and announced when `request` is the latest, else dropped.
    /// `scan` is nullptr when the scan gave no result.
    void finishScan(quint64 request, const ScanResult *scan, const QStringList &rendered);
    /// After a scan: the reviews of the files with decisions not saved are made, so that
    /// their counts show before they are opened.
    void restoreDecidedReviews();
    void replaceScanned(const FileResult &fresh);
    /// Reads and scans `relativePath` off the GUI thread, then calls `done` with it on the
    /// GUI thread, unless a later read of the file, or another repository, superseded
    /// this one (dropped). A file that cannot be read emits fileUnreadable instead.
    void readFileInBackground(const QString &relativePath, std::function<void(const FileResult &fresh)> done);
    /// reloadFile()'s second half, once the file is read.
    void finishReload(const QString &relativePath, const FileResult &fresh);

    RuleEngine m_engine;
    QStringList m_packNames;
    QString m_root;
    ScanResult m_scan;
    QStringList m_rendered;
    QHash<QString, std::shared_ptr<FileReview>> m_reviews;
    ReviewStore m_store;
    MigrationPlan m_plan;
    QUndoStack *m_undo;
    std::shared_ptr<std::atomic_bool> m_cancelFlag; ///< the latest scan's
    quint64 m_request = 0;
    bool m_scanning = false;
    QHash<QString, quint64> m_fileReads; ///< files being read, with their latest request
    quint64 m_fileRequest = 0;
};

} // namespace kmw
