#pragma once

#include "Document.h"
#include "Finding.h"
#include "RuleEngine.h"

#include <QHash>

#include <functional>
#include <memory>

namespace kmw {

struct ScanOptions {
    /// Scan `*_rendered.ipynb` too (seed 000: they are regenerated after migration,
    /// so they are skipped by default).
    bool includeRendered = false;
    /// File-name globs of the environment files to read as text (requirements*.txt…);
    /// scanRepository adds those of the engine's text rules.
    QStringList textFiles;
};

/// The findings of one file, with the document they refer to.
struct FileResult {
    QString relativePath; ///< relative to the scan root, with '/'
    Document document;
    QVector<Finding> findings;
    /// A script that notebooks of the repository `%load` (or `%run -i`): the names of
    /// those notebooks, which resolve the names it does not bind (null for none).
    std::shared_ptr<const LoadContext> loadContext;
};

/// The scripts that the notebooks among `files` `%load` or `%run -i` (paths relative to
/// the notebook's folder, as IPython reads them), each with the names (imports, Keras
/// objects) of the notebooks that load it and of the snippets they load before it: a
/// snippet runs in the notebook's namespace.
QHash<QString, std::shared_ptr<const LoadContext>> loadContexts(const QVector<FileResult> &files);

/// A whole repository's scan.
struct ScanResult {
    QString root;               ///< absolute path scanned
    QVector<FileResult> files;  ///< every file read (with or without findings), by path
    QVector<InputError> errors; ///< files that could not be read; the scan went on
    bool cancelled = false;
};

/// True for notebooks named `*_rendered.ipynb`.
bool isRenderedNotebook(const QString &path);

/// The `.ipynb` and `.py` files under `root` (or `root` itself if it is a file),
/// relative, with '/', sorted. Hidden folders (`.git`, `.kmw`, `.ipynb_checkpoints`)
/// are skipped; symlinked folders are not followed (no loops). Entries named like a
/// notebook that are not regular files (a folder `x.ipynb`) are reported in
/// `notFiles`.
QStringList listRepositoryFiles(const QString &root, const ScanOptions &options,
                                QStringList *notFiles = nullptr);

/// Progress callback: (files done, files in all); return false to cancel.
using ScanProgress = std::function<bool(int, int)>;

/// Reads and scans every file of `root` with `engine`, on as many threads as there are
/// cores (the calling thread among them); files come back in listing order. A file that
/// cannot be read is listed in `errors` and the scan goes on. `progress` is called under
/// a lock, from any of the scanning threads.
ScanResult scanRepository(const QString &root, const RuleEngine &engine,
                          const ScanOptions &options = {}, const ScanProgress &progress = {});

/// Reads and scans one file; false with `error` if it cannot be read.
bool scanFile(const QString &root, const QString &relativePath, const RuleEngine &engine,
              FileResult *out, InputError *error);

} // namespace kmw
