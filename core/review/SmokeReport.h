#pragma once

#include "ModelIR.h"
#include "SmokeSetup.h"
#include "SmokeTypes.h"

#include <QByteArray>
#include <QString>

namespace kmw {

/// The model part of the smoke JSON (docs/DESIGN.md, `kmw-cli smoke --json`):
/// {"name", "kind", "variable", "cell", "input_shape", "layers": [{"name", "type",
/// "output_shape", "params", "params_torch"}], "params_keras", "trainable_keras",
/// "non_trainable_keras", "params_torch", "loss", "optimizer", "notes"}; shapes are
/// arrays with null for the batch and unknown dimensions.
QByteArray modelJson(const ModelIR &model);

/// `kmw-cli smoke --json`: {"model", "data", "history": [{"epoch", "loss", "val_loss",
/// "accuracy", "val_accuracy"}], "steps_per_second", "checks": [{"name", "passed",
/// "detail"}], "verdict": "pass"|"fail"} plus "params_keras_before", "seconds",
/// "cancelled" and "error" when the run could not start. NaN values are written as null.
QByteArray smokeJson(const SmokeSetup &setup, const SmokeResult &result);

/// One epoch as the text report prints it: `Epoch 3: loss 0.1234 - accuracy 0.9700 -
/// val_loss … - val_accuracy …` (4 decimals).
QString smokeEpochLine(const EpochRecord &epoch);

/// One check as the text report prints it: `[pass] initial_loss: 2.41 vs ln(10) …`.
QString smokeCheckLine(const SmokeCheck &check);

/// Keras-style one-line-per-layer table of the IR (name, type, output shape, Keras and
/// PyTorch parameter counts) with totals.
QString modelTable(const ModelIR &model);

} // namespace kmw
