#include "SmokeStore.h"

#include "RunRecords.h"

#include <QDateTime>
#include <QJsonObject>

#include <cmath>

namespace kmw {

SmokeRecord smokeRecordOf(int cell, const SmokeSetup &setup, const SmokeResult &result)
{
    SmokeRecord record;
    record.cell = cell;
    record.passed = result.passed();
    record.paramsKeras = setup.model.paramsKeras;
    record.paramsTorch = result.paramsTorch;
    record.epochs = int(result.history.size());
    if (!result.history.isEmpty() && std::isfinite(result.history.last().valAccuracy))
        record.valAccuracy = result.history.last().valAccuracy;
    record.data = setup.data.name;
    record.finished = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    return record;
}

QHash<QString, SmokeRecord> loadSmokeRecords(const QString &root)
{
    QHash<QString, SmokeRecord> records;
    const QJsonObject runs = readRunRecords(root, QStringLiteral("smoke.json"));
    for (auto it = runs.begin(); it != runs.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        SmokeRecord r;
        r.cell = o.value(QStringLiteral("cell")).toInt(-1);
        r.passed = o.value(QStringLiteral("verdict")).toString() == QLatin1String("pass");
        r.paramsKeras = qint64(o.value(QStringLiteral("params_keras")).toDouble());
        r.paramsTorch = qint64(o.value(QStringLiteral("params_torch")).toDouble());
        r.epochs = o.value(QStringLiteral("epochs")).toInt();
        r.valAccuracy = o.value(QStringLiteral("val_accuracy")).toDouble(-1);
        r.data = o.value(QStringLiteral("data")).toString();
        r.finished = o.value(QStringLiteral("finished")).toString();
        records.insert(it.key(), r);
    }
    return records;
}

bool saveSmokeRecord(const QString &root, const QString &relativePath, const SmokeRecord &record,
                     QString *error)
{
    const QJsonObject entry{{QStringLiteral("cell"), record.cell},
                            {QStringLiteral("verdict"), record.passed ? QStringLiteral("pass") : QStringLiteral("fail")},
                            {QStringLiteral("params_keras"), double(record.paramsKeras)},
                            {QStringLiteral("params_torch"), double(record.paramsTorch)},
                            {QStringLiteral("epochs"), record.epochs},
                            {QStringLiteral("val_accuracy"), record.valAccuracy},
                            {QStringLiteral("data"), record.data},
                            {QStringLiteral("finished"), record.finished}};
    return writeRunRecord(root, QStringLiteral("smoke.json"), relativePath, entry, error);
}

} // namespace kmw
