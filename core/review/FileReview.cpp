#include "FileReview.h"

#include "DocumentReader.h"
#include "NotebookWriter.h"
#include "TextDiff.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace kmw {

FileReview::FileReview(QString root, FileResult file) : m_root(std::move(root)), m_file(std::move(file))
{
    recompute();
}

bool FileReview::setDecision(const QString &findingId, Decision decision)
{
    for (const Finding &f : m_file.findings) {
        if (f.id != findingId)
            continue;
        if (decision.status == DecisionStatus::Accepted &&
            (decision.fixIndex < 0 || decision.fixIndex >= f.fixes.size()))
            return false;
        m_decisions.insert(findingId, decision);
        recompute();
        return true;
    }
    return false;
}

int FileReview::countWith(DecisionStatus status) const
{
    int n = 0;
    for (const Finding &f : m_file.findings)
        n += decision(f.id).status == status;
    return n;
}

QByteArray FileReview::afterSource(int index) const
{
    return m_result.newSources.value(index, m_file.document.cells.value(index).source);
}

void FileReview::recompute()
{
    QVector<AcceptedFix> accepted;
    for (const Finding &f : m_file.findings) {
        const Decision d = decision(f.id);
        if (d.status == DecisionStatus::Accepted)
            accepted << AcceptedFix{f, d.fixIndex};
    }
    m_result = applyFixes(m_file.document, accepted);
    for (auto it = m_manual.cbegin(); it != m_manual.cend(); ++it) {
        const int cell = it.key();
        if (it.value() == m_file.document.cells.value(cell).source)
            m_result.newSources.remove(cell);
        else
            m_result.newSources.insert(cell, it.value());
        m_result.changedSpans.remove(cell);
        for (const Finding &f : m_file.findings) {
            if (f.cell != cell)
                continue;
            m_result.applied.removeAll(f.id);
            m_result.skipped.erase(std::remove_if(m_result.skipped.begin(), m_result.skipped.end(),
                                                  [&](const SkippedFix &s) { return s.findingId == f.id; }),
                                   m_result.skipped.end());
            m_result.skipped << SkippedFix{f.id, QStringLiteral("the cell was edited by hand: this fix is not applied on top of the edit"), {}};
        }
    }
}

void FileReview::setManualSource(int index, const std::optional<QByteArray> &source)
{
    if (index < 0 || index >= m_file.document.cells.size())
        return;
    if (source)
        m_manual.insert(index, *source);
    else
        m_manual.remove(index);
    recompute();
}

std::optional<QByteArray> FileReview::manualSource(int index) const
{
    const auto it = m_manual.constFind(index);
    return it == m_manual.constEnd() ? std::nullopt : std::optional<QByteArray>(it.value());
}

QByteArray FileReview::pendingDiff() const
{
    QByteArray out;
    for (auto it = m_result.newSources.cbegin(); it != m_result.newSources.cend(); ++it) {
        const QString label = m_file.document.isNotebook()
                                  ? QStringLiteral("%1 (cell %2)").arg(m_file.relativePath).arg(it.key())
                                  : m_file.relativePath;
        QByteArray before = m_file.document.cells[it.key()].source, after = it.value();
        if (!before.endsWith('\n'))
            before += '\n';
        if (!after.endsWith('\n'))
            after += '\n';
        out += unifiedDiff(label, before, after);
    }
    return out;
}

bool FileReview::save(const WriteOptions &options, InputError *error)
{
    WriteOptions o = options;
    if (o.root.isEmpty())
        o.root = m_root;
    return writeDocument(m_file.document, m_result.newSources, o, error);
}

ApplySummary applyAll(const ScanResult &scan, const RuleEngine &engine, const ApplyOptions &options, int maxRounds)
{
    ApplySummary summary;
    const auto wanted = [&](const Finding &f) {
        return f.fixable() && !options.excludeRules.contains(f.ruleId) &&
               (options.onlyRules.isEmpty() || options.onlyRules.contains(f.ruleId));
    };
    // A finding still there after its fix was applied is not applied again (its fix
    // does not remove what it matches): the fixed point must converge.
    for (const FileResult &file : scan.files) {
        Document current = file.document;
        QVector<Finding> findings = file.findings;
        int applied = 0;
        QVector<SkippedFix> skipped;
        QSet<QString> tried;
        for (int round = 0; round < maxRounds; ++round) {
            QVector<AcceptedFix> accepted;
            for (const Finding &f : findings) {
                if (options.useDecisions) {
                    const Decision d = options.decisions.value(f.id);
                    if (d.status == DecisionStatus::Accepted && d.fixIndex >= 0 && d.fixIndex < f.fixes.size() &&
                        !tried.contains(f.id))
                        accepted << AcceptedFix{f, d.fixIndex};
                } else if (wanted(f) && !tried.contains(f.id)) {
                    accepted << AcceptedFix{f, f.autoFixIndex()};
                }
            }
            if (accepted.isEmpty())
                break;
            const ApplyResult result = applyFixes(current, accepted);
            // Applied fixes are not tried again; a fix skipped for a conflict with another
            // (two deletions in one import list) gets the next round.
            for (const QString &id : result.applied)
                tried.insert(id);
            skipped = result.skipped; // what the last round could not apply
            if (result.newSources.isEmpty())
                break;
            applied += int(result.applied.size());
            // The next round reads the result as the file would be written.
            Document next;
            InputError error;
            const QByteArray bytes = renderDocument(current, result.newSources);
            const bool ok = parseDocumentBytes(bytes, current.path, current.kind, &next, &error);
            if (!ok)
                break;
            current = next;
            if (options.useDecisions)
                break; // exactly what was decided: no second round
            findings = engine.scan(current, file.relativePath, file.loadContext.get());
        }
        summary.skipped += skipped;
        QMap<int, QByteArray> newSources;
        for (int i = 0; i < current.cells.size() && i < file.document.cells.size(); ++i)
            if (current.cells[i].source != file.document.cells[i].source)
                newSources.insert(i, current.cells[i].source);
        if (newSources.isEmpty())
            continue;
        if (options.keepRendered)
            summary.rendered.insert(file.relativePath,
                                    {file.document.raw, renderDocument(file.document, newSources,
                                                                       options.write.clearChangedOutputs)});
        if (!options.dryRun) {
            WriteOptions w = options.write;
            if (w.root.isEmpty())
                w.root = QFileInfo(scan.root).isDir() ? scan.root : QFileInfo(scan.root).absolutePath();
            InputError error;
            if (!writeDocument(file.document, newSources, w, &error)) {
                error.path = file.relativePath;
                summary.errors << error;
                continue;
            }
        }
        ++summary.filesChanged;
        summary.fixesApplied += applied;
        summary.changedPaths << file.relativePath;
    }
    return summary;
}

} // namespace kmw
