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
    // merged with what is on disk now (another kmw, kmw-cli): only this file's record changes
    const QString path = QDir(root).filePath(QStringLiteral(".kmw/") + name);
    return updateFileLocked(path, [&](const QByteArray &current, QByteArray *merged, QString *why) {
        QJsonObject runs;
        if (!current.isEmpty()) {
            QJsonParseError parse;
            const QJsonDocument doc = QJsonDocument::fromJson(current, &parse);
            if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
                *why = QStringLiteral("%1 is not valid JSON (%2 at byte %3): it is not replaced; move it away to "
                                      "record runs again").arg(path, parse.errorString()).arg(parse.offset);
                return false;
            }
            runs = doc.object().value(QStringLiteral("runs")).toObject();
        }
        runs.insert(relativePath, record);
        const QJsonObject top{{QStringLiteral("version"), 1}, {QStringLiteral("runs"), runs}};
        *merged = QJsonDocument(top).toJson(QJsonDocument::Indented);
        return true;
    }, error);
}

} // namespace kmw
