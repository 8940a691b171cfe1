#include "ReviewSession.h"

#include "AtomicFile.h"
#include "DecisionCommand.h"
#include "RunCompare.h"
#include "SmokeStore.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QMap>
#include <QPromise>
#include <QSet>
#include <QUndoStack>
#include <QtConcurrent>

#include <algorithm>

namespace kmw {

namespace {

/// What a scan gives back to the GUI thread.
struct ScanOutcome {
    ScanResult scan;
    QStringList rendered; ///< rendered notebooks, listed for the repository tree
};

/// The scan, on a worker thread: progress goes through the promise (the watcher brings it
/// to the GUI thread), `cancel` stops it after the current file.
void scanInBackground(QPromise<ScanOutcome> &promise, const RuleEngine &engine, const QString &root,
                      const std::shared_ptr<std::atomic_bool> &cancel)
{
    ScanOutcome outcome;
    int range = -1;
    outcome.scan = scanRepository(root, engine, {}, [&](int done, int total) {
        const int maximum = std::max(total, 1);
        if (maximum != range) {
            range = maximum;
            promise.setProgressRange(0, maximum);
        }
        promise.setProgressValue(done);
        return !*cancel;
    });
    ScanOptions all;
    all.includeRendered = true;
    for (const QString &p : listRepositoryFiles(root, all))
        if (isRenderedNotebook(p))
            outcome.rendered << p;
    promise.addResult(std::move(outcome));
}

} // namespace

ReviewSession::ReviewSession(QObject *parent) : QObject(parent), m_undo(new QUndoStack(this)) {}

ReviewSession::~ReviewSession()
{
    cancelScan(); // the worker holds copies of what it needs; its result goes nowhere
}

QVector<InputError> ReviewSession::loadRules(const QStringList &packs)
{
    QVector<RulePack> loaded;
    QVector<InputError> errors;
    loadRulePacks(packs, &loaded, &errors);
    m_packNames.clear();
    for (const RulePack &p : loaded)
        m_packNames << p.name;
    m_engine = RuleEngine(loaded);
    return errors;
}

bool ReviewSession::setRepository(const QString &path, InputError *storeError)
{
    if (m_scanning) {
        // the running scan is of the repository before: cancelled, and its result dropped
        cancelScan();
        ++m_request;
        m_scanning = false;
        emit scanFinished();
    }
    m_root = QFileInfo(path).absoluteFilePath();
    for (auto it = m_fileReads.cbegin(); it != m_fileReads.cend(); ++it)
        emit fileReadFinished(it.key()); // of the repository before: their results are dropped
    m_fileReads.clear();
    m_reviews.clear();
    m_undo->clear();
    m_store = ReviewStore(m_root);
    return m_store.load(storeError);
}

quint64 ReviewSession::startScan()
{
    cancelScan(); // the running scan, if any, is stale from now on
    const auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancelFlag = cancel;
    const quint64 request = ++m_request;
    m_scanning = true;
    auto *watcher = new QFutureWatcher<ScanOutcome>(this);
    connect(watcher, &QFutureWatcherBase::progressRangeChanged, this, [this, watcher, request](int, int maximum) {
        if (request == m_request)
            emit scanProgress(watcher->progressValue(), maximum);
    });
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, watcher, request](int done) {
        if (request == m_request)
            emit scanProgress(done, watcher->progressMaximum());
    });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, request] {
        watcher->deleteLater();
        if (watcher->future().resultCount() == 0) {
            finishScan(request, nullptr, {});
            return;
        }
        const ScanOutcome outcome = watcher->result();
        finishScan(request, &outcome.scan, outcome.rendered);
    });
    watcher->setFuture(QtConcurrent::run(scanInBackground, m_engine, m_root, cancel));
    return request;
}

void ReviewSession::readFileInBackground(const QString &rel, std::function<void(const FileResult &)> done)
{
    struct Read {
        bool ok = false;
        FileResult file;
        InputError error;
    };
    const quint64 request = ++m_fileRequest;
    m_fileReads.insert(rel, request);
    auto *watcher = new QFutureWatcher<Read>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, rel, request, done] {
        watcher->deleteLater();
        if (m_fileReads.value(rel) != request)
            return; // read again since, or another repository: stale
        m_fileReads.remove(rel);
        const Read read = watcher->result();
        if (read.ok)
            done(read.file);
        else
            emit fileUnreadable(rel, read.error.toString());
        emit fileReadFinished(rel);
    });
    watcher->setFuture(QtConcurrent::run([engine = m_engine, root = m_root, rel] {
        Read read;
        read.ok = scanFile(root, rel, engine, &read.file, &read.error);
        return read;
    }));
}

void ReviewSession::cancelScan()
{
    if (m_cancelFlag)
        *m_cancelFlag = true;
}

void ReviewSession::finishScan(quint64 request, const ScanResult *scan, const QStringList &rendered)
{
    if (request != m_request)
        return; // a later scan was started since: this result is stale
    m_scanning = false;
    if (scan) {
        m_scan = *scan;
        m_rendered = rendered;
        loadPlan();
        restoreDecidedReviews();
        emit scanReady(m_scan);
    }
    emit scanFinished();
}

void ReviewSession::restoreDecidedReviews()
{
    QSet<QString> decided;
    for (const StoredDecision &d : m_store.decisions())
        if (!d.saved)
            decided.insert(d.path);
    for (const FileResult &f : std::as_const(m_scan.files))
        if (decided.contains(f.relativePath))
            reviewFor(f.relativePath);
}

const FileResult *ReviewSession::scannedFile(const QString &relativePath) const
{
    const FileResult *found = nullptr;
    for (const FileResult &f : m_scan.files)
        if (f.relativePath == relativePath)
            found = &f;
    return found;
}

QVector<StoredDecision> ReviewSession::obsoleteDecisions() const
{
    QVector<StoredDecision> obsolete;
    for (const StoredDecision &d : m_store.obsolete(m_scan))
        if (m_engine.rule(d.ruleId)) // decisions of the other target's rules are kept, not obsolete
            obsolete << d;
    return obsolete;
}

std::shared_ptr<FileReview> ReviewSession::reviewFor(const QString &rel)
{
    if (std::shared_ptr<FileReview> review = m_reviews.value(rel))
        return review;
    if (isReadingFile(rel))
        return nullptr; // reviewReady comes
    const FileResult *found = scannedFile(rel);
    if (!found) {
        // not listed by the scan (or the scan is still running): read it off the GUI thread
        readFileInBackground(rel, [this, rel](const FileResult &fresh) {
            auto review = std::make_shared<FileReview>(m_root, fresh);
            m_store.restore(review.get());
            m_reviews.insert(rel, review);
            emit reviewReady(rel);
        });
        return nullptr;
    }
    auto review = std::make_shared<FileReview>(m_root, *found);
    m_store.restore(review.get()); // decisions of an earlier session
    m_reviews.insert(rel, review);
    return review;
}

QStringList ReviewSession::unsavedFiles() const
{
    QStringList unsaved;
    for (auto it = m_reviews.cbegin(); it != m_reviews.cend(); ++it)
        if (it.value()->hasChanges())
            unsaved << it.key();
    return unsaved;
}

DecisionStatus ReviewSession::statusOf(const QString &path, const QString &findingId) const
{
    if (const std::shared_ptr<FileReview> review = m_reviews.value(path))
        return review->decision(findingId).status;
    const StoredDecision *s = m_store.find(findingId);
    return s && !s->saved ? s->status : DecisionStatus::Pending;
}

ReviewSession::DecideResult ReviewSession::decide(const QString &path, const QString &findingId,
                                                  DecisionStatus status, int fixIndex)
{
    const std::shared_ptr<FileReview> review = reviewFor(path);
    if (!review)
        return DecideResult::Unreadable;
    const Decision before = review->decision(findingId);
    Decision after = before;
    after.status = status;
    if (status == DecisionStatus::Accepted) {
        if (fixIndex >= 0)
            after.fixIndex = fixIndex;
        for (const Finding &f : review->findings())
            if (f.id == findingId && (after.fixIndex < 0 || after.fixIndex >= f.fixes.size() || f.fixes.isEmpty()))
                after.fixIndex = std::max(0, f.autoFixIndex());
        const bool hasFix = std::any_of(review->findings().cbegin(), review->findings().cend(),
                                        [&](const Finding &f) { return f.id == findingId && !f.fixes.isEmpty(); });
        if (!hasFix)
            return DecideResult::NoFix;
    }
    if (before.status == after.status && before.fixIndex == after.fixIndex)
        return DecideResult::Unchanged;
    m_undo->push(new DecisionCommand(this, path, findingId, before, after));
    return DecideResult::Pushed;
}

bool ReviewSession::decideBulk(const QString &path, const QString &findingId, BulkScope scope,
                               DecisionStatus status, const QString &undoText)
{
    const std::shared_ptr<FileReview> review = reviewFor(path);
    if (!review)
        return false;
    const auto it = std::find_if(review->findings().cbegin(), review->findings().cend(),
                                 [&](const Finding &f) { return f.id == findingId; });
    if (it == review->findings().cend())
        return false;
    const Finding model = *it;
    m_undo->beginMacro(undoText);
    const auto decideIn = [&](const QString &file, const QVector<Finding> &findings) {
        for (const Finding &f : findings) {
            const bool match = scope == BulkScope::Cell ? f.cell == model.cell : f.ruleId == model.ruleId;
            const bool applicable = status != DecisionStatus::Accepted || f.fixable();
            if (match && applicable)
                decide(file, f.id, status);
        }
    };
    if (scope == BulkScope::RuleInRepository) {
        const auto hasRule = [&](const Finding &x) { return x.ruleId == model.ruleId; };
        for (const FileResult &f : std::as_const(m_scan.files))
            if (std::any_of(f.findings.cbegin(), f.findings.cend(), hasRule))
                if (const std::shared_ptr<FileReview> r = reviewFor(f.relativePath))
                    decideIn(f.relativePath, r->findings());
    } else {
        decideIn(path, review->findings());
    }
    m_undo->endMacro();
    return true;
}

void ReviewSession::acceptAllFixable(const QString &path, const QString &undoText)
{
    const std::shared_ptr<FileReview> review = reviewFor(path);
    if (!review)
        return;
    m_undo->beginMacro(undoText);
    for (const Finding &f : review->findings())
        if (f.fixable() && review->decision(f.id).status == DecisionStatus::Pending)
            decide(path, f.id, DecisionStatus::Accepted);
    m_undo->endMacro();
}

bool ReviewSession::editCell(const QString &path, int cell, const std::optional<QByteArray> &source)
{
    const std::shared_ptr<FileReview> review = reviewFor(path);
    if (!review)
        return false;
    const std::optional<QByteArray> before = review->manualSource(cell);
    if (before == source || (!before && source && *source == review->afterSource(cell)))
        return false; // nothing changed
    m_undo->push(new ManualEditCommand(this, path, cell, before, source));
    return true;
}

void ReviewSession::applyDecision(const QString &path, const QString &findingId, const Decision &decision)
{
    const std::shared_ptr<FileReview> review = reviewFor(path);
    if (!review)
        return;
    review->setDecision(findingId, decision);
    for (const Finding &f : review->findings())
        if (f.id == findingId)
            m_store.set(path, f, decision);
    persistDecisions();
    refreshPlan();
    emit decisionApplied(path, findingId, decision);
}

void ReviewSession::applyManualEdit(const QString &path, int cell, const std::optional<QByteArray> &source)
{
    const std::shared_ptr<FileReview> review = reviewFor(path);
    if (!review)
        return;
    review->setManualSource(cell, source);
    emit manualEditApplied(path, cell);
}

bool ReviewSession::persistDecisions()
{
    InputError error;
    if (m_root.isEmpty() || m_store.save(&error))
        return true;
    emit problem(error.toString());
    return false;
}

void ReviewSession::replaceScanned(const FileResult &fresh)
{
    bool listed = false;
    for (FileResult &f : m_scan.files)
        if (f.relativePath == fresh.relativePath) {
            f = fresh;
            listed = true;
        }
    if (!listed)
        m_scan.files.append(fresh);
}

ReviewSession::SaveResult ReviewSession::saveFile(const QString &rel, const WriteOptions &options, InputError *error)
{
    const std::shared_ptr<FileReview> review = m_reviews.value(rel);
    if (!review)
        return SaveResult::NotReviewed;
    if (!review->save(options, error))
        return SaveResult::WriteFailed;
    m_store.markSaved(rel);
    persistDecisions();
    // Read the file again: the migrated text is the new "before", and the findings that
    // were fixed are gone. Decisions on the file cannot be undone past a save.
    m_reviews.remove(rel);
    m_undo->clear();
    readFileInBackground(rel, [this, rel](const FileResult &fresh) {
        replaceScanned(fresh);
        refreshPlan();
        reviewFor(rel); // made from the new scan
        emit reviewReady(rel);
    });
    return SaveResult::Saved;
}

void ReviewSession::reloadFile(const QString &rel)
{
    readFileInBackground(rel, [this, rel](const FileResult &fresh) { finishReload(rel, fresh); });
}

void ReviewSession::finishReload(const QString &rel, const FileResult &fresh)
{
    // hand edits of cells whose source did not change on disk are kept; the others named
    QMap<int, QByteArray> manual;
    Reload reload;
    if (const std::shared_ptr<FileReview> old = m_reviews.value(rel)) {
        const Document &before = old->document();
        for (int i = 0; i < before.cells.size(); ++i) {
            const std::optional<QByteArray> edit = old->manualSource(i);
            if (!edit)
                continue;
            if (i < fresh.document.cells.size() && fresh.document.cells[i].source == before.cells[i].source)
                manual.insert(i, *edit);
            else
                reload.droppedEdits << QString::number(i);
        }
    }
    replaceScanned(fresh);
    m_reviews.remove(rel);
    m_undo->clear(); // its commands hold the old review
    const std::shared_ptr<FileReview> review = reviewFor(rel); // the stored decisions, re-applied
    for (auto it = manual.cbegin(); review && it != manual.cend(); ++it)
        review->setManualSource(it.key(), it.value());
    QSet<QString> present;
    for (const Finding &f : std::as_const(fresh.findings))
        present.insert(f.id);
    for (const StoredDecision &d : m_store.decisions()) {
        if (d.path != rel || d.saved)
            continue;
        present.contains(d.findingId) ? ++reload.kept : ++reload.obsolete;
    }
    refreshPlan();
    emit fileReloaded(rel, reload);
}

void ReviewSession::loadPlan()
{
    m_plan = MigrationPlan();
    readPlan(defaultPlanPath(m_root), &m_plan); // none: the dock says how to make one
    refreshPlan();
}

void ReviewSession::refreshPlan()
{
    if (m_plan.phases.isEmpty()) {
        emit planChanged(m_plan);
        return;
    }
    // Findings as they stand: an accepted fix counts as done before it is saved.
    ScanResult effective = m_scan;
    for (FileResult &f : effective.files) {
        QVector<Finding> open;
        for (const Finding &x : std::as_const(f.findings))
            if (statusOf(f.relativePath, x.id) != DecisionStatus::Accepted)
                open << x;
        f.findings = open;
    }
    MigrationPlan bound = parsePlan(m_plan.raw, m_plan.path);
    bindPlan(&bound, effective, loadSmokeRecords(m_root), &m_engine, loadRunRecords(m_root));
    m_plan = bound;
    emit planChanged(m_plan);
}

ReviewSession::PlanTick ReviewSession::setPlanItem(int line, bool checked, QString *why)
{
    const QByteArray bytes = withManualTick(m_plan, line, checked);
    if (bytes.isEmpty())
        return PlanTick::NotAnItem;
    bool changed = false;
    if (!writeFileIfUnchanged(m_plan.path, m_plan.raw, bytes, why, &changed)) {
        if (!changed)
            return PlanTick::WriteFailed;
        loadPlan(); // edited outside the workbench: nothing written, what is on disk now is read
        return PlanTick::ChangedOnDisk;
    }
    m_plan.raw = bytes;
    refreshPlan();
    return PlanTick::Written;
}

} // namespace kmw
