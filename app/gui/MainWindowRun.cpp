// MainWindow's Review › Run Both Sides: the open file run as it is and as migrated, in
// real frameworks, its verdicts kept in .kmw/run.json for the badges and the plan.
#include "MainWindow.h"

#include "NotebookView.h"
#include "PythonEnv.h"
#include "RunDock.h"

#include <QLabel>
#include <QSettings>

namespace kmw {

QString MainWindow::pythonPreference() const
{
    return QSettings().value(QStringLiteral("run/python")).toString();
}

void MainWindow::setPythonPreference(const QString &python)
{
    QSettings().setValue(QStringLiteral("run/python"), python);
    m_status->setText(tr("Python for running both sides: %1").arg(python));
}

bool MainWindow::runBothSides()
{
    if (m_current.isEmpty()) {
        m_status->setText(tr("Open a notebook or script first"));
        return false;
    }
    QString why;
    const QString python = findFrameworkPython(pythonPreference(), &why);
    m_runDock->show();
    m_runDock->raise();
    if (m_runDock->width() < 520) // room for the two outputs side by side
        resizeDocks({m_runDock}, {560}, Qt::Horizontal);
    if (python.isEmpty()) {
        m_status->setText(tr("Cannot run both sides: %1 (Review › Python Interpreter…)").arg(why));
        m_runDock->summaryLabel()->setText(m_status->text());
        return false;
    }
    RunCompareRequest request;
    request.root = m_session->root();
    request.relativePath = m_current;
    request.target = m_session->packNames().contains(QStringLiteral("keras-to-pytorch"))
                         ? QStringLiteral("keras-to-pytorch")
                         : QStringLiteral("keras3-torch");
    request.python = python;
    m_session->persistDecisions(); // the run migrates with the decisions as stored
    if (!m_runDock->start(request)) {
        m_status->setText(m_runDock->summaryLabel()->text());
        return false;
    }
    m_status->setText(tr("Running %1 on both sides…").arg(m_current));
    return true;
}

void MainWindow::recordRun(const FileComparison &comparison)
{
    if (comparison.error == QLatin1String("stopped")) {
        m_status->setText(tr("Run of both sides stopped"));
        return;
    }
    QString error;
    if (!saveRunRecord(m_session->root(), comparison, &error))
        m_status->setText(tr("Cannot keep the run in .kmw/run.json: %1").arg(error));
    else
        m_status->setText(comparison.summaryLine());
    if (comparison.path == m_current)
        m_view->setRunComparison(comparison);
    m_session->refreshPlan();
}

void MainWindow::showRunRecord()
{
    const QMap<QString, FileComparison> runs = loadRunRecords(m_session->root());
    const FileComparison record = runs.value(m_current);
    m_view->setRunComparison(record);
    if (!m_runDock->isRunning() && !record.path.isEmpty())
        m_runDock->showComparison(record);
}

} // namespace kmw
