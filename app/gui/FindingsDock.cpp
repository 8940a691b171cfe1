#include "FindingsDock.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace kmw {
namespace {
constexpr int PathRole = Qt::UserRole + 1;
constexpr int IdRole = Qt::UserRole + 2;
enum Column { File, CellColumn, Line, RuleColumn, SeverityColumn, Status, Message, ColumnCount };
} // namespace

QString severityText(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return FindingsDock::tr("critical");
    case Severity::High: return FindingsDock::tr("high");
    case Severity::Medium: return FindingsDock::tr("medium");
    case Severity::Low: return FindingsDock::tr("low");
    case Severity::Info: return FindingsDock::tr("info");
    }
    return {};
}

QString statusText(DecisionStatus status)
{
    return status == DecisionStatus::Accepted   ? FindingsDock::tr("accepted")
           : status == DecisionStatus::Rejected ? FindingsDock::tr("rejected")
                                                : FindingsDock::tr("pending");
}

FindingsDock::FindingsDock(QWidget *parent)
    : QDockWidget(tr("Findings"), parent), m_filter(new QLineEdit), m_view(new QTableView),
      m_model(new QStandardItemModel(this)), m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("FindingsDock"));
    m_model->setHorizontalHeaderLabels({tr("File"), tr("Cell"), tr("Line"), tr("Rule"), tr("Severity"),
                                        tr("Status"), tr("Message")});
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(Qt::UserRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->sortByColumn(File, Qt::AscendingOrder);
    m_filter->setPlaceholderText(tr("Filter findings (file, rule, severity, status, message)…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        const QModelIndex first = m_proxy->mapToSource(index).siblingAtColumn(File);
        emit findingActivated(first.data(PathRole).toString(), first.data(IdRole).toString());
    });
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view);
    setWidget(page);
}

void FindingsDock::setFindings(const QVector<FileResult> &files,
                               const std::function<DecisionStatus(const QString &, const QString &)> &status)
{
    m_model->removeRows(0, m_model->rowCount());
    for (const FileResult &f : files) {
        for (const Finding &x : f.findings) {
            const auto item = [](const QString &text, const QVariant &sort) {
                auto *i = new QStandardItem(text);
                i->setData(sort, Qt::UserRole);
                return i;
            };
            QList<QStandardItem *> row;
            row << item(f.relativePath, f.relativePath);
            row.first()->setData(f.relativePath, PathRole);
            row.first()->setData(x.id, IdRole);
            row << item(f.document.isNotebook() ? QString::number(x.cell) : QString(), x.cell);
            row << item(QString::number(x.range.startLine), x.range.startLine);
            row << item(x.ruleId, x.ruleId);
            row << item(severityText(x.severity), int(x.severity));
            const DecisionStatus s = status(f.relativePath, x.id);
            row << item(statusText(s), int(s));
            row << item(x.message, x.message);
            m_model->appendRow(row);
        }
    }
    m_view->resizeColumnsToContents();
}

void FindingsDock::setStatus(const QString &findingId, DecisionStatus status)
{
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (m_model->item(r, File)->data(IdRole).toString() != findingId)
            continue;
        m_model->item(r, Status)->setText(statusText(status));
        m_model->item(r, Status)->setData(int(status), Qt::UserRole);
    }
}

int FindingsDock::visibleRows() const
{
    return m_proxy->rowCount();
}

} // namespace kmw
