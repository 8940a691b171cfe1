#include "RepositoryDock.h"

#include <QHeaderView>
#include <QStandardItemModel>
#include <QTreeView>

namespace kmw {
namespace {
constexpr int PathRole = Qt::UserRole + 1;
}

RepositoryDock::RepositoryDock(QWidget *parent)
    : QDockWidget(tr("Repository"), parent), m_view(new QTreeView(this)), m_model(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("RepositoryDock"));
    m_model->setHorizontalHeaderLabels({tr("File"), tr("Findings")});
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(false);
    setWidget(m_view);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString path = index.siblingAtColumn(0).data(PathRole).toString();
        if (!path.isEmpty())
            emit fileActivated(path);
    });
}

QStandardItem *RepositoryDock::folderItem(const QString &folder)
{
    if (folder.isEmpty())
        return m_model->invisibleRootItem();
    const int slash = folder.lastIndexOf(QLatin1Char('/'));
    QStandardItem *parent = folderItem(slash < 0 ? QString() : folder.left(slash));
    const QString name = folder.mid(slash + 1);
    for (int r = 0; r < parent->rowCount(); ++r)
        if (parent->child(r)->data(PathRole).toString().isEmpty() && parent->child(r)->text() == name)
            return parent->child(r);
    auto *item = new QStandardItem(name);
    item->setEditable(false);
    auto *count = new QStandardItem;
    count->setEditable(false);
    parent->appendRow({item, count});
    return item;
}

void RepositoryDock::setScan(const ScanResult &scan, const QStringList &renderedPaths)
{
    m_model->removeRows(0, m_model->rowCount());
    QStringList paths;
    QHash<QString, const FileResult *> byPath;
    for (const FileResult &f : scan.files) {
        paths << f.relativePath;
        byPath.insert(f.relativePath, &f);
    }
    paths += renderedPaths;
    for (const InputError &e : scan.errors)
        paths << e.path;
    paths.removeDuplicates();
    paths.sort();
    for (const QString &path : paths) {
        const int slash = path.lastIndexOf(QLatin1Char('/'));
        QStandardItem *parent = folderItem(slash < 0 ? QString() : path.left(slash));
        auto *item = new QStandardItem(path.mid(slash + 1));
        item->setEditable(false);
        item->setData(path, PathRole);
        item->setToolTip(path);
        auto *count = new QStandardItem;
        count->setEditable(false);
        if (const FileResult *f = byPath.value(path)) {
            const int n = int(f->findings.size());
            count->setText(n ? QString::number(n) : QString());
        } else if (renderedPaths.contains(path)) {
            item->setForeground(QColor(0x99, 0x99, 0x99));
            item->setToolTip(tr("%1 (rendered notebook: skipped, regenerate after migration)").arg(path));
            item->setData(QString(), PathRole);
        } else {
            item->setForeground(QColor(0xb0, 0x00, 0x20));
            for (const InputError &e : scan.errors)
                if (e.path == path)
                    item->setToolTip(e.toString());
            item->setData(QString(), PathRole);
            count->setText(tr("error"));
        }
        parent->appendRow({item, count});
    }
    m_view->expandAll();
}

QStandardItem *RepositoryDock::fileItem(const QString &relativePath) const
{
    for (QStandardItem *item : m_model->findItems(relativePath.section(QLatin1Char('/'), -1),
                                                   Qt::MatchExactly | Qt::MatchRecursive))
        if (item->data(PathRole).toString() == relativePath)
            return item;
    return nullptr;
}

void RepositoryDock::setCounts(const QString &relativePath, int pending, int accepted, int rejected)
{
    QStandardItem *item = fileItem(relativePath);
    if (!item)
        return;
    QStandardItem *parent = item->parent() ? item->parent() : m_model->invisibleRootItem();
    QStandardItem *count = parent->child(item->row(), 1);
    if (!count)
        return;
    const int total = pending + accepted + rejected;
    if (total == 0)
        count->setText(QString());
    else if (pending == 0)
        count->setText(tr("done ✓%1 ✗%2").arg(accepted).arg(rejected));
    else if (accepted + rejected == 0)
        count->setText(QString::number(total));
    else
        count->setText(tr("%1 ✓%2 ✗%3").arg(pending).arg(accepted).arg(rejected));
    count->setToolTip(tr("%1 pending, %2 accepted, %3 rejected").arg(pending).arg(accepted).arg(rejected));
    count->setData(total, Qt::UserRole + 2);
}

void RepositoryDock::setOnlyWithFindings(bool only)
{
    m_onlyWithFindings = only;
    applyFilter(m_model->invisibleRootItem(), QModelIndex());
}

bool RepositoryDock::applyFilter(QStandardItem *parent, const QModelIndex &parentIndex)
{
    bool any = false;
    for (int r = 0; r < parent->rowCount(); ++r) {
        QStandardItem *item = parent->child(r);
        bool show;
        if (item->hasChildren())
            show = applyFilter(item, item->index());
        else
            show = !m_onlyWithFindings || !parent->child(r, 1)->text().isEmpty();
        m_view->setRowHidden(r, parentIndex, !show);
        any = any || show;
    }
    return any;
}

} // namespace kmw
