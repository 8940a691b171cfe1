// kmw-cli model / smoke / summaries: the model IR, LibTorch smoke runs and the check of
// saved model.summary() outputs (issue 7).

#include "SmokeCommands.h"

#include "DocumentReader.h"
#include "KerasModelFile.h"
#include "KerasSummary.h"
#include "ModelExtractor.h"
#include "RepositoryScanner.h"
#include "SmokeReport.h"
#include "SmokeSetup.h"
#include "PyTorchCodegen.h"
#include "TorchRunner.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

#include <cstdio>

namespace kmw::cli {

namespace {

const QCommandLineOption cellOption(QStringLiteral("cell"), QStringLiteral("Model in effect at this cell (0-based)."),
                                    QStringLiteral("N"), QStringLiteral("-1"));
const QCommandLineOption modelOption(QStringLiteral("model"), QStringLiteral("Model variable."), QStringLiteral("NAME"));
const QCommandLineOption dataOption(QStringLiteral("data"),
                                    QStringLiteral("synthetic, digits, FILE.csv, FILE.csv.gz, FILE.npy or FILE.npz."),
                                    QStringLiteral("DATA"));
const QCommandLineOption targetsOption(QStringLiteral("targets"), QStringLiteral("Targets .npy for a .npy --data."),
                                       QStringLiteral("FILE"));
const QCommandLineOption setOption(QStringLiteral("set"), QStringLiteral("A value for a name the code cannot give."),
                                   QStringLiteral("NAME=VALUE"));
const QCommandLineOption inputShapeOption(QStringLiteral("input-shape"),
                                          QStringLiteral("Model input shape without batch, e.g. 28,28,1."),
                                          QStringLiteral("SHAPE"));

bool parseShape(const QString &text, TensorShape *shape)
{
    shape->clear();
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 d = part.trimmed().toLongLong(&ok);
        if (!ok || d <= 0)
            return false;
        shape->append(d);
    }
    return !shape->isEmpty();
}

} // namespace

/// Reads request.path and extracts the model the request names (cell, model, --set,
/// --input-shape, shapes from --data). ExitDone, or the exit code after saying why.
int extractFromFile(const SmokeRequest &request, ExtractResult *result)
{
    Document document;
    InputError inputError;
    if (!readModelSourceDocument(request.path, &document, &inputError))
        return fail(inputError.toString());
    ExtractOptions options;
    Dataset data;
    QString why;
    if (!smokeExtractOptions(request, &options, &data, &why))
        return fail(why);
    *result = extractModel(document, options);
    if (!result->ok)
        return fail(request.path + QStringLiteral(": ") + result->error);
    return ExitDone;
}

void addModelOptions(QCommandLineParser *parser)
{
    parser->addOptions({cellOption, modelOption, dataOption, targetsOption, setOption, inputShapeOption});
}

/// Reads the options shared by model and smoke into a request; "" or the usage error.
QString readModelRequest(const QCommandLineParser &parser, SmokeRequest *request)
{
    bool ok = false;
    request->cell = parser.value(cellOption).toInt(&ok);
    if (!ok)
        return QStringLiteral("--cell takes a number");
    request->modelName = parser.value(modelOption);
    if (parser.isSet(dataOption))
        request->data = parser.value(dataOption);
    request->targets = parser.value(targetsOption);
    for (const QString &binding : parser.values(setOption)) {
        const int eq = binding.indexOf(QLatin1Char('='));
        const qint64 value = binding.mid(eq + 1).toLongLong(&ok);
        if (eq <= 0 || !ok)
            return QStringLiteral("--set takes NAME=INTEGER, not '%1'").arg(binding);
        request->bindings.insert(binding.left(eq), value);
    }
    if (parser.isSet(inputShapeOption) && !parseShape(parser.value(inputShapeOption), &request->inputShape))
        return QStringLiteral("--input-shape takes positive sizes separated by commas");
    request->searchDirs << QDir::currentPath();
    if (!parser.positionalArguments().isEmpty())
        request->searchDirs << QFileInfo(parser.positionalArguments().first()).absolutePath();
    return QString();
}


int modelCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("table, json or summary (tf.keras 2.x text)."),
                                    QStringLiteral("format"), QStringLiteral("table"));
    parser.addOptions({cellOption, modelOption, dataOption, targetsOption, setOption, inputShapeOption, format});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Notebook or script."));
    if (!parser.parse(arguments) || parser.positionalArguments().size() != 1)
        return fail(parser.errorText().isEmpty() ? QStringLiteral("model takes one FILE") : parser.errorText(), ExitUsage);
    SmokeRequest request;
    const QString usageError = readModelRequest(parser, &request);
    if (!usageError.isEmpty())
        return fail(usageError, ExitUsage);
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("table") && fmt != QLatin1String("json") && fmt != QLatin1String("summary"))
        return fail(QStringLiteral("--format must be table, json or summary"), ExitUsage);
    request.path = parser.positionalArguments().first();
    ExtractResult result;
    if (const int code = extractFromFile(request, &result); code != ExitDone)
        return code;
    if (fmt == QLatin1String("json"))
        writeRaw(modelJson(result.model));
    else if (fmt == QLatin1String("summary"))
        out() << formatKerasSummary(summarizeModel(result.model));
    else
        out() << modelTable(result.model);
    return ExitDone;
}

int convertCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Target: pytorch."), QStringLiteral("target"),
                                QStringLiteral("pytorch"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the result as JSON."));
    parser.addOptions({cellOption, modelOption, dataOption, targetsOption, setOption, inputShapeOption, to, json});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Notebook or script."));
    if (!parser.parse(arguments) || parser.positionalArguments().size() != 1)
        return fail(parser.errorText().isEmpty() ? QStringLiteral("convert takes one FILE") : parser.errorText(), ExitUsage);
    if (parser.value(to) != QLatin1String("pytorch"))
        return fail(QStringLiteral("--to must be pytorch"), ExitUsage);
    SmokeRequest request;
    const QString usageError = readModelRequest(parser, &request);
    if (!usageError.isEmpty())
        return fail(usageError, ExitUsage);
    request.path = parser.positionalArguments().first();
    ExtractResult model;
    if (const int code = extractFromFile(request, &model); code != ExitDone)
        return code;
    const GeneratedModule module = generateTorchModule(model.model);
    if (!module.ok)
        return fail(request.path + QStringLiteral(": ") + module.error);
    if (parser.isSet(json)) {
        writeRaw(generatedModuleJson(module));
    } else {
        out() << module.moduleCode;
        for (const QString &n : module.notes)
            out() << "# note: " << n << "\n";
    }
    return ExitDone;
}

int smokeCommand(const QStringList &arguments)
{
    const qint64 started = QDateTime::currentMSecsSinceEpoch();
    QCommandLineParser parser;
    const QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("Epochs (default: fit()'s, else 1)."),
                                    QStringLiteral("N"));
    const QCommandLineOption budget(QStringLiteral("budget"),
                                    QStringLiteral("Bound the whole run to SECONDS (default 60; 0 = none): training "
                                                   "stops at half of it, validation and checks are scaled to the rest."),
                                    QStringLiteral("SECONDS"));
    const QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Stop after N optimizer steps."),
                                   QStringLiteral("N"));
    const QCommandLineOption batch(QStringLiteral("batch-size"), QStringLiteral("Batch size (default: fit()'s, else 32)."),
                                   QStringLiteral("N"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 0)."), QStringLiteral("N"),
                                  QStringLiteral("0"));
    const QCommandLineOption split(QStringLiteral("validation-split"),
                                   QStringLiteral("Fraction of rows for validation (default: fit()'s, else 0.2)."),
                                   QStringLiteral("F"));
    const QCommandLineOption raw(QStringLiteral("no-standardize"), QStringLiteral("Train on the features as read."));
    const QCommandLineOption torchscript(QStringLiteral("torchscript"),
                                         QStringLiteral("Smoke-train a TorchScript module instead of FILE's model."),
                                         QStringLiteral("FILE.pt"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the result as JSON."));
    parser.addOption(budget);
    parser.addOptions({cellOption, modelOption, dataOption, targetsOption, setOption, inputShapeOption, epochs, steps,
                       batch, seed, split, raw, torchscript, json});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Notebook or script."));
    if (!parser.parse(arguments))
        return fail(parser.errorText(), ExitUsage);
    const bool scripted = parser.isSet(torchscript);
    if (parser.positionalArguments().size() != (scripted ? 0 : 1))
        return fail(scripted ? QStringLiteral("smoke --torchscript takes no FILE") : QStringLiteral("smoke takes one FILE"),
                    ExitUsage);
    if (parser.isSet(epochs) && parser.isSet(steps))
        return fail(QStringLiteral("give --epochs or --steps, not both"), ExitUsage);
    SmokeRequest request;
    QString usageError = readModelRequest(parser, &request);
    bool ok = true;
    auto number = [&](const QCommandLineOption &o, qint64 fallback) {
        if (!parser.isSet(o))
            return fallback;
        bool good = false;
        const qint64 v = parser.value(o).toLongLong(&good);
        if (!good || v < 0)
            ok = false;
        return v;
    };
    request.options.epochs = int(number(epochs, 0));
    request.options.steps = number(steps, 0);
    request.options.batchSize = int(number(batch, 0));
    request.options.seed = quint64(number(seed, 0));
    if (parser.isSet(split)) {
        request.options.validationSplit = parser.value(split).toDouble(&ok);
        ok = ok && request.options.validationSplit >= 0 && request.options.validationSplit < 1;
    }
    request.options.standardize = !parser.isSet(raw);
    request.options.startedAtMs = started; // reading and setup count against the budget
    if (parser.isSet(budget)) {
        bool good = false;
        request.options.budgetSeconds = parser.value(budget).toDouble(&good);
        if (!good || request.options.budgetSeconds < 0 || !std::isfinite(request.options.budgetSeconds))
            return fail(QStringLiteral("--budget takes a non-negative number of seconds"), ExitUsage);
    }
    if (!ok && usageError.isEmpty())
        usageError = QStringLiteral("--epochs, --steps, --batch-size and --seed take non-negative integers; "
                                    "--validation-split a fraction below 1");
    if (!usageError.isEmpty())
        return fail(usageError, ExitUsage);

    SmokeSetup setup;
    QString error;
    if (scripted) {
        if (!prepareTorchScriptSmoke(parser.value(torchscript), request, &setup, &error))
            return fail(error);
    } else {
        request.path = parser.positionalArguments().first();
        if (!prepareSmokeFromFile(request, &setup, &error))
            return fail(error);
    }
    const bool asJson = parser.isSet(json);
    if (!asJson) {
        out() << modelTable(setup.model);
        out() << QStringLiteral("Training on %1 (%2 rows), %3 epochs, batch %4…\n")
                     .arg(setup.data.name)
                     .arg(setup.data.rows)
                     .arg(setup.options.epochs)
                     .arg(setup.options.batchSize);
        out().flush();
    }
    const SmokeProgressFn progress = [&](const SmokeEvent &event) {
        if (asJson || !event.epoch)
            return;
        out() << smokeEpochLine(*event.epoch) << QStringLiteral(" (%1 steps/s)\n").arg(event.stepsPerSecond, 0, 'f', 0);
        out().flush();
    };
    const SmokeResult result = scripted
                                   ? runTorchScriptSmoke(parser.value(torchscript), setup.data, setup.options, progress)
                                   : runSmoke(setup.model, setup.data, setup.options, progress);
    if (asJson) {
        writeRaw(smokeJson(setup, result));
    } else {
        for (const SmokeCheck &c : result.checks)
            out() << smokeCheckLine(c) << "\n";
        for (const QString &line : result.scaled)
            out() << "scaled: " << line << "\n";
        if (!result.error.isEmpty())
            out() << "error: " << result.error << "\n";
        out() << QStringLiteral("%1 steps/s; verdict: %2\n")
                     .arg(result.stepsPerSecond, 0, 'f', 1)
                     .arg(result.passed() ? QStringLiteral("pass") : QStringLiteral("fail"));
    }
    if (!result.ran)
        return fail(result.error);
    return ExitDone;
}

int summariesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the result as JSON."));
    parser.addOptions({json, setOption, dataOption, cellOption, modelOption, targetsOption, inputShapeOption});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Notebook or folder."));
    if (!parser.parse(arguments) || parser.positionalArguments().size() != 1)
        return fail(parser.errorText().isEmpty() ? QStringLiteral("summaries takes one PATH") : parser.errorText(),
                    ExitUsage);
    SmokeRequest request;
    const QString usageError = readModelRequest(parser, &request);
    if (!usageError.isEmpty())
        return fail(usageError, ExitUsage);
    const QString root = parser.positionalArguments().first();
    if (!QFileInfo::exists(root))
        return fail(root + QStringLiteral(": no such file or folder"));
    // --set and --data's shapes apply to every summary's model; its cell and name come
    // from the summary, its input from the code (--input-shape is model's and smoke's)
    ExtractOptions base;
    Dataset data;
    QString why;
    if (!smokeExtractOptions(request, &base, &data, &why))
        return fail(why);
    base.inputShape.clear();
    ScanOptions scanOptions;
    scanOptions.includeRendered = true;
    const bool isFile = QFileInfo(root).isFile();
    const QStringList files = isFile ? QStringList{QFileInfo(root).fileName()} : listRepositoryFiles(root, scanOptions);
    const QDir dir(isFile ? QFileInfo(root).absolutePath() : root);
    static const QRegularExpression summaryCall(QStringLiteral("(\\w+)\\s*\\.\\s*summary\\s*\\("));
    nlohmann::ordered_json entries = nlohmann::ordered_json::array();
    int total = 0, matched = 0, extracted = 0;
    for (const QString &relative : files) {
        if (!relative.endsWith(QLatin1String(".ipynb")))
            continue;
        Document document;
        InputError inputError;
        if (!readDocument(dir.filePath(relative), &document, &inputError)) {
            err() << "kmw-cli: " << inputError.toString() << "\n";
            continue;
        }
        for (int c = 0; c < document.cells.size(); ++c) {
            const Cell &cell = document.cells[c];
            if (cell.outputs.isEmpty())
                continue;
            const QVector<ModelSummary> saved = parseSavedSummaries(cellOutputText(document, c));
            if (saved.isEmpty())
                continue;
            const QRegularExpressionMatch m = summaryCall.match(QString::fromUtf8(cell.source));
            ExtractOptions options = base;
            options.cell = c;
            options.modelName = m.hasMatch() ? m.captured(1) : QString();
            options.standaloneKeras2 = saved.first().style == QLatin1String("keras2");
            const ExtractResult model = extractModel(document, options);
            ++total;
            QString status, detail;
            if (!model.ok) {
                status = QStringLiteral("not extracted");
                detail = model.error;
            } else {
                ++extracted;
                const SummaryComparison cmp = compareSummaries(saved.first(), summarizeModel(model.model));
                status = cmp.matched ? QStringLiteral("matched") : QStringLiteral("differs");
                detail = cmp.differences.mid(0, 5).join(QStringLiteral("; "));
                matched += cmp.matched;
            }
            // sizes the code does not give, read from this very table (SummaryEvidence.h):
            // the rest of the comparison is still the code's
            const QString fromThis = QStringLiteral("from the saved summary of cell %1").arg(c);
            int fromTable = 0;
            for (const QString &note : model.model.notes)
                fromTable += note.endsWith(fromThis);
            if (fromTable > 0 && status == QLatin1String("matched"))
                detail = QStringLiteral("%1 size(s) the code does not give read from this table").arg(fromTable);
            entries.push_back({{"path", relative.toStdString()},
                               {"cell", c},
                               {"model", options.modelName.toStdString()},
                               {"rows", saved.first().rows.size()},
                               {"status", status.toStdString()},
                               {"from_table", fromTable},
                               {"detail", detail.toStdString()}});
            if (!parser.isSet(json))
                out() << relative << " cell " << c << " (" << (options.modelName.isEmpty() ? QStringLiteral("?") : options.modelName)
                      << ", " << saved.first().rows.size() << " rows): " << status
                      << (detail.isEmpty() ? QString() : QStringLiteral(" — ") + detail) << "\n";
        }
    }
    if (parser.isSet(json)) {
        const nlohmann::ordered_json j{{"summaries", total}, {"extracted", extracted}, {"matched", matched},
                                       {"entries", entries}};
        writeRaw(QByteArray::fromStdString(j.dump(2)) + '\n');
    } else {
        out() << QStringLiteral("%1 of %2 saved summaries matched (%3 extracted)\n").arg(matched).arg(total).arg(extracted);
    }
    return ExitDone;
}

} // namespace kmw::cli
