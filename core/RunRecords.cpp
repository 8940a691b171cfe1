#include "RunRecords.h"

#include "AtomicFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace kmw {

QJsonObject readRunRecords(const QString &root, const QString &name)
{
    QFile file(QDir(root).filePath(QStringLiteral(".kmw/") + name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("runs")).toObject();
}

bool writeRunRecord(const QString &root, const QString &name, const QString &relativePath, const QJsonObject &record,
                    QString *error)
{
    if (!QDir(root).mkpath(QStringLiteral(".kmw"))) {
        if (error)
            *error = QStringLiteral("cannot create %1").arg(QDir(root).filePath(QStringLiteral(".kmw")));
        return false;
    }
    QJsonObject runs = readRunRecords(root, name);
    runs.insert(relativePath, record);
    const QJsonObject top{{QStringLiteral("version"), 1}, {QStringLiteral("runs"), runs}};
    return writeFileAtomically(QDir(root).filePath(QStringLiteral(".kmw/") + name),
                               QJsonDocument(top).toJson(QJsonDocument::Indented), error);
}

} // namespace kmw
