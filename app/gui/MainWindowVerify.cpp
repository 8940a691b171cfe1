// MainWindow's Model › Verify in Python: the open file's models run in Keras 2, Keras 3
// (torch) and PyTorch with the same weights; the last report of each file is kept in
// .kmw/verify.json and shown again when the file is opened.
#include "MainWindow.h"

#include "NotebookView.h"
#include "PythonEnv.h"
#include "RunRecords.h"
#include "VerifyDock.h"

#include <QLabel>

namespace kmw {

bool MainWindow::verifyModel(int cell)
{
    if (m_current.isEmpty()) {
        m_status->setText(tr("Open a notebook or script first"));
        return false;
    }
    if (cell < 0) {
        const std::shared_ptr<FileReview> review = m_session->reviewFor(m_current);
        for (const Finding &f : review ? review->findings() : QVector<Finding>())
            if (f.id == m_view->currentFinding())
                cell = f.cell;
    }
    m_verifyDock->show();
    m_verifyDock->raise();
    if (m_verifyDock->width() < 560)
        resizeDocks({m_verifyDock}, {620}, Qt::Horizontal);
    QString why;
    const QString python = findFrameworkPython(pythonPreference(), &why);
    if (python.isEmpty()) {
        m_status->setText(tr("Cannot verify: %1 (Review › Python Interpreter…)").arg(why));
        m_verifyDock->summaryLabel()->setText(m_status->text());
        return false;
    }
    VerifyRequest request;
    request.root = m_session->root();
    request.relativePath = m_current;
    request.cell = cell;
    request.python = python;
    if (!m_verifyDock->start(request)) {
        m_status->setText(m_verifyDock->summaryLabel()->text());
        return false;
    }
    m_status->setText(tr("Verifying %1 in Keras 2, Keras 3 and PyTorch…").arg(m_current));
    return true;
}

void MainWindow::recordVerify(const VerifyReport &report)
{
    if (report.error == QLatin1String("stopped")) {
        m_status->setText(tr("Verification stopped"));
        return;
    }
    QString error;
    if (!writeRunRecord(m_session->root(), QStringLiteral("verify.json"), report.path, verifyReportJson(report), &error))
        m_status->setText(tr("Cannot keep the verification in .kmw/verify.json: %1").arg(error));
    else
        m_status->setText(m_verifyDock->summaryLabel()->text().section(QLatin1Char('\n'), 0, 0));
}

void MainWindow::showVerifyRecord()
{
    if (m_verifyDock->isRunning())
        return;
    const QJsonObject runs = readRunRecords(m_session->root(), QStringLiteral("verify.json"));
    if (runs.contains(m_current))
        m_verifyDock->showReport(verifyReportFromJson(runs.value(m_current).toObject()));
}

} // namespace kmw
