#pragma once

#include "Verify.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <functional>
#include <memory>

namespace kmw {

/// Runs the harnesses prepareVerify() wrote, model by model and side by side, each in a
/// subprocess of the chosen interpreter (resources/python/kmw_verify.py), in one
/// temporary copy of the repository (`.git` and `.kmw` left out; nothing is written
/// back). Keras 2 first: the other sides compare against what it saved. A side is killed
/// after VerifyRequest::timeout seconds. Asynchronous: needs a running event loop;
/// callbacks come on the thread that called start().
class VerifyJob {
public:
    /// model: index into the report's models; side "keras2" | "keras3" | "pytorch";
    /// status "running" | "ok" | "failed".
    using Progress = std::function<void(int model, const QString &side, const QString &status)>;
    using Finished = std::function<void(const VerifyReport &report)>;

    VerifyJob(VerifyRequest request, VerifyReport prepared);
    ~VerifyJob();
    VerifyJob(const VerifyJob &) = delete;
    VerifyJob &operator=(const VerifyJob &) = delete;

    void setProgress(Progress progress) { m_progress = std::move(progress); }
    void setFinished(Finished finished) { m_finished = std::move(finished); }
    /// Copies the repository and starts the first side. Finished is called once, also on
    /// failure (VerifyReport::error set).
    void start();
    /// Kills the running side; Finished is called with error "stopped".
    void cancel();
    bool isRunning() const { return m_process != nullptr; }

private:
    void next();
    void sideDone(bool timedOut);
    void finish(const QString &error);
    VerifySide *side(int model, int index);

    VerifyRequest m_request;
    VerifyReport m_report;
    Progress m_progress;
    Finished m_finished;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess *m_process = nullptr;
    QTimer m_timer;
    int m_model = 0;
    int m_side = -1; ///< 0 keras2, 1 keras3, 2 pytorch
    bool m_cancelled = false;
    bool m_done = false;
};

/// Prepares and runs a verification to its end in a local event loop (CLI and tests).
/// The report's error says what stopped it.
VerifyReport verifyBlocking(const VerifyRequest &request, const VerifyJob::Progress &progress = {});

} // namespace kmw
