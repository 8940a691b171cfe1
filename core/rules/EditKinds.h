#pragma once

// The registry of a fix's edit kinds: how each reads its JSON (rules/README.md) and what
// it edits. The pack loader (RulePack.cpp) and the engine (RuleEngine.cpp) know kinds
// only through it; registerEditKinds() adds the built-in ones.

#include "Rule.h"

#include <nlohmann/json_fwd.hpp>

#include <QByteArray>
#include <QString>

#include <tree_sitter/api.h>

#include <functional>

namespace kmw {

/// Where a kind's edit goes.
enum class EditPlacement {
    Capture,       ///< at the node of the edit's `capture` in the match (atNode)
    DocumentStart, ///< at the start of the document (the engine places it: DocumentStart.h)
    Import,        ///< after the backend preamble, when the import is not in effect yet
};

/// Where one edit of the Capture placement applies.
struct EditSite {
    const EditTemplate &edit;
    TSNode target;              ///< the capture's node, in the masked tree
    const QByteArray &source;   ///< the cell's source (offsets are into it)
    const QByteArray &masked;   ///< the same with IPython magics masked (what was parsed)
    /// `edit.text` with the match's captures expanded (`{{name}}`, …), line endings as
    /// the template has them, and with the cell's own line endings.
    std::function<QString(const QString &)> expand;
    std::function<QByteArray(const QString &)> expandInCell;
};

/// The bytes [begin, end) of the cell replaced by `text`.
struct EditSpan {
    qsizetype begin = 0;
    qsizetype end = 0;
    QByteArray text;
};

struct EditKind {
    QString key; ///< the JSON key that selects the kind ("template", "regex", "delete", …)
    EditPlacement placement = EditPlacement::Capture;
    /// Reads the edit's JSON `e` into `edit` (its text, regex, …). On a bad value sets
    /// `*errorKey` (the key at fault) and `*error` and returns false.
    std::function<bool(const nlohmann::json &e, EditTemplate *edit, QString *errorKey, QString *error)> read;
    /// Capture placement: the edit at `site`; false for none (nothing would change).
    std::function<bool(const EditSite &site, EditSpan *out)> atNode;
    /// Text rules (requirements files): the new text of the regex group `old`, given
    /// `expand` (the template with the groups expanded); false when the kind does not
    /// apply to text rules.
    std::function<bool(const EditTemplate &edit, const QString &old,
                       const std::function<QString(const QString &)> &expand, QString *replacement)> inText;
};

/// Adds `kind`; the loader tries kinds in registration order and takes the first whose
/// key the edit has. A key registered twice keeps its first kind. Not thread-safe:
/// register before the first pack is loaded (Builtins.cpp does, before main()).
void registerEditKind(EditKind kind);
/// The kinds, in registration order.
const std::vector<const EditKind *> &editKinds();

/// Registers the built-in kinds, in this order: `insert_document_start`,
/// `ensure_import`, `delete`, `insert_before`, `insert_in_init`, `insert_after`,
/// `regex` (+ `replace`), `template` (rules/README.md).
void registerEditKinds();

} // namespace kmw
