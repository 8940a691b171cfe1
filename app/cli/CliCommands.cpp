#include "CliCommands.h"
#include "RunCommands.h"
#include "VerifyCommands.h"
#include "SmokeCommands.h"

#include "AtomicFile.h"
#include "FileReview.h"
#include "MigrationPlan.h"
#include "RepositoryScanner.h"
#include "ReviewStore.h"
#include "RuleExamples.h"
#include "ScanReport.h"
#include "ScanSarif.h"
#include "About.h"
#include "TorchRunner.h"
#include "SmokeStore.h"
#include "TextDiff.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

namespace kmw::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}
QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

void writeRaw(const QByteArray &bytes)
{
    out().flush();
    fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    fflush(stdout);
}

int fail(const QString &message, int code)
{
    err() << "kmw-cli: " << message << "\n";
    err().flush();
    return code;
}

namespace {

int usage(const QString &message)
{
    err() << "kmw-cli: " << message << "\n"
          << "usage: kmw-cli scan PATH [--rules PACK|DIR]... [--format text|json|markdown|sarif] [--fail-on SEVERITY] "
             "[--output FILE] [--include-rendered]\n"
          << "       kmw-cli apply PATH [--rules ...] [--rule ID]... [--exclude-rule ID]... "
             "[--decisions FILE] [--dry-run] [--diff] [--backup] [--clear-changed-outputs] [--include-rendered]\n"
          << "       kmw-cli rules list|test [--rules ...]\n"
          << "       kmw-cli plan PATH [--plan FILE.md] [--format text|json] [--sync] [--generate]\n"
          << "       kmw-cli model FILE [--cell N] [--model NAME] [--data D] [--set NAME=V]... [--input-shape S] "
             "[--format table|json|summary]\n"
          << "       kmw-cli smoke FILE [--cell N] [--model NAME] [--data synthetic|digits|FILE.csv[.gz]|FILE.npy|FILE.npz] "
             "[--epochs N | --steps N] [--batch-size N] [--seed N] [--validation-split F] [--set NAME=V]... "
             "[--input-shape S] [--no-standardize] [--json]\n"
          << "       kmw-cli smoke --torchscript FILE.pt [--data D] [--epochs N] ... [--json]\n"
          << "       kmw-cli summaries PATH [--json] [--data D] [--set NAME=V]...\n"
          << "       kmw-cli convert FILE [--cell N] [--model NAME] --to pytorch [--json]\n"
          << "       kmw-cli run-compare PATH [--file F]... [--target keras3-torch|keras-to-pytorch] [--python PY] "
             "[--timeout-per-cell S] [--seed N] [--all] [--json]\n"
          << "       kmw-cli verify FILE [--cell N] [--python PY] [--target keras3-torch|keras-to-pytorch|both] "
             "[--set NAME=V]... [--data D] [--input-shape S] [--seed N] [--steps N] [--timeout S] [--root DIR] [--json]\n"
          << "       kmw-cli port-weights MODEL.h5|MODEL.keras --file F [--cell N] [--model NAME] [--set NAME=V]... "
             "--out model.pth\n";
    err().flush();
    return ExitUsage;
}

const QCommandLineOption rulesOption({QStringLiteral("rules")}, QStringLiteral("Rule pack name, file or folder."),
                                     QStringLiteral("pack"));
const QCommandLineOption includeRenderedOption(QStringLiteral("include-rendered"),
                                               QStringLiteral("Also scan *_rendered.ipynb."));

/// Writes a file atomically; on failure says why on stderr.
bool writeOrReport(const QString &path, const QByteArray &bytes)
{
    QString why;
    if (writeFileAtomically(path, bytes, &why))
        return true;
    err() << "kmw-cli: cannot write " << path << ": " << why << "\n";
    return false;
}

bool loadEngine(const QCommandLineParser &parser, RuleEngine *engine, QStringList *packNames)
{
    QVector<RulePack> packs;
    QVector<InputError> errors;
    const bool ok = loadRulePacks(parser.values(rulesOption), &packs, &errors);
    for (const InputError &e : errors)
        err() << "kmw-cli: " << e.toString() << "\n";
    err().flush();
    for (const RulePack &p : packs)
        *packNames << p.name;
    *engine = RuleEngine(packs);
    return ok;
}

/// `kmw-cli --version`: the version, the built-in rule packs' versions, and the libraries
/// with their licences.
int versionCommand()
{
    QVector<RulePack> packs;
    QVector<InputError> errors;
    loadRulePacks({QStringLiteral("keras3-torch"), QStringLiteral("keras-to-pytorch")}, &packs, &errors);
    out() << "kmw-cli " << KMW_VERSION << " (Keras Migration Workbench)\n";
    out() << "rule packs:\n";
    for (const QString &p : rulePackNotices(packs))
        out() << "  " << p << "\n";
    out() << "libraries:\n";
    QStringList libraries = coreLibraryNotices();
    const QString torch = torchVersion();
    libraries << QStringLiteral("LibTorch %1 — BSD-3-Clause (https://github.com/pytorch/pytorch/blob/main/LICENSE)")
                     .arg(torch.isEmpty() ? QStringLiteral("(module not found)") : torch);
    for (const QString &l : libraries)
        out() << "  " << l << "\n";
    return ExitDone;
}

int scan(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("text, json, markdown or sarif."),
                                    QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("Write the report to FILE."),
                                    QStringLiteral("file"));
    const QCommandLineOption failOn(QStringLiteral("fail-on"),
                                    QStringLiteral("Exit 4 when a finding has this severity or a higher one (a CI gate)."),
                                    QStringLiteral("severity"));
    parser.addOptions({rulesOption, includeRenderedOption, format, output, failOn});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Repository folder or file."));
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("scan takes one PATH"));
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json") && fmt != QLatin1String("markdown")
        && fmt != QLatin1String("sarif"))
        return usage(QStringLiteral("--format must be text, json, markdown or sarif"));
    Severity gate = Severity::Info;
    if (parser.isSet(failOn) && !severityFromName(parser.value(failOn), &gate))
        return usage(QStringLiteral("--fail-on takes critical, high, medium, low or info"));
    const QString path = parser.positionalArguments().first();
    if (!QFileInfo::exists(path)) {
        err() << "kmw-cli: " << path << ": no such file or folder\n";
        return ExitInput;
    }
    RuleEngine engine;
    QStringList packNames;
    if (!loadEngine(parser, &engine, &packNames))
        return ExitInput;
    ScanOptions options;
    options.includeRendered = parser.isSet(includeRenderedOption);
    const ScanResult result = scanRepository(path, engine, options);
    const QByteArray report = fmt == QLatin1String("json") ? scanReportJson(result, packNames)
                              : fmt == QLatin1String("markdown") ? scanReportMarkdown(result, engine)
                              : fmt == QLatin1String("sarif")    ? scanReportSarif(result, engine, QStringLiteral(KMW_VERSION))
                                                                 : scanReportText(result);
    if (parser.isSet(output)) {
        if (!writeOrReport(parser.value(output), report))
            return ExitInput;
    } else {
        writeRaw(report);
    }
    for (const InputError &e : result.errors)
        err() << "kmw-cli: " << e.toString() << "\n";
    if (!result.errors.isEmpty())
        return ExitInput;
    if (parser.isSet(failOn)) {
        int at = 0;
        for (const FileResult &f : result.files)
            for (const Finding &finding : f.findings)
                at += int(finding.severity) <= int(gate); // Severity is ordered critical first
        if (at > 0) {
            err() << "kmw-cli: " << at << " finding(s) of severity " << parser.value(failOn) << " or higher\n";
            return ExitFindings;
        }
    }
    return ExitDone;
}

int apply(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption rule(QStringLiteral("rule"), QStringLiteral("Apply only rule ID."), QStringLiteral("id"));
    const QCommandLineOption exclude(QStringLiteral("exclude-rule"), QStringLiteral("Never apply rule ID."),
                                     QStringLiteral("id"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), QStringLiteral("Show what would change; write nothing."));
    const QCommandLineOption backup(QStringLiteral("backup"), QStringLiteral("Copy originals to .kmw/backup/."));
    const QCommandLineOption diff(QStringLiteral("diff"), QStringLiteral("Print a unified diff of every change."));
    const QCommandLineOption decisions(QStringLiteral("decisions"),
                                       QStringLiteral("Apply exactly the accepted decisions of a review file (.kmw/review.json)."),
                                       QStringLiteral("file"));
    const QCommandLineOption clearOutputs(QStringLiteral("clear-changed-outputs"),
                                          QStringLiteral("Clear outputs and execution counts of changed cells."));
    parser.addOptions({rulesOption, includeRenderedOption, rule, exclude, dryRun, backup, diff, clearOutputs, decisions});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Repository folder or file."));
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("apply takes one PATH"));
    const QString path = parser.positionalArguments().first();
    if (!QFileInfo::exists(path)) {
        err() << "kmw-cli: " << path << ": no such file or folder\n";
        return ExitInput;
    }
    RuleEngine engine;
    QStringList packNames;
    if (!loadEngine(parser, &engine, &packNames))
        return ExitInput;
    ScanOptions scanOptions;
    scanOptions.includeRendered = parser.isSet(includeRenderedOption);
    const ScanResult scanned = scanRepository(path, engine, scanOptions);
    ApplyOptions options;
    options.onlyRules = parser.values(rule);
    options.excludeRules = parser.values(exclude);
    options.dryRun = parser.isSet(dryRun);
    options.write.backup = parser.isSet(backup);
    options.keepRendered = parser.isSet(diff);
    options.write.clearChangedOutputs = parser.isSet(clearOutputs);
    if (parser.isSet(decisions)) {
        // A review file: <root>/.kmw/review.json, or any file in that format.
        const QFileInfo info(parser.value(decisions));
        if (!info.isFile()) {
            err() << "kmw-cli: " << parser.value(decisions) << ": no such file\n";
            return ExitInput;
        }
        ReviewStore named = ReviewStore::fromFile(info.absoluteFilePath());
        InputError error;
        if (!named.load(&error)) {
            err() << "kmw-cli: " << error.toString() << "\n";
            return ExitInput;
        }
        options.useDecisions = true;
        for (const StoredDecision &d : named.decisions())
            options.decisions.insert(d.findingId, {d.status, d.fixIndex});
    }
    const ApplySummary summary = applyAll(scanned, engine, options);
    for (auto it = summary.rendered.cbegin(); it != summary.rendered.cend(); ++it) {
        writeRaw(unifiedDiff(it.key(), it.value().first, it.value().second));
    }
    const char *verb = options.dryRun ? "would change" : "changed";
    for (const QString &p : summary.changedPaths)
        out() << verb << ": " << p << "\n";
    for (const SkippedFix &s : summary.skipped)
        out() << "skipped " << s.findingId << ": " << s.reason
              << (s.conflictsWith.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(s.conflictsWith)) << "\n";
    for (const InputError &e : scanned.errors + summary.errors)
        err() << "kmw-cli: " << e.toString() << "\n";
    out() << summary.fixesApplied << " fixes in " << summary.filesChanged << " files "
          << (options.dryRun ? "(dry run: nothing written)" : "written") << "\n";
    return scanned.errors.isEmpty() && summary.errors.isEmpty() ? ExitDone : ExitInput;
}

int rules(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({rulesOption});
    parser.addPositionalArgument(QStringLiteral("list|test"), QStringLiteral("What to do."));
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1 || (pos[0] != QLatin1String("list") && pos[0] != QLatin1String("test")))
        return usage(QStringLiteral("rules takes list or test"));
    RuleEngine engine;
    QStringList packNames;
    const bool loaded = loadEngine(parser, &engine, &packNames);
    if (pos[0] == QLatin1String("list")) {
        for (const RulePack &p : engine.packs())
            for (const Rule &r : p.rules)
                out() << r.id << "\t" << severityName(r.severity) << "\t" << r.category << "\t"
                      << (r.fixes.isEmpty() ? "manual" : "fix") << "\t" << p.name << "\t" << r.title << "\n";
        return loaded ? ExitDone : ExitInput;
    }
    int failed = 0, total = 0;
    for (const RuleExampleResult &r : runRuleExamples(engine)) {
        ++total;
        if (!r.passed) {
            ++failed;
            out() << "FAIL " << r.ruleId << " example " << r.index << ": " << r.detail << "\n";
        }
    }
    out() << (total - failed) << "/" << total << " rule examples passed\n";
    return failed == 0 && loaded ? ExitDone : ExitInput;
}

int plan(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption planFile(QStringLiteral("plan"), QStringLiteral("The Markdown plan (default: PATH/MIGRATION_PLAN.md)."),
                                      QStringLiteral("file"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("text or json."), QStringLiteral("format"),
                                    QStringLiteral("text"));
    const QCommandLineOption sync(QStringLiteral("sync"), QStringLiteral("Write the automatic ticks back to the plan."));
    const QCommandLineOption generate(QStringLiteral("generate"), QStringLiteral("Write a new plan for a repository without one."));
    parser.addOptions({rulesOption, planFile, format, sync, generate});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Repository folder."));
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("plan takes one PATH"));
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json"))
        return usage(QStringLiteral("--format must be text or json"));
    const QString root = parser.positionalArguments().first();
    const QString planPath = parser.isSet(planFile) ? parser.value(planFile) : defaultPlanPath(root);
    if (parser.isSet(generate)) {
        if (!QFileInfo(root).isDir()) {
            err() << "kmw-cli: " << root << ": no such folder\n";
            return ExitInput;
        }
        if (QFileInfo::exists(planPath)) {
            err() << "kmw-cli: " << planPath << " exists: not overwritten (give another --plan FILE.md)\n";
            return ExitInput;
        }
        RuleEngine engine;
        QStringList packNames;
        if (!loadEngine(parser, &engine, &packNames))
            return ExitInput;
        const QByteArray md = generatePlan(scanRepository(root, engine), [&](const QString &id) {
            const Rule *r = engine.rule(id);
            return r ? r->title : id;
        });
        if (!writeOrReport(planPath, md))
            return ExitInput;
        // Then read and print it like any plan.
    }
    MigrationPlan migration;
    if (!QFileInfo(root).isDir() || !readPlan(planPath, &migration)) {
        err() << "kmw-cli: " << (QFileInfo(root).isDir() ? planPath : root) << ": cannot read\n";
        return ExitInput;
    }
    RuleEngine engine;
    QStringList packNames;
    if (!loadEngine(parser, &engine, &packNames))
        return ExitInput;
    const ScanResult scanned = scanRepository(root, engine);
    bindPlan(&migration, scanned, loadSmokeRecords(root), &engine, loadRunRecords(root));
    if (parser.isSet(sync)) {
        const QByteArray synced = syncedPlan(migration);
        if (synced != migration.raw && !writeOrReport(planPath, synced))
            return ExitInput;
    }
    if (fmt == QLatin1String("json")) {
        writeRaw(planJson(migration));
        return ExitDone;
    }
    for (const PlanPhase &phase : migration.phases) {
        out() << "Phase " << phase.number << ": " << phase.title
              << (phase.priority.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(phase.priority)) << "  " << phase.doneCount()
              << "/" << phase.items.size() << " items\n";
        for (const PlanFile &f : phase.files)
            out() << "    " << (f.exists ? f.path : f.written) << (f.exists ? QStringLiteral("  %1 findings").arg(f.pending) : QStringLiteral("  (missing)")) << "\n";
        for (const PlanItem &item : phase.items)
            out() << "    [" << (item.isDone() ? "x" : " ") << "] " << item.text
                  << (item.automatic ? QStringLiteral("  (auto: %1)").arg(item.reason) : QString()) << "\n";
    }
    return ExitDone;
}

} // namespace

int run(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return usage(QStringLiteral("no command"));
    const QString command = arguments[1];
    QStringList rest = arguments;
    rest.removeAt(1);
    int code;
    if (command == QLatin1String("scan"))
        code = scan(rest);
    else if (command == QLatin1String("apply"))
        code = apply(rest);
    else if (command == QLatin1String("rules"))
        code = rules(rest);
    else if (command == QLatin1String("plan"))
        code = plan(rest);
    else if (command == QLatin1String("model"))
        code = modelCommand(rest);
    else if (command == QLatin1String("smoke"))
        code = smokeCommand(rest);
    else if (command == QLatin1String("summaries"))
        code = summariesCommand(rest);
    else if (command == QLatin1String("run-compare"))
        code = runCompareCommand(rest);
    else if (command == QLatin1String("verify"))
        code = verifyCommand(rest);
    else if (command == QLatin1String("port-weights"))
        code = portWeightsCommand(rest);
    else if (command == QLatin1String("convert"))
        code = convertCommand(rest);
    else if (command == QLatin1String("--version") || command == QLatin1String("-v"))
        code = versionCommand();
    else if (command == QLatin1String("--help") || command == QLatin1String("-h"))
        code = usage(QStringLiteral("help")) == ExitUsage ? ExitDone : ExitDone;
    else
        code = usage(QStringLiteral("unknown command '%1'").arg(command));
    out().flush();
    err().flush();
    return code;
}

} // namespace kmw::cli
