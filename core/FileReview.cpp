#include "FileReview.h"

#include "NotebookWriter.h"

#include <QDir>
#include <QFileInfo>

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

void FileReview::acceptAllPending()
{
    for (const Finding &f : m_file.findings)
        if (f.fixable() && decision(f.id).status == DecisionStatus::Pending)
            m_decisions.insert(f.id, {DecisionStatus::Accepted, 0});
    recompute();
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
}

bool FileReview::save(const WriteOptions &options, InputError *error)
{
    WriteOptions o = options;
    if (o.root.isEmpty())
        o.root = m_root;
    return writeDocument(m_file.document, m_result.newSources, o, error);
}

ApplySummary applyAll(const ScanResult &scan, const ApplyOptions &options)
{
    ApplySummary summary;
    for (const FileResult &file : scan.files) {
        QVector<AcceptedFix> accepted;
        for (const Finding &f : file.findings) {
            if (!f.fixable() || options.excludeRules.contains(f.ruleId))
                continue;
            if (!options.onlyRules.isEmpty() && !options.onlyRules.contains(f.ruleId))
                continue;
            accepted << AcceptedFix{f, 0};
        }
        if (accepted.isEmpty())
            continue;
        const ApplyResult result = applyFixes(file.document, accepted);
        summary.skipped += result.skipped;
        if (result.newSources.isEmpty())
            continue;
        if (options.keepRendered)
            summary.rendered.insert(file.relativePath,
                                    {file.document.raw, renderDocument(file.document, result.newSources,
                                                                       options.write.clearChangedOutputs)});
        if (!options.dryRun) {
            WriteOptions w = options.write;
            if (w.root.isEmpty())
                w.root = QFileInfo(scan.root).isDir() ? scan.root : QFileInfo(scan.root).absolutePath();
            InputError error;
            if (!writeDocument(file.document, result.newSources, w, &error)) {
                error.path = file.relativePath;
                summary.errors << error;
                continue;
            }
        }
        ++summary.filesChanged;
        summary.fixesApplied += int(result.applied.size());
        summary.changedPaths << file.relativePath;
    }
    return summary;
}

} // namespace kmw
