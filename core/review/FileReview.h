#pragma once

#include "FixApplier.h"
#include "NotebookWriter.h"
#include "RepositoryScanner.h"

#include <QHash>
#include <QMap>

#include <optional>

namespace kmw {

/// The reviewer's decision on one finding.
enum class DecisionStatus { Pending, Accepted, Rejected };

struct Decision {
    DecisionStatus status = DecisionStatus::Pending;
    int fixIndex = 0; ///< which alternative fix, when accepted
};

/// The review of one file: its document, its findings and the decisions taken, with
/// the resulting ("after") sources. Plain data and logic, used by the GUI and the CLI.
class FileReview {
public:
    FileReview() = default;
    FileReview(QString root, FileResult file);

    const QString &root() const { return m_root; }
    const FileResult &file() const { return m_file; }
    const Document &document() const { return m_file.document; }
    const QVector<Finding> &findings() const { return m_file.findings; }

    Decision decision(const QString &findingId) const { return m_decisions.value(findingId); }
    /// Sets a decision; returns false for an unknown finding or a finding without fix
    /// being accepted.
    bool setDecision(const QString &findingId, Decision decision);
    /// Replaces cell `index`'s after side with text the reviewer wrote by hand (for the
    /// findings no rule can fix). The accepted fixes of that cell are then part of the
    /// text, not applied on top: they and the pending ones are reported in
    /// result().skipped as conflicting with the edit. An empty optional clears it.
    void setManualSource(int index, const std::optional<QByteArray> &source);
    std::optional<QByteArray> manualSource(int index) const;


    int countWith(DecisionStatus status) const;

    /// The accepted fixes applied to the document (recomputed on each decision).
    const ApplyResult &result() const { return m_result; }
    /// Cell `index`'s source after the accepted fixes.
    QByteArray afterSource(int index) const;
    bool hasChanges() const { return !m_result.newSources.isEmpty(); }
    /// What saving would change, cell by cell: a unified diff of each changed cell's
    /// source (labelled with the file and cell), for the reviewer to confirm.
    QByteArray pendingDiff() const;

    /// Writes the accepted changes to disk (NotebookWriter: only changed sources are
    /// spliced, atomic, verified). False with `error` on failure: the file is untouched.
    bool save(const WriteOptions &options, InputError *error);

private:
    void recompute();

    QString m_root;
    FileResult m_file;
    QHash<QString, Decision> m_decisions;
    QMap<int, QByteArray> m_manual;
    ApplyResult m_result;
};

/// What `kmw-cli apply` did to a repository.
struct ApplySummary {
    int filesChanged = 0;
    int fixesApplied = 0;
    QVector<SkippedFix> skipped;
    QStringList changedPaths;
    QVector<InputError> errors;
    /// With ApplyOptions::keepRendered: relative path -> (original bytes, new bytes).
    QMap<QString, QPair<QByteArray, QByteArray>> rendered;
};

struct ApplyOptions {
    QStringList onlyRules;    ///< apply only these rule ids (empty: all)
    QStringList excludeRules; ///< never apply these
    bool dryRun = false;      ///< compute, write nothing
    bool keepRendered = false; ///< keep each changed file's old and new bytes (for --diff)
    /// With decisions (a review.json, `--decisions FILE`): apply exactly the accepted
    /// ones (with their chosen fix), nothing else, in one round.
    bool useDecisions = false;
    QHash<QString, Decision> decisions;
    WriteOptions write;
};

/// Accepts every fixable finding of the scan (filtered by rule) and writes the files.
/// Runs to a fixed point: after a round of fixes the file is scanned again with
/// `engine` and the new fixable findings are applied (a rename can enable an ensured
/// import, a conflict of one round can apply in the next), at most `maxRounds` rounds.
ApplySummary applyAll(const ScanResult &scan, const RuleEngine &engine, const ApplyOptions &options,
                      int maxRounds = 5);

} // namespace kmw
