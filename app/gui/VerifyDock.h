#pragma once

#include "VerifyJob.h"

#include <QDockWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace kmw {

/// "Verify" dock, beside Smoke Training: runs kmw_verify.py for the open file's models
/// (VerifyJob: Keras 2, the Keras 3 migration on torch, the generated PyTorch module,
/// with Keras 2's weights copied in), with progress and Stop; then, for the model chosen
/// above, the checks in three columns side by side (a check out of tolerance in red),
/// every layer's output difference (the first divergent layer highlighted), and the
/// traceback of a side that failed with the notes.
class VerifyDock : public QDockWidget {
    Q_OBJECT
public:
    explicit VerifyDock(QWidget *parent = nullptr);
    ~VerifyDock() override;

    /// Prepares and starts a verification (a running one is stopped first). False with
    /// the reason shown in the dock when the file cannot be read.
    bool start(const VerifyRequest &request);
    /// Stops the running verification (nothing is kept).
    void stop();
    bool isRunning() const { return m_job && m_job->isRunning(); }
    /// Shows a finished report (from `.kmw/verify.json` or a run that just ended).
    void showReport(const VerifyReport &report);
    const VerifyReport &report() const { return m_report; }

    QTableWidget *checks() const { return m_checks; }
    QTableWidget *layers() const { return m_layers; }
    QComboBox *models() const { return m_models; }
    QLabel *summaryLabel() const { return m_summary; }
    QPlainTextEdit *details() const { return m_details; }

signals:
    /// A verification ended (also when stopped or failed: report.error says so).
    void finished(const kmw::VerifyReport &report);

private:
    void showModel(int index);
    void setRunning(bool running);

    std::unique_ptr<VerifyJob> m_job;
    VerifyReport m_report;
    int m_steps = 0;
    QLabel *m_summary;
    QProgressBar *m_progress;
    QPushButton *m_stop;
    QComboBox *m_models;
    QTableWidget *m_checks;
    QTableWidget *m_layers;
    QPlainTextEdit *m_details;
};

} // namespace kmw
