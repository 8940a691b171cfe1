#include "VerifyJob.h"

#include "PythonEnv.h"
#include "RunCompareJob.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace kmw {

namespace {

const char *const kSides[] = {"keras2", "keras3", "pytorch"};
const RunFramework kFrameworks[] = {RunFramework::Keras2, RunFramework::Keras3, RunFramework::PyTorch};

} // namespace

VerifyJob::VerifyJob(VerifyRequest request, VerifyReport prepared)
    : m_request(std::move(request)), m_report(std::move(prepared))
{
    m_timer.setSingleShot(true);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
        if (m_process)
            sideDone(true);
    });
}

VerifyJob::~VerifyJob()
{
    if (m_process) {
        m_process->disconnect();
        m_process->kill();
        m_process->waitForFinished(5000);
        delete m_process;
    }
}

VerifySide *VerifyJob::side(int model, int index)
{
    ModelVerification &m = m_report.models[model];
    return index == 0 ? &m.keras2 : index == 1 ? &m.keras3 : &m.pytorch;
}

void VerifyJob::start()
{
    m_dir = std::make_unique<QTemporaryDir>(QDir::temp().filePath(QStringLiteral("kmw-verify-XXXXXX")));
    if (!m_dir->isValid())
        return finish(QStringLiteral("cannot create a temporary folder: %1").arg(m_dir->errorString()));
    QString error;
    if (!copyRepository(m_request.root, m_dir->filePath(QStringLiteral("repo")), &error))
        return finish(error);
    for (const char *driver : {"kmw_verify.py", "kmw_run_cells.py"}) {
        const QString name = QLatin1String(driver);
        if (!QFile::copy(QStringLiteral(":/python/") + name, m_dir->filePath(name)))
            return finish(QStringLiteral("cannot write the verify driver into %1").arg(m_dir->path()));
    }
    m_model = 0;
    m_side = -1;
    next();
}

void VerifyJob::next()
{
    // the next side to run: Keras 2, then the targets asked for, model after model
    while (m_model < m_report.models.size()) {
        ModelVerification &m = m_report.models[m_model];
        if (!m.spec.isEmpty() && m.error.isEmpty())
            ++m_side;
        if (m.spec.isEmpty() || !m.error.isEmpty() || m_side > 2) {
            for (int i = 1; i < 3; ++i)
                judgeSide(m.keras2, side(m_model, i), m_report.tolerances);
            summarizeModel(&m);
            ++m_model;
            m_side = -1;
            continue;
        }
        if (m_side > 0 && !m.keras2.result.value(QStringLiteral("ok")).toBool())
            continue; // nothing to compare against
        if (m_side == 1 && m_request.target == QLatin1String("keras-to-pytorch"))
            continue;
        if (m_side == 2 && (m_request.target == QLatin1String("keras3-torch") || !m.pytorch.error.isEmpty()))
            continue;
        break;
    }
    if (m_model >= m_report.models.size())
        return finish(QString());
    ModelVerification &m = m_report.models[m_model];
    QJsonObject spec = QJsonDocument::fromJson(m.spec).object();
    const QString fileInCopy = QDir(m_dir->filePath(QStringLiteral("repo"))).filePath(m_request.relativePath);
    spec.insert(QStringLiteral("cwd"), QFileInfo(fileInCopy).absolutePath());
    spec.insert(QStringLiteral("reference"), m_dir->filePath(QStringLiteral("model%1-keras2.npz").arg(m_model)));
    spec.insert(QStringLiteral("keras2_losses"), m.keras2.result.value(QStringLiteral("losses")));
    const QString specPath = m_dir->filePath(QStringLiteral("model%1.json").arg(m_model));
    QFile specFile(specPath);
    if (!specFile.open(QIODevice::WriteOnly | QIODevice::Truncate) || specFile.write(QJsonDocument(spec).toJson()) < 0)
        return finish(QStringLiteral("cannot write %1").arg(specPath));
    specFile.close();
    const QString sideName = QLatin1String(kSides[m_side]);
    side(m_model, m_side)->framework = sideName;
    if (m_progress)
        m_progress(m_model, sideName, QStringLiteral("running"));
    m_process = new QProcess;
    m_process->setProcessEnvironment(frameworkEnvironment(kFrameworks[m_side], m_request.seed));
    m_process->setWorkingDirectory(spec.value(QStringLiteral("cwd")).toString());
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    QObject::connect(m_process, &QProcess::finished, m_process, [this] { sideDone(false); });
    QObject::connect(m_process, &QProcess::errorOccurred, m_process, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            sideDone(false);
    });
    const QString out = m_dir->filePath(QStringLiteral("model%1-%2.json").arg(m_model).arg(sideName));
    QFile::remove(out);
    m_timer.start(std::max(1, m_request.timeout) * 1000);
    m_process->start(m_request.python, {m_dir->filePath(QStringLiteral("kmw_verify.py")), specPath, sideName, out});
}

void VerifyJob::sideDone(bool timedOut)
{
    QProcess *process = m_process;
    if (!process)
        return;
    m_process = nullptr;
    m_timer.stop();
    process->disconnect();
    if (timedOut) {
        process->kill();
        process->waitForFinished(5000);
    }
    process->deleteLater();
    if (m_cancelled)
        return finish(QStringLiteral("stopped"));
    if (process->error() == QProcess::FailedToStart)
        return finish(QStringLiteral("cannot start %1: %2").arg(m_request.python, process->errorString()));
    const QString sideName = QLatin1String(kSides[m_side]);
    VerifySide *s = side(m_model, m_side);
    s->ran = true;
    const QString out = m_dir->filePath(QStringLiteral("model%1-%2.json").arg(m_model).arg(sideName));
    QFile file(out);
    QJsonParseError parse{};
    const QJsonDocument doc = file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll(), &parse) : QJsonDocument();
    if (doc.isObject()) {
        const QJsonObject previous = s->result;
        s->result = doc.object();
        for (auto it = previous.constBegin(); it != previous.constEnd(); ++it)
            if (!s->result.contains(it.key()))
                s->result.insert(it.key(), it.value());
    } else {
        const QString tail = QString::fromUtf8(process->readAllStandardError().right(3000)).trimmed();
        s->result.insert(QStringLiteral("ok"), false);
        s->result.insert(QStringLiteral("stage"), timedOut ? QStringLiteral("timeout") : QStringLiteral("process"));
        s->result.insert(QStringLiteral("error"), timedOut ? QStringLiteral("no result after %1 s: stopped").arg(m_request.timeout)
                                                           : QStringLiteral("%1 exited with %2 without a result")
                                                                 .arg(m_request.python).arg(process->exitCode()));
        s->result.insert(QStringLiteral("traceback"), tail);
    }
    ModelVerification &m = m_report.models[m_model];
    if (m_side == 0 && !m.probe.isEmpty() && s->result.value(QStringLiteral("ok")).toBool()) {
        QHash<QString, qint64> probed;
        const QJsonObject values = s->result.value(QStringLiteral("probed")).toObject();
        for (auto it = values.constBegin(); it != values.constEnd(); ++it)
            probed.insert(it.key(), qint64(it.value().toDouble()));
        if (probed.isEmpty())
            m.error = QStringLiteral("the Keras 2 side built the model but found no value for %1").arg(m.probe.join(QStringLiteral(", ")));
        else
            completeFromProbe(m_report, &m, probed);
    }
    if (m_progress)
        m_progress(m_model, sideName, s->result.value(QStringLiteral("ok")).toBool() ? QStringLiteral("ok") : QStringLiteral("failed"));
    next();
}

void VerifyJob::cancel()
{
    m_cancelled = true;
    if (m_process)
        m_process->kill();
    else if (!m_done)
        finish(QStringLiteral("stopped"));
}

void VerifyJob::finish(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    if (!error.isEmpty())
        m_report.error = error;
    if (m_finished)
        m_finished(m_report);
}

VerifyReport verifyBlocking(const VerifyRequest &request, const VerifyJob::Progress &progress)
{
    VerifyReport report;
    if (!prepareVerify(request, &report))
        return report;
    QEventLoop loop;
    VerifyJob job(request, report);
    job.setProgress(progress);
    bool finished = false;
    job.setFinished([&](const VerifyReport &done) {
        report = done;
        finished = true;
        loop.quit();
    });
    job.start();
    if (!finished)
        loop.exec();
    return report;
}

} // namespace kmw
