#include "FindingRow.h"
#include "FindingsDock.h"
#include "GuidanceCode.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QMenu>
#include <QToolButton>
#include <QLabel>
#include <QPushButton>

namespace kmw {
namespace {
QString severityColor(Severity s)
{
    switch (s) {
    case Severity::Critical: return QStringLiteral("#b00020");
    case Severity::High: return QStringLiteral("#d05000");
    case Severity::Medium: return QStringLiteral("#a08000");
    case Severity::Low: return QStringLiteral("#307030");
    case Severity::Info: return QStringLiteral("#506070");
    }
    return {};
}

} // namespace

FindingRow::FindingRow(const Finding &finding, const QByteArray &replacement, QWidget *parent)
    : QWidget(parent), m_id(finding.id)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 1, 4, 1);
    auto *severity = new QLabel(QStringLiteral("<b style='color:%1'>%2</b>")
                                    .arg(severityColor(finding.severity), severityText(finding.severity)),
                                this);
    severity->setMinimumWidth(60);
    layout->addWidget(severity);
    QString text = QStringLiteral("<code>%1</code> L%2: %3")
                       .arg(finding.ruleId.toHtmlEscaped())
                       .arg(finding.range.startLine)
                       .arg(finding.message.toHtmlEscaped());
    if (!finding.fixes.isEmpty()) {
        // A generated rewrite (a class, a training loop) is read in the after editor:
        // here its first lines and its size, the whole text in the tooltip.
        const QStringList lines = QString::fromUtf8(replacement).trimmed().split(QLatin1Char('\n'));
        constexpr int kShown = 3;
        QString shown = lines.mid(0, kShown).join(QLatin1Char('\n')).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("⏎ "));
        if (lines.size() > kShown) {
            shown += QStringLiteral(" … ") + tr("(%n line(s) in all: see the after side)", nullptr, int(lines.size()));
            setToolTip(QStringLiteral("<pre>%1</pre>").arg(QString::fromUtf8(replacement).toHtmlEscaped()));
        }
        text += QStringLiteral(" → <code>%1</code>").arg(shown);
    }
    const auto [prose, code] = splitGuidanceCode(finding.guidance);
    if (!finding.fixable() && !prose.isEmpty())
        text += QStringLiteral("<br><i>%1</i>").arg(prose.toHtmlEscaped());
    if (!code.isEmpty()) // a long class: read in the tooltip, copied from the ⋯ menu
        text += QStringLiteral(" <i>%1</i>").arg(tr("(the generated code, %n line(s): hover to read it, ⋯ to copy it)", nullptr,
                                                    int(code.count(QLatin1Char('\n')) + 1)).toHtmlEscaped());
    auto *message = new QLabel(text, this);
    message->setWordWrap(true);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(message, 1);
    m_state = new QLabel(this);
    m_state->setMinimumWidth(70);
    layout->addWidget(m_state);
    m_accept = new QPushButton(tr("Accept"), this);
    m_reject = new QPushButton(tr("Reject"), this);
    m_accept->setCheckable(true);
    m_reject->setCheckable(true);
    m_accept->setEnabled(!finding.fixes.isEmpty());
    m_accept->setToolTip(finding.fixable()           ? tr("Apply this fix (click again to undo)")
                         : !finding.fixes.isEmpty() ? tr("Apply this template, then adapt it by hand")
                                                    : tr("No automatic fix: edit by hand"));
    if (finding.fixes.size() > 1) {
        // Several titled alternatives: choosing one accepts it.
        m_alternatives = new QComboBox(this);
        for (const Fix &fix : finding.fixes)
            m_alternatives->addItem(fix.title);
        m_alternatives->setToolTip(tr("Alternative fixes: choosing one accepts it"));
        layout->addWidget(m_alternatives);
        connect(m_alternatives, &QComboBox::activated, this, [this](int index) { emit fixChosen(m_id, index); });
    }
    layout->addWidget(m_accept);
    layout->addWidget(m_reject);
    auto *more = new QToolButton(this);
    more->setText(QStringLiteral("⋯"));
    more->setToolTip(tr("Decide for every finding of this rule, or of this cell"));
    more->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(more);
    const QString rule = finding.ruleId;
    menu->addAction(tr("Accept all “%1” in this file").arg(rule), this, [this] { emit bulkRequested(m_id, BulkScope::RuleInFile, DecisionStatus::Accepted); });
    menu->addAction(tr("Reject all “%1” in this file").arg(rule), this, [this] { emit bulkRequested(m_id, BulkScope::RuleInFile, DecisionStatus::Rejected); });
    menu->addAction(tr("Accept all “%1” in the repository").arg(rule), this, [this] { emit bulkRequested(m_id, BulkScope::RuleInRepository, DecisionStatus::Accepted); });
    menu->addAction(tr("Reject all “%1” in the repository").arg(rule), this, [this] { emit bulkRequested(m_id, BulkScope::RuleInRepository, DecisionStatus::Rejected); });
    menu->addSeparator();
    menu->addAction(tr("Accept everything in this cell"), this, [this] { emit bulkRequested(m_id, BulkScope::Cell, DecisionStatus::Accepted); });
    if (!code.isEmpty()) {
        menu->addSeparator();
        const QString copied = code;
        menu->addAction(tr("Copy the generated code"), this, [copied] { QGuiApplication::clipboard()->setText(copied); });
    }
    more->setMenu(menu);
    layout->addWidget(more);
    // Rule hover: the rule's title, message, guidance and source.
    QString tip = QStringLiteral("<b>%1</b> <code>%2</code><p>%3</p>").arg(finding.title.toHtmlEscaped(), rule.toHtmlEscaped(), finding.message.toHtmlEscaped());
    if (!prose.isEmpty())
        tip += QStringLiteral("<p><i>%1</i></p>").arg(prose.toHtmlEscaped());
    if (!code.isEmpty())
        tip += QStringLiteral("<pre>%1</pre>").arg(code.toHtmlEscaped());
    if (!finding.source.isEmpty())
        tip += QStringLiteral("<p>%1 %2</p>").arg(tr("Source:"), finding.source.toHtmlEscaped());
    setToolTip(tip);
    message->setToolTip(tip);
    connect(m_accept, &QPushButton::clicked, this, [this] {
        emit decisionRequested(m_id, m_status == DecisionStatus::Accepted ? DecisionStatus::Pending
                                                                          : DecisionStatus::Accepted);
    });
    connect(m_reject, &QPushButton::clicked, this, [this] {
        emit decisionRequested(m_id, m_status == DecisionStatus::Rejected ? DecisionStatus::Pending
                                                                          : DecisionStatus::Rejected);
    });
    setStatus(DecisionStatus::Pending);
}

void FindingRow::setCurrent(bool current)
{
    m_isCurrent = current;
    setAutoFillBackground(current);
    QPalette p = palette();
    p.setColor(QPalette::Window, current ? QColor(0xdd, 0xe8, 0xff) : palette().color(QPalette::Base));
    setPalette(p);
}

void FindingRow::setStatus(DecisionStatus status, const QString &skippedReason)
{
    m_status = status;
    m_accept->setChecked(status == DecisionStatus::Accepted);
    m_reject->setChecked(status == DecisionStatus::Rejected);
    QString text = status == DecisionStatus::Accepted   ? tr("accepted")
                   : status == DecisionStatus::Rejected ? tr("rejected")
                                                        : tr("pending");
    if (!skippedReason.isEmpty()) {
        text = tr("not applied");
        m_state->setToolTip(skippedReason);
    }
    m_state->setText(text);
}

} // namespace kmw
