#include "ReviewStore.h"

#include "AtomicFile.h"
#include "SourceRange.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <nlohmann/json.hpp>

namespace kmw {
namespace {

QString statusName(DecisionStatus s)
{
    return s == DecisionStatus::Accepted ? QStringLiteral("accepted")
           : s == DecisionStatus::Rejected ? QStringLiteral("rejected")
                                           : QStringLiteral("pending");
}

} // namespace

ReviewStore ReviewStore::fromFile(const QString &file)
{
    ReviewStore store;
    store.m_file = file;
    return store;
}

QString ReviewStore::filePath() const
{
    return m_file.isEmpty() ? QDir(m_root).filePath(QStringLiteral(".kmw/review.json")) : m_file;
}

bool ReviewStore::load(InputError *error)
{
    m_decisions.clear();
    m_touched.clear();
    m_onDisk.reset();
    QFile file(filePath());
    if (!file.exists()) {
        m_onDisk = QByteArray();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = {filePath(), 0, 0, QStringLiteral("cannot read: %1").arg(file.errorString())};
        return false;
    }
    const QByteArray bytes = file.readAll();
    m_onDisk = bytes;
    return parse(bytes, error);
}

bool ReviewStore::parse(const QByteArray &bytes, InputError *error)
{
    m_decisions.clear();
    m_touched.clear();
    try {
        const auto root = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd());
        for (const auto &d : root.at("decisions")) {
            StoredDecision s;
            s.findingId = QString::fromStdString(d.at("id").get<std::string>());
            s.path = QString::fromStdString(d.value("path", std::string()));
            s.ruleId = QString::fromStdString(d.value("rule", std::string()));
            const std::string status = d.value("status", std::string());
            s.status = status == "accepted" ? DecisionStatus::Accepted
                       : status == "rejected" ? DecisionStatus::Rejected
                                              : DecisionStatus::Pending;
            s.fixIndex = d.value("fix", 0);
            s.saved = d.value("saved", false);
            if (s.status != DecisionStatus::Pending)
                m_decisions.insert(s.findingId, s);
        }
    } catch (const nlohmann::json::parse_error &e) {
        int line, column;
        lineColumnAt(bytes, e.byte > 0 ? qsizetype(e.byte) - 1 : 0, &line, &column);
        *error = {filePath(), line, column, QStringLiteral("not valid JSON; the review starts empty")};
        return false;
    } catch (const std::exception &e) {
        *error = {filePath(), 0, 0, QStringLiteral("not a review file (%1); the review starts empty").arg(QString::fromUtf8(e.what()))};
        m_decisions.clear();
        return false;
    }
    return true;
}

bool ReviewStore::save(InputError *error)
{
    const auto serialize = [](const QHash<QString, StoredDecision> &decisions) {
        nlohmann::ordered_json root;
        root["version"] = 1;
        root["decisions"] = nlohmann::ordered_json::array();
        QList<StoredDecision> list = decisions.values();
        std::sort(list.begin(), list.end(), [](const StoredDecision &a, const StoredDecision &b) {
            return a.path != b.path ? a.path < b.path : a.findingId < b.findingId;
        });
        for (const StoredDecision &s : list)
            root["decisions"].push_back({{"id", s.findingId.toStdString()},
                                         {"path", s.path.toStdString()},
                                         {"rule", s.ruleId.toStdString()},
                                         {"status", statusName(s.status).toStdString()},
                                         {"fix", s.fixIndex},
                                         {"saved", s.saved}});
        return QByteArray::fromStdString(root.dump(1)) + '\n';
    };
    QDir().mkpath(QFileInfo(filePath()).absolutePath());
    QHash<QString, StoredDecision> merged = m_decisions;
    const auto merge = [&](const QByteArray &current, QByteArray *bytes, QString *why) {
        if (!m_onDisk || current != *m_onDisk) {
            // another writer since we read it: its decisions, ours where we decided since
            ReviewStore theirs = ReviewStore::fromFile(filePath());
            InputError readError;
            if (!current.isEmpty() && !theirs.parse(current, &readError)) {
                *why = QStringLiteral("it changed on disk and is not a review file now (%1): it is not replaced")
                           .arg(readError.message);
                return false;
            }
            merged = theirs.m_decisions;
            for (const QString &id : std::as_const(m_touched)) {
                if (m_decisions.contains(id))
                    merged.insert(id, m_decisions.value(id));
                else
                    merged.remove(id);
            }
        }
        *bytes = serialize(merged);
        return true;
    };
    QString why;
    if (!updateFileLocked(filePath(), merge, &why)) {
        *error = {filePath(), 0, 0, why.startsWith(filePath()) ? why : QStringLiteral("cannot write: %1").arg(why)};
        return false;
    }
    m_decisions = merged;
    m_onDisk = serialize(merged);
    m_touched.clear();
    return true;
}

void ReviewStore::set(const QString &path, const Finding &finding, const Decision &decision)
{
    m_touched.insert(finding.id);
    if (decision.status == DecisionStatus::Pending) {
        m_decisions.remove(finding.id);
        return;
    }
    m_decisions.insert(finding.id, {finding.id, path, finding.ruleId, decision.status, decision.fixIndex, false});
}

void ReviewStore::markSaved(const QString &path)
{
    for (StoredDecision &s : m_decisions)
        if (s.path == path && s.status == DecisionStatus::Accepted) {
            s.saved = true;
            m_touched.insert(s.findingId);
        }
}

const StoredDecision *ReviewStore::find(const QString &findingId) const
{
    const auto it = m_decisions.constFind(findingId);
    return it == m_decisions.constEnd() ? nullptr : &it.value();
}

int ReviewStore::restore(FileReview *review) const
{
    int restored = 0;
    for (const Finding &f : review->findings()) {
        const StoredDecision *s = find(f.id);
        if (s && !s->saved && review->setDecision(f.id, {s->status, s->fixIndex}))
            ++restored;
    }
    return restored;
}

QVector<StoredDecision> ReviewStore::obsolete(const ScanResult &scan) const
{
    QSet<QString> present;
    for (const FileResult &f : scan.files)
        for (const Finding &x : f.findings)
            present.insert(x.id);
    QVector<StoredDecision> out;
    for (const StoredDecision &s : m_decisions)
        if (!s.saved && !present.contains(s.findingId))
            out << s;
    return out;
}

} // namespace kmw
