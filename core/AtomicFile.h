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

/// For tests: `hook(path)` runs inside writeFileIfUnchanged() right before the file is
/// read again (a test changes the file at that moment). An empty function removes it.
void setBeforeReplaceHook(std::function<void(const QString &path)> hook);

} // namespace kmw
