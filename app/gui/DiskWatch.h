#pragma once

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace kmw {

/// Tells when a file of the open repository changes outside the workbench (Jupyter's
/// autosave, an editor, `kmw-cli apply`). QFileSystemWatcher reports the change; since a
/// watcher drops a path that is replaced (an atomic save renames a new file over it) and
/// misses changes on some network folders, each path is watched again after a change, and
/// checkAll() compares every file's size and modification time with the last known ones
/// (the window calls it when it is activated). Changes are reported once per burst
/// (300 ms); whether the content really differs is the caller's to check.
class DiskWatch : public QObject {
    Q_OBJECT

public:
    explicit DiskWatch(QObject *parent = nullptr);

    /// Watches `relativePaths` of `root` from now on (instead of what was watched).
    void watch(const QString &root, const QStringList &relativePaths);
    /// Takes the file's current size and time as known (after the workbench wrote or read
    /// it again), so that it is not reported for that.
    void refresh(const QString &relativePath);
    /// Reports every watched file whose size or modification time changed since it was
    /// last known.
    void checkAll();

signals:
    void changed(const QString &relativePath);

private:
    struct Stamp {
        bool exists = false;
        qint64 size = -1;
        QDateTime modified;
        bool operator==(const Stamp &o) const { return exists == o.exists && size == o.size && modified == o.modified; }
    };
    Stamp stampOf(const QString &relativePath) const;
    void noteChange(const QString &absolutePath);
    void flush();

    QFileSystemWatcher m_watcher;
    QString m_root;
    QHash<QString, Stamp> m_known;
    QSet<QString> m_pending;
    QTimer m_burst;
};

} // namespace kmw
