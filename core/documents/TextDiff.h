#pragma once

#include <QByteArray>
#include <QString>

namespace kmw {

/// A unified diff (`diff -u`, GNU diffutils, which every Debian system has) of two
/// versions of a text, labelled `a/<label>` and `b/<label>`. Empty when they are equal
/// or `diff` cannot run.
QByteArray unifiedDiff(const QString &label, const QByteArray &before, const QByteArray &after);

} // namespace kmw
