#include "RepositoryScanner.h"

#include "DocumentReader.h"
#include "RulePack.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace kmw {

bool isRenderedNotebook(const QString &path)
{
    return path.endsWith(QLatin1String("_rendered.ipynb"), Qt::CaseInsensitive);
}

namespace {
bool isCandidate(const QString &name, const QStringList &textGlobs)
{
    if (name.endsWith(QLatin1String(".ipynb"), Qt::CaseInsensitive) || name.endsWith(QLatin1String(".py"), Qt::CaseInsensitive))
        return true;
    return matchesFileGlobs(name, textGlobs);
}
} // namespace

QStringList listRepositoryFiles(const QString &root, const ScanOptions &options, QStringList *notFiles)
{
    const QFileInfo rootInfo(root);
    if (rootInfo.isFile())
        return {rootInfo.fileName()};
    QStringList files;
    const QString absolute = rootInfo.absoluteFilePath();
    const QDir base(absolute);
    QDirIterator it(absolute, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        const QString rel = base.relativeFilePath(path);
        if (rel.startsWith(QLatin1Char('.')) || rel.contains(QLatin1String("/.")))
            continue; // hidden: .git, .kmw, .ipynb_checkpoints
        if (!isCandidate(info.fileName(), options.textFiles))
            continue;
        if (!options.includeRendered && isRenderedNotebook(rel))
            continue;
        if (!info.isFile()) {
            if (notFiles)
                *notFiles << rel;
            continue;
        }
        files << rel;
    }
    files.sort();
    return files;
}

bool scanFile(const QString &root, const QString &relativePath, const RuleEngine &engine,
              FileResult *out, InputError *error)
{
    const QFileInfo rootInfo(root);
    const QString path = rootInfo.isFile() ? rootInfo.absoluteFilePath()
                                           : QDir(root).absoluteFilePath(relativePath);
    FileResult result;
    result.relativePath = relativePath;
    if (!readDocument(path, &result.document, error)) {
        if (error)
            error->path = relativePath;
        return false;
    }
    result.findings = engine.scan(result.document, relativePath);
    *out = std::move(result);
    return true;
}

ScanResult scanRepository(const QString &root, const RuleEngine &engine, const ScanOptions &options,
                          const ScanProgress &progress)
{
    ScanResult result;
    result.root = QFileInfo(root).absoluteFilePath();
    if (!QFileInfo::exists(root)) {
        result.errors << InputError{root, 0, 0, QStringLiteral("no such file or folder")};
        return result;
    }
    QStringList notFiles;
    ScanOptions withText = options;
    withText.textFiles += engine.textFileGlobs();
    const QStringList files = listRepositoryFiles(root, withText, &notFiles);
    for (const QString &rel : notFiles)
        result.errors << InputError{rel, 0, 0, QStringLiteral("is not a regular file (a folder named like a notebook?)")};
    // Files are scanned on every core (RuleEngine::scan is thread-safe; each file is read
    // and parsed on its own), each into its own slot, so the result keeps the listing's
    // order. Progress and cancellation go through one lock.
    struct Slot {
        bool done = false, ok = false;
        FileResult file;
        InputError error;
    };
    std::vector<Slot> results(size_t(files.size()));
    std::atomic<int> next{0};
    std::atomic<bool> cancelled{false};
    int finished = 0;
    std::mutex progressLock;
    const auto worker = [&] {
        for (;;) {
            const int i = next.fetch_add(1);
            if (i >= files.size() || cancelled.load())
                return;
            {
                std::lock_guard<std::mutex> lock(progressLock);
                if (progress && !progress(finished, int(files.size()))) {
                    cancelled.store(true);
                    return;
                }
            }
            Slot &slot = results[size_t(i)];
            slot.ok = scanFile(root, files[i], engine, &slot.file, &slot.error);
            slot.done = true;
            std::lock_guard<std::mutex> lock(progressLock);
            ++finished;
        }
    };
    const int threads = std::max(1, std::min(QThread::idealThreadCount(), int(files.size())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (std::thread &t : pool)
        t.join();
    result.cancelled = cancelled.load();
    for (Slot &slot : results) {
        if (!slot.done)
            continue;
        if (slot.ok)
            result.files << std::move(slot.file);
        else
            result.errors << slot.error;
    }
    // Snippets loaded into notebooks are scanned again with the notebooks' names.
    const QHash<QString, std::shared_ptr<const LoadContext>> contexts = loadContexts(result.files);
    for (FileResult &file : result.files) {
        const auto it = contexts.constFind(file.relativePath);
        if (it == contexts.constEnd() || result.cancelled)
            continue;
        file.loadContext = it.value();
        file.findings = engine.scan(file.document, file.relativePath, file.loadContext.get());
    }
    if (progress && !result.cancelled)
        progress(int(files.size()), int(files.size()));
    return result;
}

QHash<QString, std::shared_ptr<const LoadContext>> loadContexts(const QVector<FileResult> &files)
{
    static const QRegularExpression load(QStringLiteral("^[ \\t]*#?[ \\t]*%(?:load|run[ \\t]+-i)[ \\t]+(\\S+\\.py)\\b"),
                                         QRegularExpression::MultilineOption);
    QHash<QString, const Document *> scripts;
    for (const FileResult &f : files)
        if (f.document.kind == DocumentKind::Script)
            scripts.insert(f.relativePath, &f.document);
    QHash<QString, LoadContext> tables;
    for (const FileResult &f : files) {
        if (!f.document.isNotebook())
            continue;
        const QString folder = QFileInfo(f.relativePath).path();
        bool parsed = false;
        LoadContext names;
        for (const Cell &cell : f.document.cells) {
            if (cell.type != CellType::Code)
                continue;
            auto it = load.globalMatch(QString::fromUtf8(cell.source));
            while (it.hasNext()) {
                const QString target = QDir::cleanPath(folder + QLatin1Char('/') + it.next().captured(1));
                if (!scripts.contains(target))
                    continue;
                if (!parsed) {
                    names = documentContext(f.document);
                    parsed = true;
                }
                tables[target].imports.addContext(names.imports);
                tables[target].objects.addContext(names.objects);
                // what this snippet binds is in the namespace of the snippets loaded after it
                const LoadContext own = documentContext(*scripts.value(target), &names);
                names.imports.addContext(own.imports);
                names.objects.addContext(own.objects);
            }
        }
    }
    QHash<QString, std::shared_ptr<const LoadContext>> out;
    for (auto it = tables.constBegin(); it != tables.constEnd(); ++it)
        out.insert(it.key(), std::make_shared<const LoadContext>(it.value()));
    return out;
}

} // namespace kmw
