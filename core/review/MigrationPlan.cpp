#include "MigrationPlan.h"
#include <QFile>
#include <QDir>

#include <QHash>
#include <QMap>
#include <QRegularExpression>

#include <nlohmann/json.hpp>

namespace kmw {
namespace {

const QRegularExpression kPhaseHeading(QStringLiteral("^##\\s+Phase\\s+(\\d+)\\s*:\\s*(.+?)\\s*$"));
const QRegularExpression kSection(QStringLiteral("^##\\s+(?!#)(.+?)\\s*$"));
const QRegularExpression kSubHeading(QStringLiteral("^###+\\s+(.+?)\\s*$"));
const QRegularExpression kTask(QStringLiteral("^\\s*[-*+]\\s+\\[([ xX])\\]\\s+(.*?)\\s*$"));
const QRegularExpression kPriority(QStringLiteral("\\*\\*Priority:\\s*([A-Za-z]+)"));
const QRegularExpression kListItem(QStringLiteral("^\\s*([-*+]|\\d+\\.)\\s+"));
const QRegularExpression kBacktickPath(QStringLiteral("`([^`]+\\.(ipynb|py|txt|yml|yaml))`"));
const QRegularExpression kLabNumber(QStringLiteral("\\bLab\\s+(\\d+)"));
const QRegularExpression kTableRow(QStringLiteral("^\\|\\s*(\\d+)\\s*\\|\\s*`([^`]+)`"));

/// The rules an automatic item stands for (matched on the item's text).
struct Binding {
    QRegularExpression text;
    QStringList rules;      ///< rule ids
    QStringList categories; ///< or whole categories
};

const QVector<Binding> &bindings()
{
    static const QVector<Binding> b = {
        {QRegularExpression(QStringLiteral("backend setup"), QRegularExpression::CaseInsensitiveOption), {QStringLiteral("backend-preamble")}, {}},
        {QRegularExpression(QStringLiteral("tensorflow\\.keras imports"), QRegularExpression::CaseInsensitiveOption),
         {QStringLiteral("tf-keras-from-import"), QStringLiteral("tf-import-keras"), QStringLiteral("tf-import-keras-alias"),
          QStringLiteral("tf-import-keras-mixed"), QStringLiteral("import-tensorflow-keras"), QStringLiteral("tf-keras-attribute")}, {}},
        {QRegularExpression(QStringLiteral("`?lr=`? changed"), QRegularExpression::CaseInsensitiveOption), {}, {QStringLiteral("optimizer-args")}},
        {QRegularExpression(QStringLiteral("Convolution2D"), QRegularExpression::CaseInsensitiveOption),
         {QStringLiteral("conv2d-kernel-args"), QStringLiteral("conv3d-kernel-args"), QStringLiteral("convolution-rename"), QStringLiteral("deconvolution-rename")}, {}},
        {QRegularExpression(QStringLiteral("fit_generator"), QRegularExpression::CaseInsensitiveOption),
         {QStringLiteral("fit-generator"), QStringLiteral("evaluate-predict-generator")}, {}},
        {QRegularExpression(QStringLiteral("tf\\.\\* ops|custom layers"), QRegularExpression::CaseInsensitiveOption), {}, {QStringLiteral("custom-ops")}},
    };
    return b;
}

const Binding *bindingFor(const QString &text)
{
    for (const Binding &b : bindings())
        if (b.text.match(text).hasMatch())
            return &b;
    return nullptr;
}

void addFile(PlanPhase *phase, const QString &written)
{
    for (const PlanFile &f : std::as_const(phase->files))
        if (f.written == written || QString(f.written).endsWith(QLatin1Char('/') + written))
            return;
    phase->files.append({written, {}, false, 0});
}

} // namespace

MigrationPlan parsePlan(const QByteArray &markdown, const QString &path)
{
    MigrationPlan plan;
    plan.path = path;
    plan.raw = markdown;
    PlanPhase *phase = nullptr;
    bool inFence = false, inChecklist = false, inFileTable = false;
    qsizetype lineStart = 0;
    int lineNumber = 0;
    QVector<std::pair<int, QString>> tableFiles; // (lab, name)
    while (lineStart < markdown.size()) {
        qsizetype lineEnd = markdown.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = markdown.size();
        ++lineNumber;
        const QString line = QString::fromUtf8(markdown.mid(lineStart, lineEnd - lineStart)).remove(QLatin1Char('\r'));
        const qsizetype start = lineStart;
        lineStart = lineEnd + 1;
        if (line.trimmed().startsWith(QLatin1String("```"))) {
            inFence = !inFence;
            continue;
        }
        if (inFence)
            continue;
        if (const auto m = kPhaseHeading.match(line); m.hasMatch()) {
            plan.phases.append({m.captured(1).toInt(), m.captured(2), {}, {}, {}});
            phase = &plan.phases.last();
            inChecklist = inFileTable = false;
            continue;
        }
        if (const auto m = kSection.match(line); m.hasMatch()) {
            phase = nullptr; // another `##` section
            inChecklist = m.captured(1).contains(QLatin1String("Checklist per file"), Qt::CaseInsensitive);
            inFileTable = m.captured(1).contains(QLatin1String("File List"), Qt::CaseInsensitive);
            continue;
        }
        if (const auto m = kSubHeading.match(line); m.hasMatch()) {
            inChecklist = m.captured(1).contains(QLatin1String("Checklist per file"), Qt::CaseInsensitive);
            if (phase)
                for (auto it = kBacktickPath.globalMatch(line); it.hasNext();)
                    addFile(phase, it.next().captured(1));
            continue;
        }
        if (const auto m = kTask.match(line); m.hasMatch()) {
            PlanItem item;
            item.text = m.captured(2);
            item.checked = m.captured(1) != QLatin1String(" ");
            // The mark's byte offset: '[' is ASCII, so find it in the bytes of the line.
            item.mark = markdown.indexOf('[', start) + 1;
            item.line = lineNumber;
            if (inChecklist)
                plan.perFileChecklist.append(item);
            else if (phase)
                phase->items.append(item);
            continue;
        }
        if (inFileTable) {
            if (const auto m = kTableRow.match(line); m.hasMatch())
                tableFiles.append({m.captured(1).toInt(), m.captured(2)});
            continue;
        }
        if (phase && (kListItem.match(line).hasMatch() || line.contains(QLatin1String("**File:**")))) {
            if (const auto p = kPriority.match(line); p.hasMatch())
                phase->priority = p.captured(1);
            for (auto it = kBacktickPath.globalMatch(line); it.hasNext();)
                addFile(phase, it.next().captured(1));
            continue;
        }
        if (phase)
            if (const auto p = kPriority.match(line); p.hasMatch())
                phase->priority = p.captured(1);
    }
    // Rows of the "Complete File List" go to the phase whose title names their lab.
    for (const auto &[lab, name] : tableFiles)
        for (PlanPhase &p : plan.phases)
            if (const auto m = kLabNumber.match(p.title); m.hasMatch() && m.captured(1).toInt() == lab)
                addFile(&p, name);
    return plan;
}

void bindPlan(MigrationPlan *plan, const ScanResult &scan, const QHash<QString, SmokeRecord> &smokeRuns,
              const RuleEngine *engine, const QMap<QString, FileComparison> &runs)
{
    // The bindings read seed 000's plan, a Keras 3 migration: they hold under the
    // keras3-torch pack (or a pack with their rules), not under another target's rules.
    bool keras3 = !engine;
    if (engine)
        for (const RulePack &pack : engine->packs())
            keras3 = keras3 || pack.name == QLatin1String("keras3-torch");
    const auto loaded = [&](const Binding &b) {
        if (keras3)
            return true;
        for (const QString &id : b.rules)
            if (engine->rule(id))
                return true;
        return false;
    };
    QHash<QString, const FileResult *> byPath;
    for (const FileResult &f : scan.files)
        byPath.insert(f.relativePath, &f);
    const auto resolve = [&](const QString &written) -> QString {
        // Longest suffix of the written path that names a scanned file.
        const QStringList parts = QString(written).replace(QLatin1Char('\\'), QLatin1Char('/')).split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (int first = 0; first < parts.size(); ++first) {
            const QString suffix = parts.mid(first).join(QLatin1Char('/'));
            if (byPath.contains(suffix))
                return suffix;
            if (first == parts.size() - 1) { // a bare name: unique match anywhere
                QString found;
                int count = 0;
                for (auto it = byPath.cbegin(); it != byPath.cend(); ++it)
                    if (it.key() == suffix || it.key().endsWith(QLatin1Char('/') + suffix)) {
                        found = it.key();
                        ++count;
                    }
                if (count == 1)
                    return found;
            }
        }
        return {};
    };
    const auto remaining = [&](const QString &path, const Binding &b) {
        int n = 0;
        if (const FileResult *f = byPath.value(path))
            for (const Finding &x : f->findings)
                n += b.rules.contains(x.ruleId) || b.categories.contains(x.category);
        return n;
    };
    static const QRegularExpression training(QStringLiteral("\\btrain(s|ing)?\\b|\\bconverges?\\b"),
                                             QRegularExpression::CaseInsensitiveOption);
    const auto evaluateTraining = [&](PlanItem *item, const QVector<PlanFile> &files) {
        item->automatic = true;
        QStringList passed, failed;
        for (const PlanFile &f : files) {
            if (!f.exists || !smokeRuns.contains(f.path))
                continue;
            const SmokeRecord &r = smokeRuns.value(f.path);
            (r.passed ? passed : failed) << QStringLiteral("%1 (cell %2)").arg(f.path).arg(r.cell);
        }
        item->satisfied = !passed.isEmpty() && failed.isEmpty();
        item->reason = !failed.isEmpty() ? QStringLiteral("last smoke run failed: %1").arg(failed.join(QStringLiteral(", ")))
                       : !passed.isEmpty() ? QStringLiteral("smoke run passed: %1").arg(passed.join(QStringLiteral(", ")))
                                           : QStringLiteral("no smoke run yet (Model › Smoke Train Cell)");
    };
    static const QRegularExpression execution(QStringLiteral("\\bexecut(e|es|ion)\\b|\\bnotebooks? runs?\\b"),
                                              QRegularExpression::CaseInsensitiveOption);
    const auto evaluateExecution = [&](PlanItem *item, const QVector<PlanFile> &files) {
        item->automatic = true;
        const bool importsOnly = item->text.contains(QLatin1String("import"), Qt::CaseInsensitive);
        QStringList passed, failed;
        for (const PlanFile &f : files) {
            if (!f.exists || !runs.contains(f.path))
                continue;
            const FileComparison &r = runs.value(f.path);
            QStringList bad;
            if (!r.error.isEmpty())
                bad << r.error.left(80);
            for (const CellComparison &c : r.cells) {
                const bool migratedRaised = c.verdict == CellVerdict::MigratedFailed || c.verdict == CellVerdict::BothFailed;
                if (!migratedRaised)
                    continue;
                if (importsOnly && !c.migrated.error.ename.contains(QLatin1String("ImportError"))
                    && c.migrated.error.ename != QLatin1String("ModuleNotFoundError"))
                    continue;
                if (!importsOnly && c.verdict == CellVerdict::BothFailed)
                    continue; // the environment (data, network): the original failed there too
                bad << QStringLiteral("cell %1").arg(c.index);
            }
            if (bad.isEmpty())
                passed << f.path;
            else
                failed << QStringLiteral("%1 (%2)").arg(f.path, bad.join(QStringLiteral(", ")));
        }
        item->satisfied = !passed.isEmpty() && failed.isEmpty();
        item->reason = !failed.isEmpty() ? QStringLiteral("last run: migrated cells failed in %1").arg(failed.join(QStringLiteral("; ")))
                       : !passed.isEmpty() ? QStringLiteral("ran on both sides with no migrated cell failing: %1")
                                                 .arg(passed.join(QStringLiteral(", ")))
                                           : QStringLiteral("not run yet (Review › Run Both Sides)");
    };
    const auto evaluate = [&](PlanItem *item, const QVector<PlanFile> &files) {
        const Binding *b = bindingFor(item->text);
        if (b && !loaded(*b))
            return; // none of its rules runs under this target: the reviewer ticks it
        if (!b && execution.match(item->text).hasMatch()) {
            evaluateExecution(item, files);
            return;
        }
        if (!b && training.match(item->text).hasMatch()) {
            evaluateTraining(item, files);
            return;
        }
        if (!b)
            return;
        item->automatic = true;
        QStringList open;
        int covered = 0;
        for (const PlanFile &f : files) {
            if (!f.exists)
                continue;
            ++covered;
            if (const int n = remaining(f.path, *b); n > 0)
                open << QStringLiteral("%1 (%2)").arg(f.path).arg(n);
        }
        item->satisfied = covered > 0 && open.isEmpty();
        item->reason = covered == 0 ? QStringLiteral("no file of this phase is in the repository")
                       : open.isEmpty() ? QStringLiteral("no finding left in its %1 file(s)").arg(covered)
                                        : QStringLiteral("findings left in: %1").arg(open.join(QStringLiteral(", ")));
    };
    QVector<PlanFile> all;
    for (PlanPhase &phase : plan->phases) {
        for (PlanFile &f : phase.files) {
            f.path = resolve(f.written);
            f.exists = !f.path.isEmpty();
            f.pending = f.exists ? int(byPath.value(f.path)->findings.size()) : 0;
            all.append(f);
        }
        for (PlanItem &item : phase.items)
            evaluate(&item, phase.files);
        // The per-file checklist, evaluated over this phase's files.
        for (PlanItem item : std::as_const(plan->perFileChecklist)) {
            item.mark = -1; // not a line of this phase
            evaluate(&item, phase.files);
            phase.items.append(item);
        }
    }
    for (PlanItem &item : plan->perFileChecklist)
        evaluate(&item, all);
}

QByteArray syncedPlan(const MigrationPlan &plan)
{
    QByteArray out = plan.raw;
    const auto tick = [&](const PlanItem &item) {
        if (item.automatic && item.mark > 0 && item.mark < out.size())
            out[item.mark] = item.satisfied ? 'x' : ' ';
    };
    for (const PlanPhase &phase : plan.phases)
        for (const PlanItem &item : phase.items)
            tick(item);
    for (const PlanItem &item : plan.perFileChecklist)
        tick(item);
    return out;
}

QByteArray withManualTick(const MigrationPlan &plan, int line, bool checked)
{
    qsizetype mark = -1;
    for (const PlanPhase &p : plan.phases)
        for (const PlanItem &item : p.items)
            if (item.line == line && item.mark > 0)
                mark = item.mark;
    for (const PlanItem &item : plan.perFileChecklist)
        if (item.line == line && item.mark > 0)
            mark = item.mark;
    if (mark < 0 || mark >= plan.raw.size())
        return {};
    QByteArray bytes = plan.raw;
    bytes[mark] = checked ? 'x' : ' ';
    return bytes;
}

QString defaultPlanPath(const QString &root)
{
    return QDir(root).filePath(QStringLiteral("MIGRATION_PLAN.md"));
}

bool readPlan(const QString &path, MigrationPlan *plan)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *plan = parsePlan(file.readAll(), path);
    return true;
}

QByteArray generatePlan(const ScanResult &scan, const std::function<QString(const QString &)> &titleOf)
{
    struct Folder {
        QString name;
        Severity worst = Severity::Info;
        int findings = 0;
        QStringList notebooks, scripts;
    };
    QMap<QString, Folder> folders;
    QStringList envFiles;
    struct Issue {
        int count = 0;
        QSet<QString> files;
        Severity severity = Severity::Info;
    };
    QMap<QString, Issue> issues;
    for (const FileResult &f : scan.files) {
        if (f.findings.isEmpty())
            continue;
        if (f.document.kind == DocumentKind::Text) {
            envFiles << f.relativePath;
        } else {
            const QString folder = f.relativePath.contains(QLatin1Char('/')) ? f.relativePath.section(QLatin1Char('/'), 0, -2) : QStringLiteral(".");
            // Solutions and helpers go with their lab: the first two levels name it.
            const QString lab = folder.section(QLatin1Char('/'), 0, 1);
            Folder &d = folders[lab];
            d.name = lab;
            (f.document.isNotebook() ? d.notebooks : d.scripts) << f.relativePath;
            for (const Finding &x : f.findings) {
                d.worst = std::min(d.worst, x.severity);
                ++d.findings;
            }
        }
        for (const Finding &x : f.findings) {
            Issue &i = issues[x.ruleId];
            ++i.count;
            i.files.insert(f.relativePath);
            i.severity = x.severity;
        }
    }
    QList<Folder> ordered = folders.values();
    std::stable_sort(ordered.begin(), ordered.end(), [](const Folder &a, const Folder &b) {
        return a.worst != b.worst ? a.worst < b.worst : a.findings > b.findings;
    });
    static const char *const priorities[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "LOW"};
    QString md = QStringLiteral("# Keras 3 + PyTorch Backend Migration Plan\n\n"
                                "Generated by the Keras Migration Workbench from a scan of `%1`.\n\n"
                                "## Migration Summary\n\n| Issue | Count | Files | Severity |\n|-------|-------|-------|----------|\n")
                     .arg(scan.root);
    QList<QString> ids = issues.keys();
    std::stable_sort(ids.begin(), ids.end(), [&](const QString &a, const QString &b) {
        return issues[a].severity != issues[b].severity ? issues[a].severity < issues[b].severity : issues[a].count > issues[b].count;
    });
    for (const QString &id : ids)
        md += QStringLiteral("| %1 (`%2`) | %3 | %4 | %5 |\n")
                  .arg(QString(titleOf(id)).replace(QLatin1Char('|'), QLatin1Char('/')), id)
                  .arg(issues[id].count).arg(issues[id].files.size()).arg(severityName(issues[id].severity));
    md += QStringLiteral("\n---\n\n## Phase 0: Environment Setup\n\n**Priority: HIGHEST** - Keras 3, PyTorch and Python 3.12 in the environment files\n\n");
    if (!envFiles.isEmpty()) {
        md += QStringLiteral("### Files to update:\n");
        for (const QString &f : std::as_const(envFiles))
            md += QStringLiteral("- `%1`\n").arg(f);
    }
    md += QStringLiteral("\n### Verification:\n- [ ] Keras 3 imports with the torch backend\n\n---\n");
    int number = 1;
    for (const Folder &d : std::as_const(ordered)) {
        md += QStringLiteral("\n## Phase %1: %2\n\n**Priority: %3** - %4 findings, the most severe %5\n")
                  .arg(number++).arg(d.name).arg(QLatin1String(priorities[int(d.worst)])).arg(d.findings)
                  .arg(severityName(d.worst));
        if (!d.notebooks.isEmpty()) {
            md += QStringLiteral("\n### Notebooks to update:\n");
            for (int i = 0; i < d.notebooks.size(); ++i)
                md += QStringLiteral("%1. `%2`\n").arg(i + 1).arg(d.notebooks[i]);
        }
        if (!d.scripts.isEmpty()) {
            md += QStringLiteral("\n### Python files to update:\n");
            for (int i = 0; i < d.scripts.size(); ++i)
                md += QStringLiteral("%1. `%2`\n").arg(i + 1).arg(d.scripts[i]);
        }
        md += QStringLiteral("\n### Verification:\n- [ ] All cells execute without errors\n- [ ] Model compiles and trains\n\n---\n");
    }
    md += QStringLiteral("\n## Verification Protocol\n\n### Checklist per file:\n"
                         "- [ ] Backend setup present (os.environ[\"KERAS_BACKEND\"] = \"torch\")\n"
                         "- [ ] All tensorflow.keras imports changed to keras\n"
                         "- [ ] All `lr=` changed to `learning_rate=`\n"
                         "- [ ] All `Convolution2D` changed to `Conv2D`\n"
                         "- [ ] All `fit_generator` changed to `fit`\n"
                         "- [ ] All tf.* ops in custom layers changed to keras.ops.*\n"
                         "- [ ] File executes without import errors\n"
                         "- [ ] Models train successfully\n");
    return md.toUtf8();
}

QByteArray planJson(const MigrationPlan &plan)
{
    using ojson = nlohmann::ordered_json;
    ojson root;
    root["plan"] = plan.path.toStdString();
    root["phases"] = ojson::array();
    for (const PlanPhase &phase : plan.phases) {
        ojson p;
        p["title"] = phase.title.toStdString();
        p["number"] = phase.number;
        p["priority"] = phase.priority.toStdString();
        p["items"] = ojson::array();
        for (const PlanItem &item : phase.items)
            p["items"].push_back({{"text", item.text.toStdString()},
                                  {"checked", item.isDone()},
                                  {"auto", item.automatic},
                                  {"reason", item.reason.toStdString()}});
        p["files"] = ojson::array();
        for (const PlanFile &f : phase.files)
            p["files"].push_back({{"path", (f.exists ? f.path : f.written).toStdString()},
                                  {"exists", f.exists},
                                  {"pending", f.pending}});
        root["phases"].push_back(p);
    }
    return QByteArray::fromStdString(root.dump(2)) + '\n';
}

} // namespace kmw
