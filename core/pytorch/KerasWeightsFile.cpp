#include "KerasWeightsFile.h"

#include "ZipArchive.h"

#include <QFile>
#include <QTemporaryFile>

#include <hdf5.h>

#include <algorithm>

namespace kmw {

namespace {

/// Closes an HDF5 identifier when it goes out of scope.
struct Handle {
    hid_t id = -1;
    herr_t (*close)(hid_t) = nullptr;
    Handle(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
    ~Handle()
    {
        if (id >= 0 && close)
            close(id);
    }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    bool ok() const { return id >= 0; }
};

bool exists(hid_t location, const QString &path)
{
    const QByteArray p = path.toUtf8();
    return H5Lexists(location, p.constData(), H5P_DEFAULT) > 0;
}

/// A string-array attribute (fixed-length or variable-length strings).
bool readStringAttribute(hid_t object, const char *name, QStringList *out)
{
    if (H5Aexists(object, name) <= 0)
        return false;
    Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
    Handle type(H5Aget_type(attr.id), H5Tclose);
    Handle space(H5Aget_space(attr.id), H5Sclose);
    const hssize_t count = H5Sget_simple_extent_npoints(space.id);
    if (!attr.ok() || count < 0)
        return false;
    if (H5Tis_variable_str(type.id) > 0) {
        std::vector<char *> values(size_t(count), nullptr);
        Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(memType.id, H5T_VARIABLE);
        if (H5Aread(attr.id, memType.id, values.data()) < 0)
            return false;
        for (char *v : values)
            out->append(QString::fromUtf8(v ? v : ""));
        H5Dvlen_reclaim(memType.id, space.id, H5P_DEFAULT, values.data());
        return true;
    }
    const size_t size = H5Tget_size(type.id);
    std::vector<char> buffer(size * size_t(count) + 1, 0);
    if (H5Aread(attr.id, type.id, buffer.data()) < 0)
        return false;
    for (hssize_t i = 0; i < count; ++i)
        out->append(QString::fromUtf8(buffer.data() + size_t(i) * size, int(qstrnlen(buffer.data() + size_t(i) * size, uint(size)))));
    return true;
}

bool readDataset(hid_t location, const QString &path, HostArray *out, QString *error)
{
    const QByteArray p = path.toUtf8();
    Handle set(H5Dopen2(location, p.constData(), H5P_DEFAULT), H5Dclose);
    if (!set.ok()) {
        *error = QStringLiteral("no dataset %1").arg(path);
        return false;
    }
    Handle space(H5Dget_space(set.id), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.id);
    std::vector<hsize_t> dims(size_t(std::max(rank, 0)));
    if (rank < 0 || H5Sget_simple_extent_dims(space.id, dims.data(), nullptr) < 0) {
        *error = QStringLiteral("%1: unreadable shape").arg(path);
        return false;
    }
    out->shape.clear();
    size_t count = 1;
    for (hsize_t d : dims) {
        out->shape << qint64(d);
        count *= size_t(d);
    }
    out->values.assign(count, 0.0f);
    if (count > 0 && H5Dread(set.id, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out->values.data()) < 0) {
        *error = QStringLiteral("%1: not readable as float32").arg(path);
        return false;
    }
    return true;
}

/// Children of a group, in creation-independent name order.
QStringList children(hid_t group)
{
    QStringList names;
    H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
               [](hid_t, const char *name, const H5L_info_t *, void *data) -> herr_t {
                   static_cast<QStringList *>(data)->append(QString::fromUtf8(name));
                   return 0;
               },
               &names);
    return names;
}

/// Keras 3 format: the `vars` of a layer's group and of its sublayers, depth first; a
/// Bidirectional layer's forward_layer before its backward_layer.
bool collectVars(hid_t group, const QString &prefix, KerasLayerWeights *layer, QString *error)
{
    QStringList names = children(group);
    if (names.contains(QStringLiteral("vars"))) {
        Handle vars(H5Gopen2(group, "vars", H5P_DEFAULT), H5Gclose);
        QStringList indices = children(vars.id);
        std::sort(indices.begin(), indices.end(), [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
        for (const QString &i : indices) {
            HostArray a;
            if (!readDataset(vars.id, i, &a, error))
                return false;
            layer->names << prefix + QStringLiteral("vars/") + i;
            layer->arrays << a;
        }
        names.removeAll(QStringLiteral("vars"));
    }
    if (names.contains(QStringLiteral("forward_layer")) && names.contains(QStringLiteral("backward_layer"))) {
        names.removeAll(QStringLiteral("forward_layer"));
        names.prepend(QStringLiteral("forward_layer"));
    }
    for (const QString &name : names) {
        const QByteArray n = name.toUtf8();
        H5O_info_t info;
        if (H5Oget_info_by_name(group, n.constData(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_GROUP)
            continue;
        Handle child(H5Gopen2(group, n.constData(), H5P_DEFAULT), H5Gclose);
        if (!collectVars(child.id, prefix + name + QLatin1Char('/'), layer, error))
            return false;
    }
    return true;
}

bool readHdf5(const QString &path, const QString &shownPath, QHash<QString, KerasLayerWeights> *layers, QString *error)
{
    const QByteArray p = QFile::encodeName(path);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors are reported, not printed
    Handle file(H5Fopen(p.constData(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.ok()) {
        *error = QStringLiteral("%1: not an HDF5 file").arg(shownPath);
        return false;
    }
    QString why;
    // Keras 2: layer_names / weight_names attributes
    const bool whole = exists(file.id, QStringLiteral("model_weights"));
    Handle root(H5Gopen2(file.id, whole ? "model_weights" : "/", H5P_DEFAULT), H5Gclose);
    QStringList layerNames;
    if (readStringAttribute(root.id, "layer_names", &layerNames)) {
        for (const QString &name : layerNames) {
            const QByteArray n = name.toUtf8();
            Handle group(H5Gopen2(root.id, n.constData(), H5P_DEFAULT), H5Gclose);
            KerasLayerWeights layer;
            layer.layer = name;
            if (!group.ok() || !readStringAttribute(group.id, "weight_names", &layer.names)) {
                *error = QStringLiteral("%1: layer %2 has no weight_names").arg(shownPath, name);
                return false;
            }
            for (const QString &w : layer.names) {
                HostArray a;
                if (!readDataset(group.id, w, &a, &why)) {
                    *error = QStringLiteral("%1: layer %2: %3").arg(shownPath, name, why);
                    return false;
                }
                layer.arrays << a;
            }
            layers->insert(name, layer);
        }
        return true;
    }
    // Keras 3 (.keras, .weights.h5): layers/<name>/vars/<i>
    for (const char *top : {"layers", "_layer_checkpoint_dependencies"}) {
        if (!exists(file.id, QString::fromLatin1(top)))
            continue;
        Handle group(H5Gopen2(file.id, top, H5P_DEFAULT), H5Gclose);
        for (const QString &name : children(group.id)) {
            const QByteArray n = name.toUtf8();
            Handle child(H5Gopen2(group.id, n.constData(), H5P_DEFAULT), H5Gclose);
            KerasLayerWeights layer;
            layer.layer = name;
            if (!child.ok() || !collectVars(child.id, QString(), &layer, &why)) {
                *error = QStringLiteral("%1: layer %2: %3").arg(shownPath, name, why);
                return false;
            }
            layers->insert(name, layer);
        }
        return true;
    }
    *error = QStringLiteral("%1: no Keras weights (neither layer_names nor layers/)").arg(shownPath);
    return false;
}

} // namespace

bool readKerasModelConfig(const QString &path, QByteArray *config, QByteArray *training, QString *error)
{
    config->clear();
    training->clear();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.peek(4).startsWith("PK"))
        return readZipFile(file.readAll(), path, QStringLiteral("config.json"), config, error);
    file.close();
    H5E_auto2_t func = nullptr;
    void *data = nullptr;
    H5Eget_auto2(H5E_DEFAULT, &func, &data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // our own messages, not HDF5's stack dump
    const QByteArray p = QFile::encodeName(path);
    bool ok = false;
    if (H5Fis_hdf5(p.constData()) <= 0) {
        *error = QStringLiteral("%1 is neither a .keras archive nor an HDF5 file").arg(path);
    } else {
        Handle h5(H5Fopen(p.constData(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        QStringList model, train;
        if (!h5.ok()) {
            *error = QStringLiteral("%1: cannot open the HDF5 file").arg(path);
        } else if (!readStringAttribute(h5.id, "model_config", &model) || model.isEmpty()) {
            *error = QStringLiteral("%1 holds weights only (no model_config attribute): save the model with "
                                    "model.save(), not save_weights()").arg(path);
        } else {
            *config = model.first().toUtf8();
            if (readStringAttribute(h5.id, "training_config", &train) && !train.isEmpty())
                *training = train.first().toUtf8();
            ok = true;
        }
    }
    H5Eset_auto2(H5E_DEFAULT, func, data);
    return ok;
}

bool readKerasWeights(const QString &path, QHash<QString, KerasLayerWeights> *layers, QString *error)
{
    layers->clear();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray head = file.peek(4);
    if (!head.startsWith("PK")) {
        file.close();
        return readHdf5(path, path, layers, error);
    }
    const QByteArray zip = file.readAll();
    QByteArray weights;
    if (!readZipFile(zip, path, QStringLiteral("model.weights.h5"), &weights, error))
        return false;
    QTemporaryFile temporary;
    if (!temporary.open() || temporary.write(weights) != weights.size() || !temporary.flush()) {
        *error = QStringLiteral("cannot write a temporary copy of %1's weights").arg(path);
        return false;
    }
    return readHdf5(temporary.fileName(), path + QStringLiteral(" (model.weights.h5)"), layers, error);
}

bool portWeights(const QVector<LayerWeightMap> &map, const QHash<QString, KerasLayerWeights> &layers,
                 QVector<QPair<QString, HostArray>> *state, QString *error)
{
    state->clear();
    for (const LayerWeightMap &e : map) {
        if (!layers.contains(e.name)) {
            QStringList known = layers.keys();
            known.sort();
            *error = QStringLiteral("the weights file has no layer %1 (%2); its layers: %3")
                         .arg(e.name, e.type, known.join(QStringLiteral(", ")));
            return false;
        }
        const KerasLayerWeights &k = layers.value(e.name);
        if (k.arrays.size() != e.kerasWeights) {
            *error = QStringLiteral("layer %1 (%2) has %3 weight arrays in the file, the model %4")
                         .arg(e.name, e.type).arg(k.arrays.size()).arg(e.kerasWeights);
            return false;
        }
        QHash<QString, HostArray> done;
        for (const WeightAssignment &w : e.weights) {
            HostArray value;
            if (w.kerasIndex >= 0) {
                value = k.arrays[w.kerasIndex];
                QString why;
                if (!applyWeightOps(&value, w.ops, &why)) {
                    *error = QStringLiteral("layer %1, %2: %3").arg(e.name, w.torchName, why);
                    return false;
                }
            } else {
                // a bias PyTorch has and Keras has not: zeros, as long as the gates of its
                // weight_hh (the tensor with the same suffix)
                QString hh = w.torchName;
                hh.replace(QStringLiteral("bias_hh"), QStringLiteral("weight_hh")).replace(QStringLiteral("bias_ih"), QStringLiteral("weight_hh"));
                const HostArray &ref = done.value(hh);
                if (ref.shape.isEmpty()) {
                    *error = QStringLiteral("layer %1: no size for %2").arg(e.name, w.torchName);
                    return false;
                }
                value.shape = {ref.shape.first()};
                value.values.assign(size_t(ref.shape.first()), 0.0f);
            }
            done.insert(w.torchName, value);
            state->append({e.field + QLatin1Char('.') + w.torchName, value});
        }
    }
    return true;
}

} // namespace kmw
