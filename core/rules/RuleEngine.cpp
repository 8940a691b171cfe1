#include "RuleEngine.h"

#include "BackendTensors.h"
#include "ClassEdits.h"
#include "DocumentStart.h"
#include "EditKinds.h"
#include "KerasObjects.h"
#include "KerasPredicates.h"

#include "ImportTable.h"
#include "MagicMask.h"
#include "Generator.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFileInfo>
#include <QRegularExpression>
#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

namespace kmw {
namespace {

struct ParsedCell {
    int index = 0;
    QByteArray source;
    QByteArray masked;
    TreePtr tree;
    ImportTable imports; ///< the imports in effect: this cell's and every earlier cell's
    BackendTensors tensors; ///< models and backend tensors bound up to this cell's end
    KerasObjects objects;   ///< which names are Keras objects, up to this cell's end
    TSNode root() const { return ts_tree_root_node(tree.get()); }
};

/// A document parsed once for all rules.
struct ParsedDocument {
    const Document *document = nullptr;
    std::vector<ParsedCell> cells;
    ImportTable allImports;                 ///< every import of the document
    QHash<QByteArray, int> identifierUses;  ///< identifier -> uses outside imports

    /// What the `generate` rules of `family` share over this document (made when the
    /// first one runs).
    const DocumentGenerators &generators(const GeneratorFamily &family) const
    {
        std::unique_ptr<DocumentGenerators> &state = generatorStates[&family];
        if (!state) {
            QVector<ParsedCellView> views;
            for (const ParsedCell &c : cells)
                views << ParsedCellView{c.index, &c.source, &c.masked, c.root()};
            state = family.open(*document, views);
        }
        return *state;
    }
    mutable std::map<const GeneratorFamily *, std::unique_ptr<DocumentGenerators>> generatorStates;

    /// The parsed cell where the backend preamble and ensured imports go (preambleCell).
    const ParsedCell &startCell() const
    {
        const int index = preambleCell(*document);
        for (const ParsedCell &c : cells)
            if (c.index == index)
                return c;
        return cells.front();
    }
};

bool isImportStatement(const char *type)
{
    return qstrcmp(type, "import_statement") == 0 || qstrcmp(type, "import_from_statement") == 0 ||
           qstrcmp(type, "future_import_statement") == 0;
}

/// True when the identifier at `offset` sits on an IPython help line (`optimizers.SGD?`):
/// help only shows a docstring ("Object not found" once the name is gone), so it is no
/// use of the name that would keep an import alive.
bool onHelpLine(const QByteArray &source, qsizetype offset)
{
    qsizetype e = offset;
    while (e < source.size() && source[e] != '\n')
        ++e;
    qsizetype last = e;
    while (last > offset && (source[last - 1] == ' ' || source[last - 1] == '\t' || source[last - 1] == '\r'))
        --last;
    return last > offset && source[last - 1] == '?' && !source.mid(offset, last - offset).contains('#');
}

/// Counts the identifiers that can refer to a binding: not the attribute part of
/// `obj.name` (`nn.LSTM` does not use an imported `LSTM`), not on help lines.
void countIdentifiers(TSNode root, const QByteArray &text, const QByteArray &source, QHash<QByteArray, int> *uses)
{
    QSet<uint32_t> attributeNames; // start bytes of `attribute` fields (parents come first)
    forEachNode(root, [&](TSNode node) {
        const char *type = ts_node_type(node);
        if (qstrcmp(type, "attribute") == 0) {
            const TSNode name = ts_node_child_by_field_name(node, "attribute", 9);
            if (!ts_node_is_null(name))
                attributeNames.insert(ts_node_start_byte(name));
        } else if (qstrcmp(type, "identifier") == 0 && !attributeNames.contains(ts_node_start_byte(node)) &&
                   !onHelpLine(source, ts_node_start_byte(node))) {
            ++(*uses)[nodeText(node, text)];
        }
        return !isImportStatement(type);
    });
}

ParsedDocument parseDocument(const Document &doc, const LoadContext *context = nullptr)
{
    PythonParser parser;
    ParsedDocument parsed;
    parsed.document = &doc;
    ImportTable running;
    BackendTensors tensors;
    KerasObjects objects;
    if (context)
        objects.addContext(context->objects); // the loading notebook's models
    // Rebindings count from anywhere in the document: a notebook's cells can run in
    // any order, and a name reassigned somewhere may not be the module where it is used.
    std::vector<std::pair<QByteArray, TreePtr>> trees;
    for (const Cell &cell : doc.cells) {
        if (cell.type != CellType::Code)
            continue;
        QByteArray masked = maskIPythonMagics(cell.source);
        TreePtr tree = parser.parse(masked);
        running.addRebindings(ts_tree_root_node(tree.get()), masked);
        trees.emplace_back(std::move(masked), std::move(tree));
    }
    size_t next = 0;
    for (int i = 0; i < doc.cells.size(); ++i) {
        if (doc.cells[i].type != CellType::Code)
            continue;
        ParsedCell cell;
        cell.index = i;
        cell.source = doc.cells[i].source;
        cell.masked = std::move(trees[next].first);
        cell.tree = std::move(trees[next].second);
        ++next;
        running.addImports(cell.root(), cell.masked);
        if (context)
            running.addContext(context->imports); // the loading notebook's names, unless imported here
        cell.imports = running;
        tensors.addCell(cell.root(), cell.masked, cell.imports);
        cell.tensors = tensors;
        objects.addCell(cell.root(), cell.masked, cell.imports);
        cell.objects = objects;
        countIdentifiers(cell.root(), cell.masked, cell.source, &parsed.identifierUses);
        parsed.cells.push_back(std::move(cell));
    }
    parsed.allImports = running;
    return parsed;
}

QString fingerprint(const QString &ruleId, const QString &path, int cell, const QByteArray &text,
                    int occurrence)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(ruleId.toUtf8() + '\0' + path.toUtf8() + '\0' + QByteArray::number(cell) + '\0' +
                 text + '\0' + QByteArray::number(occurrence));
    return QString::fromLatin1(hash.result().toHex().left(16));
}

/// A rule's title, message or guidance in the user's language: the texts are extracted
/// from the packs into translations/kmw_rules_*.ts (context "Rules"); without a loaded
/// translation (the CLI) they stay as written.
QString trRule(const QString &text)
{
    return text.isEmpty() ? text : QCoreApplication::translate("Rules", text.toUtf8().constData());
}

/// Expands `{{name}}` (a capture's text), `{{name.keras}}` (the capture resolved
/// through the imports, with `tensorflow.keras` read as `keras`) and `{{name.renamed}}`
/// (the text looked up in the rule's `rename` table).
QString expandTemplate(QString templ, const CaptureMap &captures, const QByteArray &source,
                       const ImportTable *imports, const QHash<QString, QString> &rename = {})
{
    for (auto it = captures.constBegin(); it != captures.constEnd(); ++it) {
        const QByteArray text = nodeText(it.value(), source);
        templ.replace(QStringLiteral("{{%1}}").arg(it.key()), QString::fromUtf8(text));
        templ.replace(QStringLiteral("{{%1.renamed}}").arg(it.key()),
                      rename.value(QString::fromUtf8(text), QString::fromUtf8(text)));
        if (imports)
            templ.replace(QStringLiteral("{{%1.keras}}").arg(it.key()), canonicalKerasName(imports->resolve(text)));
        const QString indentKey = QStringLiteral("{{%1.indent}}").arg(it.key());
        if (templ.contains(indentKey)) { // the whitespace that starts the capture's line
            const qsizetype begin = ts_node_start_byte(it.value());
            const qsizetype lineStart = source.lastIndexOf('\n', begin - 1) + 1;
            QByteArray indent = source.mid(lineStart, begin - lineStart);
            for (char &ch : indent)
                if (ch != ' ' && ch != '\t')
                    ch = ' ';
            templ.replace(indentKey, QString::fromUtf8(indent));
        }
    }
    return templ;
}

TSNode reportNode(const Rule &rule, const CaptureMap &captures)
{
    if (!rule.report.isEmpty() && captures.contains(rule.report))
        return captures.value(rule.report);
    // Default: the widest capture (the outermost node of the pattern).
    TSNode best = captures.begin().value();
    for (const TSNode &n : captures)
        if (ts_node_end_byte(n) - ts_node_start_byte(n) > ts_node_end_byte(best) - ts_node_start_byte(best))
            best = n;
    return best;
}

/// Where ensured imports go in the first code cell: after the line that sets
/// KERAS_BACKEND if there is one (Keras must not be imported before it), else at the
/// document start.
qsizetype importAnchor(const ParsedCell &first)
{
    const qsizetype backend = first.masked.lastIndexOf("KERAS_BACKEND");
    if (backend >= 0) {
        const qsizetype nl = first.masked.indexOf('\n', backend);
        return nl < 0 ? first.masked.size() : nl + 1;
    }
    return documentStartOffset(first.masked, first.root());
}

/// A rule's matches in one cell, one per reported node: when several patterns of the
/// rule report the same node, the first pattern in the query wins.
using CellMatches = QMap<std::pair<uint32_t, uint32_t>, std::pair<int, CaptureMap>>;
/// A rule's matches in every code cell (indexed like ParsedDocument::cells).
using RuleMatches = std::vector<CellMatches>;

void addMatch(CellMatches *chosen, const Rule &rule, const CaptureMap &captures, int pattern)
{
    if (captures.isEmpty())
        return;
    const TSNode node = reportNode(rule, captures);
    const std::pair key{ts_node_start_byte(node), ts_node_end_byte(node)};
    if (!chosen->contains(key) || chosen->value(key).first > pattern)
        chosen->insert(key, {pattern, captures});
}

RuleMatches matchesOf(const Rule &rule, const ParsedDocument &doc)
{
    RuleMatches matches(doc.cells.size());
    for (size_t i = 0; i < doc.cells.size(); ++i) {
        const ParsedCell &c = doc.cells[i];
        const KerasFacts facts(&c.tensors, &c.objects);
        const MatchContext context{&c.imports, &doc.identifierUses, &facts};
        rule.query->forEachMatch(c.root(), c.masked, context, [&](const CaptureMap &captures, int pattern) {
            addMatch(&matches[i], rule, captures, pattern);
        });
    }
    return matches;
}

class FindingBuilder {
public:
    FindingBuilder(const Rule &rule, const ParsedDocument &doc, const QString &path, const RuleMatches &matches)
        : m_rule(rule), m_doc(doc), m_path(path), m_matches(matches) {}

    Finding base(int cell) const
    {
        Finding f;
        f.ruleId = m_rule.id;
        f.severity = m_rule.severity;
        f.category = m_rule.category;
        f.cell = cell;
        f.message = trRule(m_rule.message);
        f.guidance = trRule(m_rule.guidance);
        f.title = trRule(m_rule.title);
        f.source = m_rule.source;
        return f;
    }

    /// The concrete edits of one fix for a match in `cell`.
    Fix fix(const FixTemplate &ft, const ParsedCell &cell, const CaptureMap &captures) const
    {
        Fix fix{ft.title, {}, ft.reviewOnly};
        const QByteArray &src = cell.source;
        for (const EditTemplate &et : ft.edits) {
            const auto expand = [&](const QString &t) {
                return withLineEndings(expandTemplate(t, captures, src, &cell.imports, m_rule.rename).toUtf8(), src);
            };
            if (et.kind->placement == EditPlacement::Import) {
                if (!et.capture.isEmpty() && !captures.contains(et.capture))
                    continue; // only for the patterns that capture it
                bool bound = true;
                for (auto it = et.binds.constBegin(); it != et.binds.constEnd(); ++it) {
                    const QString have = m_doc.allImports.qualified(it.key());
                    bound = bound && (have == it.value() || have == QLatin1String("tensorflow.") + it.value());
                }
                if (!bound && !m_doc.cells.empty()) {
                    const ParsedCell &first = m_doc.startCell();
                    const qsizetype at = importAnchor(first);
                    QByteArray text = et.text.toUtf8() + '\n';
                    if (at > 0 && first.source[at - 1] != '\n')
                        text.prepend('\n');
                    fix.edits << TextEdit{first.index, at, at, withLineEndings(text, first.source), true};
                }
                continue;
            }
            if (et.kind->placement != EditPlacement::Capture || !captures.contains(et.capture))
                continue;
            const EditSite site{et, captures.value(et.capture), src, cell.masked,
                                [&](const QString &t) { return expandTemplate(t, captures, src, &cell.imports, m_rule.rename); },
                                expand};
            EditSpan span;
            if (et.kind->atNode(site, &span))
                fix.edits << TextEdit{cell.index, span.begin, span.end, span.text};
        }
        return fix;
    }

    void scanDocumentScope(QVector<Finding> *out) const
    {
        if (m_doc.cells.empty())
            return;
        bool uses = false, already = false;
        for (size_t i = 0; i < m_doc.cells.size(); ++i) {
            const ParsedCell &c = m_doc.cells[i];
            const KerasFacts facts(&c.tensors, &c.objects);
            const MatchContext context{&c.imports, &m_doc.identifierUses, &facts};
            uses = uses || !m_matches[i].isEmpty();
            already = already || (m_rule.unless && m_rule.unless->anyMatch(c.root(), c.masked, context));
        }
        if (!uses || already)
            return;
        const ParsedCell &first = m_doc.startCell();
        const qsizetype at = documentStartOffset(first.masked, first.root());
        Finding f = base(first.index);
        f.range = SourceRange::fromBytes(first.source, at, at);
        for (const FixTemplate &ft : m_rule.fixes) {
            Fix fix{ft.title, {}, ft.reviewOnly};
            for (const EditTemplate &et : ft.edits) {
                if (et.kind->placement != EditPlacement::DocumentStart)
                    continue;
                QByteArray text = et.text.toUtf8();
                if (at > 0 && first.source[at - 1] != '\n')
                    text.prepend('\n');
                fix.edits << TextEdit{first.index, at, at, withLineEndings(text, first.source)};
            }
            f.fixes << fix;
        }
        f.id = fingerprint(m_rule.id, m_path, first.index, QByteArray(), 0);
        out->append(f);
    }

    void scanMatches(QVector<Finding> *out) const
    {
        for (size_t i = 0; i < m_doc.cells.size(); ++i) {
            const ParsedCell &c = m_doc.cells[i];
            QHash<QByteArray, int> occurrences;
            for (const auto &[pattern, captures] : m_matches[i]) {
                Q_UNUSED(pattern);
                const TSNode node = reportNode(m_rule, captures);
                Finding f = base(c.index);
                f.range = SourceRange::fromBytes(c.source, ts_node_start_byte(node), ts_node_end_byte(node));
                f.message = expandTemplate(trRule(m_rule.message), captures, c.source, &c.imports, m_rule.rename);
                f.guidance = expandTemplate(trRule(m_rule.guidance), captures, c.source, &c.imports, m_rule.rename);
                // Broken code: tree-sitter recovered around an error here, so the match may
                // not mean what it seems. Report it, but never rewrite it.
                const bool broken = insideSyntaxError(node);
                // A rule about a Keras call or object: another library's (scikit-learn's
                // predict_proba, torch.optim.SGD's lr) gets no finding, and one the scan
                // cannot tell gets no fix.
                const KerasObjects::Kind kind = kerasObjectKind(c, captures);
                if (kind == KerasObjects::Kind::Foreign)
                    continue;
                const bool unknown = kind == KerasObjects::Kind::Unknown;
                RewriteResult generated;
                const bool generates = !m_rule.generate.isEmpty() && !broken && !unknown;
                if (generates) {
                    generated = generate(c, node);
                    if (generated.notApplicable)
                        continue; // not a Keras model (scikit-learn's predict): no finding
                }
                for (const FixTemplate &ft : m_rule.fixes) {
                    const Fix fix = this->fix(ft, c, captures);
                    if (!fix.edits.isEmpty() || !m_rule.generate.isEmpty())
                        f.fixes << fix;
                }
                if (generates)
                    addGenerated(&f, generated);
                if (unknown && !broken) {
                    f.fixes.clear();
                    f.severity = Severity::Info;
                    f.guidance = (f.guidance.isEmpty() ? QString() : f.guidance + QStringLiteral("\n\n")) +
                                 QStringLiteral("Not changed: `%1` is not known to be Keras here (no import or "
                                                "assignment in this file says so), so the workbench does not "
                                                "rewrite it. If it is Keras, make the change by hand.")
                                     .arg(QString::fromUtf8(nodeText(captures.value(m_rule.kerasObject), c.source)));
                }
                if (broken) {
                    f.fixes.clear();
                    f.guidance = QStringLiteral("This code does not parse (a syntax error around it), so the "
                                                "workbench does not rewrite it. Fix the syntax, then scan again.");
                }
                // The range covers every edit of the first fix in this cell, so that
                // `replacement` is exactly what [begin, end) becomes.
                if (!f.fixes.isEmpty()) {
                    qsizetype b = f.range.begin, e = f.range.end;
                    for (const TextEdit &edit : f.fixes.first().edits) {
                        if (edit.cell != c.index || edit.elsewhere)
                            continue;
                        b = std::min(b, edit.begin);
                        e = std::max(e, edit.end);
                    }
                    if (b != f.range.begin || e != f.range.end)
                        f.range = SourceRange::fromBytes(c.source, b, e);
                }
                const QByteArray text = nodeText(node, c.source);
                f.id = fingerprint(m_rule.id, m_path, c.index, text, occurrences[text]++);
                out->append(f);
            }
        }
    }

private:
    /// What the rule's `keras_object` capture is; Keras when the rule names none or the
    /// capture did not match (an optional one).
    KerasObjects::Kind kerasObjectKind(const ParsedCell &c, const CaptureMap &captures) const
    {
        if (m_rule.kerasObject.isEmpty() || !captures.contains(m_rule.kerasObject))
            return KerasObjects::Kind::Keras;
        return c.objects.classify(captures.value(m_rule.kerasObject), c.masked, c.imports);
    }

    /// A `generate` rule: the generator's edits go first in every fix; when it cannot
    /// write the code, the finding keeps no fix and says why.
    /// Runs the rule's generator on `node` of `c`.
    RewriteResult generate(const ParsedCell &c, TSNode node) const
    {
        const GeneratorFamily *family = generatorFamily(m_rule.generate);
        if (!family) // the pack loader refuses such a rule
            return {false, QStringLiteral("unknown generator %1").arg(m_rule.generate), {}, {}};
        return m_doc.generators(*family).generate(m_rule.generate, {c.index, &c.source, &c.masked, node});
    }

    void addGenerated(Finding *f, const RewriteResult &g) const
    {
        const GeneratorFamily *family = generatorFamily(m_rule.generate);
        if (!g.ok) {
            f->fixes.clear();
            f->guidance = (f->guidance.isEmpty() ? QString() : f->guidance + QStringLiteral("\n\n"))
                          + (g.heldBackCode.isEmpty() ? QStringLiteral("Not generated: %1.") : QStringLiteral("Not applied: %1."))
                                .arg(g.error);
            if (!g.heldBackCode.isEmpty()) // generated, not applied: the class for the reviewer
                f->guidance += QStringLiteral("\n\n") + family->heldBackIntro + QStringLiteral("\n\n```python\n")
                               + g.heldBackCode + QStringLiteral("\n```");
            return;
        }
        if (f->fixes.isEmpty())
            f->fixes << Fix{family->fixTitle, {}, false};
        const QVector<TextEdit> templateEdits = f->fixes.first().edits; // ensured imports
        for (Fix &fix : f->fixes) {
            QVector<TextEdit> edits = g.edits;
            edits += fix.edits;
            fix.edits = edits;
        }
        for (const auto &[title, edits] : g.alternatives)
            f->fixes << Fix{title, edits + templateEdits, false};
        for (const QString &note : g.notes)
            f->message += QStringLiteral("\n- ") + note;
    }

    const Rule &m_rule;
    const ParsedDocument &m_doc;
    const QString &m_path;
    const RuleMatches &m_matches;
};

/// Text rules: `pattern` matched over the file; named groups are the captures.
void scanText(const Rule &rule, const Document &doc, const QString &path, QVector<Finding> *out)
{
    if (doc.kind != DocumentKind::Text || doc.cells.isEmpty() || !matchesFileGlobs(QFileInfo(path).fileName(), rule.files))
        return;
    const QByteArray &source = doc.cells[0].source;
    const QString text = QString::fromUtf8(source);
    if (!rule.unlessPattern.pattern().isEmpty() && rule.unlessPattern.match(text).hasMatch())
        return;
    const auto bytes = [&](qsizetype utf16) { return qsizetype(text.left(utf16).toUtf8().size()); };
    const QStringList groups = rule.pattern.namedCaptureGroups();
    QHash<QByteArray, int> occurrences;
    for (auto it = rule.pattern.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const auto span = [&](const QString &group) {
            const int g = group.isEmpty() ? 0 : int(groups.indexOf(group));
            return std::pair{bytes(m.capturedStart(std::max(g, 0))), bytes(m.capturedEnd(std::max(g, 0)))};
        };
        const auto expand = [&](QString t) {
            for (const QString &g : groups)
                if (!g.isEmpty())
                    t.replace(QStringLiteral("{{%1}}").arg(g), m.captured(g));
            return t;
        };
        Finding f;
        f.ruleId = rule.id;
        f.severity = rule.severity;
        f.category = rule.category;
        f.cell = 0;
        f.message = expand(trRule(rule.message));
        f.guidance = expand(trRule(rule.guidance));
        f.title = trRule(rule.title);
        f.source = rule.source;
        const auto [rb, re] = span(groups.contains(rule.report) ? rule.report : QString());
        f.range = SourceRange::fromBytes(source, rb, re);
        for (const FixTemplate &ft : rule.fixes) {
            Fix fix{ft.title, {}, ft.reviewOnly};
            for (const EditTemplate &et : ft.edits) {
                if (!groups.contains(et.capture) || m.capturedStart(et.capture) < 0)
                    continue;
                const auto [b, e] = span(et.capture);
                const QString old = m.captured(et.capture);
                QString replacement;
                if (!et.kind->inText || !et.kind->inText(et, old, expand, &replacement))
                    continue;
                if (replacement != old)
                    fix.edits << TextEdit{0, b, e, withLineEndings(replacement.toUtf8(), source)};
            }
            if (!fix.edits.isEmpty())
                f.fixes << fix;
        }
        if (!f.fixes.isEmpty()) {
            qsizetype b = f.range.begin, e = f.range.end;
            for (const TextEdit &edit : f.fixes.first().edits) {
                b = std::min(b, edit.begin);
                e = std::max(e, edit.end);
            }
            f.range = SourceRange::fromBytes(source, b, e);
        }
        const QByteArray matched = m.captured(0).toUtf8();
        f.id = fingerprint(rule.id, path, 0, matched, occurrences[matched]++);
        out->append(f);
    }
}

void scanParsed(const Rule &rule, const ParsedDocument &doc, const QString &path, const RuleMatches &matches,
                QVector<Finding> *out)
{
    if (rule.language != QLatin1String("python"))
        return;
    const FindingBuilder builder(rule, doc, path, matches);
    if (rule.scope == QLatin1String("document"))
        builder.scanDocumentScope(out);
    else
        builder.scanMatches(out);
}

void sortFindings(QVector<Finding> *findings)
{
    std::stable_sort(findings->begin(), findings->end(), [](const Finding &a, const Finding &b) {
        if (a.cell != b.cell)
            return a.cell < b.cell;
        return a.range.begin < b.range.begin;
    });
}

} // namespace

QByteArray replacementText(const Finding &finding, const QByteArray &cellSource, int fixIndex)
{
    if (fixIndex < 0 || fixIndex >= finding.fixes.size())
        return {};
    const SourceRange &r = finding.range;
    QVector<TextEdit> inside;
    for (const TextEdit &e : finding.fixes[fixIndex].edits)
        if (e.cell == finding.cell && !e.elsewhere && e.begin >= r.begin && e.end <= r.end)
            inside << e;
    std::stable_sort(inside.begin(), inside.end(), [](const TextEdit &a, const TextEdit &b) { return a.begin > b.begin; });
    QByteArray text = cellSource.mid(r.begin, r.end - r.begin);
    for (const TextEdit &e : inside)
        text.replace(e.begin - r.begin, e.end - e.begin, e.text);
    return text;
}

RuleEngine::RuleEngine(QVector<RulePack> packs) : m_packs(std::move(packs))
{
    combineQueries();
}

RuleEngine::RuleEngine(const RuleEngine &other)
    : m_packs(other.m_packs), m_combined(other.m_combined), m_patternRule(other.m_patternRule)
{
    indexRules(); // m_rules points into this engine's own packs
}

RuleEngine &RuleEngine::operator=(const RuleEngine &other)
{
    if (this != &other) {
        m_packs = other.m_packs;
        m_combined = other.m_combined;
        m_patternRule = other.m_patternRule;
        indexRules();
    }
    return *this;
}

void RuleEngine::indexRules()
{
    m_rules.clear();
    for (const RulePack &p : std::as_const(m_packs))
        for (const Rule &r : p.rules)
            m_rules << &r;
}

void RuleEngine::combineQueries()
{
    indexRules();
    m_patternRule.clear();
    m_combined.reset();
    QByteArray source;
    for (int i = 0; i < m_rules.size(); ++i) {
        const Rule &r = *m_rules[i];
        if (!r.query)
            continue;
        source += r.querySource + '\n';
        for (uint32_t k = 0; k < r.query->patternCount(); ++k)
            m_patternRule.append({i, int(k)});
    }
    uint32_t offset = 0;
    QString why;
    if (m_packs.size() == 1 && m_packs.first().combined
        && m_packs.first().combined->patternCount() == uint32_t(m_patternRule.size()))
        m_combined = m_packs.first().combined; // compiled when the pack was loaded
    else
        m_combined = source.isEmpty() ? nullptr : Query::compile(source, &offset, &why);
    if (m_combined && m_combined->patternCount() != uint32_t(m_patternRule.size()))
        m_combined.reset(); // cannot map patterns back: fall back to one query per rule
}

const Rule *RuleEngine::rule(const QString &id) const
{
    for (const RulePack &p : m_packs)
        for (const Rule &r : p.rules)
            if (r.id == id)
                return &r;
    return nullptr;
}

QStringList RuleEngine::textFileGlobs() const
{
    QStringList globs;
    for (const RulePack &p : m_packs)
        for (const Rule &r : p.rules)
            globs += r.files;
    globs.removeDuplicates();
    return globs;
}

LoadContext documentContext(const Document &doc, const LoadContext *context)
{
    const ParsedDocument parsed = parseDocument(doc, context);
    LoadContext names{parsed.allImports, {}};
    if (context)
        names.imports.addContext(context->imports);
    if (!parsed.cells.empty())
        names.objects = parsed.cells.back().objects;
    return names;
}

QVector<Finding> RuleEngine::scan(const Document &doc, const QString &relativePath, const LoadContext *context) const
{
    QVector<Finding> findings;
    if (doc.kind == DocumentKind::Text) {
        for (const RulePack &p : m_packs)
            for (const Rule &r : p.rules)
                scanText(r, doc, relativePath, &findings);
        sortFindings(&findings);
        return findings;
    }
    const ParsedDocument parsed = parseDocument(doc, context);
    std::vector<RuleMatches> matches(m_rules.size(), RuleMatches(parsed.cells.size()));
    if (m_combined) {
        for (size_t i = 0; i < parsed.cells.size(); ++i) {
            const ParsedCell &c = parsed.cells[i];
            const KerasFacts facts(&c.tensors, &c.objects);
            const MatchContext context{&c.imports, &parsed.identifierUses, &facts};
            m_combined->forEachMatch(c.root(), c.masked, context, [&](const CaptureMap &captures, int pattern) {
                const auto [rule, local] = m_patternRule.value(pattern, {-1, 0});
                if (rule >= 0)
                    addMatch(&matches[size_t(rule)][i], *m_rules[rule], captures, local);
            });
        }
    }
    for (int r = 0; r < m_rules.size(); ++r) {
        if (!m_rules[r]->query)
            continue;
        if (!m_combined)
            matches[size_t(r)] = matchesOf(*m_rules[r], parsed);
        scanParsed(*m_rules[r], parsed, relativePath, matches[size_t(r)], &findings);
    }
    sortFindings(&findings);
    return findings;
}

QVector<Finding> RuleEngine::scanRule(const Rule &rule, const Document &doc, const QString &relativePath) const
{
    QVector<Finding> findings;
    if (doc.kind == DocumentKind::Text)
        scanText(rule, doc, relativePath, &findings);
    else if (rule.query) {
        const ParsedDocument parsed = parseDocument(doc);
        scanParsed(rule, parsed, relativePath, matchesOf(rule, parsed), &findings);
    }
    sortFindings(&findings);
    return findings;
}

} // namespace kmw
