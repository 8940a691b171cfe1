#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace kmw {

/// Writes `bytes` to `path` atomically (QSaveFile: a temporary file renamed over the
/// target, so readers see the old or the new file, never half of one; a symlink is
/// written through to its target). Creates no folders. False with `*why` (the system's
/// error text) when the file cannot be opened, fully written or committed; the old
/// file is then untouched.
bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *why);

/// writeFileAtomically(), only if the file still holds `expected`: the bytes the new
/// content was computed from (empty: the file did not exist, or was empty). The file is
/// read again right before the atomic replace and compared by content (SHA-256; an
/// mtime or size check misses same-size edits), so an edit made on disk since it was
/// read (Jupyter's autosave, another editor, a second kmw) is never overwritten: false,
/// nothing written, `*why` = "<path> changed on disk since it was read …" and `*changed`
/// (optional) true. Other failures as writeFileAtomically().
bool writeFileIfUnchanged(const QString &path, const QByteArray &expected, const QByteArray &bytes, QString *why,
                          bool *changed = nullptr);

/// A read-merge-write of a file several programs update (`.kmw/review.json`, the run
/// records): under `<path>.lock` (QLockFile: the owner's pid and host; a lock whose owner
/// is no longer running is taken over), reads the file (`current`: empty when absent),
/// lets `merge` compute the new bytes from it, and writes them with writeFileIfUnchanged()
/// (a writer that does not take the lock is still never overwritten). `merge` returns
/// false with `*why` to write nothing (the file cannot be read as expected). False with
/// `*why` when the lock is held by a running program for `waitMs`, or on any failure;
/// nothing is written then.
using MergeFn = std::function<bool(const QByteArray &current, QByteArray *merged, QString *why)>;
bool updateFileLocked(const QString &path, const MergeFn &merge, QString *why, int waitMs = 5000);

/// For tests: `hook(path)` runs inside writeFileIfUnchanged() right before the file is
/// read again (a test changes the file at that moment). An empty function removes it.
void setBeforeReplaceHook(std::function<void(const QString &path)> hook);

} // namespace kmw
