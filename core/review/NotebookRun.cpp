#include "NotebookRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace kmw {

QString terminalText(const QString &text)
{
    static const QRegularExpression ansi(QStringLiteral("\\x1b\\[[0-9;]*[A-Za-z]"));
    QStringList lines;
    QString line;
    for (const QChar c : text) {
        if (c == QLatin1Char('\n')) {
            lines << line;
            line.clear();
        } else if (c == QLatin1Char('\r')) {
            line.clear();
        } else if (c == QLatin1Char('\b')) {
            line.chop(1);
        } else {
            line += c;
        }
    }
    lines << line;
    QString all = lines.join(QLatin1Char('\n'));
    all.remove(ansi);
    return all;
}

QString CellRun::text() const
{
    QString all;
    for (const RunOutput &o : outputs) {
        if (o.type == QLatin1String("stream")) {
            all += o.text;
        } else if (o.type == QLatin1String("text")) {
            if (!all.isEmpty() && !all.endsWith(QLatin1Char('\n')))
                all += QLatin1Char('\n');
            all += o.text + QLatin1Char('\n');
        }
    }
    return terminalText(all);
}

int CellRun::imageCount() const
{
    int n = 0;
    for (const RunOutput &o : outputs)
        n += o.type == QLatin1String("image");
    return n;
}

const CellRun *SideRun::cell(int index) const
{
    for (const CellRun &c : cells)
        if (c.index == index)
            return &c;
    return nullptr;
}

bool parseSideRun(const QByteArray &json, SideRun *out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("the run's result is not JSON: %1 at byte %2")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
        return false;
    }
    const QJsonObject o = doc.object();
    SideRun side;
    side.python = o.value(QStringLiteral("python")).toString();
    side.pythonVersion = o.value(QStringLiteral("version")).toString();
    side.seeding = o.value(QStringLiteral("seeding")).toString();
    side.error = o.value(QStringLiteral("error")).toString();
    const QJsonObject versions = o.value(QStringLiteral("versions")).toObject();
    for (auto it = versions.begin(); it != versions.end(); ++it)
        side.versions.insert(it.key(), it.value().toString());
    for (const QJsonValue &v : o.value(QStringLiteral("cells")).toArray()) {
        const QJsonObject c = v.toObject();
        CellRun cell;
        cell.index = c.value(QStringLiteral("index")).toInt(-1);
        cell.status = c.value(QStringLiteral("status")).toString();
        cell.seconds = c.value(QStringLiteral("seconds")).toDouble();
        for (const QJsonValue &d : c.value(QStringLiteral("skipped_because")).toArray())
            cell.skippedBecause << d.toInt();
        const QJsonObject e = c.value(QStringLiteral("error")).toObject();
        cell.error = {e.value(QStringLiteral("ename")).toString(), e.value(QStringLiteral("evalue")).toString(),
                      e.value(QStringLiteral("traceback")).toString()};
        for (const QJsonValue &ov : c.value(QStringLiteral("outputs")).toArray()) {
            const QJsonObject oo = ov.toObject();
            RunOutput output;
            output.type = oo.value(QStringLiteral("type")).toString();
            output.text = oo.value(QStringLiteral("text")).toString();
            output.mime = oo.value(QStringLiteral("mime")).toString();
            if (output.type == QLatin1String("image"))
                output.image = QByteArray::fromBase64(oo.value(QStringLiteral("data")).toString().toLatin1());
            cell.outputs << output;
        }
        if (cell.index >= 0)
            side.cells << cell;
    }
    *out = side;
    return true;
}

} // namespace kmw
