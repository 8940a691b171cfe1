#pragma once

// What the GUI tests share: a small notebook with two findings, finding rows by rule,
// a window opened on a repository.

#include "CellWidget.h"
#include "FindingRow.h"
#include "MainWindow.h"
#include "NotebookView.h"

#include <QByteArray>

namespace kmw::test {

/// A lab notebook: a markdown cell and a code cell with `Adam(lr=0.001)` (findings
/// optimizer-lr and tf-keras-from-import) and a stream output.
inline const QByteArray kNotebook = R"json({
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Lab"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 4,
   "metadata": {},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok\n"]}],
   "source": [
    "from tensorflow.keras import optimizers\n",
    "opt = optimizers.Adam(lr=0.001)"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}
)json";

/// The finding row of `rule` in the open file (its cell in `*cellOut`), or null.
inline FindingRow *rowFor(NotebookView *view, const QString &rule, CellWidget **cellOut)
{
    for (CellWidget *cell : view->cellWidgets())
        for (FindingRow *row : cell->findingRows())
            for (const Finding &f : view->review()->findings())
                if (f.id == row->findingId() && f.ruleId == rule) {
                    *cellOut = cell;
                    return row;
                }
    return nullptr;
}

/// Shows `window` at full size and opens the repository `root` (scan finished).
inline void showRepository(MainWindow &window, const QString &root)
{
    window.resize(1600, 1000);
    window.show();
    window.openRepository(root);
    window.waitForScan();
}

} // namespace kmw::test
