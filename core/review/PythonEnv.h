#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace kmw {

/// The Python interpreter that runs user code for `run-compare` (and later `verify`):
/// `requested` when given (`--python PY`, the GUI's preference), else $KMW_PYTHON, else
/// the venv that scripts/setup.sh makes, `$KMW_DEPS_DIR/venv/bin/python` (default
/// /opt/kmw-deps/venv). The workbench never installs into it. Empty with `*why` (what
/// was tried and how to get one) when none exists. The workbench itself needs no Python.
QString findFrameworkPython(const QString &requested, QString *why);

/// The frameworks a side of a comparison runs under.
enum class RunFramework {
    Keras2,  ///< tf.keras (Keras 2): tf-keras under TF_USE_LEGACY_KERAS=1
    Keras3,  ///< Keras 3 with KERAS_BACKEND=torch
    PyTorch, ///< plain PyTorch; what the target leaves in Keras is Keras 2 code, run as
             ///< on the original side (TF_USE_LEGACY_KERAS=1)
};

/// "keras2", "keras3" or "pytorch" (the driver's and run.json's names).
QString frameworkName(RunFramework framework);

/// The environment a side runs in: the system's, plus PYTHONHASHSEED=`seed`, no GPU
/// (CUDA_VISIBLE_DEVICES=""), TensorFlow's C++ logging quiet, and the framework's
/// switches (TF_USE_LEGACY_KERAS=1 for Keras 2 and plain PyTorch; KERAS_BACKEND=torch
/// for Keras 3, with TF_USE_LEGACY_KERAS removed). Sources: https://keras.io/getting_started/ (backend),
/// https://github.com/keras-team/tf-keras (TF_USE_LEGACY_KERAS).
QProcessEnvironment frameworkEnvironment(RunFramework framework, int seed);

} // namespace kmw
