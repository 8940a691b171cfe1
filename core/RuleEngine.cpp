#include "RuleEngine.h"

#include "MagicMask.h"

#include <QCryptographicHash>
#include <QHash>
#include <QMap>

#include <algorithm>
#include <vector>

namespace kmw {
namespace {

struct ParsedCell {
    int index = 0;
    QByteArray source;
    QByteArray masked;
    TreePtr tree;
    TSNode root() const { return ts_tree_root_node(tree.get()); }
};

std::vector<ParsedCell> parseCells(const Document &doc)
{
    PythonParser parser;
    std::vector<ParsedCell> cells;
    for (int i = 0; i < doc.cells.size(); ++i) {
        if (doc.cells[i].type != CellType::Code)
            continue;
        ParsedCell cell;
        cell.index = i;
        cell.source = doc.cells[i].source;
        cell.masked = maskIPythonMagics(cell.source);
        cell.tree = parser.parse(cell.masked);
        cells.push_back(std::move(cell));
    }
    return cells;
}

QString fingerprint(const QString &ruleId, const QString &path, int cell, const QByteArray &text,
                    int occurrence)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(ruleId.toUtf8() + '\0' + path.toUtf8() + '\0' + QByteArray::number(cell) + '\0' +
                 text + '\0' + QByteArray::number(occurrence));
    return QString::fromLatin1(hash.result().toHex().left(16));
}

/// `\n` -> the cell's own line ending.
QByteArray withLineEndings(QByteArray text, const QByteArray &source)
{
    if (source.contains("\r\n"))
        text.replace("\r\n", "\n").replace("\n", "\r\n");
    return text;
}

QByteArray expandTemplate(const QString &templ, const CaptureMap &captures, const QByteArray &source)
{
    QByteArray out = templ.toUtf8();
    for (auto it = captures.constBegin(); it != captures.constEnd(); ++it)
        out.replace("{{" + it.key().toUtf8() + "}}", nodeText(it.value(), source));
    return out;
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

void scanParsed(const Rule &rule, const std::vector<ParsedCell> &cells, const QString &path,
                QVector<Finding> *out)
{
    const auto base = [&](int cell) {
        Finding f;
        f.ruleId = rule.id;
        f.severity = rule.severity;
        f.category = rule.category;
        f.cell = cell;
        f.message = rule.message;
        f.guidance = rule.guidance;
        return f;
    };

    if (rule.scope == QLatin1String("document")) {
        if (cells.empty())
            return;
        bool uses = false, already = false;
        for (const ParsedCell &c : cells) {
            uses = uses || rule.query->anyMatch(c.root(), c.masked);
            already = already || (rule.unless && rule.unless->anyMatch(c.root(), c.masked));
        }
        if (!uses || already)
            return;
        const ParsedCell &first = cells.front();
        const qsizetype at = documentStartOffset(first.masked, first.root());
        Finding f = base(first.index);
        f.range = SourceRange::fromBytes(first.source, at, at);
        for (const FixTemplate &ft : rule.fixes) {
            Fix fix{ft.title, {}};
            for (const EditTemplate &et : ft.edits) {
                if (et.kind != EditTemplate::Kind::InsertDocumentStart)
                    continue;
                QByteArray text = et.text.toUtf8();
                if (at > 0 && first.source[at - 1] != '\n')
                    text.prepend('\n');
                fix.edits << TextEdit{first.index, at, at, withLineEndings(text, first.source)};
            }
            f.fixes << fix;
        }
        f.id = fingerprint(rule.id, path, first.index, QByteArray(), 0);
        out->append(f);
        return;
    }

    for (const ParsedCell &c : cells) {
        // One finding per reported node: when several patterns of the rule report the
        // same node, the first pattern in the query wins (write specific patterns first).
        QMap<std::pair<uint32_t, uint32_t>, std::pair<int, CaptureMap>> chosen;
        rule.query->forEachMatch(c.root(), c.masked, [&](const CaptureMap &captures, int pattern) {
            if (captures.isEmpty())
                return;
            const TSNode node = reportNode(rule, captures);
            const std::pair key{ts_node_start_byte(node), ts_node_end_byte(node)};
            if (!chosen.contains(key) || chosen.value(key).first > pattern)
                chosen.insert(key, {pattern, captures});
        });
        QHash<QByteArray, int> occurrences;
        for (const auto &[pattern, captures] : chosen) {
            Q_UNUSED(pattern);
            const TSNode node = reportNode(rule, captures);
            Finding f = base(c.index);
            f.range = SourceRange::fromBytes(c.source, ts_node_start_byte(node), ts_node_end_byte(node));
            for (const FixTemplate &ft : rule.fixes) {
                Fix fix{ft.title, {}};
                for (const EditTemplate &et : ft.edits) {
                    if (!captures.contains(et.capture))
                        continue;
                    const TSNode target = captures.value(et.capture);
                    const qsizetype b = ts_node_start_byte(target), e = ts_node_end_byte(target);
                    QByteArray text;
                    if (et.kind == EditTemplate::Kind::ReplaceCapture)
                        text = expandTemplate(et.text, captures, c.source);
                    else if (et.kind == EditTemplate::Kind::RegexReplace)
                        text = QString::fromUtf8(c.source.mid(b, e - b)).replace(et.regex, et.text).toUtf8();
                    else
                        continue;
                    if (text != c.source.mid(b, e - b))
                        fix.edits << TextEdit{c.index, b, e, text};
                }
                if (!fix.edits.isEmpty())
                    f.fixes << fix;
            }
            // Broken code: tree-sitter recovered around an error here, so the match may
            // not mean what it seems. Report it, but never rewrite it.
            if (insideSyntaxError(node)) {
                f.fixes.clear();
                f.guidance = QStringLiteral("This code does not parse (a syntax error around it), so the "
                                            "workbench does not rewrite it. Fix the syntax, then scan again.");
            }
            // The range covers every edit of the first fix, so that `replacement` is
            // exactly what [begin, end) becomes.
            if (!f.fixes.isEmpty()) {
                qsizetype b = f.range.begin, e = f.range.end;
                for (const TextEdit &edit : f.fixes.first().edits) {
                    b = std::min(b, edit.begin);
                    e = std::max(e, edit.end);
                }
                if (b != f.range.begin || e != f.range.end)
                    f.range = SourceRange::fromBytes(c.source, b, e);
            }
            const QByteArray text = c.source.mid(f.range.begin, f.range.end - f.range.begin);
            f.id = fingerprint(rule.id, path, c.index, text, occurrences[text]++);
            out->append(f);
        }
    }
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

qsizetype documentStartOffset(const QByteArray &maskedSource, TSNode root)
{
    qsizetype end = 0;
    bool first = true;
    const uint32_t n = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode child = ts_node_named_child(root, i);
        const char *type = ts_node_type(child);
        const QByteArray text = nodeText(child, maskedSource);
        if (qstrcmp(type, "comment") == 0) {
            const bool header = ts_node_start_point(child).row <= 1 &&
                                (text.startsWith("#!") || text.contains("coding"));
            if (header)
                end = ts_node_end_byte(child);
            continue;
        }
        const bool docstring = first && qstrcmp(type, "expression_statement") == 0 &&
                               ts_node_named_child_count(child) == 1 &&
                               qstrcmp(ts_node_type(ts_node_named_child(child, 0)), "string") == 0;
        first = false;
        if (docstring || qstrcmp(type, "future_import_statement") == 0) {
            end = ts_node_end_byte(child);
            continue;
        }
        break;
    }
    if (end == 0)
        return 0;
    const qsizetype nl = maskedSource.indexOf('\n', end);
    return nl < 0 ? maskedSource.size() : nl + 1;
}

QByteArray replacementText(const Finding &finding, const QByteArray &cellSource, int fixIndex)
{
    if (fixIndex < 0 || fixIndex >= finding.fixes.size())
        return {};
    const SourceRange &r = finding.range;
    QVector<TextEdit> inside;
    for (const TextEdit &e : finding.fixes[fixIndex].edits)
        if (e.cell == finding.cell && e.begin >= r.begin && e.end <= r.end)
            inside << e;
    std::sort(inside.begin(), inside.end(), [](const TextEdit &a, const TextEdit &b) { return a.begin > b.begin; });
    QByteArray text = cellSource.mid(r.begin, r.end - r.begin);
    for (const TextEdit &e : inside)
        text.replace(e.begin - r.begin, e.end - e.begin, e.text);
    return text;
}

RuleEngine::RuleEngine(QVector<RulePack> packs) : m_packs(std::move(packs)) {}

const Rule *RuleEngine::rule(const QString &id) const
{
    for (const RulePack &p : m_packs)
        for (const Rule &r : p.rules)
            if (r.id == id)
                return &r;
    return nullptr;
}

QVector<Finding> RuleEngine::scan(const Document &doc, const QString &relativePath) const
{
    const std::vector<ParsedCell> cells = parseCells(doc);
    QVector<Finding> findings;
    for (const RulePack &p : m_packs)
        for (const Rule &r : p.rules)
            scanParsed(r, cells, relativePath, &findings);
    sortFindings(&findings);
    return findings;
}

QVector<Finding> RuleEngine::scanRule(const Rule &rule, const Document &doc, const QString &relativePath) const
{
    QVector<Finding> findings;
    scanParsed(rule, parseCells(doc), relativePath, &findings);
    sortFindings(&findings);
    return findings;
}

} // namespace kmw
