#pragma once
// The Keras 3 test bed shared by tst_keras3 and tst_keras3guide: each case is Keras 2 code
// as a user wrote it. It is scanned and migrated by the keras3-torch pack (every fix, as
// `kmw-cli apply` writes), then the original and the migrated code both run in Keras 3
// with the torch backend (the frameworks' venv, tests/keras3_runner.py, one Python
// process for all of them).

#include "ConvertSupport.h"

#include <QString>
#include <QVector>

namespace kmw::test {

enum class After {
    Runs,        ///< the migrated code runs (and prints `migratedPrints` if given)
    FindingOnly, ///< no fix is right: the finding is raised and the code still fails
    Flagged,     ///< the finding is raised without a fix, and the migrated code runs
                 ///< (Keras 3 accepts the code, or only another backend rejects it)
    Unchanged,   ///< not Keras: no finding, no change, and both sides run
};

struct Keras3Case {
    const char *name;
    const char *rule;           ///< the rule that must report it; for Unchanged, "" (no
                                ///< finding at all) or "!id" (that rule must not report it)
    QByteArray code;            ///< Keras 2 code, as a user wrote it
    const char *originalFails;  ///< a part of the exception the original raises, or ""
    const char *originalPrints; ///< else: a part of what it prints (its meaning changed)
    After after;
    const char *migratedPrints = "";
};

/// Code run after every case's in the same process (a guidance's code sketch, say):
/// it must run and print `prints`.
struct Keras3Extra {
    QString name;
    QString code;
    QString prints;
};

/// Scans, migrates and runs `cases` (and `extras`) and checks each as documented on
/// After. Returns "" when every check holds, else the first failure with both sides'
/// outcome and the migrated code; sets `*skipped` (and returns "") when there is no
/// frameworks' venv.
QString runKeras3Cases(const QVector<Keras3Case> &cases, const QVector<Keras3Extra> &extras, bool *skipped);

/// The rule engine of the keras3-torch pack.
RuleEngine keras3Engine();

} // namespace kmw::test
