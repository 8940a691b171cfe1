#include "VerifyDock.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kmw {

namespace {

const QColor kBad(0xf4, 0xc7, 0xc3);
const QColor kGood(0xd4, 0xed, 0xd4);

QString verdictLabel(const QString &verdict)
{
    if (verdict == QLatin1String("equal"))
        return VerifyDock::tr("equal");
    if (verdict == QLatin1String("diverged"))
        return VerifyDock::tr("diverged");
    if (verdict == QLatin1String("failed"))
        return VerifyDock::tr("failed");
    return VerifyDock::tr("not run");
}

QTableWidgetItem *item(const QString &text, const QColor &background = QColor())
{
    auto *i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (background.isValid())
        i->setBackground(background);
    return i;
}

} // namespace

VerifyDock::VerifyDock(QWidget *parent) : QDockWidget(tr("Verify"), parent)
{
    setObjectName(QStringLiteral("VerifyDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    m_summary = new QLabel(tr("Model › Verify in Python runs each model of the open file in Keras 2, Keras 3 on "
                              "PyTorch and plain PyTorch with the same weights."), body);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    auto *row = new QHBoxLayout;
    m_progress = new QProgressBar(body);
    m_progress->setVisible(false);
    m_stop = new QPushButton(tr("Stop"), body);
    m_stop->setEnabled(false);
    connect(m_stop, &QPushButton::clicked, this, &VerifyDock::stop);
    row->addWidget(m_progress, 1);
    row->addWidget(m_stop);
    layout->addLayout(row);
    m_models = new QComboBox(body);
    m_models->setAccessibleName(tr("Model"));
    connect(m_models, qOverload<int>(&QComboBox::currentIndexChanged), this, &VerifyDock::showModel);
    layout->addWidget(m_models);

    auto *split = new QSplitter(Qt::Vertical, body);
    m_checks = new QTableWidget(0, 4, split);
    m_checks->setHorizontalHeaderLabels({tr("Check"), tr("Keras 2"), tr("Keras 3 (torch)"), tr("PyTorch")});
    m_checks->verticalHeader()->hide();
    m_checks->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_checks->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_checks->setWordWrap(true);
    m_layers = new QTableWidget(0, 5, split);
    m_layers->setHorizontalHeaderLabels({tr("Layer"), tr("Type"), tr("Output shape"), tr("Keras 3 max |diff|"), tr("PyTorch max |diff|")});
    m_layers->verticalHeader()->hide();
    m_layers->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_details = new QPlainTextEdit(split);
    m_details->setObjectName(QStringLiteral("verifyDetails"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 2);
    layout->addWidget(split, 1);
    setWidget(body);
}

VerifyDock::~VerifyDock() = default;

bool VerifyDock::start(const VerifyRequest &request)
{
    stop();
    VerifyReport prepared;
    if (!prepareVerify(request, &prepared)) {
        m_summary->setText(tr("Cannot verify: %1").arg(prepared.error));
        return false;
    }
    m_report = prepared;
    m_steps = 0;
    m_progress->setRange(0, int(prepared.models.size()) * 3);
    m_progress->setValue(0);
    m_summary->setText(tr("Verifying %n model(s) of %1 in %2…", nullptr, int(prepared.models.size()))
                           .arg(request.relativePath, request.python));
    m_job = std::make_unique<VerifyJob>(request, prepared);
    m_job->setProgress([this](int model, const QString &side, const QString &status) {
        if (status != QLatin1String("running"))
            m_progress->setValue(++m_steps);
        m_progress->setFormat(tr("model %1: %2 %3").arg(model + 1).arg(side, status));
    });
    m_job->setFinished([this](const VerifyReport &report) {
        setRunning(false);
        showReport(report);
        emit finished(report);
    });
    setRunning(true);
    m_job->start();
    return true;
}

void VerifyDock::stop()
{
    if (m_job && m_job->isRunning())
        m_job->cancel();
}

void VerifyDock::setRunning(bool running)
{
    m_progress->setVisible(running);
    m_stop->setEnabled(running);
}

void VerifyDock::showReport(const VerifyReport &report)
{
    m_report = report;
    int equal = 0;
    for (const ModelVerification &m : report.models)
        equal += m.verdict == QLatin1String("equal");
    QString text = tr("%1: %2 of %n model(s) equal to Keras 2 (outputs within %3 absolute or %4 relative, "
                      "the loss after the training steps within %5 relative)", nullptr, int(report.models.size()))
                       .arg(report.path).arg(equal).arg(report.tolerances.outputAbs).arg(report.tolerances.outputRel)
                       .arg(report.tolerances.stepsRel);
    if (!report.error.isEmpty())
        text += QLatin1Char('\n') + report.error;
    m_summary->setText(text);
    const QSignalBlocker block(m_models);
    m_models->clear();
    for (const ModelVerification &m : report.models)
        m_models->addItem(tr("%1 (%2): %3").arg(m.name, m.cell >= 0 ? tr("cell %1").arg(m.cell) : tr("line %1").arg(m.line),
                                                verdictLabel(m.verdict)));
    m_models->setCurrentIndex(report.models.isEmpty() ? -1 : 0);
    showModel(m_models->currentIndex());
}

void VerifyDock::showModel(int index)
{
    m_checks->setRowCount(0);
    m_layers->setRowCount(0);
    m_details->clear();
    if (index < 0 || index >= m_report.models.size())
        return;
    const ModelVerification &m = m_report.models[index];
    const QStringList names{QStringLiteral("builds"), QStringLiteral("parameters"), QStringLiteral("shapes"),
                            QStringLiteral("output"), QStringLiteral("loss"), QStringLiteral("gradients"), QStringLiteral("training")};
    const QStringList labels{tr("builds"), tr("parameters"), tr("layer shapes"), tr("output"), tr("loss (one batch)"),
                             tr("gradient norms"), tr("loss after training steps")};
    const QJsonObject &k2 = m.keras2.result;
    m_checks->setRowCount(int(names.size()) + 1);
    m_checks->setItem(0, 0, item(tr("verdict")));
    m_checks->setItem(0, 1, item(m.keras2.ran ? (k2.value(QStringLiteral("ok")).toBool() ? tr("reference") : tr("failed")) : tr("not run"),
                                 m.keras2.ran && !k2.value(QStringLiteral("ok")).toBool() ? kBad : QColor()));
    int column = 2;
    for (const VerifySide *side : {&m.keras3, &m.pytorch}) {
        const QColor c = side->verdict == QLatin1String("equal") ? kGood
                         : side->verdict == QLatin1String("diverged") || side->verdict == QLatin1String("failed") ? kBad : QColor();
        QString v = verdictLabel(side->verdict);
        if (!side->firstDivergentLayer.isEmpty())
            v += tr(" at %1").arg(side->firstDivergentLayer);
        if (!side->ran && !side->error.isEmpty())
            v = side->error;
        m_checks->setItem(0, column++, item(v, c));
    }
    for (int r = 0; r < names.size(); ++r) {
        m_checks->setItem(r + 1, 0, item(labels[r]));
        QString reference;
        if (names[r] == QLatin1String("builds"))
            reference = k2.value(QStringLiteral("ok")).toBool() ? tr("yes") : k2.value(QStringLiteral("error")).toString();
        else if (names[r] == QLatin1String("parameters") && k2.contains(QStringLiteral("params")))
            reference = groupedThousands(qint64(k2.value(QStringLiteral("params")).toDouble()));
        else if (names[r] == QLatin1String("loss") && k2.contains(QStringLiteral("loss")))
            reference = QString::number(k2.value(QStringLiteral("loss")).toDouble(), 'g', 6);
        else if (names[r] == QLatin1String("training") && !k2.value(QStringLiteral("losses")).toArray().isEmpty())
            reference = QString::number(k2.value(QStringLiteral("losses")).toArray().last().toDouble(), 'g', 6);
        m_checks->setItem(r + 1, 1, item(reference));
        column = 2;
        for (const VerifySide *side : {&m.keras3, &m.pytorch}) {
            QString text;
            QColor colour;
            for (const VerifyCheck &c : side->checks)
                if (c.name == names[r]) {
                    text = (c.ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + c.detail;
                    colour = c.ok ? QColor() : kBad;
                }
            m_checks->setItem(r + 1, column++, item(text, colour));
        }
    }
    m_checks->resizeRowsToContents();

    // every layer's output, the first divergent one highlighted
    const QJsonArray reference = k2.value(QStringLiteral("layers")).toArray();
    const auto diffs = [](const VerifySide &side) {
        QHash<QString, QJsonObject> out;
        for (const QJsonValue &v : side.result.value(QStringLiteral("layer_diffs")).toArray()) {
            const QJsonObject d = v.toObject();
            out.insert(d.value(QStringLiteral("ref_name")).toString(d.value(QStringLiteral("name")).toString()), d);
        }
        return out;
    };
    const QHash<QString, QJsonObject> d3 = diffs(m.keras3), dp = diffs(m.pytorch);
    m_layers->setRowCount(int(reference.size()));
    for (int r = 0; r < reference.size(); ++r) {
        const QJsonObject l = reference[r].toObject();
        const QString name = l.value(QStringLiteral("name")).toString();
        QStringList dims;
        for (const QJsonValue &d : l.value(QStringLiteral("shape")).toArray())
            dims << QString::number(d.toInt());
        const bool divergent = name == m.keras3.firstDivergentLayer || name == m.pytorch.firstDivergentLayer;
        const QColor rowColour = divergent ? kBad : QColor();
        m_layers->setItem(r, 0, item(name, rowColour));
        m_layers->setItem(r, 1, item(l.value(QStringLiteral("type")).toString(), rowColour));
        m_layers->setItem(r, 2, item(QStringLiteral("(None, %1)").arg(dims.join(QStringLiteral(", "))), rowColour));
        int c = 3;
        for (const QHash<QString, QJsonObject> *d : {&d3, &dp}) {
            const QJsonObject o = d->value(name);
            QString text = o.contains(QStringLiteral("max_abs_diff")) ? QString::number(o.value(QStringLiteral("max_abs_diff")).toDouble(), 'g', 3)
                           : o.contains(QStringLiteral("shape_mismatch")) ? tr("shape differs")
                                                                           : QString();
            m_layers->setItem(r, c++, item(text, rowColour));
        }
    }

    QStringList details;
    if (!m.error.isEmpty())
        details << m.error << QString();
    for (const VerifySide *side : {&m.keras2, &m.keras3, &m.pytorch}) {
        if (side->ran && !side->result.value(QStringLiteral("ok")).toBool())
            details << tr("%1 failed at %2:").arg(side->framework, side->result.value(QStringLiteral("stage")).toString())
                    << side->result.value(QStringLiteral("traceback")).toString().trimmed() << QString();
    }
    for (const QString &n : m.notes)
        details << tr("note: %1").arg(n);
    for (const VerifySide *side : {&m.keras2, &m.keras3, &m.pytorch})
        for (const QJsonValue &n : side->result.value(QStringLiteral("notes")).toArray())
            details << tr("note (%1): %2").arg(side->framework, n.toString());
    const QString code = m.keras2.result.value(QStringLiteral("slice")).toString();
    if (!code.isEmpty())
        details << QString() << tr("Keras 2 ran, sliced from the file:") << code;
    m_details->setPlainText(details.join(QLatin1Char('\n')));
}

} // namespace kmw
