#pragma once

#include "SmokeSetup.h"
#include "SmokeTypes.h"

#include <QDockWidget>
#include <QFutureWatcher>
#include <QHash>
#include <QMutex>
#include <QPointF>

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

/// What to train: a cell of a document (before/after migration) or a TorchScript file.
struct SmokeJob {
    Document before, after;
    int cell = -1;
    QString label;                   ///< shown above the plot ("labs/x.ipynb")
    QString torchScript;             ///< a .pt file instead of a document
    QHash<QString, qint64> bindings; ///< values given for names the code cannot give
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
    /// Smoke-trains a TorchScript module (torch::jit::load) on the dock's data (digits
    /// when "synthetic" is chosen: synthetic rows need a model's shapes).
    void startTorchScript(const QString &path);
    /// Starts `job` (what start() and startTorchScript() call).
    void startJob(const SmokeJob &job);
    /// When a run cannot start because the code leaves names without a value
    /// (`input_dim = X_train.shape[1]` with synthetic data), the dock asks for them
    /// (QInputDialog) and starts again; off in tests.
    void setAskForValues(bool ask) { m_ask = ask; }
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
    /// Steps received and drawn so far (the line keeps at most 1,000 points of them:
    /// every k-th step, k doubling as the run grows).
    int plottedSteps() const;
    /// Points of the training-loss line.
    int plottedPoints() const;
    /// The training-loss line as plotted: (step, smoothed loss), decimated.
    const QList<QPointF> &plottedCurve() const { return m_plotted; }
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
    /// A model run finished: what to remember about it (MainWindow keeps the last run
    /// of each file in .kmw/smoke.json).
    void runRecorded(const QString &label, int cell, const kmw::SmokeRun &run);

private:
    void drain();
    void showResult();
    void chooseDataFile();
    /// Asks for a path (Save dialog) and writes with `write`; a failure is shown.
    void exportInteractive(const QString &title, const QString &suggested, const QString &filter,
                           bool (SmokeDock::*write)(const QString &, QString *) const);
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
    QVector<double> m_smoothedSteps; ///< the smoothed loss after each of m_steps (plot and CSV)
    QList<QPointF> m_plotted;      ///< the training-loss line, decimated
    qint64 m_stride = 1;           ///< every m_stride-th step is plotted

    struct Buffer {
        QMutex mutex;
        QVector<SmokeEvent> events;
        quint64 request = 0;
    };
    std::shared_ptr<Buffer> m_buffer;
    SmokeRun m_last;
    SmokeJob m_job;
    bool m_ask = true;
};

} // namespace kmw
