#pragma once

#include "RepositoryScanner.h"
#include "RuleEngine.h"

#include <QByteArray>
#include <QString>

namespace kmw {

/// `kmw-cli scan --format sarif`: the scan as a SARIF 2.1.0 log
/// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), one run:
/// - tool.driver.rules: every rule of the packs, with its title, message, guidance as
///   help, the URL of its source as helpUri and its severity as the default level
///   (critical/high -> error, medium -> warning, low/info -> note);
/// - results: one per finding, the region in the file (for a notebook: lines and columns
///   of the `.ipynb` JSON text where the finding's code sits, with the cell and the line
///   and column in the cell in the result's property bag), the finding's fingerprint as a
///   partial fingerprint, and for a fixable finding its first fix as one replacement of
///   the file's text;
/// - invocations: files that could not be read as notifications.
/// Columns count Unicode code points (SARIF's default columnKind). Paths are relative to
/// the scan root (uriBaseId SRCROOT).
QByteArray scanReportSarif(const ScanResult &scan, const RuleEngine &engine, const QString &toolVersion);

/// A byte offset in a notebook cell's decoded source -> the byte offset in the file of
/// the character it decodes from (inside the JSON strings of the cell's `source` value,
/// [sourceBegin, sourceEnd) of `raw`); past the end: sourceEnd.
qsizetype notebookFileOffset(const QByteArray &raw, qsizetype sourceBegin, qsizetype sourceEnd, qsizetype decoded);

} // namespace kmw
