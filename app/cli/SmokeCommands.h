#pragma once

#include "CliCommands.h"

#include <QStringList>

namespace kmw {
struct SmokeRequest;
struct ExtractResult;
}

class QCommandLineParser;

namespace kmw::cli {

/// Adds the options that name a model and its data: --cell, --model, --data, --targets,
/// --set NAME=V, --input-shape (model, smoke, summaries, convert, verify).
void addModelOptions(QCommandLineParser *parser);
/// Reads request.path and extracts the model the request names (cell, model, --set,
/// --input-shape, shapes from --data). ExitDone, or the exit code after saying why.
int extractFromFile(const SmokeRequest &request, ExtractResult *result);

/// Reads those options into `request`; "" or the usage error.
QString readModelRequest(const QCommandLineParser &parser, SmokeRequest *request);


/// `kmw-cli model FILE [--cell N] [--model NAME] [--data D] [--set NAME=V]...
/// [--input-shape S] [--format table|json|summary]`: the model IR (layers, output
/// shapes, Keras and PyTorch parameter counts) or the tf.keras summary text.
int modelCommand(const QStringList &arguments);

/// `kmw-cli smoke FILE [--cell N] [--model NAME] [--data D] [--epochs N | --steps N]
/// [--batch-size N] [--seed N] [--validation-split F] [--set NAME=V]... [--input-shape S]
/// [--no-standardize] [--torchscript FILE.pt] [--json]`: smoke-trains the migrated model
/// in LibTorch (docs/DESIGN.md). Exit 0 when it trained (the verdict is in the output),
/// 3 when the model or data cannot be read. Writes nothing.
int smokeCommand(const QStringList &arguments);

/// `kmw-cli convert FILE [--cell N] [--model NAME] --to pytorch [--json]`: the model in
/// effect at cell N as a plain torch.nn.Module (PyTorchCodegen.h); with --json
/// {"class_name", "module_code", "input_shape", "params_torch", "notes"}.
int convertCommand(const QStringList &arguments);

/// `kmw-cli summaries PATH [--json] [--data D] [--set NAME=V]...`: every saved
/// model.summary() output in PATH's notebooks (rendered ones included) compared with the
/// summary of the model the workbench extracts at that cell.
int summariesCommand(const QStringList &arguments);

} // namespace kmw::cli
