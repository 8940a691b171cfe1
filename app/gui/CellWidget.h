#pragma once

#include "BulkScope.h"
#include "FileReview.h"
#include "RunCompare.h"

#include <QFrame>
#include <memory>
#include <optional>

class QLabel;
class QToolButton;
class QVBoxLayout;

namespace kmw {

class CodeEditor;
class FindingRow;

/// One cell of the open file: before (original) and after (accepted fixes applied)
/// side by side for code, rendered Markdown for markdown cells, plain text for raw
/// cells; under a code cell, its findings with Accept / Reject.
class CellWidget : public QFrame {
    Q_OBJECT
public:
    CellWidget(std::shared_ptr<FileReview> review, int cellIndex, QWidget *parent = nullptr);

    int cellIndex() const { return m_cell; }
    /// Updates the after side, the highlights and the finding rows from the review.
    void refresh();

    CodeEditor *beforeEditor() const { return m_before; }
    CodeEditor *afterEditor() const { return m_after; }
    QList<FindingRow *> findingRows() const { return m_rows; }
    /// True when the cell's source changed and it has outputs saved from the old source.
    bool outputsStale() const { return m_stale; }
    /// The collapsible outputs (nullptr when the cell has none).
    QWidget *outputsWidget() const { return m_outputs; }
    /// "Edit by hand": checked while the after side is being edited.
    QToolButton *editButton() const { return m_edit; }
    /// Shows the cell's verdict of the last run of both sides as a badge next to the
    /// editors (nullptr: no badge).
    void setRunVerdict(const CellComparison *comparison);
    /// The badge (hidden when the cell was not run).
    QLabel *runBadge() const { return m_runBadge; }
    /// "Smoke Train" (nullptr when the cell does not build a model).
    QToolButton *smokeButton() const { return m_smoke; }

signals:
    void decisionRequested(const QString &findingId, kmw::DecisionStatus status);
    void fixChosen(const QString &findingId, int fixIndex);
    /// The reviewer finished editing the after side by hand (nullopt: back to the fixes).
    void manualEditRequested(int cell, const std::optional<QByteArray> &source);
    void bulkRequested(const QString &findingId, kmw::BulkScope scope, kmw::DecisionStatus status);
    /// "Smoke Train" on a cell that builds, compiles or fits a model.
    void smokeRequested(int cell);

private:
    std::shared_ptr<FileReview> m_review;
    int m_cell;
    QLabel *m_header = nullptr;
    CodeEditor *m_before = nullptr;
    CodeEditor *m_after = nullptr;
    QList<FindingRow *> m_rows;
    bool m_stale = false;
    QWidget *m_outputs = nullptr;
    QToolButton *m_edit = nullptr;
    QToolButton *m_revert = nullptr;
    QToolButton *m_smoke = nullptr;
    QLabel *m_runBadge = nullptr;
    void addOutputs(QVBoxLayout *layout, const QVector<CellOutput> &outputs);
};

} // namespace kmw
