#pragma once

#include "Document.h"
#include "Query.h"

#include <QHash>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace kmw {

/// Severity of a finding, most severe first (DESIGN.md "Rules").
enum class Severity { Critical, High, Medium, Low, Info };
QString severityName(Severity s);
bool severityFromName(const QString &name, Severity *out);

/// One edit of a fix, as data (rules/README.md documents the JSON).
struct EditTemplate {
    enum class Kind {
        ReplaceCapture,      ///< replace capture `capture` with `text`, where
                             ///< `{{name}}` stands for capture `name`'s text
        RegexReplace,        ///< in capture `capture`, replace `regex` matches with `text`
                             ///< (`\\1` back-references)
        InsertDocumentStart, ///< insert `text` at the start of the document: the first
                             ///< code cell of a notebook / the first lines of a script,
                             ///< after a shebang, encoding line, docstring and
                             ///< `from __future__` imports
        Delete,              ///< delete capture `capture`; in an argument or import
                             ///< list with its separating comma; an import statement
                             ///< left without names is deleted with its line
        InsertBefore,        ///< insert `text` (a template) before capture `capture`
        InsertAfter,         ///< insert `text` (a template) after capture `capture`
        InsertInInit,        ///< insert the statement `text` (a template) at the end of the
                             ///< `__init__` of the class enclosing `capture` (a new
                             ///< `__init__` when it has none; ClassEdits.h)
        EnsureImport,        ///< make sure the import statement `text` is in effect:
                             ///< inserted after the backend preamble (else at the
                             ///< document start) unless its names are already bound;
                             ///< with a `capture`, only for matches that have it
    };
    Kind kind = Kind::ReplaceCapture;
    QString capture;
    QString text;
    QRegularExpression regex;
    /// EnsureImport: local name -> qualified name that `text` binds.
    QHash<QString, QString> binds;
};

/// A titled alternative way to fix a finding.
struct FixTemplate {
    QString title;
    QVector<EditTemplate> edits;
    /// A template for the reviewer to adapt (a TODO block, say): offered in the GUI but
    /// never applied by "accept every fixable finding" (`kmw-cli apply`).
    bool reviewOnly = false;
};

/// A rule example run by the tests: `before` must become `after` when every finding of
/// the rule takes its first fix; a `noMatch` snippet must give no finding.
struct RuleExample {
    QByteArray before;
    QByteArray after;
    bool noMatch = false;
};

/// A rule of a pack (rules/*.json).
struct Rule {
    QString id;
    QString title;
    Severity severity = Severity::Medium;
    QString category;
    QString message;
    QString guidance;
    QString source; ///< where the rule comes from (a seed section, the catalog, a Keras file)
    /// "match": one finding per query match. "document": one finding per document
    /// when the query matches anywhere in it (a notebook is one namespace) and the
    /// `unless` query matches nowhere; the finding sits where its fix inserts.
    QString scope = QStringLiteral("match");
    /// Capture whose node is the finding's range (default: the first capture).
    QString report;
    std::shared_ptr<Query> query;
    QByteArray querySource; ///< the query's text (the engine joins all rules' into one)
    std::shared_ptr<Query> unless;
    /// "python" (default: tree-sitter `query`) or "text": a regular expression
    /// `pattern` over the whole file, whose named groups `(?<name>…)` are the captures,
    /// for the files whose name matches one of `files` (globs: requirements*.txt).
    QString language = QStringLiteral("python");
    QStringList files;
    QRegularExpression pattern;
    QRegularExpression unlessPattern; ///< text rules: no finding when this matches the file
    QVector<FixTemplate> fixes;
    QVector<RuleExample> examples;
    /// A generator (TorchRewrites.h, e.g. "torch-fit") that writes the code of each
    /// match: its edits come first in every fix, before the fix's own edits (ensured
    /// imports). When it cannot (a model it cannot read), the finding has no fix and its
    /// guidance says why.
    QString generate;
    /// A capture that must be a Keras object or callee (`"keras_object"`, e.g. the
    /// receiver of `model.predict_proba` or the class of `Adam(lr=…)`), read by
    /// KerasObjects: another library's gets no finding, one the scan cannot tell gets an
    /// info finding without a fix. Empty: no such check.
    QString kerasObject;
    /// `"rename": {"abs": "absolute", …}`: in messages and edit templates,
    /// `{{name.renamed}}` is capture `name`'s text looked up here (itself when absent):
    /// one rule for a table of renamed functions.
    QHash<QString, QString> rename;
};

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

} // namespace kmw

namespace kmw {
/// True when `fileName` (no folder) matches one of the wildcard `globs`
/// (`requirements*.txt`): the files a text rule applies to.
bool matchesFileGlobs(const QString &fileName, const QStringList &globs);

/// Loads every pack named by `namesOrPaths` (see resolveRulePacks; empty = the
/// built-in `keras3-torch`). Broken rules are reported in `errors` and left out.
/// Returns false if an argument names no pack or a pack file is unusable.
bool loadRulePacks(const QStringList &namesOrPaths, QVector<RulePack> *packs,
                   QVector<InputError> *errors);
} // namespace kmw
