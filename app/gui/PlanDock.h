#pragma once

#include "MigrationPlan.h"

#include <QDockWidget>

class QTreeWidget;

namespace kmw {

/// The migration plan as a living panel: phases with progress bars, their files
/// (double-click opens one; missing files in red) and task items with tick boxes.
/// Automatic items are ticked from the findings and say why in their tooltip; manual
/// ones are ticked by the reviewer (manualItemToggled), which writes the tick back.
class PlanDock : public QDockWidget {
    Q_OBJECT
public:
    explicit PlanDock(QWidget *parent = nullptr);

    /// Shows `plan` (bound to the repository); an empty plan shows a hint.
    void setPlan(const MigrationPlan &plan);
    QTreeWidget *tree() const { return m_tree; }

signals:
    void fileActivated(const QString &relativePath);
    /// The reviewer ticked or unticked a manual item at `line` (1-based) of the plan.
    void manualItemToggled(int line, bool checked);

private:
    QTreeWidget *m_tree;
    bool m_filling = false;
};

} // namespace kmw
