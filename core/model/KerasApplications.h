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

/// What `keras.applications.<module>.preprocess_input` computes on an RGB image batch
/// with values 0..255, as a Lambda's function (LayerSpec::function and its fields):
/// "caffe" mode (vgg16, vgg19, resnet50, resnet, imagenet_utils): channels reversed to BGR,
/// ImageNet's BGR means (103.939, 116.779, 123.68) subtracted; "tf" mode (mobilenet,
/// mobilenet_v2, inception_v3, inception_resnet_v2, xception, resnet_v2, nasnet):
/// x / 127.5 - 1; "torch" mode (densenet): x / 255, then (x - mean) / std with ImageNet's
/// RGB mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225); efficientnet,
/// efficientnet_v2, convnext, mobilenet_v3, regnet: unchanged (their models rescale).
/// Source: keras/applications/imagenet_utils.py `_preprocess_numpy_input` and each
/// module's preprocess_input (Keras 2.x). False for another function path.
bool applicationPreprocessing(const QString &functionPath, LayerSpec *function);

} // namespace kmw
