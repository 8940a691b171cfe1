// MainWindow's Model menu: smoke-train the model in effect at a cell of the open file
// (as migrated so far) and keep each finished run in .kmw/smoke.json for the plan.
#include "MainWindow.h"

#include "NotebookView.h"
#include "SmokeDock.h"
#include "SmokeStore.h"

#include "ModelExtractor.h"

#include <QLabel>



namespace kmw {

bool MainWindow::smokeTrain(int cell)
{
    const std::shared_ptr<FileReview> review = m_current.isEmpty() ? nullptr : m_session->reviewFor(m_current);
    if (!review)
        return false;
    const Document &before = review->document();
    if (cell < 0) {
        for (const Finding &f : review->findings())
            if (f.id == m_view->currentFinding())
                cell = f.cell;
    }
    if (cell < 0) {
        for (int i = 0; i < before.cells.size(); ++i)
            if (before.cells[i].type == CellType::Code && cellBuildsModel(before.cells[i].source))
                cell = i;
    }
    Document after = before;
    for (int i = 0; i < after.cells.size(); ++i)
        after.cells[i].source = review->afterSource(i);
    if (m_smokeDock->isFloating() == false && m_smokeDock->width() < 460)
        resizeDocks({m_smokeDock}, {460}, Qt::Horizontal);
    m_smokeDock->start(before, after, std::max(cell, 0), m_current);
    return true;
}

void MainWindow::recordSmokeRun(const QString &relativePath, int cell, const SmokeRun &run)
{
    const QString root = m_session->root();
    if (root.isEmpty() || relativePath.isEmpty() || !run.error.isEmpty() || !run.result.ran || run.result.cancelled)
        return;
    QString error;
    if (!saveSmokeRecord(root, relativePath, smokeRecordOf(cell, run.setup, run.result), &error))
        m_status->setText(tr("Cannot record the smoke run: %1").arg(error));
    m_session->refreshPlan();
}

} // namespace kmw
