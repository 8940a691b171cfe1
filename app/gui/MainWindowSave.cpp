// MainWindow's saving: the open file or all files (with the diffs to confirm), each
// written atomically and refused when the file changed on disk; closing asks about
// unsaved accepted fixes.
#include "MainWindow.h"

#include "DiskWatch.h"
#include "FindingsDock.h"
#include "NotebookView.h"
#include "RepositoryDock.h"

#include <QLabel>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QVBoxLayout>
#include <QMessageBox>

namespace kmw {

bool MainWindow::saveCurrent()
{
    return !m_current.isEmpty() && saveFile(m_current);
}

QString MainWindow::pendingChangesText() const
{
    return m_changes->toPlainText();
}

void MainWindow::updateChanges()
{
    // the view's review, while the session holds it (not one a save or reload replaces)
    const std::shared_ptr<FileReview> review = m_view->review();
    const bool live = review && m_session->review(m_current) == review;
    m_changes->setPlainText(live ? QString::fromUtf8(review->pendingDiff()) : QString());
}

bool MainWindow::saveAll()
{
    QByteArray diffs;
    for (const QString &path : m_session->reviewedFiles())
        if (const std::shared_ptr<FileReview> review = m_session->review(path); review && review->hasChanges())
            diffs += review->pendingDiff();
    if (diffs.isEmpty()) {
        m_status->setText(tr("Nothing to save."));
        return true;
    }
    if (m_confirmSaveAll) {
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Save All: confirm the changes"));
        auto *layout = new QVBoxLayout(&dialog);
        auto *text = new QPlainTextEdit(QString::fromUtf8(diffs), &dialog);
        text->setReadOnly(true);
        text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        layout->addWidget(text);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        layout->addWidget(buttons);
        dialog.resize(900, 600);
        if (dialog.exec() != QDialog::Accepted)
            return false;
    }
    bool ok = true;
    for (const QString &path : m_session->reviewedFiles()) // the files as they are now: saving remakes reviews
        if (const std::shared_ptr<FileReview> review = m_session->review(path); review && review->hasChanges())
            ok = saveFile(path) && ok;
    return ok;
}

bool MainWindow::saveFile(const QString &rel, const std::optional<QByteArray> &overwrite)
{
    const std::shared_ptr<FileReview> review = m_session->review(rel);
    if (!review)
        return false;
    if (!overwrite) {
        // changed on disk since it was read: the reviewer chooses (reload, keep mine, cancel)
        QFile onDisk(QDir(m_session->root()).filePath(rel));
        if (onDisk.open(QIODevice::ReadOnly) && onDisk.readAll() != review->document().raw) {
            onDisk.close();
            // saved only by Keep Mine (Reload leaves the fixes pending on the new content)
            const bool handled = fileChangedOnDisk(rel);
            const std::shared_ptr<FileReview> now = m_session->review(rel);
            return handled && (!now || !now->hasChanges()); // a reload keeps the old review until read
        }
    }
    InputError error;
    WriteOptions options;
    options.clearChangedOutputs = m_clearOutputs->isChecked();
    options.backup = m_backup->isChecked();
    options.overwrite = overwrite;
    switch (m_session->saveFile(rel, options, &error)) {
    case ReviewSession::SaveResult::NotReviewed:
        return false;
    case ReviewSession::SaveResult::WriteFailed:
        m_status->setText(error.toString());
        QMessageBox::critical(this, tr("Save failed"), error.toString());
        return false;
    case ReviewSession::SaveResult::Saved:
        break;
    }
    m_disk->refresh(rel);
    // the session dropped its review and reads the file again: showReadFile() shows it
    if (rel == m_current) {
        m_pendingOpen = rel;
        m_view->setEnabled(false);
    }
    showFindings();
    updateFileCounts(rel);
    updateChanges();
    m_status->setText(tr("Saved %1").arg(rel));
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (const QStringList unsaved = m_session->unsavedFiles(); !unsaved.isEmpty()) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved decisions"),
            tr("Accepted fixes in these files are not saved:\n%1\n\nClose anyway and lose them?")
                .arg(unsaved.join(QLatin1Char('\n'))),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard) {
            event->ignore();
            return;
        }
    }
    event->accept();
}

} // namespace kmw
