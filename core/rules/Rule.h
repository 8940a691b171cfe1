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

struct EditKind;

/// One edit of a fix, as data (rules/README.md documents the JSON). Its kind (EditKinds.h)
/// says how it reads its JSON and what it edits: replace a capture with a template,
/// replace a regex in it, delete it, insert before or after it or in its class's
/// `__init__`, insert at the document start, ensure an import.
struct EditTemplate {
    const EditKind *kind = nullptr;
    QString capture;
    QString text;
    QRegularExpression regex;
    /// `ensure_import`: local name -> qualified name that `text` binds.
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
    /// A generator (PyTorchRewrites.h, e.g. "torch-fit") that writes the code of each
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

} // namespace kmw
