#pragma once

#include <algorithm>

#include "RuleEngine.h"

#include "RepositoryScanner.h"
#include "RunCompare.h"
#include "SmokeStore.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <functional>

namespace kmw {

/// A task-list item of the plan (`- [ ] text` / `- [x] text`, at any depth).
struct PlanItem {
    QString text;
    bool checked = false;   ///< as written in the file ([x])
    qsizetype mark = -1;    ///< byte offset of the character between the brackets
    int line = 0;           ///< 1-based line in the plan
    /// Automatic items are bound to rules (see bindPlan): true when no finding of those
    /// rules remains in the files they cover; `reason` says why they are true or false.
    bool automatic = false;
    bool satisfied = false; ///< automatic items: the computed value
    QString reason;

    /// Done: the computed value for an automatic item, the tick for a manual one.
    bool isDone() const { return automatic ? satisfied : checked; }
};

/// A file named by a phase: as written in the plan and as found in the repository.
struct PlanFile {
    QString written;  ///< the path as the plan writes it (may be absolute, from another machine)
    QString path;     ///< relative to the repository ('/'), empty if not found
    bool exists = false;
    int pending = 0;  ///< findings still in the file
};

/// A `## Phase N: title` section.
struct PlanPhase {
    int number = -1;
    QString title;
    QString priority; ///< from `**Priority: …**`
    QVector<PlanFile> files;
    QVector<PlanItem> items; ///< its own task items, then the per-file checklist items

    /// How many of its items are done (PlanItem::isDone).
    int doneCount() const
    {
        return int(std::count_if(items.cbegin(), items.cend(), [](const PlanItem &i) { return i.isDone(); }));
    }
};

/// A migration plan in Markdown (seed 000's shape): phases with their files and task
/// items, and the "Checklist per file" that applies to every file.
struct MigrationPlan {
    QString path;
    QByteArray raw;
    QVector<PlanPhase> phases;
    QVector<PlanItem> perFileChecklist;
};

/// Parses a plan: `## Phase N: title` headings; `**Priority: X**`; task items at any
/// depth; file paths in backticks (ending .ipynb, .py, .txt, .yml, .yaml) in list items,
/// `**File:**` lines and `###` headings of a phase, and in the rows of the "Complete File
/// List" tables (bound to the phase whose title names the row's lab); the items under a
/// heading containing "Checklist per file". Fenced code blocks are skipped.
MigrationPlan parsePlan(const QByteArray &markdown, const QString &path);

/// Resolves the plan's files against the repository of `scan` (absolute paths from
/// another machine and bare names by their longest matching suffix), counts their
/// findings, and computes the automatic items: an item naming backend setup,
/// tensorflow.keras imports, `lr=`, Convolution2D, fit_generator or tf.* ops in custom
/// layers is true for a file when no finding of the matching rules remains in it, and
/// for a phase when it holds for every existing file of the phase.
///
/// Items about training ("Model compiles and trains for 15 epochs", "Fine-tuning trains
/// without errors") are bound to the last smoke runs (`.kmw/smoke.json`, SmokeStore.h):
/// true when the phase's files that were smoke-trained all passed, and one was.
/// With `engine`, the rule-bound items (seed 000's plan is a Keras 3 migration) are
/// automatic only under the keras3-torch pack or a pack with their rules: under
/// keras-to-pytorch, "tensorflow.keras imports changed to keras" stays for the reviewer
/// instead of looking done because no Keras 3 rule ran. Training items always follow the
/// smoke runs.
///
/// Items about running the notebooks ("All cells execute without errors", "File
/// executes without import errors") follow the last run comparisons (`.kmw/run.json`,
/// RunCompare.h): true when the phase's files that were run both sides all ran with no
/// migrated cell failing (for "import errors": none failing with an ImportError), and
/// one was run.
void bindPlan(MigrationPlan *plan, const ScanResult &scan,
              const QHash<QString, SmokeRecord> &smokeRuns = {}, const RuleEngine *engine = nullptr,
              const QMap<QString, FileComparison> &runs = {});

/// The plan's bytes with the automatic items' ticks written back: only the character
/// between the brackets of those lines changes ([ ] <-> [x]); a per-file checklist item
/// is ticked when it holds for every file of the plan.
QByteArray syncedPlan(const MigrationPlan &plan);

/// The plan's bytes with the manual item at `line` (1-based) ticked or unticked: only the
/// character between its brackets changes. Empty when no item with a mark is there.
QByteArray withManualTick(const MigrationPlan &plan, int line, bool checked);

/// `<root>/MIGRATION_PLAN.md`, where the plan of a repository is looked for.
QString defaultPlanPath(const QString &root);

/// Reads and parses the plan at `path`; false when the file cannot be read.
bool readPlan(const QString &path, MigrationPlan *plan);

/// A new plan in seed 000's shape for a repository without one: a summary table of the
/// issues (rule title, count, files, severity), Phase 0 for the environment files, then
/// one phase per folder with findings, most severe first (ties: more findings first),
/// each listing its notebooks and Python files, and a "Checklist per file" whose items
/// the automatic binding recognises. `titleOf` gives a rule's title by id.
QByteArray generatePlan(const ScanResult &scan, const std::function<QString(const QString &)> &titleOf);

/// `{"phases": [{"title", "number", "priority", "items": [{"text", "checked", "auto",
/// "reason"}], "files": [{"path", "exists", "pending"}]}]}` (kmw-cli plan --format json).
QByteArray planJson(const MigrationPlan &plan);

} // namespace kmw
