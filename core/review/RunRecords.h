#pragma once

#include <QJsonObject>
#include <QString>

namespace kmw {

/// The last runs of each file, as `.kmw/<name>.json` keeps them (smoke.json, run.json):
/// `{"version": 1, "runs": {relative path: record}}`. The records of `<root>/.kmw/<name>`,
/// or an empty object when the file is absent or unreadable.
QJsonObject readRunRecords(const QString &root, const QString &name);

/// Replaces the record of `relativePath` in `<root>/.kmw/<name>` (atomic write; `.kmw/`
/// is created). False with `*error` when it cannot be written.
bool writeRunRecord(const QString &root, const QString &name, const QString &relativePath, const QJsonObject &record,
                    QString *error);

} // namespace kmw
