#include "SmokeDock.h"

#include <QDateTime>

#include "AtomicFile.h"
#include "TorchRunner.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <cmath>

namespace kmw {

namespace {
/// Exponential moving average of the step losses (TensorBoard-style smoothing).
constexpr double kSmoothing = 0.9;
constexpr int kRedrawMs = 50; // at most 20 redraws per second
constexpr int kMaxPlotted = 1000; // points of the training-loss line
} // namespace

SmokeDock::SmokeDock(QWidget *parent)
    : QDockWidget(tr("Smoke Training"), parent), m_buffer(std::make_shared<Buffer>())
{
    setObjectName(QStringLiteral("smokeDock"));
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);

    m_target = new QLabel(tr("Choose Smoke Train on a cell that builds a model (Ctrl+T)."), page);
    m_target->setWordWrap(true);
    layout->addWidget(m_target);

    auto *form = new QFormLayout;
    m_data = new QComboBox(page);
    m_data->setObjectName(QStringLiteral("smokeData"));
    m_data->addItem(tr("Synthetic (random teacher)"), QStringLiteral("synthetic"));
    m_data->addItem(tr("Digits (8×8, 10 classes)"), QStringLiteral("digits"));
    m_data->addItem(tr("File…"), QString());
    m_data->setToolTip(tr("Training data: synthetic rows made to the model's shapes, scikit-learn's digits, or a CSV/NPY/NPZ file (last CSV column is the target)"));
    connect(m_data, &QComboBox::activated, this, [this](int index) {
        if (m_data->itemData(index).toString().isEmpty())
            chooseDataFile();
    });
    form->addRow(tr("&Data:"), m_data);
    m_epochs = new QSpinBox(page);
    m_epochs->setRange(0, 1000);
    m_epochs->setSpecialValueText(tr("as fit()"));
    form->addRow(tr("&Epochs:"), m_epochs);
    m_batch = new QSpinBox(page);
    m_batch->setRange(0, 65536);
    m_batch->setSpecialValueText(tr("as fit()"));
    form->addRow(tr("&Batch size:"), m_batch);
    m_seed = new QSpinBox(page);
    m_seed->setRange(0, 1 << 30);
    form->addRow(tr("See&d:"), m_seed);
    layout->addLayout(form);

    auto *chart = new QChart;
    chart->setTitle(tr("Training loss per step (smoothed); validation per epoch"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_loss = new QLineSeries(chart);
    m_loss->setName(tr("loss"));
    m_valLoss = new QLineSeries(chart);
    m_valLoss->setName(tr("val_loss"));
    m_valLoss->setPointsVisible(true);
    m_valAccuracy = new QLineSeries(chart);
    m_valAccuracy->setName(tr("val_accuracy"));
    m_valAccuracy->setPointsVisible(true);
    chart->addSeries(m_loss);
    chart->addSeries(m_valLoss);
    chart->addSeries(m_valAccuracy);
    m_axisX = new QValueAxis(chart);
    m_axisX->setTitleText(tr("step"));
    m_axisX->setLabelFormat(QStringLiteral("%d"));
    m_axisLoss = new QValueAxis(chart);
    m_axisLoss->setTitleText(tr("loss"));
    m_axisAccuracy = new QValueAxis(chart);
    m_axisAccuracy->setTitleText(tr("accuracy"));
    m_axisAccuracy->setRange(0, 1);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisLoss, Qt::AlignLeft);
    chart->addAxis(m_axisAccuracy, Qt::AlignRight);
    for (QLineSeries *s : {m_loss, m_valLoss, m_valAccuracy})
        s->attachAxis(m_axisX);
    m_loss->attachAxis(m_axisLoss);
    m_valLoss->attachAxis(m_axisLoss);
    m_valAccuracy->attachAxis(m_axisAccuracy);
    m_chartView = new QChartView(chart, page);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    layout->addWidget(m_chartView, 1);

    auto *status = new QHBoxLayout;
    m_progress = new QProgressBar(page);
    m_progress->setTextVisible(true);
    m_rate = new QLabel(page);
    m_rate->setObjectName(QStringLiteral("smokeRate"));
    m_stop = new QPushButton(tr("&Stop"), page);
    m_stop->setEnabled(false);
    connect(m_stop, &QPushButton::clicked, this, &SmokeDock::stop);
    status->addWidget(m_progress, 1);
    status->addWidget(m_rate);
    status->addWidget(m_stop);
    layout->addLayout(status);

    m_checks = new QListWidget(page);
    m_checks->setObjectName(QStringLiteral("smokeChecks"));
    m_checks->setMaximumHeight(170);
    m_checks->setWordWrap(true);
    m_checks->setTextElideMode(Qt::ElideNone);
    layout->addWidget(m_checks);

    auto *exports = new QHBoxLayout;
    m_exportPng = new QPushButton(tr("Export &PNG…"), page);
    m_exportCsv = new QPushButton(tr("Export &CSV…"), page);
    m_exportPng->setEnabled(false);
    m_exportCsv->setEnabled(false);
    connect(m_exportPng, &QPushButton::clicked, this, [this] {
        exportInteractive(tr("Export Plot as PNG"), QStringLiteral("smoke.png"), tr("PNG (*.png)"), &SmokeDock::exportPng);
    });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] {
        exportInteractive(tr("Export Curve as CSV"), QStringLiteral("smoke.csv"), tr("CSV (*.csv)"), &SmokeDock::exportCsv);
    });
    exports->addStretch(1);
    exports->addWidget(m_exportPng);
    exports->addWidget(m_exportCsv);
    layout->addLayout(exports);
    setWidget(page);

    m_timer = new QTimer(this);
    m_timer->setInterval(kRedrawMs);
    connect(m_timer, &QTimer::timeout, this, &SmokeDock::drain);
    connect(&m_watcher, &QFutureWatcher<SmokeRun>::finished, this, &SmokeDock::showResult);
}

SmokeDock::~SmokeDock()
{
    stop();
    m_watcher.waitForFinished();
}

void SmokeDock::setData(const QString &spec)
{
    int index = m_data->findData(spec);
    if (index < 0) {
        m_data->insertItem(m_data->count() - 1, QFileInfo(spec).fileName(), spec);
        index = m_data->count() - 2;
    }
    m_data->setCurrentIndex(index);
}

QString SmokeDock::data() const
{
    const QString spec = m_data->currentData().toString();
    return spec.isEmpty() ? QStringLiteral("synthetic") : spec;
}

void SmokeDock::setEpochs(int epochs) { m_epochs->setValue(epochs); }
void SmokeDock::setSeed(int seed) { m_seed->setValue(seed); }
bool SmokeDock::isRunning() const { return m_watcher.isRunning(); }
int SmokeDock::plottedSteps() const { return int(m_steps.size()); }
int SmokeDock::plottedPoints() const { return int(m_loss->count()); }

void SmokeDock::chooseDataFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Training data"), QString(),
                                                      tr("Data (*.csv *.csv.gz *.npy *.npz);;All files (*)"));
    if (path.isEmpty())
        m_data->setCurrentIndex(0);
    else
        setData(path);
}

void SmokeDock::resetChart()
{
    m_loss->clear();
    m_valLoss->clear();
    m_valAccuracy->clear();
    m_axisX->setRange(0, 1);
    m_axisLoss->setRange(0, 1);
    m_smoothed = 0;
    m_maxLoss = 0;
    m_plotted.clear();
    m_stride = 1;
    m_lastStep = 0;
    m_redraws = 0;
    m_steps.clear();
    m_smoothedSteps.clear();
    m_checks->clear();
    m_rate->clear();
    m_progress->setValue(0);
}

void SmokeDock::start(const Document &before, const Document &after, int cell, const QString &label)
{
    SmokeJob job;
    job.before = before;
    job.after = after;
    job.cell = cell;
    job.label = label;
    startJob(job);
}

void SmokeDock::startTorchScript(const QString &path)
{
    SmokeJob job;
    job.torchScript = path;
    job.label = QFileInfo(path).fileName();
    startJob(job);
}

void SmokeDock::startJob(const SmokeJob &job)
{
    if (isRunning()) {
        stop();
        m_watcher.waitForFinished();
    }
    resetChart();
    show();
    raise();
    m_job = job;
    m_target->setText(job.torchScript.isEmpty() ? tr("%1 — model in effect at cell %2").arg(job.label).arg(job.cell)
                                                : tr("TorchScript module %1").arg(job.label));
    SmokeRequest request;
    request.path = job.after.path;
    request.cell = job.cell;
    request.data = data();
    request.bindings = job.bindings;
    request.options.epochs = m_epochs->value();
    request.options.batchSize = m_batch->value();
    request.options.seed = quint64(m_seed->value());
    request.options.startedAtMs = QDateTime::currentMSecsSinceEpoch(); // setup counts against the budget
    request.searchDirs << QFileInfo(job.torchScript.isEmpty() ? job.after.path : job.torchScript).absolutePath();
    const quint64 id = ++m_request;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    {
        QMutexLocker lock(&m_buffer->mutex);
        m_buffer->events.clear();
        m_buffer->request = id;
    }
    auto buffer = m_buffer;
    auto cancel = m_cancel;
    m_stop->setEnabled(true);
    m_exportPng->setEnabled(false);
    m_exportCsv->setEnabled(false);
    m_progress->setFormat(tr("preparing…"));
    // Antialiasing costs most of a redraw: off while training, back on for the result.
    m_chartView->setRenderHint(QPainter::Antialiasing, false);
    m_timer->start();
    m_watcher.setFuture(QtConcurrent::run([job, request, buffer, cancel, id] {
        SmokeRun run;
        QString error;
        const bool ready = job.torchScript.isEmpty()
                               ? prepareSmoke(job.before, job.after, request, &run.setup, &error)
                               : prepareTorchScriptSmoke(job.torchScript, request, &run.setup, &error);
        if (!ready) {
            run.error = error;
            return run;
        }
        // The training thread only appends under a short lock; the GUI drains.
        const SmokeProgressFn progress = [buffer, id](const SmokeEvent &event) {
            QMutexLocker lock(&buffer->mutex);
            if (buffer->request == id)
                buffer->events.append(event);
        };
        run.result = job.torchScript.isEmpty()
                         ? runSmoke(run.setup.model, run.setup.data, run.setup.options, progress, cancel.get())
                         : runTorchScriptSmoke(job.torchScript, run.setup.data, run.setup.options, progress,
                                               cancel.get());
        return run;
    }));
}

void SmokeDock::stop()
{
    if (m_cancel)
        m_cancel->store(true);
}

void SmokeDock::waitForFinished()
{
    m_watcher.waitForFinished();
    QCoreApplication::processEvents();
}

void SmokeDock::drain()
{
    QVector<SmokeEvent> events;
    {
        QMutexLocker lock(&m_buffer->mutex);
        events.swap(m_buffer->events);
    }
    if (events.isEmpty())
        return;
    bool lossChanged = false;
    for (const SmokeEvent &e : events) {
        if (e.step.step > m_lastStep) {
            // once per step (an epoch's event repeats its last step)
            const double loss = e.step.loss;
            if (std::isfinite(loss)) {
                m_smoothed = m_steps.isEmpty() ? loss : kSmoothing * m_smoothed + (1 - kSmoothing) * loss;
                m_maxLoss = std::max(m_maxLoss, m_smoothed);
            }
            m_steps.append(e.step);
            m_smoothedSteps.append(m_smoothed);
            // At most kMaxPlotted points: every m_stride-th step; when full, every other
            // point goes and the stride doubles (the curve is smoothed anyway).
            if (e.step.step % m_stride == 0) {
                m_plotted.append(QPointF(double(e.step.step), m_smoothed));
                lossChanged = true;
                if (m_plotted.size() > kMaxPlotted) {
                    QList<QPointF> half;
                    for (int i = 1; i < m_plotted.size(); i += 2)
                        half.append(m_plotted[i]);
                    m_plotted.swap(half);
                    m_stride *= 2;
                }
            }
            m_lastStep = e.step.step;
        }
        if (e.epoch) {
            if (std::isfinite(e.epoch->valLoss)) {
                m_valLoss->append(double(e.step.step), e.epoch->valLoss);
                m_maxLoss = std::max(m_maxLoss, e.epoch->valLoss);
            }
            if (std::isfinite(e.epoch->valAccuracy))
                m_valAccuracy->append(double(e.step.step), e.epoch->valAccuracy);
        }
    }
    if (lossChanged)
        m_loss->replace(m_plotted); // one update of the series, not one per point
    const SmokeEvent &last = events.last();
    m_axisX->setRange(0, double(std::max<qint64>(last.totalSteps, m_lastStep)));
    m_axisLoss->setRange(0, m_maxLoss > 0 ? m_maxLoss * 1.05 : 1);
    if (!last.check.isEmpty()) {
        // The checks after training: their own steps (Stop works there too).
        m_progress->setRange(0, std::max(1, last.checkSteps));
        m_progress->setValue(last.checkStep);
        m_progress->setFormat(tr("check %1: step %2 of %3").arg(last.check).arg(last.checkStep).arg(last.checkSteps));
    } else {
        m_progress->setRange(0, int(std::max<qint64>(1, last.totalSteps)));
        m_progress->setValue(int(m_lastStep));
        m_progress->setFormat(tr("step %1 of %2").arg(m_lastStep).arg(last.totalSteps));
    }
    m_rate->setText(tr("%1 steps/s").arg(last.stepsPerSecond, 0, 'f', 0));
    ++m_redraws;
}

void SmokeDock::showResult()
{
    drain();
    m_timer->stop();
    m_chartView->setRenderHint(QPainter::Antialiasing, true);
    m_stop->setEnabled(false);
    m_last = m_watcher.result();
    const SmokeResult &r = m_last.result;
    m_checks->clear();
    if (!m_last.error.isEmpty() || !r.ran) {
        const QString why = m_last.error.isEmpty() ? r.error : m_last.error;
        auto *item = new QListWidgetItem(tr("✗ could not train: %1").arg(why), m_checks);
        item->setToolTip(why);
        m_progress->setFormat(tr("failed"));
        // Names the code leaves without a value: ask for them and start again.
        const QStringList names = m_last.setup.unresolvedNames;
        if (m_ask && !names.isEmpty() && m_job.torchScript.isEmpty()) {
            SmokeJob again = m_job;
            for (const QString &name : names) {
                bool ok = false;
                const int value = QInputDialog::getInt(this, tr("Smoke Training"),
                                                       tr("The code does not say what %1 is (it comes from the data).\n"
                                                          "Value of %1:").arg(name),
                                                       1, 1, 1 << 30, 1, &ok);
                if (!ok) {
                    emit finished(false);
                    return;
                }
                again.bindings.insert(name, value);
            }
            startJob(again);
            return;
        }
        emit finished(false);
        return;
    }
    for (const SmokeCheck &c : r.checks) {
        auto *item = new QListWidgetItem(QStringLiteral("%1 %2 — %3").arg(c.passed ? QStringLiteral("✓") : QStringLiteral("✗"), c.name, c.detail),
                                         m_checks);
        item->setForeground(c.passed ? QColor(0x20, 0x70, 0x20) : QColor(0xb0, 0x20, 0x20));
        item->setToolTip(c.detail);
    }
    for (const QString &line : r.scaled) {
        auto *item = new QListWidgetItem(tr("⏱ scaled to the budget: %1").arg(line), m_checks);
        item->setToolTip(line);
    }
    // sizes the code does not give, read from the notebook's saved outputs, with their cell
    for (const QString &note : m_last.setup.notes) {
        if (!note.contains(QLatin1String("from the saved output")))
            continue;
        auto *item = new QListWidgetItem(tr("ⓘ taken from the notebook's outputs: %1").arg(note), m_checks);
        item->setToolTip(note);
    }
    const bool passed = r.passed();
    m_progress->setFormat(r.cancelled ? tr("stopped at step %1").arg(m_lastStep)
                                      : passed ? tr("verdict: pass") : tr("verdict: fail"));
    m_rate->setText(tr("%1 steps/s").arg(r.stepsPerSecond, 0, 'f', 0));
    m_exportPng->setEnabled(true);
    m_exportCsv->setEnabled(true);
    if (m_job.torchScript.isEmpty())
        emit runRecorded(m_job.label, m_job.cell, m_last);
    emit finished(passed);
}

bool SmokeDock::exportCsv(const QString &path, QString *error) const
{
    QByteArray csv = "step,epoch,loss,smoothed_loss\n";
    for (int i = 0; i < m_steps.size(); ++i) { // the smoothed values the plot shows
        const StepRecord &s = m_steps[i];
        csv += QByteArray::number(s.step) + ',' + QByteArray::number(s.epoch) + ','
               + QByteArray::number(s.loss, 'g', 8) + ',' + QByteArray::number(m_smoothedSteps.value(i), 'g', 8) + '\n';
    }
    csv += "\nepoch,loss,accuracy,val_loss,val_accuracy\n";
    auto num = [](double v) { return std::isfinite(v) ? QByteArray::number(v, 'g', 8) : QByteArray(); };
    for (const EpochRecord &e : m_last.result.history)
        csv += QByteArray::number(e.epoch) + ',' + num(e.loss) + ',' + num(e.accuracy) + ',' + num(e.valLoss) + ','
               + num(e.valAccuracy) + '\n';
    return writeFileAtomically(path, csv, error);
}

bool SmokeDock::exportPng(const QString &path, QString *error) const
{
    const QPixmap pixmap = m_chartView->grab();
    if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
        *error = tr("cannot write %1").arg(path);
        return false;
    }
    return true;
}

void SmokeDock::exportInteractive(const QString &title, const QString &suggested, const QString &filter,
                                  bool (SmokeDock::*write)(const QString &, QString *) const)
{
    const QString path = QFileDialog::getSaveFileName(this, title, suggested, filter);
    QString error;
    if (!path.isEmpty() && !(this->*write)(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

} // namespace kmw
