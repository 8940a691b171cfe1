// Zip archives read in memory (.npz data, .keras model files): stored or deflated
// entries, zip64 extras, CRC-32 checked.

#include "ZipArchive.h"

#include <QtEndian>

#include <zlib.h>

#include <cstring>
#include <new>

namespace kmw {

namespace {

inline quint16 le16(const char *p) { return qFromLittleEndian<quint16>(p); }
inline quint32 le32(const char *p) { return qFromLittleEndian<quint32>(p); }
inline quint64 le64(const char *p) { return qFromLittleEndian<quint64>(p); }

} // namespace

/// Reads the central directory of a zip archive (zip64 included).
bool readZipDirectory(const QByteArray &zip, const QString &path, std::vector<ZipEntry> *entries,
                      QString *error)
{
    const char *d = zip.constData();
    const qint64 size = zip.size();
    auto corrupt = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: corrupt zip archive: %2").arg(path, why);
        return false;
    };
    if (size == 0) {
        *error = (QStringLiteral("%1: the file is empty").arg(path));
        return false;
    }
    if (size < 22 || (le32(d) != 0x04034b50u && le32(d) != 0x06054b50u))
        return corrupt(QStringLiteral("no zip signature"));
    qint64 eocd = -1;
    for (qint64 i = size - 22; i >= 0 && i >= size - 22 - 65535; --i) {
        if (le32(d + i) == 0x06054b50u) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0)
        return corrupt(QStringLiteral("no end of central directory (the file may be truncated)"));
    quint64 count = le16(d + eocd + 10);
    quint64 cdSize = le32(d + eocd + 12);
    quint64 cdOffset = le32(d + eocd + 16);
    if (count == 0xffff || cdSize == 0xffffffffu || cdOffset == 0xffffffffu) {
        const qint64 loc = eocd - 20;
        if (loc < 0 || le32(d + loc) != 0x07064b50u)
            return corrupt(QStringLiteral("zip64 locator missing"));
        const quint64 z64 = le64(d + loc + 8);
        if (z64 + 56 > quint64(size) || le32(d + z64) != 0x06064b50u)
            return corrupt(QStringLiteral("zip64 end of central directory missing"));
        count = le64(d + z64 + 32);
        cdSize = le64(d + z64 + 40);
        cdOffset = le64(d + z64 + 48);
    }
    if (cdOffset > quint64(size) || cdSize > quint64(size) - cdOffset)
        return corrupt(QStringLiteral("central directory outside the file"));
    qint64 p = qint64(cdOffset);
    const qint64 cdEnd = qint64(cdOffset + cdSize);
    for (quint64 n = 0; n < count; ++n) {
        if (p + 46 > cdEnd || le32(d + p) != 0x02014b50u)
            return corrupt(QStringLiteral("bad central directory entry %1").arg(n + 1));
        ZipEntry e;
        e.flags = le16(d + p + 8);
        e.method = le16(d + p + 10);
        e.crc = le32(d + p + 16);
        e.compressedSize = le32(d + p + 20);
        e.size = le32(d + p + 24);
        const qint64 nameLength = le16(d + p + 28);
        const qint64 extraLength = le16(d + p + 30);
        const qint64 commentLength = le16(d + p + 32);
        e.localOffset = le32(d + p + 42);
        if (p + 46 + nameLength + extraLength + commentLength > cdEnd)
            return corrupt(QStringLiteral("central directory entry %1 overruns").arg(n + 1));
        e.name = QString::fromUtf8(d + p + 46, qsizetype(nameLength));
        // zip64 extra field: the 64-bit values of the fields that are 0xffffffff.
        const char *x = d + p + 46 + nameLength;
        const char *xEnd = x + extraLength;
        while (x + 4 <= xEnd) {
            const quint16 id = le16(x);
            const quint16 len = le16(x + 2);
            const char *v = x + 4;
            if (v + len > xEnd)
                break;
            if (id == 0x0001) {
                const char *f = v;
                if (e.size == 0xffffffffu && f + 8 <= v + len) { e.size = le64(f); f += 8; }
                if (e.compressedSize == 0xffffffffu && f + 8 <= v + len) { e.compressedSize = le64(f); f += 8; }
                if (e.localOffset == 0xffffffffu && f + 8 <= v + len) { e.localOffset = le64(f); f += 8; }
            }
            x = v + len;
        }
        entries->push_back(e);
        p += 46 + nameLength + extraLength + commentLength;
    }
    return true;
}

/// Extracts one entry (stored or deflated), checking sizes and CRC-32.
bool extractZipEntry(const QByteArray &zip, const ZipEntry &e, const QString &path, QByteArray *out,
                     QString *error)
{
    const char *d = zip.constData();
    const quint64 size = quint64(zip.size());
    auto corrupt = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: corrupt zip entry '%2': %3").arg(path, e.name, why);
        return false;
    };
    if (e.flags & 1)
        return corrupt(QStringLiteral("encrypted entries are not supported"));
    if (size < 30 || e.localOffset > size - 30 || le32(d + e.localOffset) != 0x04034b50u)
        return corrupt(QStringLiteral("bad local header"));
    const quint64 dataStart = e.localOffset + 30 + le16(d + e.localOffset + 26) + le16(d + e.localOffset + 28);
    if (dataStart > size || e.compressedSize > size - dataStart)
        return corrupt(QStringLiteral("data runs past the end of the file (truncated?)"));
    const char *src = d + dataStart;
    QByteArray data;
    if (e.method == 0) {
        if (e.compressedSize != e.size)
            return corrupt(QStringLiteral("stored entry sizes disagree"));
        data = QByteArray(src, qsizetype(e.size));
    } else if (e.method == 8) {
        // Deflate expands at most ~1032:1; a larger claimed size is corruption, and
        // refusing it avoids a huge allocation.
        if (e.size > e.compressedSize * 1100 + (1 << 20))
            return corrupt(QStringLiteral("implausible uncompressed size %1").arg(e.size));
        try {
            data.resize(qsizetype(e.size));
        } catch (const std::bad_alloc &) {
            return corrupt(QStringLiteral("not enough memory"));
        }
        z_stream zs;
        std::memset(&zs, 0, sizeof zs);
        if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
            return corrupt(QStringLiteral("cannot initialise zlib"));
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(src));
        zs.avail_in = uInt(e.compressedSize);
        zs.next_out = reinterpret_cast<Bytef *>(data.data());
        zs.avail_out = uInt(e.size);
        int rc = inflate(&zs, Z_FINISH);
        if (rc == Z_BUF_ERROR && zs.avail_out == 0 && e.size == 0)
            rc = Z_STREAM_END;
        const QString why = zs.msg ? QString::fromLatin1(zs.msg) : QString();
        const quint64 produced = zs.total_out;
        inflateEnd(&zs);
        if (rc != Z_STREAM_END) {
            return corrupt(rc == Z_DATA_ERROR ? QStringLiteral("bad deflate data: %1").arg(why)
                                              : QStringLiteral("deflate stream ends early or is longer than "
                                                               "the stated size"));
        }
        if (produced != e.size)
            return corrupt(QStringLiteral("inflated to %1 bytes, expected %2").arg(produced).arg(e.size));
    } else {
        return corrupt(QStringLiteral("compression method %1 is not supported (stored and deflate are)")
                           .arg(e.method));
    }
    const quint32 crc = quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(data.constData()),
                                      uInt(data.size())));
    if (crc != e.crc)
        return corrupt(QStringLiteral("CRC-32 mismatch"));
    *out = std::move(data);
    return true;
}


bool readZipFile(const QByteArray &zip, const QString &path, const QString &name, QByteArray *out, QString *error)
{
    std::vector<ZipEntry> entries;
    if (!readZipDirectory(zip, path, &entries, error))
        return false;
    for (const ZipEntry &e : entries)
        if (e.name == name)
            return extractZipEntry(zip, e, path, out, error);
    *error = QStringLiteral("%1: no %2 in the archive").arg(path, name);
    return false;
}

} // namespace kmw
