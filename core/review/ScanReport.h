#pragma once

#include "RepositoryScanner.h"

#include <QByteArray>

namespace kmw {

/// The `kmw-cli scan --format json` object of DESIGN.md ("CLI"): root, rules, files
/// (path, type, findings with id, rule, severity, category, cell (null for .py),
/// 1-based line/column range, message, fixable, replacement), errors and summary.
/// Only files with findings are listed under `files`.
QByteArray scanReportJson(const ScanResult &scan, const QStringList &packNames);

/// The report as Markdown: a summary table like seed 000's "Migration Summary" (issue,
/// count, files, severity), then the findings no fix can make, each with its guidance,
/// then the findings per file. `engine` supplies the rule titles.
QByteArray scanReportMarkdown(const ScanResult &scan, const RuleEngine &engine);

/// The same report for people: one `path[:cell N]:line:column: severity [rule] message`
/// line per finding, then errors and a summary.
QByteArray scanReportText(const ScanResult &scan);

} // namespace kmw
