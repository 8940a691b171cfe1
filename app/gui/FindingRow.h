#pragma once

#include "BulkScope.h"
#include "FileReview.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace kmw {

/// One finding under its cell: severity, rule, message, the proposed replacement, and
/// Accept / Reject buttons. Clicking the button of the current decision resets it to
/// pending. Emits decisionRequested; the owner updates the review and calls setStatus.
class FindingRow : public QWidget {
    Q_OBJECT
public:
    FindingRow(const Finding &finding, const QByteArray &replacement, QWidget *parent = nullptr);

    const QString &findingId() const { return m_id; }
    void setStatus(DecisionStatus status, const QString &skippedReason = {});
    QPushButton *acceptButton() const { return m_accept; }
    QPushButton *rejectButton() const { return m_reject; }
    /// Highlights the row as the current finding of keyboard navigation.
    void setCurrent(bool current);
    bool isCurrent() const { return m_isCurrent; }

signals:
    void decisionRequested(const QString &findingId, kmw::DecisionStatus status);
    /// Accept with alternative fix `fixIndex`.
    void fixChosen(const QString &findingId, int fixIndex);
    /// Accept or reject every finding like this one in `scope`.
    void bulkRequested(const QString &findingId, kmw::BulkScope scope, kmw::DecisionStatus status);

private:
    QString m_id;
    DecisionStatus m_status = DecisionStatus::Pending;
    bool m_isCurrent = false;
    QLabel *m_state;
    QPushButton *m_accept;
    QPushButton *m_reject;
    QComboBox *m_alternatives = nullptr;
};

} // namespace kmw
