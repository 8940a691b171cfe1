// Registers the workbench's built-in plug-ins before main(): query predicates, rule edit
// kinds, `generate` generators and layer types (docs/ARCHITECTURE.md). Compiled into every program
// and test that links kmw_core (an INTERFACE source of it), so the registrations are
// never dropped by the linker the way an unreferenced object file of a static library
// would be.

#include "EditKinds.h"
#include "KerasPredicates.h"
#include "LayerType.h"
#include "PythonPredicates.h"
#include "PyTorchRewrites.h"

namespace {

[[maybe_unused]] const bool registered = [] {
    kmw::registerEditKinds();
    kmw::registerPythonPredicates();
    kmw::registerKerasPredicates();
    kmw::registerTorchGenerators();
    kmw::registerLayerTypes();
    return true;
}();

} // namespace
