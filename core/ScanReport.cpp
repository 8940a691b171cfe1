#include "ScanReport.h"

#include <QMap>

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
