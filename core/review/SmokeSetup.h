#pragma once

#include "Dataset.h"
#include "Document.h"
#include "ModelExtractor.h"
#include "ModelIR.h"
#include "SmokeTypes.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace kmw {

/// What the user asked to smoke-train (`kmw-cli smoke`, the GUI's Smoke Train action).
struct SmokeRequest {
    QString path;              ///< the notebook or script
    int cell = -1;             ///< model in effect at this cell (-1: the end)
    QString modelName;         ///< model variable ("" = the last one built)
    QString data = QStringLiteral("synthetic"); ///< DataRequest::spec
    QString targets;           ///< DataRequest::targetsPath
    QHash<QString, qint64> bindings; ///< `--set NAME=VALUE`
    TensorShape inputShape;    ///< `--input-shape`
    SmokeOptions options;
    QStringList searchDirs;    ///< where digits.csv.gz is looked for first
};

/// Everything a run needs, resolved: the migrated model, the data ready to train on,
/// the options with fit() values filled in.
struct SmokeSetup {
    ModelIR model;             ///< from the migrated ("after") code
    ModelIR before;            ///< from the code before migration (when it could be read)
    bool hasBefore = false;
    QString beforeLabel;       ///< where "before" came from ("the file on disk", …)
    Dataset data;
    SmokeOptions options;      ///< epochs, batch size, validation split resolved
    QStringList notes;
    /// On failure too: variables the code cannot give a value for (`input_dim` of
    /// `input_dim = X_train.shape[1]`); a value for them goes in SmokeRequest::bindings.
    QStringList unresolvedNames;
};

/// The data a request names, as loadDataset() takes it (spec, targets, seed, folders).
DataRequest dataRequestFor(const SmokeRequest &request);

/// Step 1 of prepareSmoke(), and of the CLI's `model` and `smoke`: the request's file
/// data into `*data` (nothing for synthetic data) and the extraction options it gives:
/// cell, model, `--set` bindings, input shape, and the data's feature shape and classes
/// (so that `X_train.shape[1]` resolves). False with loadDataset()'s `*error`.
bool smokeExtractOptions(const SmokeRequest &request, ExtractOptions *options, Dataset *data, QString *error);

/// Resolves a request against two versions of a document: `before` (as it was before
/// migration) and `after` (migrated; may be the same document). Loads the data (for
/// file data first, so `X_train.shape[1]` and the classes come from it), extracts the
/// model from `after` and `before`, makes synthetic data to the model's shapes, then
/// shuffles (seed), reshapes to the model's input, standardizes float features with the
/// training rows' statistics and fills epochs/batch size/validation split from fit()
/// (defaults 1 / 32 / 0.2). False with `*error` (the path, cell and what is missing).
bool prepareSmoke(const Document &before, const Document &after, const SmokeRequest &request,
                  SmokeSetup *setup, QString *error);

/// Reads request.path and prepares it: "after" is the file with every fixable finding
/// of the keras3-torch pack accepted (in memory, nothing written); "before" is the copy
/// in the repository's `.kmw/backup/` when the file was migrated with a backup, else
/// the file as it is on disk.
bool prepareSmokeFromFile(const SmokeRequest &request, SmokeSetup *setup, QString *error);

/// Prepares a TorchScript smoke run (`--torchscript FILE.pt`): no model code is read,
/// so the data decides the input. request.data "synthetic" means digits here (synthetic
/// rows need a model's shapes). Options get their defaults (1 epoch, batch 32, split
/// 0.2); rows are shuffled and float features standardized as prepareSmoke() does.
bool prepareTorchScriptSmoke(const QString &modulePath, const SmokeRequest &request,
                             SmokeSetup *setup, QString *error);

} // namespace kmw
