#include "RunCompareJob.h"

#include "CellDependencies.h"
#include "DocumentReader.h"
#include "FileReview.h"
#include "PythonEnv.h"
#include "ReviewStore.h"
#include "RulePack.h"
#include "RuleEngine.h"

#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kmw {

namespace {

const char *const kSideNames[] = {"original", "migrated"};

} // namespace


/// Copies `from` into `to` (created), leaving out `.git` and `.kmw`. Symlinks are
/// copied as the files they point to. False with `*error` on the first failure.
bool copyRepository(const QString &from, const QString &to, QString *error)
{
    const QDir source(from);
    if (!QDir().mkpath(to)) {
        *error = QStringLiteral("cannot create %1").arg(to);
        return false;
    }
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = source.relativeFilePath(path);
        if (rel == QLatin1String(".git") || rel == QLatin1String(".kmw") || rel.startsWith(QLatin1String(".git/"))
            || rel.startsWith(QLatin1String(".kmw/")))
            continue;
        const QFileInfo info = it.fileInfo();
        const QString target = QDir(to).filePath(rel);
        if (info.isDir()) {
            if (!QDir().mkpath(target)) {
                *error = QStringLiteral("cannot create %1").arg(target);
                return false;
            }
        } else if (info.isFile() && !QFile::copy(path, target)) {
            *error = QStringLiteral("cannot copy %1 to %2").arg(path, target);
            return false;
        }
    }
    return true;
}

bool prepareRunCompare(const RunCompareRequest &request, PreparedRun *prepared, QString *error)
{
    const QString filePath = QDir(request.root).filePath(request.relativePath);
    QVector<RulePack> packs;
    QVector<InputError> packErrors;
    if (!loadRulePacks({request.target}, &packs, &packErrors)) {
        *error = QStringLiteral("rule pack %1: %2")
                     .arg(request.target, packErrors.isEmpty() ? QStringLiteral("not found") : packErrors.first().toString());
        return false;
    }
    const RuleEngine engine(packs);
    ScanResult scan;
    scan.root = QFileInfo(request.root).absoluteFilePath();
    FileResult file;
    InputError readError;
    if (!scanFile(scan.root, request.relativePath, engine, &file, &readError)) {
        *error = readError.toString();
        return false;
    }
    if (file.document.kind == DocumentKind::Text) {
        *error = QStringLiteral("%1: not a notebook or Python script").arg(filePath);
        return false;
    }
    prepared->originalBytes = file.document.raw;
    scan.files << file;
    ApplyOptions options;
    options.dryRun = true;
    options.keepRendered = true;
    if (!request.allFixes) {
        ReviewStore store(scan.root);
        InputError storeError;
        if (!store.load(&storeError)) {
            *error = storeError.toString();
            return false;
        }
        options.useDecisions = true;
        for (const StoredDecision &d : store.decisions())
            if (d.path == request.relativePath)
                options.decisions.insert(d.findingId, {d.status, d.fixIndex});
    }
    const ApplySummary summary = applyAll(scan, engine, options);
    if (!summary.errors.isEmpty()) {
        *error = summary.errors.first().toString();
        return false;
    }
    prepared->fixesApplied = summary.fixesApplied;
    prepared->migratedBytes = summary.rendered.contains(request.relativePath)
                                  ? summary.rendered.value(request.relativePath).second
                                  : prepared->originalBytes;
    Document migrated;
    InputError parseError;
    if (!parseDocumentBytes(prepared->migratedBytes, filePath, file.document.kind, &migrated, &parseError)) {
        *error = parseError.toString();
        return false;
    }
    prepared->dependencies = cellDependencies(migrated);
    return true;
}

RunCompareJob::RunCompareJob(RunCompareRequest request, PreparedRun prepared)
    : m_request(std::move(request)), m_prepared(std::move(prepared))
{
}

RunCompareJob::~RunCompareJob()
{
    if (m_process) {
        m_process->disconnect();
        m_process->kill();
        m_process->waitForFinished(5000);
        delete m_process;
    }
}

void RunCompareJob::start()
{
    m_dir = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("kmw-run-XXXXXX")));
    if (!m_dir->isValid())
        return finish(QStringLiteral("cannot create a temporary folder: %1").arg(m_dir->errorString()));
    QString error;
    for (int side = 0; side < 2; ++side) {
        const QString copy = m_dir->filePath(QLatin1String(kSideNames[side]));
        if (!copyRepository(m_request.root, copy, &error))
            return finish(error);
        QFile file(QDir(copy).filePath(m_request.relativePath));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(side == 0 ? m_prepared.originalBytes : m_prepared.migratedBytes) < 0)
            return finish(QStringLiteral("cannot write %1").arg(file.fileName()));
    }
    QFile::remove(m_dir->filePath(QStringLiteral("kmw_run_cells.py")));
    if (!QFile::copy(QStringLiteral(":/python/kmw_run_cells.py"), m_dir->filePath(QStringLiteral("kmw_run_cells.py"))))
        return finish(QStringLiteral("cannot write the run driver into %1").arg(m_dir->path()));
    startSide(0);
}

void RunCompareJob::startSide(int side)
{
    const QString copy = m_dir->filePath(QLatin1String(kSideNames[side]));
    const QString notebook = QDir(copy).filePath(m_request.relativePath);
    const RunFramework framework = side == 0 ? RunFramework::Keras2
                                   : m_request.target == QLatin1String("keras-to-pytorch") ? RunFramework::PyTorch
                                                                                          : RunFramework::Keras3;
    QJsonObject depends;
    for (auto it = m_prepared.dependencies.cbegin(); it != m_prepared.dependencies.cend(); ++it) {
        QJsonArray from;
        for (int i : it.value())
            from << i;
        depends.insert(QString::number(it.key()), from);
    }
    const QString output = m_dir->filePath(QStringLiteral("%1.json").arg(QLatin1String(kSideNames[side])));
    const QJsonObject job{{QStringLiteral("notebook"), notebook},
                          {QStringLiteral("cwd"), QFileInfo(notebook).absolutePath()},
                          {QStringLiteral("output"), output},
                          {QStringLiteral("seed"), m_request.seed},
                          {QStringLiteral("framework"), frameworkName(framework)},
                          {QStringLiteral("timeout_per_cell"), m_request.timeoutPerCell},
                          {QStringLiteral("depends"), depends}};
    const QString jobPath = m_dir->filePath(QStringLiteral("%1-job.json").arg(QLatin1String(kSideNames[side])));
    QFile jobFile(jobPath);
    if (!jobFile.open(QIODevice::WriteOnly) || jobFile.write(QJsonDocument(job).toJson()) < 0)
        return finish(QStringLiteral("cannot write %1").arg(jobPath));
    jobFile.close();
    m_sides[side].framework = frameworkName(framework);

    m_stdout.clear();
    m_process = new QProcess;
    m_process->setProcessEnvironment(frameworkEnvironment(framework, m_request.seed));
    m_process->setWorkingDirectory(QFileInfo(notebook).absolutePath());
    QObject::connect(m_process, &QProcess::readyReadStandardOutput, m_process, [this, side] {
        m_stdout += m_process->readAllStandardOutput();
        int nl;
        while ((nl = m_stdout.indexOf('\n')) >= 0) {
            const QList<QByteArray> words = m_stdout.left(nl).trimmed().split(' ');
            m_stdout.remove(0, nl + 1);
            if (words.size() == 4 && words[0] == "cell" && m_progress)
                m_progress(QLatin1String(kSideNames[side]), words[1].toInt(), words[2].toInt(),
                           QString::fromLatin1(words[3]));
        }
    });
    QObject::connect(m_process, &QProcess::finished, m_process, [this, side] { sideDone(side); });
    QObject::connect(m_process, &QProcess::errorOccurred, m_process, [this, side](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            sideDone(side);
    });
    m_process->start(m_request.python, {m_dir->filePath(QStringLiteral("kmw_run_cells.py")), jobPath});
}

void RunCompareJob::sideDone(int side)
{
    QProcess *process = m_process;
    if (!process)
        return;
    m_process = nullptr;
    process->disconnect();
    process->deleteLater();
    if (m_cancelled)
        return finish(QStringLiteral("stopped"));
    if (process->error() == QProcess::FailedToStart)
        return finish(QStringLiteral("cannot start %1: %2").arg(m_request.python, process->errorString()));
    const QString output = m_dir->filePath(QStringLiteral("%1.json").arg(QLatin1String(kSideNames[side])));
    QFile file(output);
    QString error;
    const QString framework = m_sides[side].framework;
    if (!file.open(QIODevice::ReadOnly) || !parseSideRun(file.readAll(), &m_sides[side], &error)) {
        const QString stderrTail = QString::fromUtf8(process->readAllStandardError().right(2000)).trimmed();
        return finish(QStringLiteral("the %1 side did not run (%2 exited with %3): %4")
                          .arg(QLatin1String(kSideNames[side]), m_request.python)
                          .arg(process->exitCode())
                          .arg(error.isEmpty() ? stderrTail : error));
    }
    m_sides[side].framework = framework;
    if (side == 0)
        return startSide(1);
    finish(QString());
}

void RunCompareJob::cancel()
{
    m_cancelled = true;
    if (m_process)
        m_process->kill();
    else if (!m_done)
        finish(QStringLiteral("stopped"));
}

void RunCompareJob::finish(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    FileComparison result = compareSides(m_request.relativePath, m_request.target, m_sides[0], m_sides[1]);
    result.error = error;
    if (error.isEmpty() && !m_sides[0].error.isEmpty() && m_sides[0].cells.isEmpty())
        result.error = QStringLiteral("original side: %1").arg(m_sides[0].error);
    if (m_finished)
        m_finished(result);
}

FileComparison runCompareBlocking(const RunCompareRequest &request, const PreparedRun &prepared,
                                  const RunCompareJob::Progress &progress)
{
    QEventLoop loop;
    FileComparison result;
    RunCompareJob job(request, prepared);
    job.setProgress(progress);
    job.setFinished([&](const FileComparison &r) {
        result = r;
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    job.start();
    if (!result.finished.isEmpty() && !result.error.isEmpty() && !job.isRunning())
        return result;
    loop.exec();
    return result;
}

} // namespace kmw
