#pragma once

#include "BulkScope.h"
#include "FileReview.h"
#include "RunCompare.h"

#include <QScrollArea>
#include <memory>
#include <optional>

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

    /// Applies a decision to the shown review and refreshes the cells (the undo stack
    /// of the MainWindow calls this; buttons go through decisionRequested).
    void applyDecision(const QString &findingId, const kmw::Decision &decision);
    /// Marks `findingId` as the current finding (keyboard navigation) and scrolls to it;
    /// an empty id clears the mark. Returns false if the open file has no such finding.
    bool setCurrentFinding(const QString &findingId);
    QString currentFinding() const { return m_current; }
    /// Shows the verdicts of the last run of both sides of the open file as badges on
    /// its cells (an empty comparison clears them); cells that failed after migration
    /// are shown even when unchanged.
    void setRunComparison(const FileComparison &comparison);
    const FileComparison &runComparison() const { return m_run; }
    /// Shows only the cells with findings or changes (on by default, like nbdime).
    void setHideUnchanged(bool hide);
    bool hideUnchanged() const { return m_hideUnchanged; }

public slots:
    /// Re-reads every cell from the review (after accept-all, say).
    void refreshAll();

signals:
    /// The reviewer clicked Accept / Reject on a finding of the open file.
    void decisionRequested(const QString &findingId, kmw::DecisionStatus status);
    /// The reviewer chose alternative fix `fixIndex` of a finding.
    void fixChosen(const QString &findingId, int fixIndex);
    /// The reviewer edited (or dropped the edit of) a cell's after side.
    void manualEditRequested(int cell, const std::optional<QByteArray> &source);
    /// The reviewer asked for a bulk decision.
    void bulkRequested(const QString &findingId, kmw::BulkScope scope, kmw::DecisionStatus status);
    /// The reviewer asked to smoke-train the model in effect at `cell`.
    void smokeRequested(int cell);
    /// The open file's decisions changed.
    void reviewChanged();

private:
    std::shared_ptr<FileReview> m_review;
    QWidget *m_page = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QLabel *m_title = nullptr;
    QList<CellWidget *> m_cells;
    QString m_current;
    bool m_hideUnchanged = true;
    QLabel *m_hiddenNote = nullptr;
    FileComparison m_run;
    void applyVisibility();
};

} // namespace kmw
