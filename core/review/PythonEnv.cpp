#include "PythonEnv.h"

#include <QDir>
#include <QFileInfo>

namespace kmw {

namespace {

bool isExecutable(const QString &path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

} // namespace

QString findFrameworkPython(const QString &requested, QString *why)
{
    if (!requested.isEmpty()) {
        if (isExecutable(requested))
            return QFileInfo(requested).absoluteFilePath();
        if (why)
            *why = QStringLiteral("%1: no such executable").arg(requested);
        return {};
    }
    const QString fromEnv = qEnvironmentVariable("KMW_PYTHON");
    if (!fromEnv.isEmpty()) {
        if (isExecutable(fromEnv))
            return fromEnv;
        if (why)
            *why = QStringLiteral("KMW_PYTHON=%1: no such executable").arg(fromEnv);
        return {};
    }
    QString deps = qEnvironmentVariable("KMW_DEPS_DIR");
    if (deps.isEmpty())
        deps = QStringLiteral("/opt/kmw-deps");
    const QString venv = QDir(deps).filePath(QStringLiteral("venv/bin/python"));
    if (isExecutable(venv))
        return venv;
    if (why)
        *why = QStringLiteral("no Python environment with the frameworks: %1 does not exist (scripts/setup.sh "
                              "creates it), and neither --python nor KMW_PYTHON names one")
                   .arg(venv);
    return {};
}

QString frameworkName(RunFramework framework)
{
    switch (framework) {
    case RunFramework::Keras2: return QStringLiteral("keras2");
    case RunFramework::Keras3: return QStringLiteral("keras3");
    case RunFramework::PyTorch: return QStringLiteral("pytorch");
    }
    return {};
}

QProcessEnvironment frameworkEnvironment(RunFramework framework, int seed)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONHASHSEED"), QString::number(seed));
    env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), QString());
    env.insert(QStringLiteral("TF_CPP_MIN_LOG_LEVEL"), QStringLiteral("2"));
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    env.remove(QStringLiteral("PYTHONPATH"));
    if (framework == RunFramework::Keras2 || framework == RunFramework::PyTorch) {
        env.insert(QStringLiteral("TF_USE_LEGACY_KERAS"), QStringLiteral("1"));
        env.remove(QStringLiteral("KERAS_BACKEND"));
    } else {
        env.remove(QStringLiteral("TF_USE_LEGACY_KERAS"));
        env.insert(QStringLiteral("KERAS_BACKEND"), QStringLiteral("torch"));
    }
    return env;
}

} // namespace kmw
