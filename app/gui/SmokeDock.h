#pragma once

#include "SmokeSetup.h"
#include "SmokeTypes.h"

#include <QDockWidget>
#include <QFutureWatcher>
#include <QMutex>

#include <atomic>
#include <memory>

class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;
class QValueAxis;

namespace kmw {

/// The outcome of a smoke run as the dock keeps it: what was set up and what happened.
struct SmokeRun {
    SmokeSetup setup;
    SmokeResult result;
    QString error; ///< preparation failed (model or data unreadable)
};

/// "Smoke Training" dock: trains the model in effect at a cell in LibTorch off the GUI
/// thread and plots the loss live (training loss per step, smoothed; validation loss and
/// accuracy per epoch), with steps/s, Stop, the verdict list and PNG/CSV export.
///
/// The training thread only appends events to a buffer under a mutex (it never waits on
/// the GUI); a 50 ms timer drains the buffer, so the plot redraws at most 20 times a
/// second whatever the step rate.
class SmokeDock : public QDockWidget {
    Q_OBJECT
public:
    explicit SmokeDock(QWidget *parent = nullptr);
    ~SmokeDock() override;

    /// Starts a run on `after` (the migrated sources) with `before` as the reference for
    /// the parameter-count check; data, epochs, batch size and seed come from the
    /// dock's controls. A running run is cancelled first.
    void start(const Document &before, const Document &after, int cell, const QString &label);
    /// Asks the running run to stop after its current step.
    void stop();
    bool isRunning() const;
    /// Blocks until the running run (if any) has finished and been shown (tests).
    void waitForFinished();

    /// Data choice: "synthetic", "digits" or a file path.
    void setData(const QString &spec);
    QString data() const;
    void setEpochs(int epochs);   ///< 0 = fit()'s
    void setSeed(int seed);

    /// The last finished run (empty result before any).
    const SmokeRun &lastRun() const { return m_last; }
    /// Points plotted so far: training loss (smoothed) per step.
    int plottedSteps() const;
    /// How many times the plot was redrawn during the last run.
    int redraws() const { return m_redraws; }

    /// Writes the training curve (step, epoch, loss, smoothed loss) and the epochs'
    /// history as CSV; false with `*error`.
    bool exportCsv(const QString &path, QString *error) const;
    /// Saves the chart as a PNG; false with `*error`.
    bool exportPng(const QString &path, QString *error) const;

signals:
    /// A run finished (passed or not, cancelled, or failed to start).
    void finished(bool passed);

private:
    void drain();
    void showResult();
    void chooseDataFile();
    void exportCsvInteractive();
    void exportPngInteractive();
    void resetChart();

    QComboBox *m_data;
    QSpinBox *m_epochs;
    QSpinBox *m_batch;
    QSpinBox *m_seed;
    QPushButton *m_stop;
    QPushButton *m_exportPng;
    QPushButton *m_exportCsv;
    QLabel *m_target;
    QLabel *m_rate;
    QProgressBar *m_progress;
    QChartView *m_chartView;
    QLineSeries *m_loss;
    QLineSeries *m_valLoss;
    QLineSeries *m_valAccuracy;
    QValueAxis *m_axisX;
    QValueAxis *m_axisLoss;
    QValueAxis *m_axisAccuracy;
    QListWidget *m_checks;
    QTimer *m_timer;

    QFutureWatcher<SmokeRun> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancel;
    quint64 m_request = 0;
    int m_redraws = 0;
    double m_smoothed = 0;
    double m_maxLoss = 0;
    qint64 m_lastStep = 0;
    QVector<StepRecord> m_steps;   ///< all steps of the current run (for CSV)

    struct Buffer {
        QMutex mutex;
        QVector<SmokeEvent> events;
        quint64 request = 0;
    };
    std::shared_ptr<Buffer> m_buffer;
    SmokeRun m_last;
};

} // namespace kmw
