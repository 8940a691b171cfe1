#pragma once

#include <QStringList>
#include <QTextStream>

namespace kmw::cli {

/// ExitFindings: `scan --fail-on SEVERITY` found findings of that severity or higher.
enum ExitCode { ExitDone = 0, ExitInternal = 1, ExitUsage = 2, ExitInput = 3, ExitFindings = 4 };

/// Runs `kmw-cli` with `arguments` (arguments[0] is the program). Commands: scan,
/// apply, rules list|test. Prints to stdout/stderr; returns the exit code.
int run(const QStringList &arguments);

/// The standard output and error streams every command writes to (flushed by run()).
QTextStream &out();
QTextStream &err();
/// Says `message` on stderr ("kmw-cli: …") and returns `code` (an input error by default).
int fail(const QString &message, int code = ExitInput);
/// Writes `bytes` to stdout as they are (after what out() holds): reports, JSON, diffs.
void writeRaw(const QByteArray &bytes);

} // namespace kmw::cli
