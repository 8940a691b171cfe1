#pragma once

#include "RunCompare.h"

#include <QByteArray>
#include <QHash>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace kmw {

/// What to run both sides of.
struct RunCompareRequest {
    QString root;          ///< the repository (absolute)
    QString relativePath;  ///< the notebook or script, relative to root with '/'
    QString target = QStringLiteral("keras3-torch"); ///< or "keras-to-pytorch"
    QString python;        ///< interpreter (findFrameworkPython())
    int timeoutPerCell = 600; ///< seconds
    int seed = 0;
    /// true: every fixable finding accepted (`--all`); false: the decisions accepted in
    /// `<root>/.kmw/review.json`
    bool allFixes = false;
};

/// The file's two versions, ready to run: its bytes on disk and migrated in memory
/// (nothing is written into the repository), and the cells' dependencies.
struct PreparedRun {
    QByteArray originalBytes;
    QByteArray migratedBytes;
    int fixesApplied = 0;
    QHash<int, QVector<int>> dependencies; ///< cellDependencies() of the migrated file
};

/// Copies the repository `from` into `to` (created), leaving out `.git` and `.kmw`;
/// symlinks are copied as the files they point to. False with `*error` (the path) on the
/// first failure. Where run-compare and verify run user code.
bool copyRepository(const QString &from, const QString &to, QString *error);

/// Reads the file, scans it with the target's pack and applies the accepted (or all
/// fixable) fixes in memory. False with `*error` (path and reason).
bool prepareRunCompare(const RunCompareRequest &request, PreparedRun *prepared, QString *error);

/// Runs a file on both sides, one after the other, each in its own temporary copy of
/// the repository (`.git` and `.kmw` left out; the user's files are never executed in
/// place and nothing is written back), through the driver resources/python/
/// kmw_run_cells.py in the chosen interpreter: the original under Keras 2, the migrated
/// file under Keras 3 (torch backend) or plain PyTorch. Asynchronous: needs a running
/// event loop; callbacks come on the thread that called start().
class RunCompareJob {
public:
    /// side is "original" or "migrated"; index the cell just finished, count the cells.
    using Progress = std::function<void(const QString &side, int index, int count, const QString &status)>;
    using Finished = std::function<void(const FileComparison &result)>;

    RunCompareJob(RunCompareRequest request, PreparedRun prepared);
    ~RunCompareJob();
    RunCompareJob(const RunCompareJob &) = delete;
    RunCompareJob &operator=(const RunCompareJob &) = delete;

    void setProgress(Progress progress) { m_progress = std::move(progress); }
    void setFinished(Finished finished) { m_finished = std::move(finished); }
    /// Copies the repository and starts the original side. Finished is called once,
    /// also on failure (FileComparison::error set).
    void start();
    /// Kills the running side; Finished is called with error "stopped".
    void cancel();
    bool isRunning() const { return m_process != nullptr; }

private:
    void startSide(int side);
    void sideDone(int side);
    void finish(const QString &error);

    RunCompareRequest m_request;
    PreparedRun m_prepared;
    Progress m_progress;
    Finished m_finished;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess *m_process = nullptr;
    QByteArray m_stdout;
    SideRun m_sides[2];
    bool m_cancelled = false;
    bool m_done = false;
};

/// Runs a job to its end in a local event loop (for the CLI and tests).
FileComparison runCompareBlocking(const RunCompareRequest &request, const PreparedRun &prepared,
                                  const RunCompareJob::Progress &progress = {});

} // namespace kmw
