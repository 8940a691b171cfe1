#pragma once

#include "FileReview.h"

#include <QUndoCommand>

namespace kmw {

class MainWindow;

/// One reviewer decision on one finding, undoable (Ctrl+Z / Ctrl+Shift+Z).
class DecisionCommand : public QUndoCommand {
public:
    DecisionCommand(MainWindow *window, QString path, QString findingId, Decision before, Decision after,
                    QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    MainWindow *m_window;
    QString m_path;
    QString m_findingId;
    Decision m_before;
    Decision m_after;
};

} // namespace kmw
