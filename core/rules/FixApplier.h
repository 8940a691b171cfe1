#pragma once

#include "Document.h"
#include "Finding.h"

#include <QMap>

namespace kmw {

/// A finding the reviewer accepted, with the alternative fix chosen.
struct AcceptedFix {
    Finding finding;
    int fixIndex = 0;
};

/// A finding that was not applied, and why.
struct SkippedFix {
    QString findingId;
    QString reason;        ///< for people
    QString conflictsWith; ///< the finding whose edit overlaps, if a conflict
};

/// The result of applying accepted fixes to a document.
struct ApplyResult {
    QMap<int, QByteArray> newSources;           ///< changed cells only: index -> new source
    QMap<int, QVector<SourceRange>> changedSpans; ///< per changed cell: ranges in the new source
    QStringList applied;                        ///< ids of findings applied
    QVector<SkippedFix> skipped;                ///< conflicts and parse-guard refusals
};

/// Applies the accepted fixes to the cells of `doc`. Overlapping edits are a conflict:
/// the later finding (in the given order) is skipped and reported, never merged.
/// Insertions at the same point are kept in order. Parse guard (after Bowler): a cell
/// whose result has more syntax errors (tree-sitter ERROR/MISSING nodes, magics
/// masked) than the original is left unchanged and its fixes reported as refused.
ApplyResult applyFixes(const Document &doc, const QVector<AcceptedFix> &accepted);

} // namespace kmw
