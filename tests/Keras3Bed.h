#pragma once
// The Keras 3 test bed shared by tst_keras3 and tst_keras3guide: each case is Keras 2 code
// as a user wrote it. It is scanned and migrated by the keras3-torch pack (every fix, as
// `kmw-cli apply` writes), then the original and the migrated code both run in Keras 3
// with the torch backend (the frameworks' venv, tests/keras3_runner.py, one Python
// process for all of them).

#include "ConvertSupport.h"

#include <QString>
#include <QVector>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>

namespace kmw::test {

enum class After {
    Runs,        ///< the migrated code runs (and prints `migratedPrints` if given)
    FindingOnly, ///< no fix is right: the finding is raised and the code still fails
    Flagged,     ///< the finding is raised without a fix, and the migrated code runs
                 ///< (Keras 3 accepts the code, or only another backend rejects it)
    Unchanged,   ///< not Keras: no finding, no change, and both sides run
};

struct Keras3Case {
    const char *name;
    const char *rule;           ///< the rule that must report it; for Unchanged, "" (no
                                ///< finding at all) or "!id" (that rule must not report it)
    QByteArray code;            ///< Keras 2 code, as a user wrote it
    const char *originalFails;  ///< a part of the exception the original raises, or ""
    const char *originalPrints; ///< else: a part of what it prints (its meaning changed)
    After after;
    const char *migratedPrints = "";
};

/// Code run after every case's in the same process (a guidance's code sketch, say):
/// it must run and print `prints`.
struct Keras3Extra {
    QString name;
    QString code;
    QString prints;
};


/// The rule engine of the keras3-torch pack.
inline RuleEngine keras3Engine()
{
    QVector<RulePack> packs;
    QVector<InputError> errors;
    loadRulePacks({QStringLiteral("keras3-torch")}, &packs, &errors);
    return RuleEngine(packs);
}

namespace keras3bed {

inline QJsonObject run(int index, const QString &side, const QString &dir, const QString &code)
{
    return QJsonObject{{QStringLiteral("case"), index}, {QStringLiteral("side"), side},
                       {QStringLiteral("dir"), dir}, {QStringLiteral("code"), code}};
}

inline QString summary(const QJsonObject &run)
{
    return run.value(QStringLiteral("ok")).toBool()
               ? QStringLiteral("ran, printed: ") + run.value(QStringLiteral("stdout")).toString().left(200)
               : QStringLiteral("raised ") + run.value(QStringLiteral("error")).toString().section(QLatin1Char('\n'), 0, 0).left(300);
}

/// The scan's verdict on one case before anything runs: "" or what is wrong.
inline QString checkFindings(const Keras3Case &c, const QVector<Finding> &findings)
{
    const QString name = QLatin1String(c.name);
    const auto hit = std::find_if(findings.cbegin(), findings.cend(), [&](const Finding &f) { return f.ruleId == QLatin1String(c.rule); });
    if (c.after == After::Unchanged) {
        if (!*c.rule) { // not Keras at all: nothing to say
            for (const Finding &f : findings)
                return QStringLiteral("%1: unexpected %2 %3").arg(name, f.ruleId, f.message);
        } else if (*c.rule == '!') { // Keras that works: that rule stays silent
            for (const Finding &f : findings)
                if (f.ruleId == QLatin1String(c.rule + 1))
                    return QStringLiteral("%1: unexpected %2").arg(name, f.ruleId);
        } else if (hit == findings.cend() || hit->fixable()) {
            return name + QStringLiteral(": the finding must be offered, never applied");
        }
        return {};
    }
    if (hit == findings.cend())
        return QStringLiteral("%1: no %2 finding").arg(name, QLatin1String(c.rule));
    if (hit->fixable() != (c.after == After::Runs))
        return QStringLiteral("%1: %2 finding %3 a fix").arg(name, QLatin1String(c.rule), hit->fixable() ? QStringLiteral("has") : QStringLiteral("lacks"));
    if (c.after != After::Runs && hit->guidance.isEmpty() && hit->message.isEmpty())
        return name + QStringLiteral(": a finding without a fix needs a message");
    return {};
}

inline QString checkRun(const Keras3Case &c, const QJsonObject &original, const QJsonObject &after, const QByteArray &migrated)
{
    const QString label = QStringLiteral("%1\nmigrated %2\noriginal %3\nmigrated code:\n%4")
                              .arg(QLatin1String(c.name), summary(after), summary(original), QString::fromUtf8(migrated));
    if (original.isEmpty() || after.isEmpty())
        return QStringLiteral("not run: ") + label;
    const bool originalOk = original.value(QStringLiteral("ok")).toBool();
    const bool afterOk = after.value(QStringLiteral("ok")).toBool();
    const QString afterOut = after.value(QStringLiteral("stdout")).toString();
    if (*c.originalFails) {
        if (originalOk || !original.value(QStringLiteral("error")).toString().contains(QLatin1String(c.originalFails)))
            return QStringLiteral("the original must raise '%1': ").arg(QLatin1String(c.originalFails)) + label;
    } else if (!originalOk || !original.value(QStringLiteral("stdout")).toString().contains(QLatin1String(c.originalPrints))) {
        return QStringLiteral("the original must print '%1': ").arg(QLatin1String(c.originalPrints)) + label;
    }
    switch (c.after) {
    case After::Runs:
    case After::Flagged:
        if (!afterOk || !afterOut.contains(QLatin1String(c.migratedPrints)))
            return QStringLiteral("the migrated code must run and print '%1': ").arg(QLatin1String(c.migratedPrints)) + label;
        break;
    case After::FindingOnly: // unchanged but for imports and the preamble: it still fails
        if (afterOk)
            return QStringLiteral("the migrated code must still fail: ") + label;
        break;
    case After::Unchanged:
        if (!afterOk || afterOut != original.value(QStringLiteral("stdout")).toString())
            return QStringLiteral("both sides must run and print the same: ") + label;
        break;
    }
    return {};
}

} // namespace keras3bed

/// Scans, migrates and runs `cases` (and `extras`) and checks each as documented on
/// After. Returns "" when every check holds, else the first failure with both sides'
/// outcome and the migrated code; sets `*skipped` (and returns "") when there is no
/// frameworks' venv.
inline QString runKeras3Cases(const QVector<Keras3Case> &cases, const QVector<Keras3Extra> &extras, bool *skipped)
{
    using namespace keras3bed;
    *skipped = false;
    const RuleEngine engine = keras3Engine();
    QTemporaryDir root;
    QJsonArray runs;
    QVector<QByteArray> migrated;
    for (int i = 0; i < cases.size(); ++i) {
        const Keras3Case &c = cases[i];
        const QString dir = root.filePath(QStringLiteral("case%1").arg(i));
        QDir().mkpath(dir + QStringLiteral("/original"));
        QDir().mkpath(dir + QStringLiteral("/migrated"));
        const QString path = dir + QStringLiteral("/migrated/x.py");
        writeFile(path, c.code);
        const ScanResult found = scanRepository(dir + QStringLiteral("/migrated"), engine);
        if (found.files.size() != 1)
            return QLatin1String(c.name) + QStringLiteral(": not scanned");
        const QString wrong = checkFindings(c, found.files.first().findings);
        if (!wrong.isEmpty())
            return wrong;
        applyAll(found, engine, ApplyOptions());
        const QByteArray after = readFile(path);
        if (c.after == After::Runs && after == c.code)
            return QLatin1String(c.name) + QStringLiteral(": nothing was migrated");
        migrated << after;
        runs.append(run(i, QStringLiteral("original"), dir + QStringLiteral("/original"), QString::fromUtf8(c.code)));
        runs.append(run(i, QStringLiteral("migrated"), dir + QStringLiteral("/migrated"), QString::fromUtf8(after)));
    }
    for (int i = 0; i < extras.size(); ++i)
        runs.append(run(-1 - i, QStringLiteral("extra"), root.path(), extras[i].code));

    QString why;
    const QString python = findFrameworkPython({}, &why);
    if (python.isEmpty()) {
        *skipped = true;
        return {};
    }
    writeFile(root.filePath(QStringLiteral("runs.json")), QJsonDocument(runs).toJson());
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(python, {QStringLiteral(KMW_SOURCE_DIR "/tests/keras3_runner.py"), root.filePath(QStringLiteral("runs.json"))});
    if (!p.waitForFinished(1500000) || p.exitCode() != 0)
        return QStringLiteral("the runner failed: ") + p.errorString();
    QHash<QString, QJsonObject> results;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (!o.isEmpty())
            results.insert(QStringLiteral("%1/%2").arg(o.value(QStringLiteral("case")).toInt()).arg(o.value(QStringLiteral("side")).toString()), o);
    }
    if (results.size() != runs.size())
        return QStringLiteral("%1 of %2 runs reported").arg(results.size()).arg(runs.size());
    for (int i = 0; i < extras.size(); ++i) {
        const QJsonObject r = results.value(QStringLiteral("%1/extra").arg(-1 - i));
        if (!r.value(QStringLiteral("ok")).toBool() || !r.value(QStringLiteral("stdout")).toString().contains(extras[i].prints))
            return extras[i].name + QStringLiteral(": ") + summary(r) + QStringLiteral("\n") + extras[i].code;
    }
    for (int i = 0; i < cases.size(); ++i) {
        const QString wrong = checkRun(cases[i], results.value(QStringLiteral("%1/original").arg(i)),
                                       results.value(QStringLiteral("%1/migrated").arg(i)), migrated[i]);
        if (!wrong.isEmpty())
            return wrong;
    }
    return {};
}

} // namespace kmw::test
