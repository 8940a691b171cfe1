// Keras objects made only for calls the generated code replaces: an ImageDataGenerator
// whose only use is flow_from_directory() (the ImageFolder pipelines read its arguments),
// an optimizer whose only use is compile() (torch.optim reads its arguments). Kept as a
// comment so nothing imports Keras for them; any other use keeps them (and their import,
// which keras-still-used then reports).

#include "TorchRewriteInternal.h"

#include <QRegularExpression>

namespace kmw::rewrite {
namespace {

/// True when the match at `at` lies inside the arguments of a `.compile(` call that
/// opens before it in `text`.
bool insideCompile(const QString &text, qsizetype at)
{
    const qsizetype open = text.lastIndexOf(QLatin1String(".compile("), at);
    if (open < 0)
        return false;
    int depth = 0;
    for (qsizetype i = open + 8; i < at; ++i) {
        if (text[i] == QLatin1Char('('))
            ++depth;
        else if (text[i] == QLatin1Char(')'))
            --depth;
    }
    return depth > 0;
}

} // namespace

RewriteResult generateKerasDefinition(const RewriteRequest &r)
{
    RewriteResult out;
    out.notApplicable = true; // unless every use is one the generated code replaces
    TSNode statement;
    const QString name = assignedStatement(r, &statement);
    if (name.isEmpty())
        return out;
    const CallText call = readCall(r, findMethodCall(statement, *r.masked, QString()));
    const bool generator = call.function.section(QLatin1Char('.'), -1) == QLatin1String("ImageDataGenerator");
    const QRegularExpression use(QStringLiteral("\\b%1\\b(?!\\s*=[^=])").arg(QRegularExpression::escape(name)));
    const QRegularExpression flow(QStringLiteral("^\\s*\\.\\s*flow_from_directory\\s*\\("));
    int uses = 0;
    for (const Cell &cell : r.document->cells) {
        if (cell.type != CellType::Code)
            continue;
        const QString text = QString::fromUtf8(cell.source);
        for (auto it = use.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const bool replaced = generator ? flow.match(text.mid(m.capturedEnd())).hasMatch()
                                            : insideCompile(text, m.capturedStart());
            if (!replaced)
                return out;
            ++uses;
        }
    }
    if (uses == 0)
        return out;
    const qsizetype b = ts_node_start_byte(statement), e = statementEnd(*r.source, statement);
    QString kept = QString::fromUtf8(r.source->mid(b, e - b));
    kept.replace(QRegularExpression(QStringLiteral("(?m)^")), QStringLiteral("# "));
    out.edits << TextEdit{r.cell, b, e, kept.toUtf8()};
    out.notApplicable = false;
    out.ok = true;
    return out;
}

} // namespace kmw::rewrite
