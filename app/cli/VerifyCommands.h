#pragma once

#include "CliCommands.h"

#include <QStringList>

namespace kmw::cli {

/// `kmw-cli verify FILE [--cell N] [--python PY] [--target keras3-torch|keras-to-pytorch|both]
/// [--set NAME=V]... [--data D] [--input-shape S] [--seed N] [--steps N] [--timeout S] [--root DIR]
/// [--json]`: each model of FILE (or the one built at cell N) built by its own sliced code
/// under Keras 2, the keras3-torch migration under Keras 3 (torch backend) and the
/// keras-to-pytorch module under PyTorch, with the Keras 2 weights copied into the other
/// two; compares parameters, layer shapes and outputs, loss, gradient norms and the loss
/// after N training steps (Verify.h). Prints a table per model (or JSON) and keeps the
/// report in `<root>/.kmw/verify.json`, where root is FILE's folder (or the repository
/// holding it: the nearest folder up with a `.kmw` or `.git`). Exit 0 when the models were
/// run (verdicts in the output), 3 when FILE, the data or the interpreter cannot be used.
int verifyCommand(const QStringList &arguments);

/// `kmw-cli port-weights MODEL.h5|MODEL.keras --file F [--cell N] [--model NAME]
/// [--set NAME=V]... --out model.pth`: the Keras weights of MODEL (KerasWeightsFile.h)
/// written as the state_dict of the module `kmw-cli convert F --to pytorch` generates for
/// the model at cell N, through the same weight map as verify (WeightMap.h). Writes only
/// model.pth (atomically). Exit 0 when written, 3 when a file or layer does not fit.
int portWeightsCommand(const QStringList &arguments);

} // namespace kmw::cli
