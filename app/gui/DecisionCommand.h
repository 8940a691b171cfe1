#pragma once

#include "FileReview.h"

#include <QUndoCommand>

#include <optional>

namespace kmw {

class ReviewSession;

/// One reviewer decision on one finding, undoable (Ctrl+Z / Ctrl+Shift+Z); it applies
/// itself through the ReviewSession that owns the undo stack.
class DecisionCommand : public QUndoCommand {
public:
    DecisionCommand(ReviewSession *session, QString path, QString findingId, Decision before, Decision after,
                    QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    ReviewSession *m_session;
    QString m_path;
    QString m_findingId;
    Decision m_before;
    Decision m_after;
};

/// A hand edit of one cell's after side (or dropping it), undoable.
class ManualEditCommand : public QUndoCommand {
public:
    ManualEditCommand(ReviewSession *session, QString path, int cell, std::optional<QByteArray> before,
                      std::optional<QByteArray> after);
    void redo() override;
    void undo() override;

private:
    ReviewSession *m_session;
    QString m_path;
    int m_cell;
    std::optional<QByteArray> m_before;
    std::optional<QByteArray> m_after;
};

} // namespace kmw
