#pragma once

#include "RunCompareJob.h"

#include <QDockWidget>

#include <memory>

class QHBoxLayout;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace kmw {

/// "Run Both Sides" dock: runs the open notebook as it is under Keras 2 and migrated
/// under Keras 3 (torch) or plain PyTorch (RunCompareJob, in temporary copies, through
/// the chosen Python), with progress and Stop; then one row per code cell with its
/// verdict, and for the selected cell the two outputs side by side (text and images)
/// or the migrated traceback.
class RunDock : public QDockWidget {
    Q_OBJECT
public:
    explicit RunDock(QWidget *parent = nullptr);
    ~RunDock() override;

    /// Starts a comparison (a running one is stopped first). False with the reason shown
    /// in the dock when the file cannot be prepared.
    bool start(const RunCompareRequest &request);
    /// Stops the running comparison (nothing is kept).
    void stop();
    bool isRunning() const { return m_job && m_job->isRunning(); }
    /// Shows a finished comparison (from `.kmw/run.json` or a run that just ended).
    void showComparison(const FileComparison &comparison);
    const FileComparison &comparison() const { return m_comparison; }
    /// Selects the row of cell `index` (when the notebook view asks).
    void selectCell(int index);

    QTableWidget *table() const { return m_table; }
    QLabel *summaryLabel() const { return m_summary; }
    QPlainTextEdit *originalText() const { return m_originalText; }
    QPlainTextEdit *migratedText() const { return m_migratedText; }

signals:
    /// A comparison ended (also when stopped or failed: comparison.error says so).
    void finished(const kmw::FileComparison &comparison);
    /// The reviewer double-clicked the row of a cell.
    void cellActivated(int index);

private:
    void showCell(int row);
    void setRunning(bool running);

    std::unique_ptr<RunCompareJob> m_job;
    FileComparison m_comparison;
    QLabel *m_summary;
    QLabel *m_environment;
    QProgressBar *m_progress;
    QPushButton *m_stop;
    QTableWidget *m_table;
    QLabel *m_cellTitle;
    QPlainTextEdit *m_originalText;
    QPlainTextEdit *m_migratedText;
    QHBoxLayout *m_originalImages;
    QHBoxLayout *m_migratedImages;
};

/// The colour a verdict's badge and row are drawn with.
QColor verdictColor(CellVerdict verdict);

} // namespace kmw
