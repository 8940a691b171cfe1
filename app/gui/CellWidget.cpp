#include "CellWidget.h"

#include "CodeEditor.h"
#include "FindingRow.h"
#include "RunDock.h"

#include <QHBoxLayout>
#include <QFontDatabase>
#include <QLabel>
#include <QPixmap>
#include "ModelExtractor.h"

#include <QToolButton>
#include <QScrollBar>
#include <QVBoxLayout>

namespace kmw {

CellWidget::CellWidget(std::shared_ptr<FileReview> review, int cellIndex, QWidget *parent)
    : QFrame(parent), m_review(std::move(review)), m_cell(cellIndex)
{
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(3);
    const Document &doc = m_review->document();
    const Cell &cell = doc.cells[m_cell];
    m_header = new QLabel(this);
    layout->addWidget(m_header);

    if (cell.type == CellType::Markdown) {
        auto *text = new QLabel(this);
        text->setTextFormat(Qt::MarkdownText);
        text->setText(QString::fromUtf8(cell.source));
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(text);
    } else if (cell.type == CellType::Raw && doc.kind != DocumentKind::Text) {
        auto *text = new QLabel(QString::fromUtf8(cell.source), this);
        text->setTextFormat(Qt::PlainText);
        text->setWordWrap(true);
        layout->addWidget(text);
    } else {
        auto *sides = new QHBoxLayout;
        const bool python = doc.kind != DocumentKind::Text;
        m_before = new CodeEditor(this, python);
        m_after = new CodeEditor(this, python);
        m_before->setObjectName(QStringLiteral("before"));
        m_after->setObjectName(QStringLiteral("after"));
        m_before->setSource(cell.source);
        // Before and after scroll together sideways (each shows every line, so there is
        // no vertical scrolling inside a cell).
        connect(m_before->horizontalScrollBar(), &QScrollBar::valueChanged, m_after->horizontalScrollBar(), &QScrollBar::setValue);
        connect(m_after->horizontalScrollBar(), &QScrollBar::valueChanged, m_before->horizontalScrollBar(), &QScrollBar::setValue);
        sides->addWidget(m_before, 1);
        sides->addWidget(m_after, 1);
        auto *tools = new QHBoxLayout;
        m_runBadge = new QLabel(this);
        m_runBadge->setObjectName(QStringLiteral("runBadge"));
        m_runBadge->setVisible(false);
        tools->addWidget(m_runBadge);
        tools->addStretch(1);
        m_edit = new QToolButton(this);
        m_edit->setObjectName(QStringLiteral("editByHand"));
        m_edit->setText(tr("Edit by hand"));
        m_edit->setCheckable(true);
        m_edit->setToolTip(tr("Edit the after side yourself (for findings no rule can fix); click again when done"));
        m_revert = new QToolButton(this);
        m_revert->setText(tr("Drop hand edit"));
        m_revert->setToolTip(tr("Go back to the accepted fixes for this cell"));
        if (cellBuildsModel(cell.source)) {
            m_smoke = new QToolButton(this);
            m_smoke->setObjectName(QStringLiteral("smokeTrain"));
            m_smoke->setText(tr("Smoke Train"));
            m_smoke->setToolTip(tr("Train the migrated model in effect here for a few epochs in LibTorch and plot the loss (Ctrl+T)"));
            connect(m_smoke, &QToolButton::clicked, this, [this] { emit smokeRequested(m_cell); });
            tools->addWidget(m_smoke);
        }
        tools->addWidget(m_edit);
        tools->addWidget(m_revert);
        layout->addLayout(tools);
        layout->addLayout(sides);
        connect(m_edit, &QToolButton::toggled, this, [this](bool editing) {
            m_after->setEditable(editing);
            if (!editing)
                emit manualEditRequested(m_cell, m_after->text().toUtf8());
        });
        connect(m_revert, &QToolButton::clicked, this, [this] { emit manualEditRequested(m_cell, std::nullopt); });
        if (!cell.outputs.isEmpty())
            addOutputs(layout, cell.outputs);
        for (const Finding &f : m_review->findings()) {
            if (f.cell != m_cell)
                continue;
            auto *row = new FindingRow(f, replacementText(f, cell.source), this);
            connect(row, &FindingRow::decisionRequested, this, &CellWidget::decisionRequested);
            connect(row, &FindingRow::fixChosen, this, &CellWidget::fixChosen);
            connect(row, &FindingRow::bulkRequested, this, [this](const QString &id, BulkScope scope, DecisionStatus status) {
                emit bulkRequested(id, scope, status);
            });
            layout->addWidget(row);
            m_rows << row;
        }
    }
    refresh();
}

void CellWidget::addOutputs(QVBoxLayout *layout, const QVector<CellOutput> &outputs)
{
    auto *toggle = new QToolButton(this);
    toggle->setObjectName(QStringLiteral("outputsToggle"));
    toggle->setCheckable(true);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setArrowType(Qt::RightArrow);
    toggle->setText(tr("Outputs (%1)").arg(outputs.size()));
    toggle->setAutoRaise(true);
    m_outputs = new QWidget(this);
    auto *box = new QVBoxLayout(m_outputs);
    box->setContentsMargins(24, 0, 0, 0);
    auto *images = new QHBoxLayout;
    for (const CellOutput &o : outputs) {
        if (!o.png.isEmpty()) {
            QPixmap pixmap;
            if (pixmap.loadFromData(o.png, "PNG")) {
                auto *thumb = new QLabel(m_outputs);
                thumb->setPixmap(pixmap.scaledToHeight(std::min(pixmap.height(), 140), Qt::SmoothTransformation));
                thumb->setToolTip(tr("%1×%2 image").arg(pixmap.width()).arg(pixmap.height()));
                images->addWidget(thumb);
                continue;
            }
        }
        if (o.text.isEmpty())
            continue;
        auto *text = new QLabel(m_outputs);
        text->setTextFormat(Qt::PlainText);
        text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        QString shown = o.text;
        if (shown.count(QLatin1Char('\n')) > 20)
            shown = shown.section(QLatin1Char('\n'), 0, 19) + QStringLiteral("\n…");
        text->setText(shown);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        if (o.type == QLatin1String("error"))
            text->setStyleSheet(QStringLiteral("color:#b00020"));
        box->addWidget(text);
    }
    images->addStretch(1);
    box->addLayout(images);
    m_outputs->setVisible(false); // collapsed: the review is about the code
    connect(toggle, &QToolButton::toggled, this, [this, toggle](bool open) {
        m_outputs->setVisible(open);
        toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    layout->addWidget(toggle);
    layout->addWidget(m_outputs);
}

void CellWidget::setRunVerdict(const CellComparison *comparison)
{
    if (!m_runBadge)
        return;
    if (!comparison) {
        m_runBadge->setVisible(false);
        return;
    }
    const QColor color = verdictColor(comparison->verdict);
    m_runBadge->setText(QStringLiteral("<span style='background:%1;color:white;padding:1px 6px'>&nbsp;%2&nbsp;</span>")
                            .arg(color.name(), verdictName(comparison->verdict)));
    QString tip = tr("Run both sides: %1").arg(comparison->detail);
    if (comparison->migrated.failed())
        tip += QStringLiteral("\n\n") + comparison->migrated.error.traceback.right(1500);
    m_runBadge->setToolTip(tip);
    m_runBadge->setVisible(true);
}

void CellWidget::refresh()
{
    const Document &doc = m_review->document();
    const bool code = doc.cells[m_cell].type == CellType::Code || doc.kind == DocumentKind::Text;
    const bool changed = m_review->result().newSources.contains(m_cell);
    m_stale = changed && doc.cells[m_cell].hasOutputs;
    QString header = doc.isNotebook() ? tr("Cell %1 · %2").arg(m_cell).arg(
                                            code ? tr("code")
                                                 : doc.cells[m_cell].type == CellType::Markdown ? tr("markdown") : tr("raw"))
                                      : doc.kind == DocumentKind::Text ? tr("Environment file") : tr("Script");
    if (changed)
        header += QStringLiteral(" · <b style='color:#207020'>%1</b>").arg(tr("changed"));
    if (m_review->manualSource(m_cell))
        header += QStringLiteral(" · <b style='color:#805000'>%1</b>").arg(tr("edited by hand"));
    if (changed && doc.cells[m_cell].hasOutputs)
        header += QStringLiteral(" · <b style='color:#b06000' title='%1'>%2</b>")
                      .arg(tr("The source changed: its saved outputs no longer match it. They are kept unless "
                              "\"Clear Outputs of Changed Cells\" is on when saving."),
                           tr("outputs stale"));
    if (!m_rows.isEmpty())
        header += QStringLiteral(" · ") + tr("%n finding(s)", nullptr, int(m_rows.size()));
    m_header->setText(header);
    if (!code)
        return;

    m_revert->setVisible(m_review->manualSource(m_cell).has_value());
    if (m_edit->isChecked())
        return; // the reviewer is typing in the after side
    m_after->setSource(m_review->afterSource(m_cell));
    m_after->clearMarks(QStringLiteral("change"));
    for (const SourceRange &r : m_review->result().changedSpans.value(m_cell))
        m_after->mark(QStringLiteral("change"), r.begin, r.end);
    m_before->clearMarks(QStringLiteral("finding"));
    m_before->clearMarks(QStringLiteral("accepted"));
    for (const Finding &f : m_review->findings()) {
        if (f.cell != m_cell)
            continue;
        const bool accepted = m_review->result().applied.contains(f.id);
        m_before->mark(accepted ? QStringLiteral("accepted") : QStringLiteral("finding"), f.range.begin, f.range.end);
    }
    for (FindingRow *row : m_rows) {
        QString reason;
        for (const SkippedFix &s : m_review->result().skipped)
            if (s.findingId == row->findingId())
                reason = s.reason;
        row->setStatus(m_review->decision(row->findingId()).status, reason);
    }
}

} // namespace kmw
