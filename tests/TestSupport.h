#pragma once

#include <QJsonDocument>
#include <QJsonObject>

// Small helpers shared by the test suites: fixture files and the optional Python check.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QString>

namespace kmw::test {

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write(bytes) == bytes.size();
}

/// A notebook of code cells (nbformat 4, one string per source).
inline QByteArray codeNotebook(const QStringList &sources)
{
    QByteArray cells;
    for (const QString &s : sources) {
        if (!cells.isEmpty())
            cells += ",\n";
        cells += R"({"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": )" +
                 QJsonDocument(QJsonObject{{QStringLiteral("s"), s}}).toJson(QJsonDocument::Compact).mid(5).chopped(1) + "}";
    }
    return "{\"cells\": [\n" + cells +
           "\n], \"metadata\": {\"kernelspec\": {\"name\": \"python3\", \"display_name\": \"Python 3\", \"language\": "
           "\"python\"}}, \"nbformat\": 4, \"nbformat_minor\": 4}\n";
}


inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Debian's python3 with nbformat (python3-nbformat), or empty when not installed.
inline QString pythonWithNbformat()
{
    for (const QString &python : {QStringLiteral("/usr/bin/python3"), QStandardPaths::findExecutable(QStringLiteral("python3"))}) {
        if (python.isEmpty() || !QFileInfo::exists(python))
            continue;
        QProcess p;
        p.start(python, {QStringLiteral("-c"), QStringLiteral("import nbformat")});
        if (p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
            return python;
    }
    return {};
}

/// Validates notebooks with nbformat; returns "" when all are valid, else the errors.
inline QString nbformatErrors(const QString &python, const QStringList &paths)
{
    QProcess p;
    p.start(python, QStringList{QStringLiteral("-c"),
                                QStringLiteral("import sys, nbformat\n"
                                               "bad = 0\n"
                                               "for path in sys.argv[1:]:\n"
                                               "    try:\n"
                                               "        nbformat.validate(nbformat.read(path, as_version=4))\n"
                                               "    except Exception as e:\n"
                                               "        bad += 1; print(path, e)\n"
                                               "sys.exit(1 if bad else 0)\n")} +
                        paths);
    if (!p.waitForFinished(120000))
        return QStringLiteral("nbformat check timed out");
    return p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

/// Copies a folder recursively (fixtures: the corpus is read-only).
inline bool copyTree(const QString &from, const QString &to)
{
    QProcess p;
    p.start(QStringLiteral("cp"), {QStringLiteral("-r"), from, to});
    return p.waitForFinished(120000) && p.exitCode() == 0;
}

} // namespace kmw::test
