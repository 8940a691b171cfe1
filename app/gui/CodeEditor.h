#pragma once

#include <QHash>
#include <Qsci/qsciscintilla.h>

class QsciLexerPython;

namespace kmw {

/// A read-only Python view of one cell's source (QScintilla, UTF-8, so positions are
/// the same byte offsets as core's SourceRange). Highlights go through indicators
/// allocated by name (sqlitebrowser's habit): "finding" (a finding's range on the
/// before side), "accepted" (an accepted finding's range), "change" (text a fix wrote,
/// on the after side). The height follows the text, so a cell never scrolls inside.
class CodeEditor : public QsciScintilla {
    Q_OBJECT
public:
    /// `python`: highlight Python syntax (off for requirements.txt and other text files).
    explicit CodeEditor(QWidget *parent = nullptr, bool python = true);

    /// Shows `utf8` and resizes to fit its lines.
    void setSource(const QByteArray &utf8);
    /// Marks bytes [begin, end) with the named indicator; an empty range marks one
    /// character so an insertion point stays visible.
    void mark(const QString &indicator, qsizetype begin, qsizetype end);
    /// Removes every mark of the named indicator.
    void clearMarks(const QString &indicator);
    /// Number of the named indicator (for tests), or -1.
    int indicatorNumber(const QString &indicator) const { return m_indicators.value(indicator, -1); }
    /// Bytes marked with the indicator at `position` (for tests).
    bool isMarked(const QString &indicator, qsizetype position);

    /// Makes the editor editable (a manual edit of the after side) or display-only.
    void setEditable(bool editable);

private:
    void defineIndicator(const QString &name, IndicatorStyle style, const QColor &color);
    void fitHeight();

    QsciLexerPython *m_lexer;
    QHash<QString, int> m_indicators;
};

} // namespace kmw
