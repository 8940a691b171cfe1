#pragma once

#include "SmokeSetup.h"

#include <QHash>
#include <QString>

namespace kmw {

/// The last smoke run of a file, as `.kmw/smoke.json` keeps it (docs/DESIGN.md
/// "Persistence": last smoke runs).
struct SmokeRecord {
    int cell = -1;
    bool passed = false;
    qint64 paramsKeras = 0;
    qint64 paramsTorch = 0;
    int epochs = 0;
    double valAccuracy = -1; ///< -1 when the run had no validation accuracy
    QString data;            ///< "digits", "synthetic" or the file used
    QString finished;        ///< ISO 8601 UTC time the run ended
};

/// The record of a finished run at `cell` (its verdict, counts, last val_accuracy, data),
/// ended now.
SmokeRecord smokeRecordOf(int cell, const SmokeSetup &setup, const SmokeResult &result);

/// Smoke records by file path relative to the repository ('/'), from
/// `<root>/.kmw/smoke.json`; empty when the file is absent or unreadable.
QHash<QString, SmokeRecord> loadSmokeRecords(const QString &root);

/// Replaces `relativePath`'s record in `<root>/.kmw/smoke.json` (atomic write; `.kmw/`
/// is created). False with `*error` when it cannot be written.
bool saveSmokeRecord(const QString &root, const QString &relativePath, const SmokeRecord &record,
                     QString *error);

} // namespace kmw
