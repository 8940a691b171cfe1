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
    /// Updates the count shown for one file.
    void setPending(const QString &relativePath, int pending, int total);
    QTreeView *view() const { return m_view; }
    QStandardItemModel *model() const { return m_model; }
    /// The item of a file, or nullptr.
    QStandardItem *fileItem(const QString &relativePath) const;

signals:
    void fileActivated(const QString &relativePath);

private:
    QStandardItem *folderItem(const QString &folder);

    QTreeView *m_view;
    QStandardItemModel *m_model;
};

} // namespace kmw
