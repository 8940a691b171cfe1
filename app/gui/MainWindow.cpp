#include "MainWindow.h"

#include "KerasModelFile.h"

#include <cstdio>

#include "FindingRow.h"
#include "FindingsDock.h"
#include "NotebookView.h"
#include "PlanDock.h"
#include "RepositoryDock.h"
#include "SmokeDock.h"
#include "RunDock.h"
#include "VerifyDock.h"
#include "SmokeStore.h"
#include "DiskWatch.h"
#include "TargetSelector.h"

#include <QComboBox>

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QSet>
#include <QDateTime>
#include <QRegularExpression>
#include <QToolBar>
#include <QCoreApplication>
#include <QEventLoop>
#include <QUndoStack>

#include <cmath>

namespace kmw {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_session(new ReviewSession(this)), m_view(new NotebookView(this)),
      m_tree(new RepositoryDock(this)), m_findings(new FindingsDock(this)), m_planDock(new PlanDock(this)),
      m_smokeDock(new SmokeDock(this)), m_runDock(new RunDock(this)), m_verifyDock(new VerifyDock(this)),
      m_status(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Keras Migration Workbench"));
    setCentralWidget(m_view);
    addDockWidget(Qt::LeftDockWidgetArea, m_tree);
    addDockWidget(Qt::BottomDockWidgetArea, m_findings);
    addDockWidget(Qt::RightDockWidgetArea, m_planDock);
    addDockWidget(Qt::RightDockWidgetArea, m_smokeDock);
    tabifyDockWidget(m_planDock, m_smokeDock);
    addDockWidget(Qt::RightDockWidgetArea, m_runDock);
    tabifyDockWidget(m_smokeDock, m_runDock);
    addDockWidget(Qt::RightDockWidgetArea, m_verifyDock);
    tabifyDockWidget(m_smokeDock, m_verifyDock);
    connect(m_verifyDock, &VerifyDock::finished, this, &MainWindow::recordVerify);
    m_planDock->raise();
    connect(m_runDock, &RunDock::finished, this, &MainWindow::recordRun);
    connect(m_runDock, &RunDock::cellActivated, this, [this](int cell) { m_view->showCell(cell); });
    resizeDocks({m_planDock}, {340}, Qt::Horizontal);
    connect(m_view, &NotebookView::smokeRequested, this, [this](int cell) { smokeTrain(cell); });
    connect(m_smokeDock, &SmokeDock::runRecorded, this, &MainWindow::recordSmokeRun);
    connect(m_planDock, &PlanDock::fileActivated, this, [this](const QString &path) { openFile(path); });
    connect(m_planDock, &PlanDock::manualItemToggled, this, &MainWindow::setPlanItem);
    m_changesDock = new QDockWidget(tr("Pending Changes"), this);
    m_changesDock->setObjectName(QStringLiteral("ChangesDock"));
    m_changes = new QPlainTextEdit(m_changesDock);
    m_changes->setReadOnly(true);
    m_changes->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_changes->setPlaceholderText(tr("Accepted fixes of the open file appear here as a diff, cell by cell, before you save."));
    m_changesDock->setWidget(m_changes);
    addDockWidget(Qt::BottomDockWidgetArea, m_changesDock);
    tabifyDockWidget(m_findings, m_changesDock);
    m_findings->raise();
    resizeDocks({m_findings}, {160}, Qt::Vertical);
    connect(m_findings, &FindingsDock::findingActivated, this, [this](const QString &path, const QString &id) {
        if (path == m_current || openFile(path))
            m_view->setCurrentFinding(id);
    });
    resizeDocks({m_tree}, {380}, Qt::Horizontal);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    m_cancel->hide();
    createActions();

    connect(m_tree, &RepositoryDock::fileActivated, this, [this](const QString &path) { openFile(path); });
    connect(m_view, &NotebookView::decisionRequested, this, [this](const QString &id, DecisionStatus status) {
        decide(m_current, id, status);
    });
    connect(m_view, &NotebookView::fixChosen, this, [this](const QString &id, int fixIndex) {
        decide(m_current, id, DecisionStatus::Accepted, fixIndex);
    });
    connect(m_view, &NotebookView::bulkRequested, this, &MainWindow::decideBulk);
    connect(m_view, &NotebookView::manualEditRequested, this, [this](int cell, const std::optional<QByteArray> &source) {
        m_session->editCell(m_current, cell, source);
    });
    connect(m_view, &NotebookView::reviewChanged, this, [this] {
        updateChanges();
        if (!m_current.isEmpty())
            updateFileCounts(m_current);
    });
    connect(m_cancel, &QPushButton::clicked, m_session, &ReviewSession::cancelScan);
    m_disk = new DiskWatch(this);
    connect(m_disk, &DiskWatch::changed, this, [this](const QString &rel) { fileChangedOnDisk(rel); });
    connectSession();
    loadRules();
}

// The session cancels a running scan when it goes (with the window): nothing waits for it.
MainWindow::~MainWindow() = default;

void MainWindow::connectSession()
{
    connect(m_session, &ReviewSession::scanProgress, this, [this](int done, int total) {
        m_progress->setMaximum(std::max(total, 1));
        m_progress->setValue(done);
    });
    connect(m_session, &ReviewSession::scanReady, this, &MainWindow::showScan);
    connect(m_session, &ReviewSession::scanFinished, this, [this] {
        m_progress->hide();
        m_cancel->hide();
    });
    connect(m_session, &ReviewSession::decisionApplied, this, &MainWindow::showDecision);
    connect(m_session, &ReviewSession::manualEditApplied, this, [this](const QString &path) {
        const std::shared_ptr<FileReview> review = m_session->review(path);
        if (review && path == m_current && m_view->review() == review)
            m_view->refreshAll();
        updateFileCounts(path);
    });
    connect(m_session, &ReviewSession::planChanged, m_planDock, &PlanDock::setPlan);
    connect(m_session, &ReviewSession::fileUnreadable, this, [this](const QString &rel, const QString &error) {
        if (rel == m_pendingOpen) {
            m_pendingOpen.clear();
            m_view->setEnabled(true);
        }
        m_status->setText(error);
        warn(tr("Cannot open file"), error);
    });
    connect(m_session, &ReviewSession::reviewReady, this, &MainWindow::showReadFile);
    connect(m_session, &ReviewSession::fileReloaded, this, &MainWindow::showReload);
    connect(m_session, &ReviewSession::problem, m_status, &QLabel::setText);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Repository…"), this, &MainWindow::chooseRepository);
    open->setShortcut(QKeySequence::Open);
    QAction *save = file->addAction(tr("&Save File"), this, &MainWindow::saveCurrent);
    save->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    QAction *saveAllAction = file->addAction(tr("Save A&ll"), this, &MainWindow::saveAll);
    saveAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_session->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    QAction *redo = m_session->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu *review = menuBar()->addMenu(tr("Re&view"));
    QAction *next = review->addAction(tr("&Next Finding"), this, [this] { goToFinding(+1); });
    next->setShortcut(QKeySequence(Qt::Key_F8));
    QAction *previous = review->addAction(tr("&Previous Finding"), this, [this] { goToFinding(-1); });
    previous->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F8));
    QAction *accept = review->addAction(tr("&Accept Finding"), this, [this] { decideCurrent(DecisionStatus::Accepted); });
    accept->setShortcut(QKeySequence(Qt::ALT | Qt::Key_A));
    QAction *reject = review->addAction(tr("&Reject Finding"), this, [this] { decideCurrent(DecisionStatus::Rejected); });
    reject->setShortcut(QKeySequence(Qt::ALT | Qt::Key_R));
    review->addSeparator();
    QAction *acceptAll = review->addAction(tr("Accept &All in File"), this, &MainWindow::acceptAllInFile);
    acceptAll->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_A));
    review->addSeparator();
    m_clearOutputs = review->addAction(tr("Clear Outputs of Changed Cells"));
    m_clearOutputs->setCheckable(true);
    m_backup = review->addAction(tr("Keep a Backup When Saving"));
    m_backup->setCheckable(true);
    m_backup->setChecked(true);
    m_backup->setToolTip(tr("Copy each original file to .kmw/backup/ in the repository before writing it"));
    m_clearOutputs->setToolTip(tr("On save, reset the outputs and execution count of every cell whose source "
                                  "changed (off: keep them, the smallest diff)"));

    m_target = new TargetSelector(review->addMenu(tr("Migration &Target")), this);
    connect(m_target, &TargetSelector::requested, this, [this](const QString &pack) {
        if (!setTarget(pack))
            syncTargetControls();
    });
    review->addSeparator();

    review->addSeparator();
    QAction *runBoth = review->addAction(tr("Run &Both Sides"), this, [this] { runBothSides(); });
    runBoth->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    runBoth->setToolTip(tr("Run the open file as it is under Keras 2 and as migrated, cell by cell, and compare"));
    QAction *stopRun = review->addAction(tr("Stop Running"), m_runDock, &RunDock::stop);
    Q_UNUSED(stopRun)
    review->addAction(tr("Python &Interpreter…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Python Interpreter with the Frameworks"),
                                                          pythonPreference(), tr("All files (*)"));
        if (!path.isEmpty())
            setPythonPreference(path);
    });
    review->addSeparator();
    QAction *filter = review->addAction(tr("&Filter Findings"), this, [this] {
        m_findings->show();
        m_findings->filterEdit()->setFocus();
        m_findings->filterEdit()->selectAll();
    });
    filter->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *hide = viewMenu->addAction(tr("&Hide Unchanged Cells"));
    hide->setCheckable(true);
    hide->setChecked(true);
    connect(hide, &QAction::toggled, m_view, &NotebookView::setHideUnchanged);
    QAction *only = viewMenu->addAction(tr("Only Files with &Findings"));
    only->setCheckable(true);
    connect(only, &QAction::toggled, m_tree, &RepositoryDock::setOnlyWithFindings);
    viewMenu->addSeparator();
    viewMenu->addAction(m_tree->toggleViewAction());
    viewMenu->addAction(m_findings->toggleViewAction());
    viewMenu->addAction(m_planDock->toggleViewAction());
    viewMenu->addAction(m_smokeDock->toggleViewAction());
    viewMenu->addAction(m_runDock->toggleViewAction());
    viewMenu->addAction(m_verifyDock->toggleViewAction());

    QMenu *model = menuBar()->addMenu(tr("&Model"));
    QAction *smoke = model->addAction(tr("&Smoke Train Cell"), this, [this] { smokeTrain(); });
    smoke->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    smoke->setToolTip(tr("Train the migrated model in effect at the current cell for a few epochs in LibTorch"));
    QAction *stopSmoke = model->addAction(tr("S&top Training"), m_smokeDock, &SmokeDock::stop);
    stopSmoke->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    model->addSeparator();
    QAction *verify = model->addAction(tr("&Verify in Python"), this, [this] { verifyModel(); });
    verify->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y));
    verify->setToolTip(tr("Run the model at the current cell in Keras 2, Keras 3 on PyTorch and plain PyTorch with the "
                          "same weights, and compare them"));
    model->addAction(tr("Stop &Verifying"), m_verifyDock, &VerifyDock::stop);
    model->addSeparator();
    model->addAction(tr("Smoke Train &TorchScript Module…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("TorchScript Module"), m_session->root(),
                                                          tr("TorchScript (*.pt *.pth);;All files (*)"));
        if (!path.isEmpty())
            m_smokeDock->startTorchScript(path);
    });
    model->addAction(tr("Smoke Train Saved &Keras Model…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Saved Keras Model"), m_session->root(),
                                                          tr("Keras models (*.keras *.h5 *.hdf5);;All files (*)"));
        if (!path.isEmpty())
            smokeTrainSavedModel(path);
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showHelp)->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(tr("&About Keras Migration Workbench"), this, [this] {
        QMessageBox::about(this, tr("About Keras Migration Workbench"), aboutText());
    });

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("MainToolBar"));
    bar->addAction(open);
    bar->addAction(save);
    bar->addAction(acceptAll);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr("Target:"), bar));
    bar->addWidget(m_target->box());
}

bool MainWindow::smokeTrainSavedModel(const QString &path)
{
    // its saved architecture, read as the Keras code that builds it (KerasModelFile.h)
    Document document;
    InputError error;
    if (!readModelSourceDocument(path, &document, &error)) {
        warn(tr("Saved Keras Model"), error.toString());
        return false;
    }
    m_smokeDock->show();
    m_smokeDock->raise();
    m_smokeDock->start(document, document, -1, QFileInfo(path).fileName());
    return true;
}

void MainWindow::syncTargetControls()
{
    const QStringList packs = m_session->packNames();
    if (m_target)
        m_target->setCurrent(packs.size() == 1 ? packs.first() : QString());
}

bool MainWindow::setTarget(const QString &pack)
{
    if (m_session->packNames() == QStringList{pack})
        return true;
    if (const QStringList unsaved = m_session->unsavedFiles(); !unsaved.isEmpty()) {
        const auto answer = QMessageBox::question(
            this, tr("Change the migration target"),
            tr("Accepted fixes in these files are not saved:\n%1\n\nThe other target has other findings. "
               "Switch anyway? The decisions stay in .kmw/review.json for when you switch back.")
                .arg(unsaved.join(QLatin1Char('\n'))),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return false;
    }
    const QStringList previous = m_session->packNames();
    const QVector<InputError> errors = loadRules({pack});
    if (!errors.isEmpty() && m_session->packNames().isEmpty()) {
        loadRules(previous);
        return false;
    }
    syncTargetControls();
    if (!m_session->root().isEmpty()) {
        m_reopen = m_current;
        openRepository(m_session->root());
    }
    m_status->setText(tr("Migration target: %1").arg(pack));
    return true;
}

QVector<InputError> MainWindow::loadRules(const QStringList &packs)
{
    const QVector<InputError> errors = m_session->loadRules(packs);
    if (!errors.isEmpty())
        m_status->setText(tr("Rule errors: %1").arg(errors.first().toString()));
    syncTargetControls();
    return errors;
}

void MainWindow::chooseRepository()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Repository"), m_session->root());
    if (!dir.isEmpty())
        openRepository(dir);
}

void MainWindow::openRepository(const QString &path)
{
    InputError storeError;
    if (!m_session->setRepository(path, &storeError)) // cancels a running scan, forgets the reviews
        warn(tr("Review file"), storeError.toString());
    m_current.clear();
    m_view->setReview(nullptr);
    setWindowTitle(tr("%1 — Keras Migration Workbench").arg(QDir::toNativeSeparators(m_session->root())));
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_status->setText(tr("Scanning %1…").arg(m_session->root()));
    m_session->startScan(); // showScan() when it is ready; an older scan's result is dropped
}

void MainWindow::waitForScan()
{
    // scanFinished comes after scanReady, so the scan is shown when the loop ends; again
    // while a newer scan was started meanwhile
    while (m_session->isScanning() || m_session->isReadingFiles()) {
        QEventLoop loop;
        connect(m_session, &ReviewSession::scanFinished, &loop, &QEventLoop::quit);
        connect(m_session, &ReviewSession::fileReadFinished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    QCoreApplication::processEvents();
}

void MainWindow::showFindings()
{
    m_findings->setFindings(m_session->scan().files, [this](const QString &path, const QString &id) {
        return m_session->statusOf(path, id);
    });
}

void MainWindow::showScan(const ScanResult &scan)
{
    m_progress->hide();
    m_cancel->hide();
    const QString root = m_session->root();
    m_tree->setScan(scan, m_session->renderedNotebooks());
    QStringList watched;
    for (const FileResult &f : scan.files)
        watched << f.relativePath;
    watched << QDir(root).relativeFilePath(defaultPlanPath(root)); // the plan, whether there or not yet
    m_disk->watch(root, watched);
    showFindings(); // the plan dock has the plan already (planChanged)
    // Files with decisions from an earlier session were restored by the session: their
    // badges show pending / accepted / rejected before they are opened.
    for (const FileResult &f : scan.files)
        updateFileCounts(f.relativePath);
    const QVector<StoredDecision> obsolete = m_session->obsoleteDecisions();
    if (!obsolete.isEmpty()) {
        QStringList lines;
        for (const StoredDecision &d : obsolete)
            lines << QStringLiteral("%1 (%2)").arg(d.path, d.ruleId);
        m_status->setToolTip(tr("Decisions whose finding is gone (the files changed outside the workbench):\n%1")
                                 .arg(lines.join(QLatin1Char('\n'))));
    }
    int findings = 0;
    for (const FileResult &f : scan.files)
        findings += int(f.findings.size());
    QString text = tr("%1 files scanned, %2 findings").arg(scan.files.size()).arg(findings);
    if (!scan.errors.isEmpty())
        text += QStringLiteral(", ") + tr("%n file(s) could not be read", nullptr, int(scan.errors.size()));
    if (!obsolete.isEmpty())
        text += QStringLiteral(", ") + tr("%n obsolete decision(s)", nullptr, int(obsolete.size()));
    if (scan.cancelled)
        text += QStringLiteral(" ") + tr("(scan cancelled)");
    m_status->setText(text);
    if (!m_reopen.isEmpty()) {
        const QString file = m_reopen;
        m_reopen.clear();
        openFile(file);
    }
}

void MainWindow::warn(const QString &title, const QString &text)
{
    if (m_scripted)
        std::fprintf(stderr, "kmw: %s: %s\n", qPrintable(title), qPrintable(text));
    else
        QMessageBox::warning(this, title, text);
}

bool MainWindow::openFile(const QString &path)
{
    QString rel = QFileInfo(path).isAbsolute() ? QDir(m_session->root()).relativeFilePath(path) : path;
    rel = QDir::fromNativeSeparators(rel);
    const std::shared_ptr<FileReview> review = m_session->reviewFor(rel);
    if (!review) {
        if (!m_session->isReadingFile(rel))
            return false;
        m_pendingOpen = rel; // shown by showReadFile()
        m_view->setEnabled(false);
        m_status->setText(tr("Reading %1…").arg(rel));
        return true;
    }
    m_pendingOpen.clear(); // the file asked for last is the one shown
    m_view->setEnabled(true);
    m_current = rel;
    m_view->setReview(review);
    showRunRecord();
    showVerifyRecord();
    updateFileCounts(rel);
    updateChanges();
    return true;
}

void MainWindow::showReadFile(const QString &rel)
{
    showFindings();
    updateFileCounts(rel);
    if (rel == m_pendingOpen)
        openFile(rel);
}

void MainWindow::decideBulk(const QString &findingId, BulkScope scope, DecisionStatus status)
{
    const std::shared_ptr<FileReview> review = m_view->review();
    if (!review)
        return;
    const auto it = std::find_if(review->findings().cbegin(), review->findings().cend(),
                                 [&](const Finding &f) { return f.id == findingId; });
    if (it == review->findings().cend())
        return;
    const QString text = status == DecisionStatus::Accepted ? tr("Accept all %1").arg(it->ruleId)
                                                            : tr("Reject all %1").arg(it->ruleId);
    m_session->decideBulk(m_current, findingId, scope, status, text);
}

void MainWindow::decide(const QString &path, const QString &findingId, DecisionStatus status, int fixIndex)
{
    if (m_session->decide(path, findingId, status, fixIndex) == ReviewSession::DecideResult::NoFix)
        m_status->setText(tr("This finding has no fix: edit the code by hand, or reject it."));
}

void MainWindow::applyDecision(const QString &path, const QString &findingId, const Decision &decision)
{
    m_session->applyDecision(path, findingId, decision);
}

void MainWindow::showDecision(const QString &path, const QString &findingId, const Decision &decision)
{
    const std::shared_ptr<FileReview> review = m_session->review(path);
    if (review && path == m_current && m_view->review() == review) {
        m_view->applyDecision(findingId, decision); // the review has it already: the cells follow
        m_view->setCurrentFinding(findingId);
    }
    m_findings->setStatus(findingId, decision.status);
    updateFileCounts(path);
}

bool MainWindow::setPlanItem(int line, bool checked)
{
    QString why;
    switch (m_session->setPlanItem(line, checked, &why)) {
    case ReviewSession::PlanTick::Written:
        return true;
    case ReviewSession::PlanTick::NotAnItem:
        return false;
    case ReviewSession::PlanTick::WriteFailed:
        m_status->setText(tr("Cannot write %1: %2").arg(m_session->plan().path, why));
        return false;
    case ReviewSession::PlanTick::ChangedOnDisk:
        // edited outside the workbench: nothing written, the plan was read again
        m_status->setText(why);
        warn(tr("Plan changed on disk"),
             tr("%1 was changed by another program since it was read. Nothing was written; "
                "it was read again: tick the item again.")
                 .arg(m_session->plan().path));
        return false;
    }
    return false;
}

void MainWindow::showHelp()
{
    QMessageBox::information(
        this, tr("Keyboard Shortcuts"),
        tr("F8 / Shift+F8\tnext / previous finding (across cells and files)\n"
           "Alt+A\taccept the current finding\n"
           "Alt+R\treject the current finding\n"
           "Alt+Shift+A\taccept every finding of the file\n"
           "Ctrl+Z / Ctrl+Shift+Z\tundo / redo a decision\n"
           "Ctrl+S / Ctrl+Shift+S\tsave the file / save all files\n"
           "Ctrl+F\tfilter the findings table\n"
           "Ctrl+T / Ctrl+Shift+Y\tsmoke-train / verify in Python the model at the current cell\n"
           "Ctrl+Shift+R\trun the file on both sides\n"
           "Ctrl+O\topen a repository\n"
           "Ctrl+Q\tquit (asks if accepted fixes are not saved)"));
}

void MainWindow::applyManualEdit(const QString &path, int cell, const std::optional<QByteArray> &source)
{
    m_session->applyManualEdit(path, cell, source);
}

bool MainWindow::goToFinding(int direction)
{
    // Every finding of the repository in order: files by path, then cell and position.
    QVector<std::pair<QString, QString>> order;
    int at = -1;
    for (const FileResult &f : m_session->scan().files) {
        const std::shared_ptr<FileReview> open = m_session->review(f.relativePath);
        const QVector<Finding> &findings = open ? open->findings() : f.findings;
        for (const Finding &x : findings) {
            if (f.relativePath == m_current && x.id == m_view->currentFinding())
                at = int(order.size());
            order.append({f.relativePath, x.id});
        }
    }
    if (order.isEmpty())
        return false;
    int target;
    if (at < 0) {
        // No current finding: start at the open file's first finding, else at the
        // start (F8) or the end (Shift+F8) of the list.
        target = direction > 0 ? 0 : int(order.size()) - 1;
        for (int i = 0; i < order.size(); ++i)
            if (order[i].first == m_current) {
                target = i;
                break;
            }
    } else {
        target = at + direction;
    }
    if (target < 0 || target >= order.size()) {
        m_status->setText(direction > 0 ? tr("No next finding.") : tr("No previous finding."));
        return false;
    }
    const auto &[path, id] = order[target];
    if (path != m_current && !openFile(path))
        return false;
    return m_view->setCurrentFinding(id);
}

void MainWindow::decideCurrent(DecisionStatus status)
{
    if (m_view->currentFinding().isEmpty() && !goToFinding(+1))
        return;
    decide(m_current, m_view->currentFinding(), status);
}

void MainWindow::updateFileCounts(const QString &relativePath)
{
    const std::shared_ptr<FileReview> review = m_session->review(relativePath);
    if (!review)
        return;
    const int total = int(review->findings().size());
    const int pending = review->countWith(DecisionStatus::Pending);
    Q_UNUSED(total);
    m_tree->setCounts(relativePath, pending, review->countWith(DecisionStatus::Accepted),
                      review->countWith(DecisionStatus::Rejected));
    if (relativePath == m_current)
        m_status->setText(tr("%1: %2 findings, %3 pending, %4 accepted, %5 rejected")
                              .arg(relativePath)
                              .arg(total)
                              .arg(pending)
                              .arg(review->countWith(DecisionStatus::Accepted))
                              .arg(review->countWith(DecisionStatus::Rejected)));
}

void MainWindow::acceptAllInFile()
{
    if (!m_view->review())
        return;
    m_session->acceptAllFixable(m_current, tr("Accept all in %1").arg(m_current));
}

} // namespace kmw
