#pragma once

#include "CliCommands.h"

#include <QStringList>

namespace kmw::cli {

/// `kmw-cli run-compare PATH [--file F]... [--target keras3-torch|keras-to-pytorch]
/// [--python PY] [--timeout-per-cell S] [--seed N] [--all] [--json]`: runs each notebook
/// (or script, as one cell) of PATH twice in Jupyter kernels of the chosen Python, in
/// temporary copies of the repository: as it is under Keras 2, and migrated (the
/// accepted decisions of .kmw/review.json, or every fixable finding with --all) under
/// Keras 3 on torch or plain PyTorch; prints a verdict per cell and a summary line per
/// file, and keeps the last comparison of each file in `.kmw/run.json` (nothing else is
/// written). Exit 0 when the files were compared (verdicts in the output), 3 when PATH,
/// a file or the interpreter cannot be used.
int runCompareCommand(const QStringList &arguments);

} // namespace kmw::cli
