#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVector>

namespace kmw {

/// One output of an executed cell, as the run driver reports it: standard output as
/// "stream" (raw: progress bars' '\r' and '\b' kept), `text/plain` results as "text"
/// (stderr is left out: frameworks log there), images decoded (PNG or JPEG bytes).
struct RunOutput {
    QString type;     ///< "stream", "text" or "image"
    QString text;
    QByteArray image; ///< decoded image bytes
    QString mime;     ///< "image/png", "image/jpeg"
};

/// What a cell raised (nbformat's error output), ANSI colours removed.
struct RunError {
    QString ename;
    QString evalue;
    QString traceback;
};

/// One code cell executed in a Jupyter kernel (resources/python/kmw_run_cells.py).
struct CellRun {
    int index = -1;       ///< 0-based index in the notebook's cells (0 for a script)
    /// "ok", "error", "timeout", "skipped" (a cell it reads names from failed) or
    /// "not-run" (the kernel died or could not start before it)
    QString status;
    QVector<RunOutput> outputs;
    RunError error;
    double seconds = 0;   ///< wall time of the cell, seconds
    QVector<int> skippedBecause; ///< the failed cells a skipped cell depends on

    bool ran() const { return status == QLatin1String("ok"); }
    bool failed() const { return status == QLatin1String("error") || status == QLatin1String("timeout"); }
    /// The stream and text outputs as a terminal shows them (terminalText() of the
    /// streams written one after the other, results on lines of their own; "" when none).
    QString text() const;
    int imageCount() const;
};

/// One side of a comparison: a notebook run under one framework.
struct SideRun {
    QString framework;     ///< "keras2", "keras3", "pytorch"
    QString python;        ///< interpreter path
    QString pythonVersion;
    QHash<QString, QString> versions; ///< package -> version (keras, tensorflow, torch…)
    QString seeding;       ///< the code run before the first cell
    QVector<CellRun> cells; ///< code cells, by index
    QString error;         ///< the kernel could not start or died ("" when fine)

    /// The run of cell `index`, or nullptr.
    const CellRun *cell(int index) const;
};

/// Text as a terminal would show it: '\r' starts the line again (the last write wins),
/// '\b' deletes the character before it, ANSI colour codes are removed. Keras's
/// progress bars write both.
QString terminalText(const QString &text);

/// Reads the driver's result JSON. False with `*error` when it is not that JSON.
bool parseSideRun(const QByteArray &json, SideRun *out, QString *error);

} // namespace kmw
