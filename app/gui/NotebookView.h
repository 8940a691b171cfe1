#pragma once

#include "FileReview.h"

#include <QScrollArea>
#include <memory>

class QLabel;
class QVBoxLayout;

namespace kmw {

class CellWidget;

/// The centre of the window: every cell of the open file, before and after side by
/// side, with the findings under each cell. Decisions go to the FileReview and the
/// after sides update at once.
class NotebookView : public QScrollArea {
    Q_OBJECT
public:
    explicit NotebookView(QWidget *parent = nullptr);

    /// Shows `review` (nullptr: an empty page with a hint).
    void setReview(std::shared_ptr<FileReview> review);
    std::shared_ptr<FileReview> review() const { return m_review; }
    QList<CellWidget *> cellWidgets() const { return m_cells; }
    /// Scrolls so that cell `index` is visible.
    void showCell(int index);

public slots:
    /// Applies a decision to the current review and refreshes the affected cell.
    void decide(const QString &findingId, kmw::DecisionStatus status);
    /// Re-reads every cell from the review (after accept-all, say).
    void refreshAll();

signals:
    /// The open file's decisions changed.
    void reviewChanged();

private:
    std::shared_ptr<FileReview> m_review;
    QWidget *m_page = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QLabel *m_title = nullptr;
    QList<CellWidget *> m_cells;
};

} // namespace kmw
