#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace kmw {

/// One entry of a zip archive's central directory (APPNOTE.TXT 4.3.12).
struct ZipEntry {
    QString name;
    quint16 flags = 0;
    quint16 method = 0;
    quint32 crc = 0;
    quint64 compressedSize = 0;
    quint64 size = 0;
    quint64 localOffset = 0;
};

/// Reads the central directory of the zip archive `zip` (zip64 included). False with
/// `*error` naming `path` and what is corrupt.
bool readZipDirectory(const QByteArray &zip, const QString &path, std::vector<ZipEntry> *entries, QString *error);

/// Extracts one entry (stored or deflated), checking its sizes and CRC-32. False with
/// `*error` naming `path`, the entry and what is wrong.
bool extractZipEntry(const QByteArray &zip, const ZipEntry &entry, const QString &path, QByteArray *out, QString *error);

/// The entry called `name` (e.g. "model.weights.h5" of a .keras file), extracted.
bool readZipFile(const QByteArray &zip, const QString &path, const QString &name, QByteArray *out, QString *error);

} // namespace kmw
