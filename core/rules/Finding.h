#pragma once

#include "Rule.h"
#include "SourceRange.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace kmw {

/// A concrete text edit in one cell: replace bytes [begin, end) of the cell's source
/// with `text` (begin == end inserts).
struct TextEdit {
    int cell = 0;
    qsizetype begin = 0;
    qsizetype end = 0;
    QByteArray text;
    /// An edit elsewhere in the document that the fix needs (an ensured import): not
    /// part of the finding's range or replacement.
    bool elsewhere = false;
};

/// One alternative fix of a finding, made concrete for its document.
struct Fix {
    QString title;
    QVector<TextEdit> edits;
    bool reviewOnly = false; ///< see FixTemplate::reviewOnly
};

/// What a rule found at one place of a document.
struct Finding {
    /// Stable fingerprint: a hash of the rule, the file's relative path, the cell, the
    /// reported text and its occurrence number among equal (rule, cell, text) findings,
    /// so it survives edits elsewhere in the file.
    QString id;
    QString ruleId;
    Severity severity = Severity::Medium;
    QString category;
    int cell = 0;       ///< cell index in the notebook's `cells` (0 for a script)
    SourceRange range;  ///< in the cell's source
    QString message;
    QString guidance;
    QString title;      ///< the rule's title
    QString source;     ///< the rule's source (seed section, catalog row)
    QVector<Fix> fixes; ///< alternatives; empty for guidance-only findings

    /// True when a fix can be applied without review (not a review-only template).
    bool fixable() const { return autoFixIndex() >= 0; }
    /// The first fix that is not review-only, or -1.
    int autoFixIndex() const
    {
        for (int i = 0; i < fixes.size(); ++i)
            if (!fixes[i].reviewOnly)
                return i;
        return -1;
    }
};

/// The text that the finding's range becomes under fix `fixIndex`, given the cell's
/// source: the edits that fall inside the range applied to the range's text. For a fix
/// that inserts at another place (an empty range), the inserted text.
QByteArray replacementText(const Finding &finding, const QByteArray &cellSource, int fixIndex = 0);

} // namespace kmw
