#include "TextDiff.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

namespace kmw {

QByteArray unifiedDiff(const QString &label, const QByteArray &before, const QByteArray &after)
{
    if (before == after)
        return {};
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a")), b = dir.filePath(QStringLiteral("b"));
    for (const auto &[name, bytes] : {std::pair{a, before}, std::pair{b, after}}) {
        QFile f(name);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
    }
    QProcess diff;
    diff.start(QStringLiteral("diff"), {QStringLiteral("-u"), QStringLiteral("--label"), QStringLiteral("a/") + label,
                                        QStringLiteral("--label"), QStringLiteral("b/") + label, a, b});
    if (!diff.waitForFinished(60000))
        return {};
    return diff.readAllStandardOutput();
}

} // namespace kmw
