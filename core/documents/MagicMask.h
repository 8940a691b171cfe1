#pragma once

#include <QByteArray>

namespace kmw {

/// Replaces IPython syntax that is not Python with spaces of equal byte length, so a
/// Python parser sees valid code and every byte offset stays true:
/// - line magics and shell escapes: a line whose first non-blank character is `%`, `!`
///   or `?`, and `name = %magic …` / `name = !cmd …` from the `%`/`!` on, with their
///   backslash-continued lines;
/// - cell magics: `%%name` on the first line masks the whole cell, except the magics
///   whose body is Python (`%%time`, `%%timeit`, `%%capture`, `%%prun`), where only the
///   first line is masked;
/// - help: trailing `?` or `??` after an expression (`optimizers.SGD?`).
/// Line breaks are never masked. Input and output are UTF-8 of the same size.
QByteArray maskIPythonMagics(const QByteArray &source);

} // namespace kmw
