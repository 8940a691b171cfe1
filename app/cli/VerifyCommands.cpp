// kmw-cli verify: each model run in the real frameworks, Keras 2 against Keras 3 and
// PyTorch with the same weights (issue 16).

#include "VerifyCommands.h"

#include "DocumentReader.h"
#include "KerasWeightsFile.h"
#include "ModelExtractor.h"
#include "PythonEnv.h"
#include "PyTorchCodegen.h"
#include "TorchRunner.h"
#include "WeightMap.h"
#include "RunRecords.h"
#include "SmokeCommands.h"
#include "SmokeSetup.h"
#include "VerifyJob.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace kmw::cli {

namespace {

/// The repository holding `file`: the nearest folder up with `.kmw` or `.git`, else the
/// file's folder.
QString repositoryOf(const QFileInfo &file)
{
    QDir dir = file.absoluteDir();
    for (const QString &marker : {QStringLiteral(".kmw"), QStringLiteral(".git")}) {
        QDir dir = file.absoluteDir();
        do {
            if (dir.exists(marker))
                return dir.absolutePath();
        } while (dir.cdUp());
    }
    return file.absolutePath();
}

} // namespace

int verifyCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    addModelOptions(&parser);
    const QCommandLineOption python(QStringLiteral("python"), QStringLiteral("The Python interpreter to run in."),
                                    QStringLiteral("PY"));
    const QCommandLineOption target(QStringLiteral("target"), QStringLiteral("keras3-torch, keras-to-pytorch or both."),
                                    QStringLiteral("target"), QStringLiteral("both"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of the batches and the frameworks."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Training steps compared."),
                                   QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Seconds a side may run."),
                                     QStringLiteral("S"), QStringLiteral("600"));
    const QCommandLineOption root(QStringLiteral("root"),
                                  QStringLiteral("The repository FILE belongs to (copied to run in; .kmw/verify.json goes there)."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({python, target, seed, steps, timeout, root, json});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Notebook or script."));
    if (!parser.parse(arguments))
        return fail(parser.errorText(), ExitUsage);
    if (parser.positionalArguments().size() != 1)
        return fail(QStringLiteral("verify takes one FILE"), ExitUsage);
    SmokeRequest model;
    const QString usageError = readModelRequest(parser, &model);
    if (!usageError.isEmpty())
        return fail(usageError, ExitUsage);
    VerifyRequest request;
    request.target = parser.value(target);
    if (request.target != QLatin1String("both") && request.target != QLatin1String("keras3-torch")
        && request.target != QLatin1String("keras-to-pytorch"))
        return fail(QStringLiteral("--target must be keras3-torch, keras-to-pytorch or both"), ExitUsage);
    bool ok = false;
    request.seed = parser.value(seed).toInt(&ok);
    if (!ok)
        return fail(QStringLiteral("--seed takes a number"), ExitUsage);
    request.steps = parser.value(steps).toInt(&ok);
    if (!ok || request.steps < 0)
        return fail(QStringLiteral("--steps takes a number"), ExitUsage);
    request.timeout = parser.value(timeout).toInt(&ok);
    if (!ok || request.timeout <= 0)
        return fail(QStringLiteral("--timeout takes a number of seconds"), ExitUsage);
    const QFileInfo file(parser.positionalArguments().first());
    if (!file.isFile())
        return fail(QStringLiteral("%1: no such file").arg(file.filePath()));
    request.root = parser.isSet(root) ? QFileInfo(parser.value(root)).absoluteFilePath() : repositoryOf(file);
    if (!file.absoluteFilePath().startsWith(request.root + QLatin1Char('/')))
        return fail(QStringLiteral("%1 is not inside --root %2").arg(file.filePath(), request.root), ExitUsage);
    request.relativePath = QDir(request.root).relativeFilePath(file.absoluteFilePath());
    request.cell = model.cell;
    request.bindings = model.bindings;
    request.data = model.data;
    request.inputShape = model.inputShape;
    request.searchDirs = model.searchDirs;
    QString why;
    request.python = findFrameworkPython(parser.value(python), &why);
    if (request.python.isEmpty())
        return fail(why);
    const VerifyReport report = verifyBlocking(request, [&](int index, const QString &side, const QString &status) {
        err() << "verify: model " << index + 1 << " " << side << ": " << status << "\n";
        err().flush();
    });
    if (report.models.isEmpty() && !report.error.isEmpty())
        return fail(report.error);
    QString saveError;
    if (!writeRunRecord(request.root, QStringLiteral("verify.json"), request.relativePath, verifyReportJson(report), &saveError))
        err() << "kmw-cli: cannot keep the result in .kmw/verify.json: " << saveError << "\n";
    if (parser.isSet(json))
        writeRaw(QJsonDocument(verifyReportJson(report)).toJson(QJsonDocument::Indented));
    else
        out() << verifyReportText(report);
    return report.error.isEmpty() ? ExitDone : ExitInput;
}

int portWeightsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    addModelOptions(&parser);
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("The notebook or script that builds the model."),
                                  QStringLiteral("F"));
    const QCommandLineOption output(QStringLiteral("out"), QStringLiteral("The PyTorch state_dict file to write."),
                                    QStringLiteral("model.pth"));
    parser.addOptions({file, output});
    parser.addPositionalArgument(QStringLiteral("MODEL"), QStringLiteral("Keras weights: .h5 or .keras."));
    if (!parser.parse(arguments))
        return fail(parser.errorText(), ExitUsage);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(file) || !parser.isSet(output))
        return fail(QStringLiteral("port-weights takes MODEL.h5|MODEL.keras --file F --out model.pth"), ExitUsage);
    SmokeRequest request;
    const QString usageError = readModelRequest(parser, &request);
    if (!usageError.isEmpty())
        return fail(usageError, ExitUsage);
    request.path = parser.value(file);
    ExtractResult x;
    if (const int code = extractFromFile(request, &x); code != ExitDone)
        return code;
    const GeneratedModule module = generateTorchModule(x.model);
    if (!module.ok)
        return fail(QStringLiteral("%1: no PyTorch module for `%2`: %3").arg(request.path, x.model.variable, module.error));
    QVector<LayerWeightMap> map;
    QString error;
    if (!torchWeightMap(x.model, &map, &error))
        return fail(error);
    QHash<QString, KerasLayerWeights> layers;
    if (!readKerasWeights(parser.positionalArguments().first(), &layers, &error))
        return fail(error);
    QVector<QPair<QString, HostArray>> state;
    if (!portWeights(map, layers, &state, &error))
        return fail(QStringLiteral("%1: %2").arg(parser.positionalArguments().first(), error));
    if (!writeStateDict(parser.value(output), state, &error))
        return fail(error);
    qint64 values = 0;
    for (const auto &entry : state)
        values += qint64(entry.second.values.size());
    out() << "port-weights: " << state.size() << " tensors (" << groupedThousands(values) << " values) of "
          << map.size() << " layers written to " << parser.value(output) << " for " << module.className << "\n"
          << "  load them with: model = " << module.className << "(); model.load_state_dict(torch.load(\""
          << QFileInfo(parser.value(output)).fileName() << "\"))\n"
          << "  the module: kmw-cli convert " << parser.value(file) << " --to pytorch\n";
    return ExitDone;
}

} // namespace kmw::cli
