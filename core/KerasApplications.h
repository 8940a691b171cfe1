#pragma once

#include "ModelIR.h"

namespace kmw {

/// keras.applications builders (keras/applications/vgg16.py, vgg19.py, resnet.py, mobilenet_v2.py with alpha 1.0, Keras 2.x):
/// the layer graph with Keras names. `includeTop` adds the classifier (`classes`);
/// otherwise `pooling` is "", "avg" or "max". `inputShape` defaults to {224, 224, 3}.
/// False with `*error` for an unknown application.
bool buildKerasApplication(const QString &name, bool includeTop, const TensorShape &inputShape,
                           const QString &pooling, qint64 classes, ModelIR *model,
                           QString *error);

/// The applications buildKerasApplication() knows.
QStringList kerasApplications();

} // namespace kmw
