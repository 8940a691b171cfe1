#pragma once

// Rule packs (rules/*.json): loading, with every broken rule reported at its line.

#include "Rule.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace kmw {

/// A loaded pack of rules.
struct RulePack {
    QString name; ///< e.g. "keras3-torch"
    QString version; ///< the pack's `version` ("2026.12.1"), "" when it has none
    QString path; ///< file it was read from (may be a Qt resource path)
    QVector<Rule> rules;
    /// Every Python rule's query compiled as one, when the pack's queries all compile:
    /// each rule's `query` is a subset of it (Query::subset), and the engine can use it
    /// as its combined query without compiling again. Null when a query was broken.
    std::shared_ptr<Query> combined;
};

/// Loads a pack from a JSON file. A rule whose query or fix is broken is left out and
/// reported in `errors` with the file and the line:column of the offending value; the
/// other rules still load. Returns false only when the file itself cannot be used
/// (unreadable, not JSON, no `rules` list).
bool loadRulePack(const QString &path, RulePack *pack, QVector<InputError> *errors);

/// Resolves a `--rules` argument: a built-in pack name (`keras3-torch`, from the
/// application's resources `:/rules/NAME.json`), a .json file, or a directory whose
/// *.json files are all packs. Returns the pack files, or an empty list if none.
QStringList resolveRulePacks(const QString &nameOrPath);

/// True when `fileName` (no folder) matches one of the wildcard `globs`
/// (`requirements*.txt`): the files a text rule applies to.
bool matchesFileGlobs(const QString &fileName, const QStringList &globs);

/// Loads every pack named by `namesOrPaths` (see resolveRulePacks; empty = the
/// built-in `keras3-torch`). Broken rules are reported in `errors` and left out.
/// Returns false if an argument names no pack or a pack file is unusable.
bool loadRulePacks(const QStringList &namesOrPaths, QVector<RulePack> *packs,
                   QVector<InputError> *errors);
} // namespace kmw
