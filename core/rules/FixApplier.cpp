#include "FixApplier.h"

#include "MagicMask.h"
#include "PythonParser.h"

#include <algorithm>

namespace kmw {
namespace {

struct PendingEdit {
    TextEdit edit;
    QString findingId;
    int order = 0;
};

bool overlaps(const TextEdit &a, const TextEdit &b)
{
    if (a.begin == a.end || b.begin == b.end) // insertions only clash inside a replacement
        return (a.begin == a.end && a.begin > b.begin && a.begin < b.end) ||
               (b.begin == b.end && b.begin > a.begin && b.begin < a.end);
    return a.begin < b.end && b.begin < a.end;
}

} // namespace

ApplyResult applyFixes(const Document &doc, const QVector<AcceptedFix> &accepted)
{
    ApplyResult result;
    QMap<int, QVector<PendingEdit>> byCell;
    int order = 0;
    for (const AcceptedFix &a : accepted) {
        if (a.fixIndex < 0 || a.fixIndex >= a.finding.fixes.size()) {
            result.skipped << SkippedFix{a.finding.id, QStringLiteral("no such fix"), {}};
            continue;
        }
        const Fix &fix = a.finding.fixes[a.fixIndex];
        // An insertion another accepted fix already makes (the same ensured import,
        // say) is made once.
        QVector<TextEdit> edits;
        for (const TextEdit &e : fix.edits) {
            const bool duplicate = e.begin == e.end &&
                std::any_of(byCell.value(e.cell).cbegin(), byCell.value(e.cell).cend(), [&](const PendingEdit &p) {
                    return p.edit.begin == e.begin && p.edit.end == e.end && p.edit.text == e.text;
                });
            if (!duplicate)
                edits << e;
        }
        QString conflict;
        for (const TextEdit &e : edits) {
            if (e.cell < 0 || e.cell >= doc.cells.size() || e.end > doc.cells[e.cell].source.size()) {
                conflict = QStringLiteral("?");
                break;
            }
            for (const PendingEdit &p : byCell.value(e.cell))
                if (overlaps(p.edit, e)) {
                    conflict = p.findingId;
                    break;
                }
            if (!conflict.isEmpty())
                break;
        }
        if (!conflict.isEmpty()) {
            result.skipped << SkippedFix{a.finding.id,
                                         QStringLiteral("its edit overlaps the edit of another accepted finding"),
                                         conflict};
            continue;
        }
        for (const TextEdit &e : edits)
            byCell[e.cell] << PendingEdit{e, a.finding.id, order++};
        result.applied << a.finding.id;
    }

    PythonParser parser;
    for (auto it = byCell.begin(); it != byCell.end(); ++it) {
        QVector<PendingEdit> edits = it.value();
        // By position; at one position the insertions first (in order), then the
        // replacement or deletion that starts there, so the splice never goes back.
        std::sort(edits.begin(), edits.end(), [](const PendingEdit &a, const PendingEdit &b) {
            if (a.edit.begin != b.edit.begin)
                return a.edit.begin < b.edit.begin;
            const bool ai = a.edit.begin == a.edit.end, bi = b.edit.begin == b.edit.end;
            return ai != bi ? ai : a.order < b.order;
        });
        const QByteArray &original = doc.cells[it.key()].source;
        QByteArray out;
        QVector<std::pair<qsizetype, qsizetype>> spans;
        qsizetype pos = 0;
        for (const PendingEdit &p : edits) {
            Q_ASSERT(p.edit.begin >= pos); // overlaps() refused the others
            out += original.mid(pos, std::max<qsizetype>(0, p.edit.begin - pos));
            spans.push_back({out.size(), out.size() + p.edit.text.size()});
            out += p.edit.text;
            pos = p.edit.end;
        }
        out += original.mid(pos);
        if (out == original)
            continue;

        // Parse guard: more ERROR/MISSING nodes than before means the fix broke code.
        if (doc.cells[it.key()].type == CellType::Code &&
            parser.syntaxErrorCount(maskIPythonMagics(out)) > parser.syntaxErrorCount(maskIPythonMagics(original))) {
            for (const PendingEdit &p : edits) {
                result.applied.removeAll(p.findingId);
                const bool listed = std::any_of(result.skipped.cbegin(), result.skipped.cend(),
                                                [&](const SkippedFix &s) { return s.findingId == p.findingId; });
                if (!listed)
                    result.skipped << SkippedFix{p.findingId,
                                                 QStringLiteral("refused: the fixed cell would not parse"), {}};
            }
            continue;
        }
        result.newSources.insert(it.key(), out);
        QVector<SourceRange> ranges;
        for (const auto &[b, e] : spans)
            ranges << SourceRange::fromBytes(out, b, e);
        result.changedSpans.insert(it.key(), ranges);
    }
    return result;
}

} // namespace kmw
