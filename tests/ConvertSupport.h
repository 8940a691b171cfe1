#pragma once

// Shared by the tests of the keras-to-pytorch pack: the pack's engine, a script converted
// by it (as `kmw-cli apply --rules keras-to-pytorch` would), and the converted code run
// in real PyTorch (the frameworks' venv of scripts/setup.sh, else Debian's python3).

#include "PythonEnv.h"
#include "RepositoryScanner.h"
#include "RuleEngine.h"
#include "FileReview.h"
#include "TestSupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace kmw::test {

inline RuleEngine pytorchEngine()
{
    QVector<RulePack> packs;
    QVector<InputError> errors;
    loadRulePacks({QStringLiteral("keras-to-pytorch")}, &packs, &errors);
    return RuleEngine(packs);
}

/// The findings of the keras-to-pytorch pack in a script with `source`.
inline QVector<Finding> findingsOf(const QByteArray &source)
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("x.py")), source);
    const ScanResult scan = scanRepository(dir.path(), pytorchEngine());
    return scan.files.isEmpty() ? QVector<Finding>() : scan.files.first().findings;
}

/// `source` after `kmw-cli apply --rules keras-to-pytorch` (every fixable finding, to a
/// fixed point), written in `dir` as x.py.
inline QByteArray converted(const QString &dir, const QByteArray &source)
{
    const QString path = dir + QStringLiteral("/x.py");
    writeFile(path, source);
    const RuleEngine engine = pytorchEngine();
    const ScanResult scan = scanRepository(dir, engine);
    applyAll(scan, engine, ApplyOptions());
    return readFile(path);
}

inline QByteArray convertedText(const QByteArray &source)
{
    QTemporaryDir dir;
    return converted(dir.path(), source);
}

/// The interpreter the converted code runs in: the frameworks' venv (scripts/setup.sh),
/// else Debian's python3.
inline QString torchPython()
{
    QString why;
    const QString venv = findFrameworkPython({}, &why);
    return venv.isEmpty() ? QStringLiteral("/usr/bin/python3") : venv;
}

inline bool havePythonTorch()
{
    QProcess p;
    p.start(torchPython(), {QStringLiteral("-c"), QStringLiteral("import torch")});
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

/// Runs `script` with torchPython() in `dir`; returns stdout, or fails the test.
inline QString runPython(const QString &dir, const QByteArray &script, bool *ok)
{
    const QString path = dir + QStringLiteral("/run.py");
    writeFile(path, script);
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(torchPython(), {path});
    *ok = p.waitForFinished(300000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    if (!*ok)
        qWarning().noquote() << out << p.readAllStandardError();
    return out;
}

} // namespace kmw::test
