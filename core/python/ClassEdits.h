#pragma once

#include "PythonParser.h"

#include <QByteArray>

namespace kmw {

/// Where a statement goes so that the class enclosing `node` runs it when an instance is
/// made: at the end of the class's `__init__` (with that body's indentation), or, when
/// the class has none, in a new `__init__(self, **kwargs)` that calls
/// `super().__init__(**kwargs)` first, placed before the class body's first statement
/// (after its docstring), indented like the body. Used by the `insert_in_init` edit (a
/// `keras.random.SeedGenerator` a layer must create once, as in the Keras guide's
/// "RNG-using layers": https://keras.io/guides/migrating_to_keras_3/).
///
/// `statement` is one line without indentation or line end. Returns false (and no edit)
/// when `node` is inside no class, or the `__init__` already has that statement. On
/// success, `*at` is the byte offset in `source` and `*text` what to insert there
/// (with `\n` line ends).
bool statementInInit(TSNode node, const QByteArray &source, const QByteArray &statement, qsizetype *at, QByteArray *text);

} // namespace kmw
