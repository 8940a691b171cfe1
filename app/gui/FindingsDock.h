#pragma once

#include "FileReview.h"

#include <QDockWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace kmw {

/// Every finding of the repository in one sortable, filterable table (file, cell,
/// line, rule, severity, status). Double-click (or Enter) opens the finding;
/// Ctrl+F focuses the filter.
class FindingsDock : public QDockWidget {
    Q_OBJECT
public:
    explicit FindingsDock(QWidget *parent = nullptr);

    /// One row per finding: `files` in order; `status(path, id)` gives its decision.
    void setFindings(const QVector<FileResult> &files,
                     const std::function<DecisionStatus(const QString &, const QString &)> &status);
    /// Updates the status column of one finding.
    void setStatus(const QString &findingId, DecisionStatus status);
    QLineEdit *filterEdit() const { return m_filter; }
    QTableView *view() const { return m_view; }
    /// Rows shown after filtering (for tests).
    int visibleRows() const;

signals:
    void findingActivated(const QString &path, const QString &findingId);

private:
    QLineEdit *m_filter;
    QTableView *m_view;
    QStandardItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
};

/// A severity's name as shown (translated).
QString severityText(Severity severity);

/// The word shown for a decision ("pending", "accepted", "rejected"), translated.
QString statusText(DecisionStatus status);

} // namespace kmw
