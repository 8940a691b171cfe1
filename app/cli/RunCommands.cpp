// kmw-cli run-compare: the original and the migrated notebook run side by side in
// real frameworks, compared cell by cell (issue 18).

#include "RunCommands.h"

#include "PythonEnv.h"
#include "RepositoryScanner.h"
#include "RunCompareJob.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kmw::cli {

namespace {

QString indented(const QString &text, int maxLines)
{
    QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    if (lines.size() > maxLines)
        lines = QStringList{QStringLiteral("…")} + lines.mid(lines.size() - maxLines);
    for (QString &l : lines)
        l.prepend(QStringLiteral("      "));
    return lines.join(QLatin1Char('\n'));
}

void printComparison(const FileComparison &r)
{
    out() << "== " << r.path << " (" << r.target << ")\n";
    const auto side = [](const char *label, const SideRun &s) {
        QStringList versions;
        for (const char *name : {"tf-keras", "keras", "torch", "tensorflow"})
            if (s.versions.contains(QLatin1String(name)))
                versions << QStringLiteral("%1 %2").arg(QLatin1String(name), s.versions.value(QLatin1String(name)));
        out() << "   " << label << ": " << s.framework << ", Python " << s.pythonVersion << " ("
              << versions.join(QStringLiteral(", ")) << ")"
              << (s.error.isEmpty() ? QString() : QStringLiteral(" — %1").arg(s.error)) << "\n";
    };
    side("original", r.original);
    side("migrated", r.migrated);
    for (const SideRun *s : {&r.original, &r.migrated})
        if (!s->seeding.isEmpty())
            out() << "   " << s->framework << " side: PYTHONHASHSEED set, and before the first cell:\n"
                  << indented(s->seeding, 40) << "\n";
    out() << "   numbers: same within " << kSameRelative << " relative, close within " << kCloseRelative * 100
          << "% relative\n";
    for (const CellComparison &c : r.cells) {
        out() << QStringLiteral("   cell %1  %2  %3").arg(c.index, 3).arg(verdictName(c.verdict), -15).arg(c.detail)
              << "\n";
        if (c.verdict == CellVerdict::MigratedFailed && !c.migrated.error.traceback.isEmpty())
            out() << indented(c.migrated.error.traceback, 12) << "\n";
    }
    out() << r.summaryLine() << "\n";
    out().flush();
}

} // namespace

int runCompareCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("Only this notebook or script (relative to PATH)."),
                                  QStringLiteral("F"));
    const QCommandLineOption target(QStringLiteral("target"), QStringLiteral("keras3-torch or keras-to-pytorch."),
                                    QStringLiteral("target"), QStringLiteral("keras3-torch"));
    const QCommandLineOption python(QStringLiteral("python"), QStringLiteral("The Python interpreter to run in."),
                                    QStringLiteral("PY"));
    const QCommandLineOption timeout(QStringLiteral("timeout-per-cell"), QStringLiteral("Seconds a cell may run."),
                                     QStringLiteral("S"), QStringLiteral("600"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of random, NumPy and the framework."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption all(QStringLiteral("all"),
                                 QStringLiteral("Migrate with every fixable finding accepted (default: the review's decisions)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({file, target, python, timeout, seed, all, json});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Repository folder or file."));
    if (!parser.parse(arguments))
        return fail(parser.errorText(), ExitUsage);
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("run-compare takes one PATH"), ExitUsage);
    const QString targetName = parser.value(target);
    if (targetName != QLatin1String("keras3-torch") && targetName != QLatin1String("keras-to-pytorch"))
        return fail(QStringLiteral("--target must be keras3-torch or keras-to-pytorch"), ExitUsage);
    bool ok = false;
    const int timeoutSeconds = parser.value(timeout).toInt(&ok);
    if (!ok || timeoutSeconds <= 0)
        return fail(QStringLiteral("--timeout-per-cell takes a number of seconds"), ExitUsage);
    const int seedValue = parser.value(seed).toInt(&ok);
    if (!ok)
        return fail(QStringLiteral("--seed takes a number"), ExitUsage);

    const QFileInfo path(parser.positionalArguments().first());
    if (!path.exists())
        return fail(QStringLiteral("%1: no such file or folder").arg(path.filePath()));
    const QString root = path.isDir() ? path.absoluteFilePath() : path.absolutePath();
    QStringList files = parser.values(file);
    if (path.isFile())
        files = QStringList{path.fileName()};
    if (files.isEmpty()) {
        for (const QString &f : listRepositoryFiles(root, ScanOptions{}))
            if (f.endsWith(QLatin1String(".ipynb")) || f.endsWith(QLatin1String(".py")))
                files << f;
    }
    for (const QString &f : files)
        if (!QFileInfo(QDir(root).filePath(f)).isFile())
            return fail(QStringLiteral("%1: no such file").arg(QDir(root).filePath(f)));
    QString why;
    const QString interpreter = findFrameworkPython(parser.value(python), &why);
    if (interpreter.isEmpty())
        return fail(why);

    QJsonArray results;
    int code = ExitDone;
    for (const QString &f : files) {
        RunCompareRequest request;
        request.root = root;
        request.relativePath = QDir::fromNativeSeparators(f);
        request.target = targetName;
        request.python = interpreter;
        request.timeoutPerCell = timeoutSeconds;
        request.seed = seedValue;
        request.allFixes = parser.isSet(all);
        PreparedRun prepared;
        QString error;
        if (!prepareRunCompare(request, &prepared, &error)) {
            err() << "kmw-cli: " << error << "\n";
            code = ExitInput;
            continue;
        }
        err() << "run-compare: " << request.relativePath << ": " << prepared.fixesApplied << " fixes applied in memory\n";
        err().flush();
        const FileComparison result = runCompareBlocking(request, prepared, [&](const QString &side, int index, int count,
                                                                                  const QString &status) {
            err() << "  " << side << ": cell " << index << "/" << count << " " << status << "\n";
            err().flush();
        });
        QString saveError;
        if (!saveRunRecord(root, result, &saveError))
            err() << "kmw-cli: cannot keep the result in .kmw/run.json: " << saveError << "\n";
        if (parser.isSet(json))
            results << QJsonDocument::fromJson(fileComparisonJson(result, false)).object();
        else
            printComparison(result);
    }
    if (parser.isSet(json))
        writeRaw(QJsonDocument(QJsonObject{{QStringLiteral("files"), results}}).toJson(QJsonDocument::Indented));
    return code;
}

} // namespace kmw::cli
