#include "RunDock.h"

#include "DocumentReader.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kmw {

namespace {

QPlainTextEdit *outputView(QWidget *parent, const QString &name)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

void clearLayout(QHBoxLayout *layout)
{
    while (QLayoutItem *item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

void addImages(QHBoxLayout *layout, const CellRun &run, QWidget *parent)
{
    clearLayout(layout);
    for (const RunOutput &o : run.outputs) {
        QPixmap pixmap;
        if (o.type != QLatin1String("image") || !pixmap.loadFromData(o.image))
            continue;
        auto *thumb = new QLabel(parent);
        thumb->setPixmap(pixmap.scaledToHeight(std::min(pixmap.height(), 120), Qt::SmoothTransformation));
        thumb->setToolTip(QObject::tr("%1×%2 image").arg(pixmap.width()).arg(pixmap.height()));
        layout->addWidget(thumb);
    }
    layout->addStretch(1);
}

QString sideText(const CellRun &run)
{
    QString text = run.text();
    if (run.failed())
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + QStringLiteral("%1: %2\n\n%3")
                    .arg(run.error.ename, run.error.evalue, run.error.traceback);
    if (run.status == QLatin1String("skipped") || run.status == QLatin1String("not-run"))
        text = QObject::tr("(not run: %1)").arg(run.status);
    return text;
}

} // namespace

QColor verdictColor(CellVerdict verdict)
{
    switch (verdict) {
    case CellVerdict::Same: return QColor(0x20, 0x80, 0x30);
    case CellVerdict::Close: return QColor(0x50, 0x90, 0x20);
    case CellVerdict::Differs: return QColor(0xb0, 0x70, 0x00);
    case CellVerdict::MigratedFailed: return QColor(0xc0, 0x10, 0x20);
    case CellVerdict::BothFailed: return QColor(0x70, 0x70, 0x90);
    case CellVerdict::OriginalFailed: return QColor(0x60, 0x60, 0xa0);
    case CellVerdict::Skipped:
    case CellVerdict::NotRun: return QColor(0x90, 0x90, 0x90);
    }
    return Qt::gray;
}

RunDock::RunDock(QWidget *parent) : QDockWidget(tr("Run Both Sides"), parent)
{
    setObjectName(QStringLiteral("RunDock"));
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_summary = new QLabel(tr("Review › Run Both Sides runs the open notebook as it is under Keras 2 and migrated "
                              "under Keras 3 (torch backend), in temporary copies, and compares what each cell prints."),
                           page);
    m_summary->setObjectName(QStringLiteral("runSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_environment = new QLabel(page);
    m_environment->setWordWrap(true);
    m_environment->setStyleSheet(QStringLiteral("color:#606060"));
    layout->addWidget(m_environment);
    auto *bar = new QHBoxLayout;
    m_progress = new QProgressBar(page);
    m_progress->setFormat(tr("%v / %m cells"));
    m_stop = new QPushButton(tr("Stop"), page);
    m_stop->setObjectName(QStringLiteral("runStop"));
    m_stop->setEnabled(false);
    connect(m_stop, &QPushButton::clicked, this, &RunDock::stop);
    bar->addWidget(m_progress, 1);
    bar->addWidget(m_stop);
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Vertical, page);
    m_table = new QTableWidget(0, 3, split);
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setHorizontalHeaderLabels({tr("Cell"), tr("Verdict"), tr("Detail")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showCell(row); });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (row >= 0 && row < m_comparison.cells.size())
            emit cellActivated(m_comparison.cells[row].index);
    });
    auto *detail = new QWidget(split);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_cellTitle = new QLabel(detail);
    m_cellTitle->setWordWrap(true);
    detailLayout->addWidget(m_cellTitle);
    auto *sides = new QHBoxLayout;
    auto *left = new QVBoxLayout, *right = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Original (Keras 2)"), detail));
    right->addWidget(new QLabel(tr("Migrated"), detail));
    m_originalText = outputView(detail, QStringLiteral("runOriginal"));
    m_migratedText = outputView(detail, QStringLiteral("runMigrated"));
    left->addWidget(m_originalText, 1);
    right->addWidget(m_migratedText, 1);
    m_originalImages = new QHBoxLayout;
    m_migratedImages = new QHBoxLayout;
    left->addLayout(m_originalImages);
    right->addLayout(m_migratedImages);
    sides->addLayout(left, 1);
    sides->addLayout(right, 1);
    detailLayout->addLayout(sides, 1);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setWidget(page);
}

RunDock::~RunDock() = default;

bool RunDock::start(const RunCompareRequest &request)
{
    stop();
    PreparedRun prepared;
    QString error;
    if (!prepareRunCompare(request, &prepared, &error)) {
        m_summary->setText(tr("Cannot run %1: %2").arg(request.relativePath, error));
        return false;
    }
    m_table->setRowCount(0);
    m_originalText->clear();
    m_migratedText->clear();
    m_cellTitle->clear();
    m_environment->setText(tr("Python: %1 · target %2 · %n accepted fix(es) applied in a temporary copy", nullptr,
                              prepared.fixesApplied)
                               .arg(request.python, request.target));
    m_summary->setText(tr("Running %1 on both sides…").arg(request.relativePath));
    m_job = std::make_unique<RunCompareJob>(request, prepared);
    m_job->setProgress([this](const QString &side, int index, int count, const QString &status) {
        Q_UNUSED(count)
        const bool original = side == QLatin1String("original");
        m_progress->setValue(m_progress->value() + 1);
        m_summary->setText(original ? tr("Original (Keras 2): cell %1 %2").arg(index).arg(status)
                                    : tr("Migrated: cell %1 %2").arg(index).arg(status));
    });
    m_job->setFinished([this](const FileComparison &result) {
        setRunning(false);
        showComparison(result);
        emit finished(result);
        // the job is released once its callback has returned
        QMetaObject::invokeMethod(this, [this] {
            if (m_job && !m_job->isRunning())
                m_job.reset();
        }, Qt::QueuedConnection);
    });
    // Progress counts the code cells of both sides.
    int codeCells = 0;
    Document doc;
    InputError parseError;
    const QString path = request.root + QLatin1Char('/') + request.relativePath;
    const DocumentKind kind = path.endsWith(QLatin1String(".ipynb")) ? DocumentKind::Notebook : DocumentKind::Script;
    if (parseDocumentBytes(prepared.originalBytes, path, kind, &doc, &parseError))
        for (const Cell &c : doc.cells)
            codeCells += c.type == CellType::Code;
    m_comparison = FileComparison{};
    m_progress->setRange(0, std::max(1, 2 * codeCells));
    m_progress->setValue(0);
    setRunning(true);
    m_job->start();
    return true;
}

void RunDock::stop()
{
    if (m_job && m_job->isRunning())
        m_job->cancel();
}

void RunDock::setRunning(bool running)
{
    m_stop->setEnabled(running);
    if (!running)
        m_progress->setValue(m_progress->maximum());
}

void RunDock::showComparison(const FileComparison &comparison)
{
    m_comparison = comparison;
    m_summary->setText(comparison.summaryLine());
    if (!comparison.original.framework.isEmpty()) {
        const auto versions = [](const SideRun &s) {
            QStringList v;
            for (const char *name : {"tf-keras", "keras", "torch"})
                if (s.versions.contains(QLatin1String(name)))
                    v << QStringLiteral("%1 %2").arg(QLatin1String(name), s.versions.value(QLatin1String(name)));
            return QStringLiteral("%1 (%2)").arg(s.framework, v.join(QStringLiteral(", ")));
        };
        m_environment->setText(tr("Original: %1 · migrated: %2 · seeds fixed (random, NumPy, framework, "
                                  "PYTHONHASHSEED) · numbers equal within 0.01%, close within 5%%")
                                   .arg(versions(comparison.original), versions(comparison.migrated)));
        m_environment->setToolTip(comparison.original.seeding);
    }
    m_table->setRowCount(int(comparison.cells.size()));
    int firstFailure = -1, firstDifference = -1;
    for (int row = 0; row < comparison.cells.size(); ++row) {
        const CellComparison &c = comparison.cells[row];
        auto *cell = new QTableWidgetItem(QString::number(c.index));
        cell->setData(Qt::UserRole, c.index);
        auto *verdict = new QTableWidgetItem(verdictName(c.verdict));
        verdict->setForeground(verdictColor(c.verdict));
        QFont bold = verdict->font();
        bold.setBold(c.verdict == CellVerdict::MigratedFailed);
        verdict->setFont(bold);
        auto *detail = new QTableWidgetItem(c.detail);
        detail->setToolTip(c.detail);
        m_table->setItem(row, 0, cell);
        m_table->setItem(row, 1, verdict);
        m_table->setItem(row, 2, detail);
        if (firstFailure < 0 && c.verdict == CellVerdict::MigratedFailed)
            firstFailure = row;
        if (firstDifference < 0 && (c.verdict == CellVerdict::Differs || c.verdict == CellVerdict::Close))
            firstDifference = row;
    }
    // what the reviewer looks at first: a failure, else a difference
    if (firstFailure < 0)
        firstFailure = firstDifference;
    m_table->resizeColumnToContents(0);
    m_table->resizeColumnToContents(1);
    if (!comparison.cells.isEmpty()) {
        const int row = firstFailure >= 0 ? firstFailure : 0;
        m_table->selectRow(row);
        m_table->scrollToItem(m_table->item(row, 0), QAbstractItemView::PositionAtCenter);
    }
}

void RunDock::selectCell(int index)
{
    for (int row = 0; row < m_comparison.cells.size(); ++row)
        if (m_comparison.cells[row].index == index)
            m_table->selectRow(row);
}

void RunDock::showCell(int row)
{
    if (row < 0 || row >= m_comparison.cells.size())
        return;
    const CellComparison &c = m_comparison.cells[row];
    m_cellTitle->setText(QStringLiteral("<b>%1</b> · <span style='color:%2'>%3</span> · %4")
                             .arg(tr("Cell %1").arg(c.index), verdictColor(c.verdict).name(), verdictName(c.verdict),
                                  c.detail.toHtmlEscaped()));
    m_originalText->setPlainText(sideText(c.original));
    m_migratedText->setPlainText(sideText(c.migrated));
    addImages(m_originalImages, c.original, this);
    addImages(m_migratedImages, c.migrated, this);
}

} // namespace kmw
