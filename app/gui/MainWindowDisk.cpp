// MainWindow and files changed outside the workbench: watched (DiskWatch), read and
// scanned again with the decisions kept, and never overwritten without the reviewer's
// choice when accepted fixes are not saved.
#include "MainWindow.h"

#include "DiskWatch.h"
#include "FindingsDock.h"
#include "MigrationPlan.h"
#include "NotebookView.h"
#include "TextDiff.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kmw {

namespace {

/// The file's bytes now; nullopt when it is gone or unreadable.
std::optional<QByteArray> bytesOnDisk(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

} // namespace

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && m_disk)
        m_disk->checkAll();
}

bool MainWindow::fileChangedOnDisk(const QString &rel)
{
    if (m_askingAboutDisk.contains(rel) || m_session->isReadingFile(rel))
        return false; // asking already, or reading it (after a save or a reload)
    const QString root = m_session->root();
    if (QDir(root).filePath(rel) == defaultPlanPath(root)) {
        // the plan: its ticks are written at once, so it is simply read again
        if (bytesOnDisk(defaultPlanPath(root)).value_or(QByteArray()) != m_session->plan().raw) {
            m_session->loadPlan();
            m_status->setText(tr("%1 changed on disk and was read again").arg(rel));
        }
        return false;
    }
    const FileResult *scanned = m_session->scannedFile(rel);
    const std::shared_ptr<FileReview> review = m_session->review(rel);
    const QByteArray read = review ? review->document().raw : scanned ? scanned->document.raw : QByteArray();
    if (!review && !scanned)
        return false;
    const QString path = QDir(root).filePath(rel);
    const std::optional<QByteArray> now = bytesOnDisk(path);
    if (now && *now == read) { // touched, or written back by the workbench itself
        m_disk->refresh(rel);
        return false;
    }
    const bool unsaved = review && review->hasChanges();
    if (!unsaved)
        return reloadFromDisk(rel);
    if (!now) {
        warn(tr("File changed on disk"),
             tr("%1 was removed or cannot be read any more; your accepted fixes stay unsaved (Save refuses).").arg(path));
        return false;
    }
    m_askingAboutDisk.insert(rel);
    QMessageBox box(QMessageBox::Warning, tr("File changed on disk"),
                    tr("%1 changed on disk since it was read, and your accepted fixes in it are not saved.").arg(rel),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("Reload: read the new file and apply your accepted fixes to it again (see Pending Changes).\n"
                              "Keep Mine: write your version over it; the change on disk is shown first and then lost.\n"
                              "Cancel: decide later; saving this file refuses until then."));
    QPushButton *reload = box.addButton(tr("Reload"), QMessageBox::AcceptRole);
    reload->setObjectName(QStringLiteral("reloadButton"));
    QPushButton *keep = box.addButton(tr("Keep Mine"), QMessageBox::DestructiveRole);
    keep->setObjectName(QStringLiteral("keepMineButton"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(reload);
    box.setEscapeButton(cancel);
    box.exec();
    m_askingAboutDisk.remove(rel);
    if (box.clickedButton() == reload)
        return reloadFromDisk(rel);
    if (box.clickedButton() == keep && confirmOverwrite(rel, read, *now))
        return saveFile(rel, *now);
    m_disk->refresh(rel); // asked about this change: not again until the next one
    m_status->setText(tr("%1 changed on disk: your accepted fixes are not saved").arg(rel));
    return false;
}

bool MainWindow::confirmOverwrite(const QString &rel, const QByteArray &read, const QByteArray &onDisk)
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keep Mine: the change on disk that would be lost"));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("Writing your version of %1 loses this change made on disk:").arg(rel), &dialog));
    auto *text = new QPlainTextEdit(QString::fromUtf8(unifiedDiff(rel, read, onDisk)), &dialog);
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    QPushButton *overwrite = buttons->addButton(tr("Overwrite"), QDialogButtonBox::DestructiveRole);
    overwrite->setObjectName(QStringLiteral("overwriteButton"));
    connect(overwrite, &QPushButton::clicked, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(900, 600);
    return dialog.exec() == QDialog::Accepted;
}

bool MainWindow::reloadFromDisk(const QString &rel)
{
    m_session->reloadFile(rel);
    m_status->setText(tr("%1 changed on disk: reading it again…").arg(rel));
    return true;
}

void MainWindow::showReload(const QString &rel, const ReviewSession::Reload &reload)
{
    showFindings();
    if (rel == m_current)
        openFile(rel);
    updateFileCounts(rel);
    updateChanges();
    m_disk->refresh(rel);
    m_status->setText(tr("%1 changed on disk and was read again: %2 decision(s) kept, %3 obsolete")
                          .arg(rel).arg(reload.kept).arg(reload.obsolete));
    if (!reload.droppedEdits.isEmpty())
        warn(tr("File changed on disk"),
             tr("Your hand edits of %1, cell(s) %2, were not kept: those cells changed on disk.")
                 .arg(rel, reload.droppedEdits.join(QStringLiteral(", "))));
}

} // namespace kmw
