// Help › About and `kmw --version`: what this build is made of.
#include "MainWindow.h"

#include "About.h"
#include "TorchRunner.h"

#include <Qsci/qsciglobal.h>

namespace kmw {

QString MainWindow::aboutText()
{
    QVector<RulePack> packs;
    QVector<InputError> errors;
    loadRulePacks({QStringLiteral("keras3-torch"), QStringLiteral("keras-to-pytorch")}, &packs, &errors);
    QStringList lines{tr("Keras Migration Workbench %1").arg(QStringLiteral(KMW_VERSION)),
                      tr("Migrates tf.keras (Keras 2) notebooks and scripts to Keras 3 on PyTorch and to plain PyTorch."),
                      QString(), tr("Rule packs:")};
    for (const QString &p : rulePackNotices(packs))
        lines << QStringLiteral("  ") + p;
    lines << QString() << tr("Libraries:");
    QStringList libraries = coreLibraryNotices();
    libraries << QStringLiteral("QScintilla %1 — GPL-3.0 (https://riverbankcomputing.com/software/qscintilla/license)")
                     .arg(QStringLiteral(QSCINTILLA_VERSION_STR));
    const QString torch = torchVersion();
    libraries << QStringLiteral("LibTorch %1 — BSD-3-Clause (https://github.com/pytorch/pytorch/blob/main/LICENSE)")
                     .arg(torch.isEmpty() ? tr("(module not found)") : torch);
    for (const QString &l : libraries)
        lines << QStringLiteral("  ") + l;
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace kmw
