#include "DecisionCommand.h"

#include "ReviewSession.h"

#include <QCoreApplication>

namespace kmw {

DecisionCommand::DecisionCommand(ReviewSession *session, QString path, QString findingId, Decision before,
                                 Decision after, QUndoCommand *parent)
    : QUndoCommand(parent), m_session(session), m_path(std::move(path)), m_findingId(std::move(findingId)),
      m_before(before), m_after(after)
{
    const char *verb = after.status == DecisionStatus::Accepted   ? QT_TRANSLATE_NOOP("DecisionCommand", "Accept")
                       : after.status == DecisionStatus::Rejected ? QT_TRANSLATE_NOOP("DecisionCommand", "Reject")
                                                                  : QT_TRANSLATE_NOOP("DecisionCommand", "Reset");
    setText(QCoreApplication::translate("DecisionCommand", verb));
}

void DecisionCommand::redo()
{
    m_session->applyDecision(m_path, m_findingId, m_after);
}

void DecisionCommand::undo()
{
    m_session->applyDecision(m_path, m_findingId, m_before);
}

ManualEditCommand::ManualEditCommand(ReviewSession *session, QString path, int cell, std::optional<QByteArray> before,
                                     std::optional<QByteArray> after)
    : m_session(session), m_path(std::move(path)), m_cell(cell), m_before(std::move(before)), m_after(std::move(after))
{
    setText(m_after ? QCoreApplication::translate("DecisionCommand", "Edit cell %1 by hand").arg(cell)
                    : QCoreApplication::translate("DecisionCommand", "Drop the hand edit of cell %1").arg(cell));
}

void ManualEditCommand::redo()
{
    m_session->applyManualEdit(m_path, m_cell, m_after);
}

void ManualEditCommand::undo()
{
    m_session->applyManualEdit(m_path, m_cell, m_before);
}

} // namespace kmw
