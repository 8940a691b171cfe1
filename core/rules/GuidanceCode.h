#pragma once

#include <QPair>
#include <QString>

namespace kmw {

/// A finding's guidance split into its prose and the code block it ends with
/// (```python … ```: a module generated but not applied, see RewriteResult::heldBackCode);
/// the code is empty when there is none. Used by the GUI's findings row and the Markdown
/// report.
inline QPair<QString, QString> splitGuidanceCode(const QString &guidance)
{
    const qsizetype fence = guidance.indexOf(QLatin1String("```python\n"));
    if (fence < 0)
        return {guidance, QString()};
    QString code = guidance.mid(fence + 10);
    const qsizetype end = code.lastIndexOf(QLatin1String("```"));
    if (end >= 0)
        code.truncate(end);
    return {guidance.left(fence).trimmed(), code.trimmed()};
}

} // namespace kmw
