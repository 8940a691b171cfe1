#include "Generator.h"

#include <list>

namespace kmw {

namespace {

/// std::list keeps each family's address stable (the engine keeps pointers to them).
std::list<GeneratorFamily> &families()
{
    static std::list<GeneratorFamily> registry;
    return registry;
}

} // namespace

void registerGeneratorFamily(GeneratorFamily family)
{
    QStringList fresh;
    for (const QString &name : std::as_const(family.names))
        if (!generatorFamily(name))
            fresh << name;
    if (fresh.isEmpty())
        return; // registered already (a second copy of Builtins.cpp)
    family.names = fresh;
    families().push_back(std::move(family));
}

QStringList registeredGenerators()
{
    QStringList names;
    for (const GeneratorFamily &family : families())
        names += family.names;
    return names;
}

const GeneratorFamily *generatorFamily(const QString &name)
{
    for (const GeneratorFamily &family : families())
        if (family.names.contains(name))
            return &family;
    return nullptr;
}

} // namespace kmw
