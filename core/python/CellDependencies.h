#pragma once

#include "Document.h"

#include <QHash>
#include <QSet>
#include <QVector>

namespace kmw {

/// The names a cell binds and reads, from its tree-sitter parse (magics masked).
/// Binds: assignment and augmented-assignment targets, `for`/`with … as`/`except … as`
/// targets, `def`/`class` names, imported names and aliases, walrus targets, and the
/// objects a statement changes (`x.attr = …`, `x[i] = …`, `model.add(…)` as a
/// statement: a later cell using `model` depends on it too). Reads:
/// every other identifier that is not an attribute name or a keyword argument's name.
struct CellNames {
    QSet<QString> binds;
    QSet<QString> reads;
    QSet<QString> imports; ///< the names among binds that only imports bind
};

CellNames cellNames(const QByteArray &source);

/// For each code cell of `document`, the earlier code cells it depends on: for each
/// name it reads, the last earlier cell that binds that name. A cell whose dependency
/// failed cannot be expected to run, so the run reports it "skipped". Keys and values
/// are 0-based cell indices.
QHash<int, QVector<int>> cellDependencies(const Document &document);

} // namespace kmw
