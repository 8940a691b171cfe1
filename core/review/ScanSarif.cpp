#include "ScanSarif.h"

#include "FixApplier.h"
#include "NotebookWriter.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

namespace kmw {

using Json = nlohmann::ordered_json;

namespace {

std::string str(const QString &s) { return s.toStdString(); }

const char *level(Severity s)
{
    switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    default: return "note";
    }
}

/// 1-based line and code-point column of byte `offset` in `text`.
std::pair<int, int> lineColumn(const QByteArray &text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    int column = 1;
    for (qsizetype i = lineStart; i < offset; ++i)
        if ((uchar(text[i]) & 0xC0) != 0x80) // not a UTF-8 continuation byte
            ++column;
    return {line, column};
}

Json region(const QByteArray &text, qsizetype begin, qsizetype end)
{
    const auto [l1, c1] = lineColumn(text, begin);
    const auto [l2, c2] = lineColumn(text, std::max(begin, end));
    return Json{{"startLine", l1}, {"startColumn", c1}, {"endLine", l2}, {"endColumn", c2}};
}

QString sourceUrl(const QString &source)
{
    static const QRegularExpression url(QStringLiteral("https?://[^\\s)]+"));
    return url.match(source).captured(0);
}

/// The file's bytes with finding `f`'s first fix applied, or empty when it changes nothing.
QByteArray fixedFile(const Document &doc, const Finding &f)
{
    const ApplyResult r = applyFixes(doc, {AcceptedFix{f, std::max(0, f.autoFixIndex())}});
    if (r.newSources.isEmpty())
        return {};
    if (doc.kind == DocumentKind::Notebook) {
        QByteArray out = doc.raw;
        // splice from the last cell so earlier offsets stay valid
        for (auto it = r.newSources.constEnd(); it != r.newSources.constBegin();) {
            --it;
            const Cell &cell = doc.cells[it.key()];
            out.replace(cell.sourceBegin, cell.sourceEnd - cell.sourceBegin, serializeSource(doc, it.key(), it.value()));
        }
        return out;
    }
    return r.newSources.value(0);
}

} // namespace

qsizetype notebookFileOffset(const QByteArray &raw, qsizetype begin, qsizetype end, qsizetype decoded)
{
    qsizetype count = 0;
    bool inString = false;
    for (qsizetype i = begin; i < end && i < raw.size(); ++i) {
        const char c = raw[i];
        if (!inString) {
            inString = c == '"';
            continue;
        }
        if (c == '"') {
            inString = false;
            continue;
        }
        if (count >= decoded)
            return i;
        if (c == '\\' && i + 1 < end) {
            if (raw[i + 1] == 'u' && i + 5 < end) {
                const uint code = raw.mid(i + 2, 4).toUInt(nullptr, 16);
                qsizetype width = 6;
                int bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
                if (code >= 0xD800 && code < 0xDC00 && i + 11 < end && raw[i + 6] == '\\' && raw[i + 7] == 'u') {
                    bytes = 4; // a surrogate pair: one code point
                    width = 12;
                }
                count += bytes;
                i += width - 1;
            } else {
                count += 1;
                i += 1;
            }
            continue;
        }
        ++count;
    }
    return end;
}

QByteArray scanReportSarif(const ScanResult &scan, const RuleEngine &engine, const QString &toolVersion)
{
    Json rules = Json::array();
    QHash<QString, int> ruleIndex;
    for (const RulePack &pack : engine.packs())
        for (const Rule &r : pack.rules) {
            if (ruleIndex.contains(r.id))
                continue;
            ruleIndex.insert(r.id, int(rules.size()));
            Json rule{{"id", str(r.id)},
                      {"shortDescription", {{"text", str(r.title)}}},
                      {"fullDescription", {{"text", str(r.guidance.isEmpty() ? r.title : r.guidance)}}},
                      {"defaultConfiguration", {{"level", level(r.severity)}}},
                      {"properties", {{"category", str(r.category)}, {"pack", str(pack.name)},
                                      {"tags", Json::array({str(r.category), str(pack.name)})}}}};
            const QString url = sourceUrl(r.source);
            if (!url.isEmpty())
                rule["helpUri"] = str(url);
            rule["help"] = {{"text", str(QStringLiteral("%1\n\nSource: %2").arg(r.guidance.isEmpty() ? r.title : r.guidance, r.source))}};
            rules.push_back(rule);
        }
    Json results = Json::array();
    for (const FileResult &file : scan.files) {
        const Document &doc = file.document;
        const bool notebook = doc.kind == DocumentKind::Notebook;
        const Json artifact{{"uri", str(QString::fromUtf8(QUrl::toPercentEncoding(file.relativePath, "/")))}, {"uriBaseId", "SRCROOT"}};
        for (const Finding &f : file.findings) {
            qsizetype begin = f.range.begin, end = f.range.end;
            if (notebook) {
                const Cell &cell = doc.cells.value(f.cell);
                begin = notebookFileOffset(doc.raw, cell.sourceBegin, cell.sourceEnd, f.range.begin);
                end = notebookFileOffset(doc.raw, cell.sourceBegin, cell.sourceEnd, f.range.end);
            }
            Json result{{"ruleId", str(f.ruleId)},
                        {"level", level(f.severity)},
                        {"message", {{"text", str(f.message)}}},
                        {"locations", Json::array({{{"physicalLocation", {{"artifactLocation", artifact},
                                                                          {"region", region(doc.raw, begin, end)}}}}})},
                        {"partialFingerprints", {{"kmwFinding/v1", str(f.id)}}},
                        {"properties", {{"severity", str(severityName(f.severity))}, {"category", str(f.category)}}}};
            if (ruleIndex.contains(f.ruleId))
                result["ruleIndex"] = ruleIndex.value(f.ruleId);
            if (notebook) {
                result["properties"]["cell"] = f.cell;
                result["properties"]["cellLine"] = f.range.startLine;
                result["properties"]["cellColumn"] = f.range.startColumn;
            }
            if (!f.guidance.isEmpty())
                result["properties"]["guidance"] = str(f.guidance);
            if (f.fixable()) {
                const QByteArray after = fixedFile(doc, f);
                if (!after.isEmpty() && after != doc.raw) {
                    qsizetype prefix = 0;
                    while (prefix < after.size() && prefix < doc.raw.size() && after[prefix] == doc.raw[prefix])
                        ++prefix;
                    while (prefix > 0 && (uchar(doc.raw[prefix]) & 0xC0) == 0x80) // whole characters
                        --prefix;
                    qsizetype suffix = 0;
                    while (suffix < after.size() - prefix && suffix < doc.raw.size() - prefix
                           && after[after.size() - 1 - suffix] == doc.raw[doc.raw.size() - 1 - suffix])
                        ++suffix;
                    while (suffix > 0 && (uchar(doc.raw[doc.raw.size() - suffix]) & 0xC0) == 0x80)
                        --suffix;
                    const QByteArray inserted = after.mid(prefix, after.size() - prefix - suffix);
                    const int fixIndex = std::max(0, f.autoFixIndex());
                    result["fixes"] = Json::array({{{"description", {{"text", str(f.fixes.value(fixIndex).title)}}},
                                                    {"artifactChanges", Json::array({{{"artifactLocation", artifact},
                                                                                      {"replacements", Json::array({{
                                                                                          {"deletedRegion", region(doc.raw, prefix, doc.raw.size() - suffix)},
                                                                                          {"insertedContent", {{"text", inserted.toStdString()}}}}})}}})}}});
                }
            }
            results.push_back(result);
        }
    }
    Json notifications = Json::array();
    for (const InputError &e : scan.errors)
        notifications.push_back({{"level", "error"}, {"message", {{"text", str(e.toString())}}}});
    QString rootUri = QUrl::fromLocalFile(QDir(scan.root).absolutePath()).toString();
    if (!rootUri.endsWith(QLatin1Char('/')))
        rootUri += QLatin1Char('/');
    const Json log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", Json::array({{{"tool", {{"driver", {{"name", "kmw-cli"},
                                                                  {"fullName", "Keras Migration Workbench"},
                                                                  {"version", str(toolVersion)},
                                                                  {"semanticVersion", str(toolVersion)},
                                                                  {"informationUri", "https://keras.io/guides/migrating_to_keras_3/"},
                                                                  {"rules", rules}}}}},
                                          {"originalUriBaseIds", {{"SRCROOT", {{"uri", str(rootUri)}}}}},
                                          {"columnKind", "unicodeCodePoints"},
                                          {"invocations", Json::array({{{"executionSuccessful", scan.errors.isEmpty()},
                                                                        {"toolExecutionNotifications", notifications}}})},
                                          {"results", results}}})}};
    return QByteArray::fromStdString(log.dump(2)) + '\n';
}

} // namespace kmw
