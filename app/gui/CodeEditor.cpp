#include "CodeEditor.h"

#include <Qsci/qscilexerpython.h>

#include <QFontDatabase>
#include <QScrollBar>

namespace kmw {

CodeEditor::CodeEditor(QWidget *parent, bool python) : QsciScintilla(parent), m_lexer(new QsciLexerPython(this))
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_lexer->setDefaultFont(mono);
    for (int style = 0; style < 128; ++style)
        m_lexer->setFont(mono, style);
    if (python)
        setLexer(m_lexer);
    else
        setFont(mono);
    setUtf8(true);
    setReadOnly(true);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginWidth(0, QStringLiteral("0000"));
    setMarginsBackgroundColor(QColor(0xf0, 0xf0, 0xf0));
    setWrapMode(QsciScintilla::WrapNone);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setCaretLineVisible(false);
    // Display only: keys (F8, Alt+A, Ctrl+Z…) belong to the window's review actions.
    setFocusPolicy(Qt::NoFocus);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1);
    SendScintilla(SCI_SETSCROLLWIDTH, 1);
    connect(this, &QsciScintilla::linesChanged, this, &CodeEditor::fitHeight);
    defineIndicator(QStringLiteral("finding"), QsciScintilla::SquiggleLowIndicator, QColor(0xd0, 0x80, 0x00));
    defineIndicator(QStringLiteral("accepted"), QsciScintilla::FullBoxIndicator, QColor(0xff, 0x60, 0x60));
    defineIndicator(QStringLiteral("change"), QsciScintilla::FullBoxIndicator, QColor(0x40, 0xc0, 0x40));
}

void CodeEditor::defineIndicator(const QString &name, IndicatorStyle style, const QColor &color)
{
    const int number = indicatorDefine(style, -1);
    setIndicatorForegroundColor(color, number);
    SendScintilla(SCI_INDICSETALPHA, number, 70);
    SendScintilla(SCI_INDICSETUNDER, number, true);
    m_indicators.insert(name, number);
}

void CodeEditor::setSource(const QByteArray &utf8)
{
    const bool ro = isReadOnly();
    setReadOnly(false);
    SendScintilla(SCI_SETTEXT, utf8.constData());
    setReadOnly(ro);
    fitHeight();
}

void CodeEditor::setEditable(bool editable)
{
    setReadOnly(!editable);
    setFocusPolicy(editable ? Qt::StrongFocus : Qt::NoFocus);
    setPaper(editable ? QColor(0xff, 0xfb, 0xe6) : QColor(Qt::white));
    if (editable)
        setFocus();
}

void CodeEditor::mark(const QString &indicator, qsizetype begin, qsizetype end)
{
    const int number = m_indicators.value(indicator, -1);
    if (number < 0)
        return;
    const long length = long(SendScintilla(SCI_GETLENGTH));
    if (end == begin)
        end = begin + 1;
    begin = std::clamp<qsizetype>(begin, 0, length);
    end = std::clamp<qsizetype>(end, begin, length);
    SendScintilla(SCI_SETINDICATORCURRENT, number);
    SendScintilla(SCI_INDICATORFILLRANGE, begin, end - begin);
}

void CodeEditor::clearMarks(const QString &indicator)
{
    const int number = m_indicators.value(indicator, -1);
    if (number < 0)
        return;
    SendScintilla(SCI_SETINDICATORCURRENT, number);
    SendScintilla(SCI_INDICATORCLEARRANGE, 0, SendScintilla(SCI_GETLENGTH));
}

bool CodeEditor::isMarked(const QString &indicator, qsizetype position)
{
    const int number = m_indicators.value(indicator, -1);
    return number >= 0 && SendScintilla(SCI_INDICATORVALUEAT, number, position) != 0;
}

void CodeEditor::fitHeight()
{
    const int lineCount = std::max(1, lines());
    const int lineHeight = int(SendScintilla(SCI_TEXTHEIGHT, 0));
    const int scrollbar = horizontalScrollBar() ? horizontalScrollBar()->sizeHint().height() : 16;
    setFixedHeight(std::min(lineCount, 400) * lineHeight + scrollbar + 6);
}

} // namespace kmw
