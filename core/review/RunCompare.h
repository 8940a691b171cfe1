#pragma once

#include "NotebookRun.h"

#include <QMap>
#include <QString>
#include <QVector>

namespace kmw {

/// How a cell's migrated run compares with its original run.
enum class CellVerdict {
    Same,           ///< both ran; text equal, numbers equal to kSameRelative (the
                    ///< model.summary() tables by what they say: layers, shapes, params)
    Close,          ///< both ran; numbers within kCloseRelative (losses, metrics)
    Differs,        ///< both ran; the outputs differ beyond that
    MigratedFailed, ///< the original ran, the migrated one raised (or timed out)
    BothFailed,     ///< both raised: the environment (data missing, no network)
    OriginalFailed, ///< the original raised, the migrated one ran
    Skipped,        ///< not run on a side: a cell it depends on failed there
    NotRun,         ///< a kernel died or never started before this cell
};

/// "same", "close", "differs", "migrated-failed", "both-failed", "original-failed",
/// "skipped", "not-run".
QString verdictName(CellVerdict verdict);
/// The verdict named by verdictName(); NotRun for an unknown name.
CellVerdict verdictFromName(const QString &name);

/// Numbers are "the same" when their relative difference is at most this (or their
/// absolute difference at most kSameAbsolute): printed values rounded differently.
constexpr double kSameRelative = 1e-4;
constexpr double kSameAbsolute = 1e-6;
/// Numbers are "close" within this relative difference (±5%: losses and metrics of
/// two frameworks' runs).
constexpr double kCloseRelative = 0.05;

/// Text output made comparable across Keras 2 and Keras 3: carriage-return
/// overwrites resolved (the last write of a line wins), ANSI colours, progress bars
/// (`[====>...]`, `━━━`), ETA and timings (`2s`, `15ms/step`), object addresses
/// (`at 0x7f…`) and module paths of reprs (`<keras.src.callbacks.History …>`) removed,
/// `%%time`'s "CPU times:"/"Wall time:" lines dropped,
/// and each Keras log line's `name: value` pairs sorted (Keras 3 prints them in
/// another order), without the step counter before them; an explicit training loop's
/// "Epoch 3/15: loss 0.21, accuracy 0.95" reads as Keras's two lines. Blank lines are
/// dropped.
QString normalizeOutputText(const QString &text);

/// One cell's comparison.
struct CellComparison {
    int index = -1;
    CellVerdict verdict = CellVerdict::NotRun;
    QString detail;    ///< why (the largest difference, the error), for people
    CellRun original;
    CellRun migrated;
};

/// Compares one cell's two runs (either may be missing: status "not-run").
CellComparison compareCells(const CellRun &original, const CellRun &migrated);

/// A notebook (or script) run on both sides.
struct FileComparison {
    QString path;        ///< relative to the repository, '/'
    QString target;      ///< "keras3-torch" or "keras-to-pytorch"
    SideRun original;
    SideRun migrated;
    QVector<CellComparison> cells;
    QString error;       ///< the comparison could not run ("" when it did)
    QString finished;    ///< ISO 8601 UTC

    /// Count per verdict.
    QMap<CellVerdict, int> counts() const;
    /// No cell migrated-failed and no error.
    bool passed() const;
    /// "PATH: 12 same, 3 close, 1 differs, 0 migrated-failed, …" (zero counts left out
    /// except migrated-failed).
    QString summaryLine() const;
    const CellComparison *cell(int index) const;
};

/// Compares two sides cell by cell (the union of their code cells, by index).
FileComparison compareSides(const QString &path, const QString &target, const SideRun &original,
                            const SideRun &migrated);

/// JSON of one file's comparison, as `run-compare --json` prints it and `.kmw/run.json`
/// keeps it: {"path", "target", "verdict": "pass|fail", "summary", "counts": {verdict:
/// n}, "original": {"framework", "python", "versions", "seeding", "error"}, "migrated":
/// {…}, "cells": [{"index", "verdict", "detail", "original": {"status", "seconds",
/// "text", "images", "error"}, "migrated": {…}}], "error", "finished"}. Images are kept
/// as base64 only when `withImages`.
QByteArray fileComparisonJson(const FileComparison &comparison, bool withImages);
/// Reads what fileComparisonJson() wrote (an object). False when it is not that.
bool parseFileComparison(const QByteArray &json, FileComparison *out);

/// The last comparison of each file, from `<root>/.kmw/run.json` (relative path ->
/// comparison; images not kept); empty when absent or unreadable.
QMap<QString, FileComparison> loadRunRecords(const QString &root);
/// Replaces `comparison.path`'s record in `<root>/.kmw/run.json` (atomic; `.kmw/` is
/// created). False with `*error`.
bool saveRunRecord(const QString &root, const FileComparison &comparison, QString *error);

} // namespace kmw
