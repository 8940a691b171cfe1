#pragma once

#include "Document.h"
#include "DocumentStart.h"
#include "Finding.h"
#include "ImportTable.h"
#include "KerasObjects.h"
#include "RulePack.h"

namespace kmw {

/// Runs rule packs over documents. Each code cell is parsed with tree-sitter-python
/// after its IPython magics are masked (MagicMask.h); markdown and raw cells are not
/// code and are skipped. Thread-safe for concurrent scan() calls (each call has its own
/// parser; rules are read-only).
/// What a notebook's namespace holds at its end, for the scripts it `%load`s (snippets
/// that run there): its imports and which names are Keras objects.
struct LoadContext {
    ImportTable imports;
    KerasObjects objects;
};

/// The names of `doc`'s code cells (IPython magics masked), in effect at its end;
/// `context`: the names it starts with (those of the notebook that loads it).
LoadContext documentContext(const Document &doc, const LoadContext *context = nullptr);

class RuleEngine {
public:
    explicit RuleEngine(QVector<RulePack> packs = {});
    /// Copies share the compiled combined query (read-only once built): compiling it
    /// is most of an engine's start-up cost (bench/, docs/PERFORMANCE.md).
    RuleEngine(const RuleEngine &other);
    RuleEngine &operator=(const RuleEngine &other);

    const QVector<RulePack> &packs() const { return m_packs; }
    /// The rule with `id`, or nullptr.
    const Rule *rule(const QString &id) const;

    /// Every finding of every rule in `doc`, ordered by cell, then position.
    /// `relativePath` (with '/') goes into the fingerprints.
    /// `context`: the names of the notebook that `%load`s this script (a snippet that
    /// runs in the notebook's namespace), which resolve the names the script does not
    /// bind itself; null for none.
    QVector<Finding> scan(const Document &doc, const QString &relativePath,
                          const LoadContext *context = nullptr) const;

    /// The file-name globs of the text rules (requirements*.txt, …).
    QStringList textFileGlobs() const;

    /// Findings of one rule only (used by the rule examples' tests).
    QVector<Finding> scanRule(const Rule &rule, const Document &doc, const QString &relativePath) const;

private:
    void combineQueries();
    /// Points m_rules at this engine's own packs (same order as the combined query).
    void indexRules();

    QVector<RulePack> m_packs;
    /// Every Python rule's query joined into one, so a document's tree is walked once
    /// for all rules (as ast-grep and Semgrep do); pattern i of it is pattern
    /// m_patternRule[i].second of rule m_patternRule[i].first (index in rulesInOrder).
    std::shared_ptr<Query> m_combined;
    QVector<std::pair<int, int>> m_patternRule;
    QVector<const Rule *> m_rules;
};



} // namespace kmw
