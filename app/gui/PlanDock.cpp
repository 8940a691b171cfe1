#include "PlanDock.h"

#include <QHeaderView>
#include <QProgressBar>
#include <QTreeWidget>

namespace kmw {
namespace {
constexpr int PathRole = Qt::UserRole + 1;
constexpr int LineRole = Qt::UserRole + 2;
} // namespace

PlanDock::PlanDock(QWidget *parent) : QDockWidget(tr("Migration Plan"), parent), m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("PlanDock"));
    m_tree->setHeaderLabels({tr("Phase"), tr("Progress")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setColumnWidth(1, 110);
    setWidget(m_tree);
    const auto open = [this](QTreeWidgetItem *item) {
        const QString path = item->data(0, PathRole).toString();
        if (!path.isEmpty())
            emit fileActivated(path);
    };
    connect(m_tree, &QTreeWidget::itemClicked, this, open);   // a click opens a file
    connect(m_tree, &QTreeWidget::itemActivated, this, open); // and so does Enter
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        const int line = item->data(0, LineRole).toInt();
        // Queued: writing the tick re-binds the plan, which rebuilds this tree, and the
        // item must not be deleted while it is still emitting itemChanged.
        if (!m_filling && column == 0 && line > 0 && (item->flags() & Qt::ItemIsUserCheckable)) {
            const bool checked = item->checkState(0) == Qt::Checked;
            QMetaObject::invokeMethod(this, [this, line, checked] { emit manualItemToggled(line, checked); },
                                      Qt::QueuedConnection);
        }
    });
}

void PlanDock::setPlan(const MigrationPlan &plan)
{
    m_filling = true;
    m_tree->clear();
    if (plan.phases.isEmpty()) {
        auto *hint = new QTreeWidgetItem(m_tree, {tr("No MIGRATION_PLAN.md in this repository (kmw-cli plan PATH --generate writes one).")});
        hint->setFlags(Qt::ItemIsEnabled);
    }
    for (const PlanPhase &phase : plan.phases) {
        const int done = phase.doneCount();
        auto *top = new QTreeWidgetItem(m_tree, {tr("Phase %1: %2").arg(phase.number).arg(phase.title)});
        if (!phase.priority.isEmpty())
            top->setToolTip(0, tr("Priority: %1").arg(phase.priority));
        auto *bar = new QProgressBar(m_tree);
        bar->setRange(0, std::max<int>(1, int(phase.items.size())));
        bar->setValue(done);
        bar->setFormat(QStringLiteral("%1/%2").arg(done).arg(phase.items.size()));
        m_tree->setItemWidget(top, 1, bar);
        for (const PlanFile &f : phase.files) {
            auto *file = new QTreeWidgetItem(top, {f.exists ? f.path : f.written});
            file->setData(0, PathRole, f.exists ? f.path : QString());
            if (f.exists) {
                file->setText(1, f.pending ? tr("%n finding(s)", nullptr, f.pending) : tr("clean"));
            } else {
                file->setForeground(0, QColor(0xb0, 0x00, 0x20));
                file->setText(1, tr("missing"));
                file->setToolTip(0, tr("Named by the plan, not in this repository"));
            }
        }
        for (const PlanItem &item : phase.items) {
            auto *entry = new QTreeWidgetItem(top, {item.text});
            entry->setCheckState(0, item.isDone() ? Qt::Checked : Qt::Unchecked);
            entry->setData(0, LineRole, item.mark > 0 ? item.line : 0);
            if (item.automatic) {
                entry->setFlags(Qt::ItemIsEnabled); // computed, not ticked by hand
                entry->setText(1, tr("auto"));
                entry->setToolTip(0, item.reason);
            } else if (item.mark > 0) {
                entry->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            } else {
                entry->setFlags(Qt::ItemIsEnabled);
            }
        }
    }
    m_filling = false;
}

} // namespace kmw
