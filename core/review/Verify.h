#pragma once

#include "Document.h"
#include "ModelExtractor.h"
#include "ModelIR.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace kmw {

/// What `kmw-cli verify` (and Model › Verify in Python) checks.
struct VerifyRequest {
    QString root;          ///< the repository (absolute); the harness runs in a copy of it
    QString relativePath;  ///< the notebook or script, relative to root with '/'
    int cell = -1;         ///< the model built at this cell; -1: every model found
    QString python;        ///< interpreter (findFrameworkPython())
    /// "both", "keras3-torch" (Keras 3 side only) or "keras-to-pytorch" (PyTorch only).
    QString target = QStringLiteral("both");
    QHash<QString, qint64> bindings; ///< `--set NAME=V`: sizes the code takes from data
    QString data;          ///< `--data D` (DataRequest::spec): shapes for X_train.shape[i]
    TensorShape inputShape; ///< `--input-shape`
    int seed = 0;
    int batchSize = 8;     ///< rows of the seeded batches
    int steps = 20;        ///< training steps compared
    int timeout = 600;     ///< seconds per side
    QStringList searchDirs; ///< where `--data digits` is looked for
};

/// Tolerances (float32), stated in every report.
struct VerifyTolerances {
    double outputAbs = 1e-4;   ///< a layer's or the model's output: max |a - b| ≤ this …
    double outputRel = 1e-5;   ///< … or ≤ this × max |Keras 2 output|
    double lossRel = 1e-4;     ///< one-batch loss, relative
    double gradRel = 1e-3;     ///< gradient norm per layer, relative (or ≤ 1e-6 absolute)
    double stepsRel = 1e-3;    ///< loss after the training steps, relative
};

/// One check of a side against Keras 2.
struct VerifyCheck {
    QString name;   ///< "builds", "parameters", "shapes", "output", "loss", "gradients", "training"
    bool ok = false;
    QString detail; ///< the values compared, or what failed
};

/// One side's result (kmw_verify.py's JSON) and its verdict against Keras 2.
struct VerifySide {
    QString framework;        ///< "keras2", "keras3", "pytorch"
    bool ran = false;         ///< false: not asked for, or an earlier side failed
    QJsonObject result;       ///< the driver's output
    QString verdict;          ///< "equal" | "diverged" | "failed" | "not-run" (Keras 2: "ok"/"failed")
    double maxAbsDiff = -1;   ///< of the model's output, -1 when not compared
    QString firstDivergentLayer;
    QVector<VerifyCheck> checks;
    QString error;            ///< what failed, with the stage
};

/// A model built in the code: its variable and the cell that builds it.
struct ModelSite {
    QString variable;
    int cell = -1;     ///< where it is built
    int lastCell = -1; ///< the cell whose end state has its compile() (or `cell`)
};

/// One model of the file, verified.
struct ModelVerification {
    ModelSite site;
    QString name;             ///< the model variable
    int cell = -1;            ///< cell where it is built (-1 in scripts: line)
    int line = 0;
    QString verdict;          ///< "equal" | "diverged" | "failed"
    double maxAbsDiff = -1;   ///< the largest output difference over the sides compared
    QString firstDivergentLayer;
    QString error;            ///< why the model could not be verified at all
    QStringList notes;        ///< what was assumed (stubs, bindings, layers switched off)
    VerifySide keras2, keras3, pytorch;
    QByteArray spec;          ///< the harness spec given to kmw_verify.py (JSON)
    /// Names the extractor could not give a value (sizes from data): the Keras 2 side runs
    /// the code that loads the data and reports them; completeFromProbe() then writes the
    /// rest of the spec.
    QStringList probe;
};

/// The documents and options a report's models were read with (prepareVerify()).
struct VerifyContext {
    VerifyRequest request;
    Document original;   ///< the file as it is
    Document migrated;   ///< with every fixable keras3-torch finding applied, in memory
    ExtractOptions options;
    bool script = false;
};

/// A file's verification.
struct VerifyReport {
    QString path;             ///< relative to the root
    QString error;            ///< the file could not be read or migrated
    VerifyTolerances tolerances;
    QVector<ModelVerification> models;
    std::shared_ptr<const VerifyContext> context; ///< set by prepareVerify()
};

/// The models built in `document`, in order: a cell where the extractor's model (the last
/// one built or compiled up to that cell) is built in that very cell is a site. With
/// `cell` >= 0 only the model in effect at that cell.
QVector<ModelSite> findModelSites(const Document &document, int cell);

/// Reads the file, migrates it in memory with every fixable keras3-torch finding
/// (nothing written), finds its models and writes each one's harness spec (ModelVerification::
/// spec; its sides not run yet). Models the extractor cannot read, or whose module cannot
/// be generated, are listed with `error`/`verdict` "failed". False with `report->error`
/// when the file cannot be read.
bool prepareVerify(const VerifyRequest &request, VerifyReport *report);

/// Reads a probed model again with the sizes its Keras 2 side found (`probed`: name ->
/// value) and writes the rest of its spec (inputs, stubs, the PyTorch module). False with
/// `m->error` when it still cannot be read.
bool completeFromProbe(const VerifyReport &report, ModelVerification *m, const QHash<QString, qint64> &probed);

/// Judges `side` against the Keras 2 reference under `tolerances`: fills its checks,
/// verdict, maxAbsDiff and first divergent layer (the first layer, in Keras's order,
/// whose output is out of tolerance).
void judgeSide(const VerifySide &keras2, VerifySide *side, const VerifyTolerances &tolerances);

/// Sets a model's verdict from its sides: failed when Keras 2 or a side asked for
/// failed, diverged when a side diverged, else equal.
void summarizeModel(ModelVerification *model);

/// The DESIGN.md contract: {"file", "tolerances", "models": [{"name", "cell", "keras2":
/// {...}, "keras3": {...}, "pytorch": {...}, "max_abs_diff", "first_divergent_layer",
/// "verdict", "error"}]}; each side {"verdict", "checks", "max_abs_diff",
/// "first_divergent_layer", "error", "traceback", "params", "layers", "loss", "losses",
/// "notes", "slice"}.
QJsonObject verifyReportJson(const VerifyReport &report);
/// Reads verifyReportJson()'s form back (the GUI shows the last run from .kmw/verify.json).
VerifyReport verifyReportFromJson(const QJsonObject &json);

/// A readable table: one block per model, one row per check, three columns.
QString verifyReportText(const VerifyReport &report);

} // namespace kmw
