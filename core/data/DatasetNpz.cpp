// .npz data for smoke runs (see Dataset.h): a zip archive of .npy files, stored or
// deflated, zip64 extras, CRC-32 checked.

#include "DatasetInternal.h"
#include "ZipArchive.h"

#include <QtEndian>

#include <zlib.h>

#include <cstring>
#include <new>
#include <vector>

namespace kmw::datasetdetail {

// ---------------------------------------------------------------------------------------
// .npz (a zip archive of .npy files)
// ---------------------------------------------------------------------------------------

/// Loads the feature and target arrays of an .npz: x/y, X/y, x_train/y_train,
/// X_train/y_train, else the first two arrays (the second may be missing).
bool loadNpz(const QString &path, NpyArray *x, NpyArray *y, bool *haveY, QStringList *notes,
             QString *error)
{
    QByteArray zip;
    if (!readFile(path, &zip, error))
        return false;
    std::vector<ZipEntry> entries;
    if (!readZipDirectory(zip, path, &entries, error))
        return false;
    QStringList names;
    for (const ZipEntry &e : entries) {
        QString n = e.name;
        if (n.endsWith(QLatin1String(".npy")))
            n.chop(4);
        names << n;
    }
    if (entries.empty()) {
        setError(error, QStringLiteral("%1: the .npz archive holds no arrays").arg(path));
        return false;
    }
    int xi = -1, yi = -1;
    static const char *const pairs[][2] = {
        {"x", "y"}, {"X", "y"}, {"x_train", "y_train"}, {"X_train", "y_train"}, {"X", "Y"}};
    for (const auto &pair : pairs) {
        const int a = int(names.indexOf(QLatin1String(pair[0])));
        const int b = int(names.indexOf(QLatin1String(pair[1])));
        if (a >= 0 && b >= 0) {
            xi = a;
            yi = b;
            break;
        }
    }
    if (xi < 0) {
        xi = 0;
        yi = entries.size() > 1 ? 1 : -1;
    }
    QByteArray bytes;
    if (!extractZipEntry(zip, entries[size_t(xi)], path, &bytes, error))
        return false;
    if (!parseNpy(bytes.constData(), bytes.size(), path + QLatin1Char(':') + entries[size_t(xi)].name, x, error))
        return false;
    *haveY = yi >= 0;
    if (yi >= 0) {
        if (!extractZipEntry(zip, entries[size_t(yi)], path, &bytes, error))
            return false;
        if (!parseNpy(bytes.constData(), bytes.size(), path + QLatin1Char(':') + entries[size_t(yi)].name, y,
                      error))
            return false;
        *notes << QStringLiteral("arrays '%1' (features) and '%2' (targets) of %3")
                      .arg(names[xi], names[yi]).arg(names.join(QStringLiteral(", ")));
    } else {
        *notes << QStringLiteral("array '%1' (features), the archive has no second array").arg(names[xi]);
    }
    return true;
}

} // namespace kmw::datasetdetail
