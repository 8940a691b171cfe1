#include "LayerShapes.h"

#include <algorithm>
#include <list>

namespace kmw {

namespace {

std::list<LayerType> &layerTypes()
{
    static std::list<LayerType> types; // registration order
    return types;
}

} // namespace

void registerLayerType(LayerType type)
{
    layerTypes().push_back(std::move(type));
}

const LayerType *layerTypeOf(const LayerSpec &layer)
{
    const QString &cls = layer.type;
    const auto named = [&cls](const LayerType &type) {
        return type.names.contains(cls) || type.unlisted.contains(cls)
               || std::any_of(type.prefixes.cbegin(), type.prefixes.cend(),
                              [&cls](const QString &p) { return cls.startsWith(p); });
    };
    for (const LayerType &type : layerTypes())
        if (type.matches ? type.matches(layer) : named(type))
            return &type;
    return nullptr;
}

const LayerType *kerasLayerType(const QString &className, QString *canonical)
{
    for (const LayerType &type : layerTypes()) {
        const QString cls = type.aliases.value(className, className);
        if (type.names.contains(cls) || type.unlisted.contains(cls)) {
            if (canonical)
                *canonical = cls;
            return &type;
        }
    }
    if (canonical)
        *canonical = className;
    return nullptr;
}

bool unsupportedLayer(const LayerSpec &layer, QString *why)
{
    *why = QStringLiteral("layer type %1 is not supported (supported: %2)")
               .arg(layer.type, supportedLayerTypes().join(QStringLiteral(", ")));
    return false;
}

bool inferLayerShape(LayerSpec &layer, const QVector<TensorShape> &inputs, LayerCounts *counts, QString *why)
{
    *counts = LayerCounts();
    if (const LayerType *type = layerTypeOf(layer))
        return type->infer(layer, inputs, counts, why);
    return unsupportedLayer(layer, why);
}

QStringList supportedLayerTypes()
{
    QStringList types;
    for (const LayerType &type : layerTypes())
        types += type.names;
    types.removeDuplicates();
    types.sort();
    return types;
}

void registerLayerTypes()
{
    if (!layerTypes().empty())
        return; // registered already (a second copy of Builtins.cpp)
    registerCoreLayers();
    registerConvLayers();
    registerPreprocessingLayers();
    registerRecurrentLayers();
    registerMergeLayers();
}

} // namespace kmw
