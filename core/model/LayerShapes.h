#pragma once

// What the layer descriptors of core/model/layers/ share: Keras's shape arithmetic
// (keras/utils/conv_utils.py) and the recurrent layers' counts. Internal to the model
// sub-library.

#include "KerasArguments.h"
#include "LayerFactory.h"
#include "LayerType.h"
#include "TorchText.h"

#include <QLocale>

#include <algorithm>

namespace kmw {

inline QString str(const char *s) { return QString::fromLatin1(s); }

/// Keras's ceil(L/s) and floor((L - d(k-1) - 1 + pads)/s) + 1 (keras/utils/conv_utils.py
/// conv_output_length); -1 stays unknown.
inline qint64 convLength(qint64 length, qint64 kernel, const QString &padding, qint64 stride,
                  qint64 dilation, qint64 explicitPad)
{
    if (length < 0)
        return -1;
    const qint64 effective = kernel + (kernel - 1) * (dilation - 1);
    if (padding == str("same"))
        return (length + stride - 1) / stride;
    const qint64 numerator = length + 2 * explicitPad - effective;
    if (numerator < 0)
        return 0;
    return numerator / stride + 1;
}

/// Keras's deconv_output_length (keras/utils/conv_utils.py) for Conv2DTranspose: without
/// output_padding (-1), valid L*s + max(k' - s, 0) and same L*s; with it,
/// (L - 1)*s + k' - 2*pad + output_padding, pad = k'/2 for same, 0 for valid;
/// k' = k + (k - 1)(d - 1).
inline qint64 transposedLength(qint64 length, qint64 kernel, const QString &padding, qint64 stride,
                        qint64 dilation, qint64 outputPadding)
{
    const qint64 k = kernel + (kernel - 1) * (dilation - 1);
    const bool same = padding == str("same");
    if (outputPadding < 0)
        return same ? length * stride : length * stride + std::max<qint64>(k - stride, 0);
    return (length - 1) * stride + k - 2 * (same ? k / 2 : 0) + outputPadding;
}

inline qint64 at(const QVector<qint64> &v, int i, qint64 fallback)
{
    if (v.isEmpty())
        return fallback;
    return i < v.size() ? v[i] : v.last();
}

/// Resolves a Keras axis (counted with the batch dimension, negative from the end) to an
/// index into a shape without batch; -1 when it names the batch axis or is out of range.
inline int shapeAxis(int axis, int rank)
{
    const int full = rank + 1;
    int a = axis < 0 ? axis + full : axis;
    if (a <= 0 || a >= full)
        return -1;
    return a - 1;
}

/// Parameter counts of a recurrent layer with `in` input features (catalog §2 table).
inline LayerCounts recurrentCounts(const LayerSpec &l, qint64 in)
{
    const qint64 u = l.units;
    LayerCounts c;
    if (l.type == str("SimpleRNN")) {
        c.keras = u * (in + u) + (l.useBias ? u : 0);
        c.torch = u * (in + u) + (l.useBias ? 2 * u : 0);
    } else if (l.type == str("LSTM")) {
        c.keras = 4 * u * (in + u) + (l.useBias ? 4 * u : 0);
        c.torch = 4 * u * (in + u) + (l.useBias ? 8 * u : 0);
    } else { // GRU
        c.keras = 3 * u * (in + u) + (l.useBias ? (l.resetAfter ? 6 * u : 3 * u) : 0);
        c.torch = 3 * u * (in + u) + (l.useBias ? 6 * u : 0);
    }
    return c;
}

inline bool isRecurrent(const QString &type)
{
    return type == str("SimpleRNN") || type == str("LSTM") || type == str("GRU");
}

/// The shape inference of a layer whose output has its input's shape and that holds no
/// weights (InputLayer, activations, dropout and noise, Rescaling, augmentations).
inline bool inferSameShape(LayerSpec &l, const QVector<TensorShape> &in, LayerCounts *, QString *)
{
    l.outputShape = in.isEmpty() ? TensorShape() : in.first();
    return true;
}

/// False with `*why` unless `x` has `rank` dimensions without the batch one.
inline bool needRank(const TensorShape &x, int rank, const char *what, QString *why)
{
    if (x.size() != rank) {
        *why = QStringLiteral("expects %1 input (rank %2 with batch), got %3")
                   .arg(str(what)).arg(rank + 1).arg(kerasShapeString(x));
        return false;
    }
    return true;
}

/// UpSampling2D and Resizing as PyTorch source: F.interpolate (ConvLayers.cpp).
void interpolateTorchSource(const TorchSourceInput &source, TorchSource *out);

void registerCoreLayers();
void registerConvLayers();
void registerPreprocessingLayers();
void registerRecurrentLayers();
void registerMergeLayers();

} // namespace kmw
