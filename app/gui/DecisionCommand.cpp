#include "DecisionCommand.h"

#include "MainWindow.h"

#include <QCoreApplication>

namespace kmw {

DecisionCommand::DecisionCommand(MainWindow *window, QString path, QString findingId, Decision before,
                                 Decision after, QUndoCommand *parent)
    : QUndoCommand(parent), m_window(window), m_path(std::move(path)), m_findingId(std::move(findingId)),
      m_before(before), m_after(after)
{
    const char *verb = after.status == DecisionStatus::Accepted   ? QT_TRANSLATE_NOOP("DecisionCommand", "Accept")
                       : after.status == DecisionStatus::Rejected ? QT_TRANSLATE_NOOP("DecisionCommand", "Reject")
                                                                  : QT_TRANSLATE_NOOP("DecisionCommand", "Reset");
    setText(QCoreApplication::translate("DecisionCommand", verb));
}

void DecisionCommand::redo()
{
    m_window->applyDecision(m_path, m_findingId, m_after);
}

void DecisionCommand::undo()
{
    m_window->applyDecision(m_path, m_findingId, m_before);
}

} // namespace kmw
