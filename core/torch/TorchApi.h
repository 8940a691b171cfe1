#pragma once

// The table of entry points the LibTorch module (kmw_torch_module, a shared library
// loaded on first use) exports through `extern "C" const kmw::TorchApi *kmw_torch_api()`.
// Loading LibTorch costs ~0.4 s of start-up (150,000 relocations and its static
// initialisers), so the programs do not link it: TorchLoader.cpp loads the module the
// first time a smoke run is asked for. No torch header here.

#include "Dataset.h"
#include "ModelIR.h"
#include "SmokeTypes.h"
#include "WeightMap.h"

#include <QPair>
#include <QVector>

#include <QString>

#include <atomic>

namespace kmw {

/// Bumped whenever the table or the types it passes change: a module built from other
/// sources is refused.
constexpr int kTorchApiVersion = 2;

struct TorchApi {
    int version;
    SmokeResult (*runSmoke)(const ModelIR &, const Dataset &, const SmokeOptions &, const SmokeProgressFn &,
                            const std::atomic_bool *);
    SmokeResult (*runTorchScriptSmoke)(const QString &, const Dataset &, const SmokeOptions &,
                                       const SmokeProgressFn &, const std::atomic_bool *);
    bool (*writeTorchScriptFixture)(const QString &, int, int, int, QString *);
    QString (*torchVersion)();
    bool (*writeStateDict)(const QString &, const QVector<QPair<QString, HostArray>> &, QString *);
};

} // namespace kmw
