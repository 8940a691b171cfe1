#pragma once

#include "RepositoryScanner.h"

#include <QDockWidget>

class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace kmw {

/// The repository tree: folders, notebooks and scripts, with the number of pending
/// findings per file (rendered notebooks are shown greyed: the plan skips them).
/// Activating a file emits fileActivated with its relative path.
class RepositoryDock : public QDockWidget {
    Q_OBJECT
public:
    explicit RepositoryDock(QWidget *parent = nullptr);

    /// Rebuilds the tree from a scan.
    void setScan(const ScanResult &scan, const QStringList &renderedPaths);
    /// Updates the badge of one file: pending / accepted / rejected counts, or "done"
    /// when nothing is pending.
    void setCounts(const QString &relativePath, int pending, int accepted, int rejected);
    /// Shows only the files with findings (and their folders).
    void setOnlyWithFindings(bool only);
    QTreeView *view() const { return m_view; }
    QStandardItemModel *model() const { return m_model; }
    /// The item of a file, or nullptr.
    QStandardItem *fileItem(const QString &relativePath) const;

signals:
    void fileActivated(const QString &relativePath);

private:
    QStandardItem *folderItem(const QString &folder);
    bool applyFilter(QStandardItem *parent, const QModelIndex &parentIndex);
    bool m_onlyWithFindings = false;

    QTreeView *m_view;
    QStandardItemModel *m_model;
};

} // namespace kmw
