#include "WeightMap.h"

#include "PyTorchCodegen.h"

#include <nlohmann/json.hpp>

#include <numeric>

namespace kmw {

namespace {

QString s(const char *text) { return QString::fromLatin1(text); }

WeightOp permute(QVector<qint64> axes) { return WeightOp{s("permute"), std::move(axes)}; }
WeightOp reshape(QVector<qint64> shape) { return WeightOp{s("reshape"), std::move(shape)}; }
WeightOp row(qint64 index) { return WeightOp{s("row"), {index}}; }
/// GRU: Keras's gate blocks z, r, h -> PyTorch's r, z, n along `axis`.
WeightOp gruGates(int axis) { return WeightOp{s("blocks"), {1, 0, 2}, axis, 3}; }

/// The (H, W, C) image a Dense layer's input was flattened from, through layers that
/// keep values in place (Dropout, Activation); empty when there is none.
TensorShape flattenedImage(const ModelIR &m, const LayerSpec &dense)
{
    int at = dense.inbound.value(0, -1);
    while (at >= 0) {
        const LayerSpec &l = m.layers[at];
        if (l.type == s("Flatten")) {
            const int source = l.inbound.value(0, -1);
            const TensorShape in = source >= 0 ? m.layers[source].outputShape : m.inputShapes.value(0);
            return in.size() == 3 && l.dataFormat == s("channels_last") ? in : TensorShape{};
        }
        if (l.type != s("Dropout") && l.type != s("Activation") && l.type != s("GaussianNoise")
            && l.type != s("GaussianDropout") && l.type != s("AlphaDropout"))
            return {};
        at = l.inbound.value(0, -1);
    }
    return {};
}

/// The weights of one recurrent layer (`r`), Keras arrays from `first`, PyTorch names
/// ending in `suffix`. Returns how many Keras arrays it takes.
int recurrentWeights(const LayerSpec &r, int first, const QString &suffix, QVector<WeightAssignment> *out)
{
    const bool gru = r.type == s("GRU");
    QVector<WeightOp> kernel;
    if (gru)
        kernel << gruGates(1);
    kernel << permute({1, 0});
    out->append({s("weight_ih_l0") + suffix, first, kernel});
    out->append({s("weight_hh_l0") + suffix, first + 1, kernel});
    if (!r.useBias) {
        out->append({s("bias_ih_l0") + suffix, -1, {}});
        out->append({s("bias_hh_l0") + suffix, -1, {}});
        return 2;
    }
    if (gru && r.resetAfter) {
        out->append({s("bias_ih_l0") + suffix, first + 2, {row(0), gruGates(0)}});
        out->append({s("bias_hh_l0") + suffix, first + 2, {row(1), gruGates(0)}});
    } else {
        out->append({s("bias_ih_l0") + suffix, first + 2, gru ? QVector<WeightOp>{gruGates(0)} : QVector<WeightOp>{}});
        out->append({s("bias_hh_l0") + suffix, -1, {}});
    }
    return 3;
}

} // namespace

bool torchWeightMap(const ModelIR &m, QVector<LayerWeightMap> *map, QString *error)
{
    map->clear();
    const QVector<QString> fields = torchFieldNames(m);
    for (int i = 0; i < m.layers.size(); ++i) {
        const LayerSpec &l = m.layers[i];
        LayerWeightMap e;
        e.layer = i;
        e.name = l.name;
        e.type = l.type;
        e.field = fields.value(i);
        const QString &t = l.type;
        if (l.sharedWith >= 0)
            continue; // a layer called again: its weights are its first call's
        if (t == s("Dense")) {
            const TensorShape image = flattenedImage(m, l);
            QVector<WeightOp> ops;
            if (!image.isEmpty()) {
                const qint64 h = image[0], w = image[1], c = image[2];
                ops << reshape({h, w, c, l.units}) << permute({2, 0, 1, 3}) << reshape({c * h * w, l.units});
            }
            ops << permute({1, 0});
            e.weights << WeightAssignment{s("weight"), 0, ops};
            if (l.useBias)
                e.weights << WeightAssignment{s("bias"), 1, {}};
        } else if (t == s("Conv2D") || t == s("Conv1D")) {
            e.weights << WeightAssignment{s("weight"), 0, {t == s("Conv2D") ? permute({3, 2, 0, 1}) : permute({2, 1, 0})}};
            if (l.useBias)
                e.weights << WeightAssignment{s("bias"), 1, {}};
        } else if (t == s("DepthwiseConv2D")) {
            // Keras depthwise kernel (kH, kW, C, M) -> torch weight (C·M, 1, kH, kW), output
            // channel c·M + m (keras/layers/convolutional/depthwise_conv2d.py)
            const qint64 kh = l.kernelSize.value(0, 1), kw = l.kernelSize.value(1, kh);
            e.weights << WeightAssignment{s("weight"), 0, {reshape({kh, kw, l.filters}), permute({2, 0, 1}), reshape({l.filters, 1, kh, kw})}};
            if (l.useBias)
                e.weights << WeightAssignment{s("bias"), 1, {}};
        } else if (t == s("Conv2DTranspose")) {
            // Keras kernel (kH, kW, out, in) -> torch ConvTranspose2d weight (in, out, kH, kW)
            e.weights << WeightAssignment{s("weight"), 0, {permute({3, 2, 0, 1})}};
            if (l.useBias)
                e.weights << WeightAssignment{s("bias"), 1, {}};
        } else if (t == s("Normalization")) {
            // Keras weights mean, variance, count -> the generated module's buffers
            e.weights << WeightAssignment{s("mean"), 0} << WeightAssignment{s("variance"), 1}
                      << WeightAssignment{s("count"), 2, {reshape({})}}; // a scalar (tf-keras keeps it as (1,))
        } else if (t == s("BatchNormalization")) {
            int k = 0;
            const bool affine = l.center && l.scale; // generateTorchModule(): affine only with both
            if (l.scale && affine)
                e.weights << WeightAssignment{s("weight"), k};
            if (l.scale)
                ++k;
            if (l.center && affine)
                e.weights << WeightAssignment{s("bias"), k};
            if (l.center)
                ++k;
            e.weights << WeightAssignment{s("running_mean"), k} << WeightAssignment{s("running_var"), k + 1};
        } else if (t == s("Embedding")) {
            e.weights << WeightAssignment{s("weight"), 0};
        } else if (t == s("SimpleRNN") || t == s("LSTM") || t == s("GRU")) {
            recurrentWeights(l, 0, QString(), &e.weights);
        } else if (t == s("Bidirectional")) {
            if (!l.wrapped) {
                *error = QStringLiteral("%1 (Bidirectional): the wrapped layer is unknown").arg(l.name);
                return false;
            }
            const int n = recurrentWeights(*l.wrapped, 0, QString(), &e.weights);
            recurrentWeights(*l.wrapped, n, s("_reverse"), &e.weights);
        } else if (l.paramsKeras > 0) {
            *error = QStringLiteral("%1 (%2) has weights the PyTorch weight map does not know").arg(l.name, t);
            return false;
        } else {
            continue;
        }
        for (const WeightAssignment &w : e.weights)
            e.kerasWeights = std::max(e.kerasWeights, w.kerasIndex + 1);
        map->append(e);
    }
    return true;
}

QByteArray weightMapJson(const QVector<LayerWeightMap> &map)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const LayerWeightMap &e : map) {
        nlohmann::ordered_json weights = nlohmann::ordered_json::array();
        for (const WeightAssignment &w : e.weights) {
            nlohmann::ordered_json ops = nlohmann::ordered_json::array();
            for (const WeightOp &op : w.ops) {
                nlohmann::ordered_json o{{"op", op.op.toStdString()}};
                const std::vector<qint64> values(op.values.begin(), op.values.end());
                if (op.op == s("reshape"))
                    o["shape"] = values;
                else if (op.op == s("permute"))
                    o["dims"] = values;
                else if (op.op == s("row"))
                    o["index"] = values.at(0);
                else {
                    o["axis"] = op.axis;
                    o["count"] = op.count;
                    o["order"] = values;
                }
                ops.push_back(o);
            }
            weights.push_back({{"torch", w.torchName.toStdString()}, {"from", w.kerasIndex}, {"ops", ops}});
        }
        out.push_back({{"layer", e.layer}, {"name", e.name.toStdString()}, {"type", e.type.toStdString()},
                       {"field", e.field.toStdString()}, {"keras_weights", e.kerasWeights}, {"weights", weights}});
    }
    return QByteArray::fromStdString(out.dump());
}

namespace {

qint64 product(const QVector<qint64> &shape)
{
    return std::accumulate(shape.begin(), shape.end(), qint64(1), std::multiplies<qint64>());
}

QVector<qint64> strides(const QVector<qint64> &shape)
{
    QVector<qint64> out(shape.size(), 1);
    for (int d = int(shape.size()) - 2; d >= 0; --d)
        out[d] = out[d + 1] * shape[d + 1];
    return out;
}

QString shapeText(const QVector<qint64> &shape)
{
    QStringList parts;
    for (qint64 d : shape)
        parts << QString::number(d);
    return QLatin1Char('(') + parts.join(s(", ")) + QLatin1Char(')');
}

} // namespace

bool applyWeightOps(HostArray *a, const QVector<WeightOp> &ops, QString *error)
{
    for (const WeightOp &op : ops) {
        if (op.op == s("reshape")) {
            if (product(op.values) != product(a->shape)) {
                *error = QStringLiteral("cannot reshape %1 to %2").arg(shapeText(a->shape), shapeText(op.values));
                return false;
            }
            a->shape = op.values;
        } else if (op.op == s("permute")) {
            const int rank = int(a->shape.size());
            if (op.values.size() != rank) {
                *error = QStringLiteral("cannot permute %1 by %2").arg(shapeText(a->shape), shapeText(op.values));
                return false;
            }
            QVector<qint64> shape(rank);
            for (int d = 0; d < rank; ++d)
                shape[d] = a->shape.value(int(op.values[d]));
            const QVector<qint64> from = strides(a->shape);
            std::vector<float> out(a->values.size());
            QVector<qint64> index(rank, 0);
            for (size_t k = 0; k < out.size(); ++k) {
                qint64 source = 0;
                for (int d = 0; d < rank; ++d)
                    source += index[d] * from[int(op.values[d])];
                out[k] = a->values[size_t(source)];
                for (int d = rank - 1; d >= 0; --d) {
                    if (++index[d] < shape[d])
                        break;
                    index[d] = 0;
                }
            }
            a->shape = shape;
            a->values.swap(out);
        } else if (op.op == s("row")) {
            if (a->shape.isEmpty() || op.values.value(0) >= a->shape.first()) {
                *error = QStringLiteral("no row %1 in %2").arg(op.values.value(0)).arg(shapeText(a->shape));
                return false;
            }
            const qint64 size = product(a->shape.mid(1));
            const auto begin = a->values.begin() + op.values.value(0) * size;
            a->values = std::vector<float>(begin, begin + size);
            a->shape.removeFirst();
        } else if (op.op == s("blocks")) {
            const int axis = op.axis;
            if (axis >= a->shape.size() || op.count <= 0 || a->shape[axis] % op.count != 0) {
                *error = QStringLiteral("cannot split axis %1 of %2 in %3 blocks").arg(axis).arg(shapeText(a->shape)).arg(op.count);
                return false;
            }
            const qint64 outer = product(a->shape.mid(0, axis));
            const qint64 block = a->shape[axis] / op.count * product(a->shape.mid(axis + 1));
            std::vector<float> out;
            out.reserve(a->values.size());
            for (qint64 o = 0; o < outer; ++o)
                for (qint64 b : op.values) {
                    const auto begin = a->values.begin() + (o * op.count + b) * block;
                    out.insert(out.end(), begin, begin + block);
                }
            a->values.swap(out);
        } else {
            *error = QStringLiteral("unknown weight operation %1").arg(op.op);
            return false;
        }
    }
    return true;
}

} // namespace kmw
