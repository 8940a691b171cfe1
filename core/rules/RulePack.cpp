#include "RulePack.h"

#include "ImportTable.h"
#include "EditKinds.h"
#include "Generator.h"
#include "SourceRange.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <functional>

namespace kmw {

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Critical: return QStringLiteral("critical");
    case Severity::High: return QStringLiteral("high");
    case Severity::Medium: return QStringLiteral("medium");
    case Severity::Low: return QStringLiteral("low");
    case Severity::Info: return QStringLiteral("info");
    }
    return {};
}

bool severityFromName(const QString &name, Severity *out)
{
    for (Severity s : {Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info})
        if (severityName(s) == name) {
            *out = s;
            return true;
        }
    return false;
}

namespace {

using nlohmann::json;

QString str(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

/// A query may be written as one string or a list of lines (joined with newlines).
QByteArray queryText(const json &value)
{
    if (value.is_string())
        return QByteArray::fromStdString(value.get<std::string>());
    QByteArray out;
    if (value.is_array())
        for (const json &line : value)
            if (line.is_string())
                out += QByteArray::fromStdString(line.get<std::string>()) + '\n';
    return out;
}

/// Line:column in the pack file of the value of `"key"` inside the rule whose id is
/// `ruleId` (found textually: nlohmann_json keeps no positions).
void locate(const QByteArray &raw, const QString &ruleId, const char *key, int *line, int *column)
{
    qsizetype at = raw.indexOf("\"" + ruleId.toUtf8() + "\"");
    if (at < 0)
        at = 0;
    const qsizetype keyAt = raw.indexOf(QByteArray("\"") + key + "\"", at);
    if (keyAt >= 0) {
        at = raw.indexOf(':', keyAt) + 1;
        while (at < raw.size() && QByteArrayView(" \t\r\n").contains(raw[at]))
            ++at;
    }
    lineColumnAt(raw, at, line, column);
}

} // namespace

/// What the rules of one pack are read from.
struct RuleInput {
    const QByteArray &raw;   ///< the pack's bytes (errors are located in them)
    const QString &path;
    QVector<InputError> *errors;
    const std::shared_ptr<Query> &combined;                ///< every rule's query as one
    const QVector<QPair<uint32_t, uint32_t>> &patterns;    ///< per rule: first pattern, count
};

/// A rule kept; skipped (reported, and its patterns are not the combined query's);
/// failed (reported, and the pack's combined query is not used).
enum class RuleOutcome { Kept, Skipped, Failed };

using Report = std::function<void(const char *key, const QString &message, uint32_t queryOffset)>;

/// Reads the fixes of rule `r` into `rule->fixes`, each edit by its kind (EditKinds.h);
/// false when one is wrong (reported).
bool readFixes(const json &r, Rule *rule, const Report &report)
{
    bool ok = true;
    for (const json &f : r.value("fixes", json::array())) {
        FixTemplate fix;
        fix.title = str(f, "title");
        fix.reviewOnly = f.value("review_only", false);
        for (const json &e : f.value("edits", json::array())) {
            EditTemplate edit;
            edit.capture = str(e, "capture");
            for (const EditKind *kind : editKinds()) {
                if (!e.contains(kind->key.toStdString()))
                    continue;
                edit.kind = kind;
                QString errorKey, error;
                if (!kind->read(e, &edit, &errorKey, &error)) {
                    report(errorKey.toUtf8().constData(), error, 0);
                    ok = false;
                }
                break;
            }
            if (!edit.kind) {
                QStringList keys;
                for (const EditKind *kind : editKinds())
                    keys << QLatin1Char('"') + kind->key + QLatin1Char('"');
                const QString last = keys.isEmpty() ? QString() : keys.takeLast();
                report("edits", QStringLiteral("an edit needs %1 or %2").arg(keys.join(QStringLiteral(", ")), last), 0);
                ok = false;
                continue;
            }
            const bool documentLevel = edit.kind->placement != EditPlacement::Capture;
            if (!documentLevel && edit.capture.isEmpty()) {
                report("edits", QStringLiteral("an edit needs a \"capture\""), 0);
                ok = false;
            }
            fix.edits << edit;
        }
        rule->fixes << fix;
    }
    return ok;
}

/// Reads rule `ruleIndex` of the pack from `r` into `*rule`, reporting what is wrong.
RuleOutcome readRule(const json &r, int ruleIndex, const RuleInput &in, Rule *rule)
{
        rule->id = str(r, "id");
    const auto report = [&, rule](const char *key, const QString &message, uint32_t queryOffset = 0) {
        int line = 0, column = 0;
        locate(in.raw, rule->id, key, &line, &column);
        column += int(queryOffset); // exact for one-line queries; the offset is named too
        in.errors->append({in.path, line, column,
                        QStringLiteral("rule '%1': %2").arg(rule->id, message)});
    };
    if (!r.is_object() || rule->id.isEmpty()) {
        report("rules", QStringLiteral("a rule needs an \"id\""));
        return RuleOutcome::Skipped;
    }
    rule->title = str(r, "title");
    rule->category = str(r, "category");
    rule->message = str(r, "message");
    rule->guidance = str(r, "guidance");
    rule->source = str(r, "source");
    rule->report = str(r, "report");
    rule->generate = str(r, "generate");
    if (!rule->generate.isEmpty() && !registeredGenerators().contains(rule->generate)) {
        report("generate", QStringLiteral("unknown generator \"%1\" (known: %2)")
                               .arg(rule->generate, registeredGenerators().join(QStringLiteral(", "))));
        return RuleOutcome::Skipped;
    }
    if (const QString scope = str(r, "scope"); !scope.isEmpty())
        rule->scope = scope;
    if (rule->scope != QLatin1String("match") && rule->scope != QLatin1String("document")) {
        report("scope", QStringLiteral("scope must be \"match\" or \"document\""));
        return RuleOutcome::Skipped;
    }
    if (!severityFromName(str(r, "severity"), &rule->severity)) {
        report("severity", QStringLiteral("severity must be critical, high, medium, low or info"));
        return RuleOutcome::Skipped;
    }
    bool ok = true;
    if (const QString language = str(r, "language"); !language.isEmpty())
        rule->language = language;
    if (rule->language == QLatin1String("text")) {
        for (const json &g : r.value("files", json::array()))
            if (g.is_string())
                rule->files << QString::fromStdString(g.get<std::string>());
        // (*ANYCRLF): `^` and `$` also see CRLF line ends (files keep theirs).
        rule->pattern.setPattern(QStringLiteral("(*ANYCRLF)") + str(r, "pattern"));
        rule->pattern.setPatternOptions(QRegularExpression::MultilineOption);
        if (r.contains("unless")) {
            rule->unlessPattern.setPattern(QStringLiteral("(*ANYCRLF)") + str(r, "unless"));
            rule->unlessPattern.setPatternOptions(QRegularExpression::MultilineOption);
        }
        if (rule->files.isEmpty() || str(r, "pattern").isEmpty() || !rule->pattern.isValid() ||
            !rule->unlessPattern.isValid()) {
            report("pattern", QStringLiteral("a text rule needs \"files\" and a valid \"pattern\" (%1)")
                                  .arg(rule->pattern.isValid() ? rule->unlessPattern.errorString() : rule->pattern.errorString()));
            return RuleOutcome::Skipped;
        }
    } else if (rule->language != QLatin1String("python")) {
        report("language", QStringLiteral("language must be \"python\" or \"text\""));
        return RuleOutcome::Skipped;
    }
    for (const char *key : {"query", "unless"}) {
        if (rule->language != QLatin1String("python"))
            break;
        if (!r.contains(key))
            continue;
        uint32_t offset = 0;
        QString why;
        const bool fromCombined = in.combined && key == std::string("query") && in.patterns[ruleIndex].second > 0;
        auto q = fromCombined ? in.combined->subset(in.patterns[ruleIndex].first, in.patterns[ruleIndex].second)
                              : Query::compile(queryText(r[key]), &offset, &why);
        if (!q) {
            report(key, QStringLiteral("%1 at query offset %2").arg(why).arg(offset), offset);
            ok = false;
            break;
        }
        (key == std::string("query") ? rule->query : rule->unless) = q;
        if (key == std::string("query"))
            rule->querySource = queryText(r[key]);
    }
    if (!ok)
        return RuleOutcome::Skipped;
    if (!rule->query && rule->language == QLatin1String("python")) {
        report("id", QStringLiteral("a rule needs a \"query\""));
        return RuleOutcome::Skipped;
    }
    rule->kerasObject = str(r, "keras_object");
    if (!rule->kerasObject.isEmpty() &&
        (rule->language != QLatin1String("python") ||
         !QRegularExpression(QStringLiteral("@%1\\b").arg(QRegularExpression::escape(rule->kerasObject)))
              .match(QString::fromUtf8(rule->querySource)).hasMatch())) {
        report("keras_object", QStringLiteral("keras_object names no capture of the query: @%1").arg(rule->kerasObject));
        return RuleOutcome::Skipped;
    }
    if (r.contains("rename")) {
        if (!r["rename"].is_object()) {
            report("rename", QStringLiteral("rename must be an object of names"));
            return RuleOutcome::Skipped;
        }
        bool names = true;
        for (auto it = r["rename"].begin(); it != r["rename"].end(); ++it) {
            names = names && it.value().is_string();
            if (names)
                rule->rename.insert(QString::fromStdString(it.key()), QString::fromStdString(it.value().get<std::string>()));
        }
        if (!names) {
            report("rename", QStringLiteral("rename must map names to names"));
            return RuleOutcome::Skipped;
        }
    }
    ok = readFixes(r, rule, report) && ok;
    for (const json &ex : r.value("examples", json::array())) {
        RuleExample example;
        if (ex.contains("no_match")) {
            example.noMatch = true;
            example.before = str(ex, "no_match").toUtf8();
        } else {
            example.before = str(ex, "before").toUtf8();
            example.after = str(ex, "after").toUtf8();
        }
        rule->examples << example;
    }
    return ok ? RuleOutcome::Kept : RuleOutcome::Failed;
}

bool loadRulePack(const QString &path, RulePack *pack, QVector<InputError> *errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        errors->append({path, 0, 0, QStringLiteral("cannot read rule pack: %1").arg(file.errorString())});
        return false;
    }
    const QByteArray raw = file.readAll();
    json root;
    try {
        root = json::parse(raw.constBegin(), raw.constEnd());
    } catch (const json::parse_error &e) {
        int line, column;
        lineColumnAt(raw, e.byte > 0 ? qsizetype(e.byte) - 1 : 0, &line, &column);
        errors->append({path, line, column, QStringLiteral("not valid JSON: %1").arg(QString::fromUtf8(e.what()))});
        return false;
    }
    if (!root.is_object() || !root.contains("rules") || !root["rules"].is_array()) {
        errors->append({path, 1, 1, QStringLiteral("a rule pack is an object with a \"rules\" list")});
        return false;
    }
    pack->path = path;
    pack->name = str(root, "pack");
    pack->version = str(root, "version");
    if (pack->name.isEmpty())
        pack->name = QFileInfo(path).completeBaseName();

    // All the Python rules' queries are compiled as one query (compiling is most of a
    // pack's load time, about linear in its size); each rule then gets its patterns as a
    // subset. When that fails, the rules are compiled one by one to report the broken.
    QByteArray combinedSource;
    QVector<QPair<uint32_t, uint32_t>> byteRange; // per rule index: [begin, end) in combinedSource
    for (const json &r : root["rules"]) {
        const bool python = r.is_object() && r.contains("query") && r.value("language", std::string("python")) == "python";
        byteRange.append({0, 0});
        if (python) {
            try {
                const QByteArray text = queryText(r["query"]);
                byteRange.last() = {uint32_t(combinedSource.size()), uint32_t(combinedSource.size() + text.size())};
                combinedSource += text + '\n';
            } catch (const std::exception &) {
                byteRange.last() = {0, 0};
            }
        }
    }
    std::shared_ptr<Query> combined;
    QVector<QPair<uint32_t, uint32_t>> patterns(byteRange.size(), {0, 0}); // per rule: first, count
    {
        uint32_t offset = 0;
        QString why;
        combined = combinedSource.isEmpty() ? nullptr : Query::compile(combinedSource, &offset, &why);
        for (uint32_t p = 0; combined && p < combined->patternCount(); ++p) {
            const uint32_t start = combined->patternStartByte(p);
            for (int i = 0; i < byteRange.size(); ++i)
                if (start >= byteRange[i].first && start < byteRange[i].second) {
                    if (patterns[i].second == 0)
                        patterns[i].first = p;
                    ++patterns[i].second;
                    break;
                }
        }
    }
    const RuleInput in{raw, path, errors, combined, patterns};
    int ruleIndex = -1;
    bool allLoaded = true;
    for (const json &r : root["rules"]) {
        ++ruleIndex;
        try {
            Rule rule;
            const RuleOutcome outcome = readRule(r, ruleIndex, in, &rule);
            if (outcome == RuleOutcome::Kept)
                pack->rules << rule;
            else if (outcome == RuleOutcome::Failed)
                allLoaded = false;
        } catch (const std::exception &e) {
            allLoaded = false;
            // A value of the wrong type ("fixes": "x", "review_only": "yes"…): the
            // rule is reported and left out, the pack still loads.
            const QString id = r.is_object() ? str(r, "id") : QString();
            int line = 0, column = 0;
            lineColumnAt(raw, std::max<qsizetype>(0, raw.indexOf("\"" + id.toUtf8() + "\"")), &line, &column);
            errors->append({path, line, column,
                            QStringLiteral("rule '%1': malformed (%2)").arg(id, QString::fromUtf8(e.what()))});
        }
    }
    // The engine may use the pack's combined query only when every rule it holds
    // patterns of was kept (pattern i then belongs to the i-th pattern of the rules).
    int kept = 0;
    for (const Rule &rule : std::as_const(pack->rules))
        kept += rule.query ? int(rule.query->patternCount()) : 0;
    pack->combined = allLoaded && combined && uint32_t(kept) == combined->patternCount() ? combined : nullptr;
    return true;
}

QStringList resolveRulePacks(const QString &nameOrPath)
{
    const QFileInfo info(nameOrPath);
    if (info.isDir()) {
        QStringList files;
        for (const QFileInfo &f : QDir(nameOrPath).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            files << f.absoluteFilePath();
        return files;
    }
    if (info.isFile())
        return {info.absoluteFilePath()};
    const QString builtin = QStringLiteral(":/rules/%1.json").arg(nameOrPath);
    if (QFile::exists(builtin))
        return {builtin};
    return {};
}

} // namespace kmw

namespace kmw {
bool matchesFileGlobs(const QString &fileName, const QStringList &globs)
{
    for (const QString &glob : globs)
        if (QRegularExpression(QRegularExpression::wildcardToRegularExpression(glob)).match(fileName).hasMatch())
            return true;
    return false;
}

bool loadRulePacks(const QStringList &namesOrPaths, QVector<RulePack> *packs, QVector<InputError> *errors)
{
    const QStringList args = namesOrPaths.isEmpty() ? QStringList{QStringLiteral("keras3-torch")} : namesOrPaths;
    bool ok = true;
    for (const QString &arg : args) {
        const QStringList files = resolveRulePacks(arg);
        if (files.isEmpty()) {
            errors->append({arg, 0, 0, QStringLiteral("no rule pack of that name, file or folder")});
            ok = false;
        }
        for (const QString &file : files) {
            RulePack pack;
            if (loadRulePack(file, &pack, errors))
                packs->append(pack);
            else
                ok = false;
        }
    }
    return ok;
}
} // namespace kmw
