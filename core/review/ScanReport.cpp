#include "ScanReport.h"

#include "GuidanceCode.h"

#include <QMap>
#include <QSet>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace kmw {

using ojson = nlohmann::ordered_json;

QByteArray scanReportJson(const ScanResult &scan, const QStringList &packNames)
{
    ojson root;
    root["root"] = scan.root.toStdString();
    root["rules"] = ojson::array();
    for (const QString &p : packNames)
        root["rules"].push_back(p.toStdString());
    root["files"] = ojson::array();
    QMap<QString, int> byRule, bySeverity;
    int findings = 0, withFindings = 0;
    for (const FileResult &file : scan.files) {
        if (file.findings.isEmpty())
            continue;
        ++withFindings;
        ojson f;
        f["path"] = file.relativePath.toStdString();
        f["type"] = file.document.isNotebook() ? "notebook"
                    : file.document.kind == DocumentKind::Text ? "text" : "python";
        f["findings"] = ojson::array();
        for (const Finding &x : file.findings) {
            ojson j;
            j["id"] = x.id.toStdString();
            j["rule"] = x.ruleId.toStdString();
            j["severity"] = severityName(x.severity).toStdString();
            j["category"] = x.category.toStdString();
            j["cell"] = file.document.isNotebook() ? ojson(x.cell) : ojson(nullptr);
            j["line"] = x.range.startLine;
            j["column"] = x.range.startColumn;
            j["end_line"] = x.range.endLine;
            j["end_column"] = x.range.endColumn;
            j["message"] = x.message.toStdString();
            j["fixable"] = x.fixable();
            // What to do by hand; for a finding without a fix, why there is none.
            j["guidance"] = x.guidance.isEmpty() ? ojson(nullptr) : ojson(x.guidance.toStdString());
            j["replacement"] = x.fixable()
                                   ? ojson(replacementText(x, file.document.cells[x.cell].source, x.autoFixIndex()).toStdString())
                                   : ojson(nullptr);
            f["findings"].push_back(j);
            ++findings;
            ++byRule[x.ruleId];
            ++bySeverity[severityName(x.severity)];
        }
        root["files"].push_back(f);
    }
    root["errors"] = ojson::array();
    for (const InputError &e : scan.errors)
        root["errors"].push_back({{"path", e.path.toStdString()}, {"message", e.toString().toStdString()}});
    ojson summary;
    summary["files_scanned"] = scan.files.size();
    summary["files_with_findings"] = withFindings;
    summary["findings"] = findings;
    summary["by_rule"] = ojson::object();
    for (auto it = byRule.cbegin(); it != byRule.cend(); ++it)
        summary["by_rule"][it.key().toStdString()] = it.value();
    summary["by_severity"] = ojson::object();
    for (auto it = bySeverity.cbegin(); it != bySeverity.cend(); ++it)
        summary["by_severity"][it.key().toStdString()] = it.value();
    root["summary"] = summary;
    // Invalid UTF-8 cannot reach here (documents are validated), but never throw.
    return QByteArray::fromStdString(root.dump(2, ' ', false, ojson::error_handler_t::replace)) + '\n';
}

namespace {
QString mdEscape(QString text)
{
    return text.replace(QLatin1Char('|'), QLatin1String("\\|")).replace(QLatin1Char('\n'), QLatin1Char(' '));
}
/// A guidance for a Markdown list item: its prose on the item's line, and a module it ends
/// with (```python … ```: generated, not applied) as a fenced block under the item.
QString mdGuidance(const QString &guidance)
{
    const auto [prose, code] = splitGuidanceCode(guidance);
    if (code.isEmpty())
        return mdEscape(guidance);
    QStringList lines = code.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line.prepend(QLatin1String("  "));
    return mdEscape(prose) + QStringLiteral("\n\n  ```python\n") + lines.join(QLatin1Char('\n')) + QStringLiteral("\n  ```\n");
}
QString location(const FileResult &file, const Finding &x)
{
    return file.document.isNotebook() ? QStringLiteral("`%1` cell %2 line %3").arg(file.relativePath).arg(x.cell).arg(x.range.startLine)
                                      : QStringLiteral("`%1` line %2").arg(file.relativePath).arg(x.range.startLine);
}
} // namespace

QByteArray scanReportMarkdown(const ScanResult &scan, const RuleEngine &engine)
{
    struct Row {
        QString rule;
        Severity severity;
        int count = 0;
        QSet<QString> files;
    };
    QMap<QString, Row> rows;
    int total = 0, manual = 0;
    for (const FileResult &f : scan.files)
        for (const Finding &x : f.findings) {
            Row &row = rows[x.ruleId];
            row.rule = x.ruleId;
            row.severity = x.severity;
            ++row.count;
            row.files.insert(f.relativePath);
            ++total;
            manual += !x.fixable();
        }
    QList<Row> ordered = rows.values();
    std::sort(ordered.begin(), ordered.end(), [](const Row &a, const Row &b) {
        return a.severity != b.severity ? a.severity < b.severity : a.count > b.count;
    });
    QString md = QStringLiteral("# Migration report\n\n`%1`: %2 findings in %3 of %4 files, %5 need a person.\n\n")
                     .arg(scan.root).arg(total).arg(std::count_if(scan.files.cbegin(), scan.files.cend(),
                                                                 [](const FileResult &f) { return !f.findings.isEmpty(); }))
                     .arg(scan.files.size()).arg(manual);
    md += QStringLiteral("## Summary\n\n| Issue | Count | Files | Severity |\n|-------|-------|-------|----------|\n");
    for (const Row &row : ordered) {
        const Rule *rule = engine.rule(row.rule);
        md += QStringLiteral("| %1 (`%2`) | %3 | %4 | %5 |\n")
                  .arg(mdEscape(rule ? rule->title : row.rule), row.rule)
                  .arg(row.count).arg(row.files.size()).arg(severityName(row.severity));
    }
    md += QStringLiteral("\n## Needs a person (%1)\n\n").arg(manual);
    for (const FileResult &f : scan.files)
        for (const Finding &x : f.findings)
            if (!x.fixable())
                md += QStringLiteral("- %1: **%2** (%3) %4%5\n")
                          .arg(location(f, x), x.ruleId, severityName(x.severity), mdEscape(x.message),
                               x.guidance.isEmpty() ? QString() : QStringLiteral("  \n  *What to do:* ") + mdGuidance(x.guidance));
    md += QStringLiteral("\n## Findings per file\n");
    for (const FileResult &f : scan.files) {
        if (f.findings.isEmpty())
            continue;
        md += QStringLiteral("\n### `%1`\n\n| Where | Severity | Rule | Message | Fix |\n|---|---|---|---|---|\n").arg(f.relativePath);
        for (const Finding &x : f.findings)
            md += QStringLiteral("| %1 | %2 | `%3` | %4 | %5 |\n")
                      .arg(f.document.isNotebook() ? QStringLiteral("cell %1, line %2").arg(x.cell).arg(x.range.startLine)
                                                   : QStringLiteral("line %1").arg(x.range.startLine),
                           severityName(x.severity), x.ruleId, mdEscape(x.message),
                           x.fixable() ? QStringLiteral("`%1`").arg(mdEscape(QString::fromUtf8(replacementText(x, f.document.cells[x.cell].source, x.autoFixIndex())).trimmed()))
                                       : QStringLiteral("manual"));
    }
    if (!scan.errors.isEmpty()) {
        md += QStringLiteral("\n## Files that could not be read\n\n");
        for (const InputError &e : scan.errors)
            md += QStringLiteral("- %1\n").arg(mdEscape(e.toString()));
    }
    return md.toUtf8();
}

QByteArray scanReportText(const ScanResult &scan)
{
    QByteArray out;
    int findings = 0;
    for (const FileResult &file : scan.files) {
        for (const Finding &x : file.findings) {
            QString where = file.relativePath;
            if (file.document.isNotebook())
                where += QStringLiteral(":cell %1").arg(x.cell);
            out += QStringLiteral("%1:%2:%3: %4 [%5] %6\n")
                       .arg(where).arg(x.range.startLine).arg(x.range.startColumn)
                       .arg(severityName(x.severity), x.ruleId, x.message)
                       .toUtf8();
            ++findings;
        }
    }
    for (const InputError &e : scan.errors)
        out += QStringLiteral("error: %1\n").arg(e.toString()).toUtf8();
    out += QStringLiteral("%1 findings in %2 files scanned, %3 errors\n")
               .arg(findings).arg(scan.files.size()).arg(scan.errors.size())
               .toUtf8();
    return out;
}

} // namespace kmw
