#pragma once

namespace kmw {

/// Registers the query predicates that read Python itself (Query.h, registerPredicate):
/// - `#resolves-to? @a "regex"`: the capture's dotted text, resolved through the imports
///   in effect (ImportTable::resolve), matches the regex;
/// - `#imports? @a "regex"`: an import in effect binds a name to a qualified name
///   matching the regex (`"^h5py$"`); @a only anchors it;
/// - `#unused? @a`: the name (an import's alias) is used nowhere in the document outside
///   import statements;
/// - `#inside-class? @a "regex"`: an enclosing class's bases match the regex;
/// - `#inside-function? @a "regex"`: the innermost function the capture is in has a name
///   the regex matches whole (`"call"`);
/// - `#class-defines? @a "regex"`: the class the capture is (or is inside) defines a
///   method whose whole name matches the regex.
/// Called once, before any query is compiled (Builtins.cpp).
void registerPythonPredicates();

} // namespace kmw
