#include "RunCompare.h"

#include "KerasSummary.h"
#include "RunRecords.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace kmw {

namespace {

const char *const kVerdictNames[] = {"same",        "close",           "differs", "migrated-failed",
                                     "both-failed", "original-failed", "skipped", "not-run"};

/// A Keras log line ("45/45 - loss: 0.3 - accuracy: 0.9") with its `name: value`
/// segments sorted; other lines unchanged.
QString sortLogPairs(const QString &line)
{
    static const QRegularExpression pair(QStringLiteral("^[A-Za-z_][\\w ]*: \\S+$"));
    static const QRegularExpression dash(QStringLiteral("(?:^|\\s)-(?=\\s|$)"));
    QStringList parts = line.split(dash);
    if (parts.size() < 2)
        return line;
    QStringList head, pairs;
    for (QString part : parts) {
        part = part.trimmed();
        if (part.isEmpty())
            continue;
        (pair.match(part).hasMatch() ? pairs : head) << part;
    }
    if (pairs.isEmpty())
        return line;
    std::sort(pairs.begin(), pairs.end());
    // a step counter before the pairs ("39/39") is progress, not a result
    static const QRegularExpression steps(QStringLiteral("^\\d+/\\d+$"));
    if (head.size() == 1 && steps.match(head.first()).hasMatch())
        head.clear();
    return (head + pairs).join(QStringLiteral(" - "));
}

/// `text` without its model.summary() tables: from `Model: "…"` to the
/// "Non-trainable params" line, and the rule line Keras 2 prints under it.
QString withoutSummaries(const QString &text)
{
    static const QRegularExpression rule(QStringLiteral("^\\s*_+\\s*$"));
    QStringList kept;
    bool inTable = false, after = false;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (!inTable && line.trimmed().startsWith(QLatin1String("Model: "))) {
            inTable = true;
            continue;
        }
        if (inTable) {
            if (line.contains(QLatin1String("Non-trainable params")))
                inTable = false, after = true;
            continue;
        }
        if (after && rule.match(line).hasMatch())
            continue;
        after = false;
        kept << line;
    }
    return kept.join(QLatin1Char('\n'));
}

CellRun withText(const CellRun &run, const QString &text)
{
    CellRun copy = run;
    copy.outputs.erase(std::remove_if(copy.outputs.begin(), copy.outputs.end(),
                                      [](const RunOutput &o) { return o.type != QLatin1String("image"); }),
                       copy.outputs.end());
    copy.outputs.prepend(RunOutput{QStringLiteral("stream"), text, {}, {}});
    return copy;
}

const QRegularExpression &numberPattern()
{
    static const QRegularExpression re(QStringLiteral("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?"));
    return re;
}

double relativeDifference(double a, double b)
{
    if (a == b)
        return 0;
    if (!std::isfinite(a) || !std::isfinite(b))
        return HUGE_VAL;
    if (std::fabs(a - b) <= kSameAbsolute)
        return 0;
    return std::fabs(a - b) / std::max(std::fabs(a), std::fabs(b));
}

QString firstLine(const QString &text)
{
    const QString t = text.trimmed();
    const int nl = t.indexOf(QLatin1Char('\n'));
    return (nl < 0 ? t : t.left(nl)).left(160);
}

QString errorLine(const CellRun &run)
{
    if (run.status == QLatin1String("timeout"))
        return run.error.evalue;
    return run.error.evalue.isEmpty() ? run.error.ename
                                      : QStringLiteral("%1: %2").arg(run.error.ename, firstLine(run.error.evalue));
}

QJsonObject sideJson(const SideRun &side)
{
    QJsonObject versions;
    for (auto it = side.versions.cbegin(); it != side.versions.cend(); ++it)
        versions.insert(it.key(), it.value());
    return {{QStringLiteral("framework"), side.framework}, {QStringLiteral("python"), side.python},
            {QStringLiteral("python_version"), side.pythonVersion}, {QStringLiteral("versions"), versions},
            {QStringLiteral("seeding"), side.seeding}, {QStringLiteral("error"), side.error}};
}

void readSide(const QJsonObject &o, SideRun *side)
{
    side->framework = o.value(QStringLiteral("framework")).toString();
    side->python = o.value(QStringLiteral("python")).toString();
    side->pythonVersion = o.value(QStringLiteral("python_version")).toString();
    side->seeding = o.value(QStringLiteral("seeding")).toString();
    side->error = o.value(QStringLiteral("error")).toString();
    const QJsonObject versions = o.value(QStringLiteral("versions")).toObject();
    for (auto it = versions.begin(); it != versions.end(); ++it)
        side->versions.insert(it.key(), it.value().toString());
}

QJsonObject cellRunJson(const CellRun &run, bool withImages)
{
    QJsonObject o{{QStringLiteral("status"), run.status}, {QStringLiteral("seconds"), run.seconds},
                  {QStringLiteral("text"), run.text()}, {QStringLiteral("images"), run.imageCount()}};
    if (withImages) {
        QJsonArray images;
        for (const RunOutput &out : run.outputs)
            if (out.type == QLatin1String("image"))
                images << QString::fromLatin1(out.image.toBase64());
        o.insert(QStringLiteral("image_data"), images);
    }
    if (run.failed())
        o.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("ename"), run.error.ename},
                                                       {QStringLiteral("evalue"), run.error.evalue},
                                                       {QStringLiteral("traceback"), run.error.traceback}});
    if (!run.skippedBecause.isEmpty()) {
        QJsonArray because;
        for (int i : run.skippedBecause)
            because << i;
        o.insert(QStringLiteral("skipped_because"), because);
    }
    return o;
}

CellRun readCellRun(const QJsonObject &o, int index)
{
    CellRun run;
    run.index = index;
    run.status = o.value(QStringLiteral("status")).toString(QStringLiteral("not-run"));
    run.seconds = o.value(QStringLiteral("seconds")).toDouble();
    const QString text = o.value(QStringLiteral("text")).toString();
    if (!text.isEmpty())
        run.outputs << RunOutput{QStringLiteral("text"), text, {}, {}};
    for (const QJsonValue &v : o.value(QStringLiteral("image_data")).toArray())
        run.outputs << RunOutput{QStringLiteral("image"), {}, QByteArray::fromBase64(v.toString().toLatin1()),
                                 QStringLiteral("image/png")};
    const QJsonObject e = o.value(QStringLiteral("error")).toObject();
    run.error = {e.value(QStringLiteral("ename")).toString(), e.value(QStringLiteral("evalue")).toString(),
                 e.value(QStringLiteral("traceback")).toString()};
    for (const QJsonValue &v : o.value(QStringLiteral("skipped_because")).toArray())
        run.skippedBecause << v.toInt();
    return run;
}

} // namespace

QString verdictName(CellVerdict verdict)
{
    return QString::fromLatin1(kVerdictNames[int(verdict)]);
}

CellVerdict verdictFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(kVerdictNames)); ++i)
        if (name == QLatin1String(kVerdictNames[i]))
            return CellVerdict(i);
    return CellVerdict::NotRun;
}

QString normalizeOutputText(const QString &raw)
{
    static const QRegularExpression bar(QStringLiteral("\\[[=>.]*\\]|[━─╸╺]+"));
    static const QRegularExpression eta(QStringLiteral("ETA:\\s*\\S+"));
    static const QRegularExpression timing(
        QStringLiteral("(?<![\\w.])\\d+(?:\\.\\d+)?(?:s|ms|us|µs)(?:/(?:step|sample|epoch))?(?![\\w])"));
    static const QRegularExpression address(QStringLiteral("\\s+at 0x[0-9a-fA-F]+"));
    static const QRegularExpression qualified(QStringLiteral("<(?:[A-Za-z_]\\w*\\.)+([A-Za-z_]\\w*)"));
    static const QRegularExpression spaces(QStringLiteral("[ \\t]+"));
    // A training loop's epoch line ("Epoch 3/15: loss 0.21, accuracy 0.95") as Keras
    // prints it: "Epoch 3/15", then the pairs.
    static const QRegularExpression loopEpoch(
        QStringLiteral("^(Epoch \\d+/\\d+):\\s*((?:[A-Za-z_]\\w* [-+0-9.eE]+(?:, )?)+)$"));
    QStringList split;
    for (const QString &line : terminalText(raw).split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = loopEpoch.match(line.trimmed());
        if (!m.hasMatch()) {
            split << line;
            continue;
        }
        QStringList pairs;
        for (const QString &pair : m.captured(2).split(QStringLiteral(", "), Qt::SkipEmptyParts))
            pairs << QString(pair).replace(QLatin1Char(' '), QStringLiteral(": "));
        split << m.captured(1) << pairs.join(QStringLiteral(" - "));
    }
    const QString text = split.join(QLatin1Char('\n'));
    QStringList lines;
    for (QString line : text.split(QLatin1Char('\n'))) {
        line.remove(bar);
        line.remove(eta);
        line.remove(timing);
        line.remove(address);
        line.replace(qualified, QStringLiteral("<\\1"));
        line.replace(spaces, QStringLiteral(" "));
        line = sortLogPairs(line.trimmed());
        line.replace(QRegularExpression(QStringLiteral("^(- )+|( -)+$")), QString());
        line = line.trimmed();
        // what is left of a progress bar alone ("1/1" of predict()) is no output, and
        // %%time's report is about the machine
        static const QRegularExpression stepsOnly(QStringLiteral("^\\d+/\\d+$"));
        static const QRegularExpression timeMagic(QStringLiteral("^(CPU times|Wall time):"));
        if (!line.isEmpty() && !stepsOnly.match(line).hasMatch() && !timeMagic.match(line).hasMatch())
            lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

CellComparison compareCells(const CellRun &original, const CellRun &migrated)
{
    CellComparison c;
    c.index = original.index >= 0 ? original.index : migrated.index;
    c.original = original;
    c.migrated = migrated;
    const auto skipped = [](const CellRun &r) { return r.status == QLatin1String("skipped"); };
    if (original.failed() && migrated.failed()) {
        c.verdict = CellVerdict::BothFailed;
        c.detail = QStringLiteral("both raised: %1").arg(errorLine(original));
        if (errorLine(original) != errorLine(migrated))
            c.detail += QStringLiteral(" / migrated: %1").arg(errorLine(migrated));
        return c;
    }
    if (original.ran() && migrated.failed()) {
        c.verdict = CellVerdict::MigratedFailed;
        c.detail = errorLine(migrated);
        return c;
    }
    if (original.failed() && migrated.ran()) {
        c.verdict = CellVerdict::OriginalFailed;
        c.detail = QStringLiteral("the original raised %1; the migrated cell ran").arg(errorLine(original));
        return c;
    }
    if (skipped(original) || skipped(migrated)) {
        c.verdict = CellVerdict::Skipped;
        const CellRun &s = skipped(migrated) ? migrated : original;
        QStringList cells;
        for (int i : s.skippedBecause)
            cells << QString::number(i);
        const QString side = skipped(migrated) && skipped(original) ? QStringLiteral("either side")
                             : skipped(migrated)                    ? QStringLiteral("the migrated side")
                                                                    : QStringLiteral("the original side");
        c.detail = QStringLiteral("not run on %1: it uses names of failed cell %2").arg(side, cells.join(QStringLiteral(", ")));
        return c;
    }
    if (!original.ran() || !migrated.ran()) {
        c.verdict = CellVerdict::NotRun;
        c.detail = QStringLiteral("not run on the %1 side").arg(!migrated.ran() ? QStringLiteral("migrated")
                                                                                 : QStringLiteral("original"));
        return c;
    }
    const QString a = normalizeOutputText(original.text());
    const QString b = normalizeOutputText(migrated.text());
    if (original.imageCount() != migrated.imageCount()) {
        c.verdict = CellVerdict::Differs;
        c.detail = QStringLiteral("%1 image(s) before, %2 after").arg(original.imageCount()).arg(migrated.imageCount());
        return c;
    }
    // model.summary() tables: Keras 3 draws them differently; compare what they say
    const QVector<ModelSummary> tablesA = parseSavedSummaries(original.text());
    const QVector<ModelSummary> tablesB = parseSavedSummaries(migrated.text());
    if (!tablesA.isEmpty() && tablesA.size() == tablesB.size()) {
        int rows = 0;
        for (int i = 0; i < tablesA.size(); ++i) {
            const SummaryComparison table = compareSummaries(tablesA[i], tablesB[i]);
            if (!table.matched) {
                c.verdict = CellVerdict::Differs;
                c.detail = QStringLiteral("model.summary(): %1").arg(table.differences.value(0));
                return c;
            }
            rows += table.rowsCompared;
        }
        const CellComparison rest = compareCells(withText(original, withoutSummaries(original.text())),
                                                 withText(migrated, withoutSummaries(migrated.text())));
        c.verdict = rest.verdict;
        c.detail = QStringLiteral("model.summary() tables agree (%1 layers, shapes and parameters)").arg(rows);
        if (rest.verdict != CellVerdict::Same)
            c.detail += QStringLiteral("; %1").arg(rest.detail);
        return c;
    }
    QString skeletonA = a, skeletonB = b;
    skeletonA.replace(numberPattern(), QStringLiteral("#"));
    skeletonB.replace(numberPattern(), QStringLiteral("#"));
    if (skeletonA != skeletonB) {
        c.verdict = CellVerdict::Differs;
        const QStringList la = a.split(QLatin1Char('\n')), lb = b.split(QLatin1Char('\n'));
        const QStringList sa = skeletonA.split(QLatin1Char('\n')), sb = skeletonB.split(QLatin1Char('\n'));
        int i = 0;
        while (i < sa.size() && i < sb.size() && sa[i] == sb[i])
            ++i;
        c.detail = QStringLiteral("text differs at output line %1: \"%2\" / \"%3\"")
                       .arg(i + 1)
                       .arg(i < la.size() ? la[i].left(120) : QString(), i < lb.size() ? lb[i].left(120) : QString());
        return c;
    }
    double worst = 0;
    QString worstA, worstB;
    auto ia = numberPattern().globalMatch(a), ib = numberPattern().globalMatch(b);
    while (ia.hasNext() && ib.hasNext()) {
        const QString na = ia.next().captured(0), nb = ib.next().captured(0);
        const double d = relativeDifference(na.toDouble(), nb.toDouble());
        if (d > worst) {
            worst = d;
            worstA = na;
            worstB = nb;
        }
    }
    if (worst <= kSameRelative) {
        c.verdict = CellVerdict::Same;
        c.detail = a.isEmpty() && original.imageCount() == 0 ? QStringLiteral("no output on either side")
                                                             : QStringLiteral("equal output");
    } else {
        c.verdict = worst <= kCloseRelative ? CellVerdict::Close : CellVerdict::Differs;
        c.detail = QStringLiteral("largest difference %1 vs %2 (%3%)")
                       .arg(worstA, worstB, QString::number(worst * 100, 'g', 3));
    }
    return c;
}

QMap<CellVerdict, int> FileComparison::counts() const
{
    QMap<CellVerdict, int> n;
    for (const CellComparison &c : cells)
        n[c.verdict] += 1;
    return n;
}

bool FileComparison::passed() const
{
    return error.isEmpty() && counts().value(CellVerdict::MigratedFailed) == 0;
}

QString FileComparison::summaryLine() const
{
    if (!error.isEmpty())
        return QStringLiteral("%1: not compared: %2").arg(path, error);
    const QMap<CellVerdict, int> n = counts();
    QStringList parts;
    for (int v = 0; v < int(std::size(kVerdictNames)); ++v) {
        const int count = n.value(CellVerdict(v));
        if (count > 0 || CellVerdict(v) == CellVerdict::MigratedFailed)
            parts << QStringLiteral("%1 %2").arg(count).arg(verdictName(CellVerdict(v)));
    }
    return QStringLiteral("%1 (%2): %3 cells: %4")
        .arg(path, target)
        .arg(cells.size())
        .arg(parts.join(QStringLiteral(", ")));
}

const CellComparison *FileComparison::cell(int index) const
{
    for (const CellComparison &c : cells)
        if (c.index == index)
            return &c;
    return nullptr;
}

FileComparison compareSides(const QString &path, const QString &target, const SideRun &original,
                            const SideRun &migrated)
{
    FileComparison result;
    result.path = path;
    result.target = target;
    result.original = original;
    result.migrated = migrated;
    QVector<int> indices;
    for (const CellRun &c : original.cells)
        indices << c.index;
    for (const CellRun &c : migrated.cells)
        if (!indices.contains(c.index))
            indices << c.index;
    std::sort(indices.begin(), indices.end());
    for (int index : indices) {
        CellRun none;
        none.index = index;
        none.status = QStringLiteral("not-run");
        const CellRun *a = original.cell(index);
        const CellRun *b = migrated.cell(index);
        result.cells << compareCells(a ? *a : none, b ? *b : none);
    }
    result.finished = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    return result;
}

QByteArray fileComparisonJson(const FileComparison &r, bool withImages)
{
    QJsonObject counts;
    const QMap<CellVerdict, int> n = r.counts();
    for (auto it = n.cbegin(); it != n.cend(); ++it)
        counts.insert(verdictName(it.key()), it.value());
    QJsonArray cells;
    for (const CellComparison &c : r.cells)
        cells << QJsonObject{{QStringLiteral("index"), c.index},
                             {QStringLiteral("verdict"), verdictName(c.verdict)},
                             {QStringLiteral("detail"), c.detail},
                             {QStringLiteral("original"), cellRunJson(c.original, withImages)},
                             {QStringLiteral("migrated"), cellRunJson(c.migrated, withImages)}};
    const QJsonObject o{{QStringLiteral("path"), r.path},
                        {QStringLiteral("target"), r.target},
                        {QStringLiteral("verdict"), r.passed() ? QStringLiteral("pass") : QStringLiteral("fail")},
                        {QStringLiteral("summary"), r.summaryLine()},
                        {QStringLiteral("counts"), counts},
                        {QStringLiteral("original"), sideJson(r.original)},
                        {QStringLiteral("migrated"), sideJson(r.migrated)},
                        {QStringLiteral("cells"), cells},
                        {QStringLiteral("error"), r.error},
                        {QStringLiteral("finished"), r.finished}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool parseFileComparison(const QByteArray &json, FileComparison *out)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    FileComparison r;
    r.path = o.value(QStringLiteral("path")).toString();
    r.target = o.value(QStringLiteral("target")).toString();
    r.error = o.value(QStringLiteral("error")).toString();
    r.finished = o.value(QStringLiteral("finished")).toString();
    readSide(o.value(QStringLiteral("original")).toObject(), &r.original);
    readSide(o.value(QStringLiteral("migrated")).toObject(), &r.migrated);
    for (const QJsonValue &v : o.value(QStringLiteral("cells")).toArray()) {
        const QJsonObject c = v.toObject();
        CellComparison cell;
        cell.index = c.value(QStringLiteral("index")).toInt(-1);
        cell.verdict = verdictFromName(c.value(QStringLiteral("verdict")).toString());
        cell.detail = c.value(QStringLiteral("detail")).toString();
        cell.original = readCellRun(c.value(QStringLiteral("original")).toObject(), cell.index);
        cell.migrated = readCellRun(c.value(QStringLiteral("migrated")).toObject(), cell.index);
        r.cells << cell;
    }
    *out = r;
    return true;
}

QMap<QString, FileComparison> loadRunRecords(const QString &root)
{
    QMap<QString, FileComparison> records;
    const QJsonObject runs = readRunRecords(root, QStringLiteral("run.json"));
    for (auto it = runs.begin(); it != runs.end(); ++it) {
        FileComparison r;
        if (parseFileComparison(QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact), &r))
            records.insert(it.key(), r);
    }
    return records;
}

bool saveRunRecord(const QString &root, const FileComparison &comparison, QString *error)
{
    return writeRunRecord(root, QStringLiteral("run.json"), comparison.path,
                          QJsonDocument::fromJson(fileComparisonJson(comparison, false)).object(), error);
}

} // namespace kmw
