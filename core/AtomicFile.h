#pragma once

#include <QByteArray>
#include <QString>

namespace kmw {

/// Writes `bytes` to `path` atomically (QSaveFile: a temporary file renamed over the
/// target, so readers see the old or the new file, never half of one; a symlink is
/// written through to its target). Creates no folders. False with `*why` (the system's
/// error text) when the file cannot be opened, fully written or committed; the old
/// file is then untouched.
bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *why);

} // namespace kmw
