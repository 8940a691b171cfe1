#pragma once

#include "FileReview.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <optional>

namespace kmw {

/// One decision as stored: the finding's fingerprint, where it was, and what was decided.
struct StoredDecision {
    QString findingId;
    QString path;   ///< relative to the repository, with '/'
    QString ruleId;
    DecisionStatus status = DecisionStatus::Pending;
    int fixIndex = 0;
    bool saved = false; ///< accepted and written to the file (the finding is gone since)
};

/// The review decisions of a repository, kept in `<root>/.kmw/review.json` (written
/// atomically with QSaveFile) so that a review can stop and resume across days. Keyed
/// by finding fingerprint (Finding::id), which survives edits elsewhere in the file.
/// Pending decisions are not stored.
class ReviewStore {
public:
    ReviewStore() = default;
    explicit ReviewStore(QString root) : m_root(std::move(root)) {}

    /// A store read from / written to `file` instead of `<root>/.kmw/review.json`.
    static ReviewStore fromFile(const QString &file);

    /// `<root>/.kmw/review.json` (or the file given to fromFile).
    QString filePath() const;
    /// Reads the file if it exists (a missing file is an empty review). False with
    /// `error` (path, line, column) if it exists but cannot be read; the store is then empty.
    bool load(InputError *error);
    /// Writes the file atomically, merged with what is on disk now: when another program
    /// (a second kmw, `kmw-cli`) wrote it since load() or the last save(), its decisions
    /// are kept, and ours replace them only for the findings decided here since
    /// (updateFileLocked(): under `review.json.lock`). The store then holds the merge.
    /// False with `error` when the file cannot be written, or when what is on disk now is
    /// not a review file (it is not replaced).
    bool save(InputError *error);

    /// Records a decision (Pending removes it).
    void set(const QString &path, const Finding &finding, const Decision &decision);
    /// Marks the accepted decisions of `path` as saved to the file.
    void markSaved(const QString &path);
    /// The stored decision for a fingerprint, or nullptr.
    const StoredDecision *find(const QString &findingId) const;
    const QHash<QString, StoredDecision> &decisions() const { return m_decisions; }

    /// Applies the stored decisions to a file's review; returns how many matched.
    int restore(FileReview *review) const;
    /// Decisions not saved whose finding is no longer in `scan` (the files changed
    /// outside the workbench): listed for the reviewer, kept in the file.
    QVector<StoredDecision> obsolete(const ScanResult &scan) const;

private:
    /// Reads the decisions from `bytes` (a review file's content); as load().
    bool parse(const QByteArray &bytes, InputError *error);

    QString m_root;
    QString m_file;
    QHash<QString, StoredDecision> m_decisions;
    /// The file's bytes as load() read them or save() last wrote them (empty: no file);
    /// unset before load(). save() replaces only these.
    std::optional<QByteArray> m_onDisk;
    /// The findings whose decision changed here since load() or the last save().
    QSet<QString> m_touched;
};

} // namespace kmw
