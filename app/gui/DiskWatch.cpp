#include "DiskWatch.h"

#include <QDir>
#include <QFileInfo>

namespace kmw {

DiskWatch::DiskWatch(QObject *parent) : QObject(parent)
{
    m_burst.setSingleShot(true);
    m_burst.setInterval(300);
    connect(&m_burst, &QTimer::timeout, this, &DiskWatch::flush);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &DiskWatch::noteChange);
}

void DiskWatch::watch(const QString &root, const QStringList &relativePaths)
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    m_root = root;
    m_known.clear();
    m_pending.clear();
    QStringList paths;
    for (const QString &rel : relativePaths) {
        m_known.insert(rel, stampOf(rel));
        if (m_known.value(rel).exists)
            paths << QDir(root).filePath(rel);
    }
    if (!paths.isEmpty())
        m_watcher.addPaths(paths); // paths that cannot be watched are left to checkAll()
}

void DiskWatch::refresh(const QString &relativePath)
{
    m_known.insert(relativePath, stampOf(relativePath));
    m_pending.remove(relativePath);
    const QString path = QDir(m_root).filePath(relativePath);
    if (QFileInfo::exists(path) && !m_watcher.files().contains(path))
        m_watcher.addPath(path);
}

void DiskWatch::checkAll()
{
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it)
        if (!(stampOf(it.key()) == it.value()))
            m_pending.insert(it.key());
    if (!m_pending.isEmpty())
        m_burst.start();
}

DiskWatch::Stamp DiskWatch::stampOf(const QString &relativePath) const
{
    const QFileInfo info(QDir(m_root).filePath(relativePath));
    Stamp s;
    s.exists = info.exists();
    if (s.exists) {
        s.size = info.size();
        s.modified = info.lastModified();
    }
    return s;
}

void DiskWatch::noteChange(const QString &absolutePath)
{
    const QString rel = QDir(m_root).relativeFilePath(absolutePath);
    if (!m_known.contains(rel))
        return;
    // a file replaced by a rename is no longer watched: watch the new one
    if (QFileInfo::exists(absolutePath) && !m_watcher.files().contains(absolutePath))
        m_watcher.addPath(absolutePath);
    m_pending.insert(rel);
    m_burst.start();
}

void DiskWatch::flush()
{
    const QSet<QString> pending = std::exchange(m_pending, {});
    QStringList sorted(pending.cbegin(), pending.cend());
    sorted.sort();
    for (const QString &rel : sorted) {
        m_known.insert(rel, stampOf(rel));
        emit changed(rel);
    }
}

} // namespace kmw
