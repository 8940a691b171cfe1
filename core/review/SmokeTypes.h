#pragma once

#include "ModelIR.h"

#include <QString>
#include <QVector>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>

namespace kmw {

/// Settings of one smoke run. Zero/negative values mean "take it from the model's
/// fit() call, else the default in brackets".
struct SmokeOptions {
    int epochs = 0;              ///< [1]
    qint64 steps = 0;            ///< > 0: stop after this many optimizer steps in all
    int batchSize = 0;           ///< [32]
    quint64 seed = 0;            ///< torch::manual_seed and data shuffling
    double validationSplit = -1; ///< [0.2]; Keras takes the last fraction of the rows
    bool standardize = true;     ///< z-score float features with training statistics
    int overfitSteps = 150;      ///< budget of the single-batch overfitting check
    /// Wall-clock bound of the whole run in seconds (training, validation and checks;
    /// 0 = none). Training stops at half of it; validation and the overfitting check
    /// are scaled down (fewer rows, fewer steps) to fit the rest, and
    /// SmokeResult::scaled says what was scaled and why.
    double budgetSeconds = 60;
    /// When the run was asked for (QDateTime::currentMSecsSinceEpoch(); 0 = when training
    /// starts): reading the file, making the data and building the model count against
    /// the budget too.
    qint64 startedAtMs = 0;
    /// Keras parameter count of the model before migration (-1: not known, the check
    /// then compares with the IR's own Keras count).
    qint64 kerasParamsBefore = -1;
    /// Overrides for models that carry no compile() (TorchScript, PyTorch code).
    std::optional<OptimizerSpec> optimizer;
    QString loss;
};

/// One optimizer step's training loss.
struct StepRecord {
    qint64 step = 0;   ///< 1-based, over the whole run
    int epoch = 0;     ///< 1-based
    double loss = 0;
};

/// One epoch, as Keras's History: NaN where a value does not apply (no validation
/// rows, accuracy of a regression).
struct EpochRecord {
    int epoch = 0;     ///< 1-based
    double loss = std::numeric_limits<double>::quiet_NaN();
    double valLoss = std::numeric_limits<double>::quiet_NaN();
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    double valAccuracy = std::numeric_limits<double>::quiet_NaN();
};

/// A verdict item: e.g. name "initial_loss", passed, detail "2.41 vs ln(10) = 2.30".
struct SmokeCheck {
    QString name;
    bool passed = false;
    QString detail;
};

/// What a run sends while it trains: a step, or an epoch's end (then `epoch` is set).
/// The callback runs on the training thread and must not block (the GUI queues it).
struct SmokeEvent {
    StepRecord step;
    std::optional<EpochRecord> epoch;
    qint64 totalSteps = 0;       ///< planned steps of the run
    /// A check in progress after training ("overfit_batch"; empty while training):
    /// its step and planned steps (`step` then repeats the last training step).
    QString check;
    int checkStep = 0, checkSteps = 0;
    double stepsPerSecond = 0;   ///< so far
};
using SmokeProgressFn = std::function<void(const SmokeEvent &)>;

struct SmokeResult {
    bool ran = false;            ///< false: `error` says why nothing trained
    bool cancelled = false;
    QString error;
    qint64 paramsTorch = 0;      ///< numel over the built module's parameters()
    qint64 buffersTorch = 0;     ///< numel over its buffers (BatchNorm running stats)
    TensorShape outputShape;     ///< without batch, as the torch module produced it
    qint64 trainRows = 0, validationRows = 0;
    int batchSize = 0;
    QVector<StepRecord> steps;
    QVector<EpochRecord> history;
    double stepsPerSecond = 0;   ///< optimizer steps per second of training time
    double seconds = 0;          ///< wall time of the training loop
    QVector<SmokeCheck> checks;
    QString runnerModule;        ///< the LibTorch module file that ran it (absolute path)
    QStringList scaled;          ///< what the budget scaled down, and why
    bool passed() const;         ///< ran, not cancelled, and every check passed
};

} // namespace kmw
