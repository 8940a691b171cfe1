#include "NotebookView.h"

#include "CellWidget.h"
#include "FindingRow.h"

#include <QDir>
#include <QLabel>
#include <QVBoxLayout>

namespace kmw {

NotebookView::NotebookView(QWidget *parent) : QScrollArea(parent)
{
    setWidgetResizable(true);
    setReview(nullptr);
}

void NotebookView::setReview(std::shared_ptr<FileReview> review)
{
    m_review = std::move(review);
    m_cells.clear();
    m_current.clear();
    m_page = new QWidget;
    m_layout = new QVBoxLayout(m_page);
    m_layout->setSpacing(6);
    m_title = new QLabel(m_page);
    m_layout->addWidget(m_title);
    if (!m_review) {
        m_title->setText(tr("Open a notebook or script from the repository tree to review its findings."));
    } else {
        const FileResult &file = m_review->file();
        m_title->setText(QStringLiteral("<h3>%1</h3><span style='color:#555'>%2</span>")
                             .arg(file.relativePath.toHtmlEscaped(),
                                  tr("Before (original) on the left, after (accepted fixes) on the right.")));
        for (int i = 0; i < file.document.cells.size(); ++i) {
            auto *cell = new CellWidget(m_review, i, m_page);
            connect(cell, &CellWidget::decisionRequested, this, [this](const QString &id, DecisionStatus status) {
                setCurrentFinding(id);
                emit decisionRequested(id, status);
            });
            connect(cell, &CellWidget::fixChosen, this, &NotebookView::fixChosen);
            connect(cell, &CellWidget::manualEditRequested, this, &NotebookView::manualEditRequested);
            connect(cell, &CellWidget::bulkRequested, this, &NotebookView::bulkRequested);
            connect(cell, &CellWidget::smokeRequested, this, &NotebookView::smokeRequested);
            m_layout->addWidget(cell);
            m_cells << cell;
        }
    }
    m_hiddenNote = new QLabel(m_page);
    m_hiddenNote->setStyleSheet(QStringLiteral("color:#666"));
    m_layout->addWidget(m_hiddenNote);
    m_layout->addStretch(1);
    setWidget(m_page); // deletes the previous page
    setRunComparison(m_run);
}

void NotebookView::applyDecision(const QString &findingId, const Decision &decision)
{
    if (!m_review || !m_review->setDecision(findingId, decision))
        return;
    // A decision can change the result of other findings of the same cell (conflicts):
    // refresh every cell with findings.
    for (CellWidget *cell : std::as_const(m_cells))
        if (!cell->findingRows().isEmpty())
            cell->refresh();
    emit reviewChanged();
}

bool NotebookView::setCurrentFinding(const QString &findingId)
{
    bool found = false;
    for (CellWidget *cell : std::as_const(m_cells))
        for (FindingRow *row : cell->findingRows()) {
            const bool current = row->findingId() == findingId;
            row->setCurrent(current);
            if (current) {
                found = true;
                ensureWidgetVisible(row, 0, 120);
            }
        }
    m_current = found ? findingId : QString();
    return found;
}

void NotebookView::setHideUnchanged(bool hide)
{
    m_hideUnchanged = hide;
    applyVisibility();
}

void NotebookView::setRunComparison(const FileComparison &comparison)
{
    m_run = comparison;
    const bool matches = m_review && comparison.path == m_review->file().relativePath;
    for (CellWidget *cell : std::as_const(m_cells))
        cell->setRunVerdict(matches ? comparison.cell(cell->cellIndex()) : nullptr);
    if (m_review)
        applyVisibility();
}

void NotebookView::applyVisibility()
{
    int hidden = 0;
    for (CellWidget *cell : std::as_const(m_cells)) {
        const CellComparison *run = m_run.path == m_review->file().relativePath ? m_run.cell(cell->cellIndex()) : nullptr;
        const bool interesting = !cell->findingRows().isEmpty() ||
                                 m_review->result().newSources.contains(cell->cellIndex()) ||
                                 (run && run->verdict == CellVerdict::MigratedFailed);
        cell->setVisible(!m_hideUnchanged || interesting);
        hidden += m_hideUnchanged && !interesting;
    }
    if (m_hiddenNote) {
        m_hiddenNote->setText(hidden ? tr("%n unchanged cell(s) hidden (View › Hide Unchanged Cells).", nullptr, hidden) : QString());
        m_hiddenNote->setVisible(hidden > 0);
    }
}

void NotebookView::refreshAll()
{
    for (CellWidget *cell : std::as_const(m_cells))
        cell->refresh();
    emit reviewChanged();
}

void NotebookView::showCell(int index)
{
    if (index >= 0 && index < m_cells.size())
        ensureWidgetVisible(m_cells[index], 0, 40);
}

} // namespace kmw
