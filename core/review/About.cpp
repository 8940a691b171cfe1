#include "About.h"

#include <nlohmann/json.hpp>

#include <hdf5.h>
#include <zlib.h>

namespace kmw {

QStringList coreLibraryNotices()
{
    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    return {
        QStringLiteral("Qt %1 — LGPL-3.0 (https://www.qt.io/licensing/open-source-lgpl-obligations)").arg(QString::fromLatin1(qVersion())),
        QStringLiteral("tree-sitter (language ABI %1) — MIT (https://github.com/tree-sitter/tree-sitter)").arg(14),
        QStringLiteral("tree-sitter-python 0.23.6 — MIT (https://github.com/tree-sitter/tree-sitter-python)"),
        QStringLiteral("nlohmann_json %1.%2.%3 — MIT (https://github.com/nlohmann/json)")
            .arg(NLOHMANN_JSON_VERSION_MAJOR).arg(NLOHMANN_JSON_VERSION_MINOR).arg(NLOHMANN_JSON_VERSION_PATCH),
        QStringLiteral("HDF5 %1.%2.%3 — BSD-3-Clause (https://www.hdfgroup.org/licenses)").arg(major).arg(minor).arg(release),
        QStringLiteral("zlib %1 — Zlib (https://zlib.net/zlib_license.html)").arg(QString::fromLatin1(zlibVersion())),
    };
}

QStringList rulePackNotices(const QVector<RulePack> &packs)
{
    QStringList out;
    for (const RulePack &p : packs)
        out << QStringLiteral("%1 %2 (%3 rules)").arg(p.name, p.version.isEmpty() ? QStringLiteral("(no version)") : p.version)
                   .arg(p.rules.size());
    return out;
}

} // namespace kmw
