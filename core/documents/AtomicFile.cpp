#include "AtomicFile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QLockFile>
#include <QSaveFile>

namespace kmw {

namespace {

std::function<void(const QString &)> &beforeReplaceHook()
{
    static std::function<void(const QString &)> hook;
    return hook;
}

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

} // namespace

bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *why)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (why)
            *why = file.errorString();
        return false;
    }
    return true;
}

bool writeFileIfUnchanged(const QString &path, const QByteArray &expected, const QByteArray &bytes, QString *why,
                          bool *changed)
{
    if (changed)
        *changed = false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        if (why)
            *why = file.errorString();
        return false;
    }
    // the new bytes wait in the temporary file: compare what is on disk now with what the
    // change was computed from, then replace (the window left is the rename itself)
    if (const auto &hook = beforeReplaceHook())
        hook(path);
    QFile current(path);
    QByteArray now;
    if (current.exists()) {
        if (!current.open(QIODevice::ReadOnly)) {
            file.cancelWriting();
            if (why)
                *why = QStringLiteral("%1 cannot be read again before writing: %2; nothing was written")
                           .arg(path, current.errorString());
            return false;
        }
        now = current.readAll();
    }
    if (sha256(now) != sha256(expected) || (!current.exists() && !expected.isEmpty())) {
        file.cancelWriting();
        if (changed)
            *changed = true;
        if (why)
            *why = QStringLiteral("%1 changed on disk since it was read (another program wrote it); nothing was "
                                  "written: reload it, then apply the changes again")
                       .arg(path);
        return false;
    }
    if (!file.commit()) {
        if (why)
            *why = file.errorString();
        return false;
    }
    return true;
}

bool updateFileLocked(const QString &path, const MergeFn &merge, QString *why, int waitMs)
{
    QLockFile lock(path + QStringLiteral(".lock"));
    lock.setStaleLockTime(0); // stale only when its owner is no longer running
    if (!lock.tryLock(waitMs)) {
        qint64 pid = 0;
        QString host, application;
        lock.getLockInfo(&pid, &host, &application);
        if (why)
            *why = lock.error() == QLockFile::LockFailedError
                       ? QStringLiteral("%1 is being written by %2 (pid %3 on %4); nothing was written: try again")
                             .arg(path, application.isEmpty() ? QStringLiteral("another program") : application)
                             .arg(pid).arg(host)
                       : QStringLiteral("cannot lock %1 (%2.lock): nothing was written").arg(path, path);
        return false;
    }
    QFile file(path);
    QByteArray current;
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            if (why)
                *why = QStringLiteral("%1 cannot be read: %2; nothing was written").arg(path, file.errorString());
            return false;
        }
        current = file.readAll();
        file.close();
    }
    QByteArray merged;
    if (!merge(current, &merged, why))
        return false;
    if (merged == current && file.exists())
        return true;
    return writeFileIfUnchanged(path, current, merged, why);
}

void setBeforeReplaceHook(std::function<void(const QString &)> hook)
{
    beforeReplaceHook() = std::move(hook);
}

} // namespace kmw
