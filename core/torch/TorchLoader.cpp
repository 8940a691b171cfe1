// The public smoke-runner functions (TorchRunner.h), forwarded to the LibTorch module,
// which is loaded with QLibrary on first use. No torch header here.

#include "TorchApi.h"
#include "TorchRunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibrary>

namespace kmw {

namespace {

struct LoadedApi {
    const TorchApi *api = nullptr;
    QString path;   ///< the module file it came from
    QString error;
};

/// Where the module is looked for: $KMW_TORCH_MODULE, next to the executable, then in
/// KMW_TORCH_MODULE_DIR relative to the executable ("../lib/kmw": /usr/bin/kmw finds
/// /usr/lib/kmw/, build/app/kmw and build/tests/tst_* find build/lib/kmw/). No absolute
/// path is compiled in, so an installed copy never reaches into a build tree.
QStringList moduleCandidates()
{
    QStringList paths;
    const QString env = qEnvironmentVariable("KMW_TORCH_MODULE");
    if (!env.isEmpty())
        paths << env;
    if (QCoreApplication::instance()) {
        const QDir dir(QCoreApplication::applicationDirPath());
        paths << dir.filePath(QStringLiteral(KMW_TORCH_MODULE_NAME));
        paths << QDir::cleanPath(dir.filePath(QStringLiteral(KMW_TORCH_MODULE_DIR "/" KMW_TORCH_MODULE_NAME)));
    }
    return paths;
}

const LoadedApi &loaded()
{
    static const LoadedApi api = [] {
        LoadedApi result;
        QStringList tried;
        for (const QString &path : moduleCandidates()) {
            if (!QFileInfo::exists(path))
                continue;
            QLibrary library(path);
            // The module stays loaded for the life of the process (QLibrary does not
            // unload on destruction unless asked).
            using Entry = const TorchApi *(*)();
            const auto entry = reinterpret_cast<Entry>(library.resolve("kmw_torch_api"));
            if (!entry) {
                tried << QStringLiteral("%1 (%2)").arg(path, library.errorString());
                continue;
            }
            const TorchApi *api = entry();
            if (!api || api->version != kTorchApiVersion) {
                tried << QStringLiteral("%1 (built from other sources)").arg(path);
                continue;
            }
            result.api = api;
            result.path = QFileInfo(path).absoluteFilePath();
            return result;
        }
        result.error = QStringLiteral("the LibTorch runner module (%1) cannot be loaded: %2")
                           .arg(QStringLiteral(KMW_TORCH_MODULE_NAME),
                                tried.isEmpty() ? moduleCandidates().join(QStringLiteral(", ")) + QStringLiteral(" not found")
                                                : tried.join(QStringLiteral("; ")));
        return result;
    }();
    return api;
}

SmokeResult unavailable()
{
    SmokeResult r;
    r.error = loaded().error;
    return r;
}

} // namespace

SmokeResult runSmoke(const ModelIR &model, const Dataset &data, const SmokeOptions &options,
                     const SmokeProgressFn &progress, const std::atomic_bool *cancel)
{
    const TorchApi *api = loaded().api;
    if (!api)
        return unavailable();
    SmokeResult result = api->runSmoke(model, data, options, progress, cancel);
    result.runnerModule = loaded().path;
    return result;
}

SmokeResult runTorchScriptSmoke(const QString &path, const Dataset &data, const SmokeOptions &options,
                                const SmokeProgressFn &progress, const std::atomic_bool *cancel)
{
    const TorchApi *api = loaded().api;
    if (!api)
        return unavailable();
    SmokeResult result = api->runTorchScriptSmoke(path, data, options, progress, cancel);
    result.runnerModule = loaded().path;
    return result;
}

bool writeTorchScriptFixture(const QString &path, int in, int hidden, int classes, QString *error)
{
    const TorchApi *api = loaded().api;
    if (!api) {
        *error = loaded().error;
        return false;
    }
    return api->writeTorchScriptFixture(path, in, hidden, classes, error);
}

bool writeStateDict(const QString &path, const QVector<QPair<QString, HostArray>> &state, QString *error)
{
    const TorchApi *api = loaded().api;
    if (!api) {
        *error = loaded().error;
        return false;
    }
    return api->writeStateDict(path, state, error);
}

QString torchModulePath()
{
    return loaded().path;
}

QString torchVersion()
{
    const TorchApi *api = loaded().api;
    return api ? api->torchVersion() : QString();
}

bool torchAvailable(QString *error)
{
    if (error)
        *error = loaded().error;
    return loaded().api != nullptr;
}

} // namespace kmw
