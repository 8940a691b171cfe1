#include "SmokeSetup.h"

#include "NotebookWriter.h"

#include "DocumentReader.h"
#include "FileReview.h"
#include "KerasModelFile.h"
#include "ModelExtractor.h"
#include "RepositoryScanner.h"
#include "RulePack.h"
#include "RuleEngine.h"

#include <QDir>

#include <algorithm>
#include <QFileInfo>

#include <cmath>

namespace kmw {

namespace {

QString s(const char *text) { return QString::fromLatin1(text); }

/// Steps of a synthetic sequence where the model takes any length: the shortest of 32,
/// 64, …, 1024 its layers accept (a stack of Conv1D and pooling needs more than 32).
qint64 syntheticSteps(const ModelIR &model)
{
    for (qint64 steps = 32; steps <= 1024; steps *= 2) {
        ModelIR trial = model;
        for (TensorShape &shape : trial.inputShapes)
            for (qint64 &d : shape)
                if (d < 0)
                    d = steps;
        QString error;
        if (inferModel(trial, &error)) {
            bool empty = false;
            for (const LayerSpec &l : trial.layers)
                empty = empty || l.outputShape.contains(0);
            if (!empty)
                return steps;
        }
    }
    return 32;
}

/// Synthetic data made to the model: its input shape, classes from the loss and output.
DataRequest syntheticRequest(const ModelIR &model, const SmokeRequest &request)
{
    DataRequest data;
    data.spec = s("synthetic");
    data.seed = request.options.seed;
    data.searchDirs = request.searchDirs;
    data.inputShape = model.inputShapes.value(0);
    // a variable length (Input(shape=(None, 20)), an Embedding's (None,)): steps its
    // layers accept
    const qint64 steps = syntheticSteps(model);
    for (qint64 &d : data.inputShape)
        if (d < 0)
            d = steps;
    // several inputs: one array whose columns the runner splits over them (in order)
    if (model.inputShapes.size() > 1) {
        qint64 columns = 0;
        for (const TensorShape &shape : model.inputShapes)
            columns = columns >= 0 && shapeProduct(shape) > 0 ? columns + shapeProduct(shape) : -1;
        if (columns > 0)
            data.inputShape = {columns};
    }
    const qint64 width = model.outputShape.isEmpty() ? 1 : model.outputShape.last();
    // every value of an output with several dimensions is a target (an autoencoder's or
    // a generator's image): the trainer compares flattened widths
    TensorShape output = model.outputShape; // a sequence of any length: the synthetic steps
    for (qint64 &d : output)
        if (d < 0)
            d = steps;
    const qint64 values = std::max<qint64>(1, shapeProduct(output));
    // (per-step classification, (None, L, C) with a cross-entropy, is not made here: the
    // trainer then says the widths differ)
    const bool wide = model.outputShape.size() > 1 && values > width
                      && !model.loss.endsWith(s("categorical_crossentropy"));
    if (!wide && (model.loss == s("categorical_crossentropy") || model.loss == s("sparse_categorical_crossentropy")))
        data.numClasses = int(width);
    else if (!wide && model.loss == s("binary_crossentropy"))
        data.numClasses = 2;
    else {
        data.numClasses = 0;
        data.targetWidth = int(values);
        data.unitTargets = model.loss == s("binary_crossentropy");
    }
    data.integerInputs = model.integerInputs;
    for (const LayerSpec &l : model.layers)
        if (l.type == s("Embedding")) {
            data.vocabulary = l.inputDim;
            break;
        }
    return data;
}

/// The folder holding `.kmw/` above `path`, or "".
QString repositoryRoot(const QString &path)
{
    QDir dir = QFileInfo(path).absoluteDir();
    for (int i = 0; i < 64; ++i) {
        if (QFileInfo(dir.filePath(s(".kmw"))).isDir())
            return dir.absolutePath();
        if (!dir.cdUp())
            break;
    }
    return QString();
}

/// fit()'s epochs, batch size and validation split where the options leave them open
/// (defaults 1 / 32 / 0.2 when the code has no fit()).
void resolveFromFit(const FitSpec &fit, SmokeOptions *o)
{
    if (o->epochs <= 0)
        o->epochs = fit.fromCode ? std::max(1, fit.epochs) : 1;
    if (o->batchSize <= 0)
        o->batchSize = fit.fromCode ? std::max(1, fit.batchSize) : 32;
    if (o->validationSplit < 0)
        o->validationSplit = fit.fromCode && fit.validationSplit > 0 ? fit.validationSplit : 0.2;
}

/// z-scores the features with the statistics of the rows before the validation split.
void standardizeTrainingRows(Dataset &data, double validationSplit)
{
    const qint64 trainRows = qint64(std::floor(double(data.rows) * (1.0 - validationSplit)));
    standardizeFeatures(data, std::max<qint64>(1, trainRows));
}

} // namespace

DataRequest dataRequestFor(const SmokeRequest &request)
{
    DataRequest data;
    data.spec = request.data;
    data.targetsPath = request.targets;
    data.seed = request.options.seed;
    data.searchDirs = request.searchDirs;
    return data;
}

bool smokeExtractOptions(const SmokeRequest &request, ExtractOptions *options, Dataset *data, QString *error)
{
    const bool synthetic = request.data.isEmpty() || request.data == s("synthetic");
    if (!synthetic && !loadDataset(dataRequestFor(request), data, error))
        return false;
    options->cell = request.cell;
    options->modelName = request.modelName;
    options->bindings = request.bindings;
    options->inputShape = request.inputShape;
    if (!synthetic) {
        options->dataShape = data->featureShape;
        options->dataClasses = data->numClasses;
    }
    return true;
}

bool prepareSmoke(const Document &before, const Document &after, const SmokeRequest &request,
                  SmokeSetup *setup, QString *error)
{
    SmokeSetup out;
    out.options = request.options;
    // 1. File data first: it tells the shapes the code takes from its arrays.
    const bool synthetic = request.data.isEmpty() || request.data == s("synthetic");
    ExtractOptions extract;
    if (!smokeExtractOptions(request, &extract, &out.data, error))
        return false;
    // 2. The migrated model, and the one before migration.
    const ExtractResult previous = extractModel(before, extract);
    ExtractResult model = extractModel(after, extract);
    if (!model.ok && previous.ok && extract.inputShape.isEmpty() && !previous.model.inputShapes.isEmpty()
        && previous.model.inputShapes.size() == 1) {
        // Keras 3 dropped arguments that gave the input shape (Embedding input_length):
        // the code before migration still says it.
        ExtractOptions again = extract;
        again.inputShape = previous.model.inputShapes.first();
        model = extractModel(after, again);
        if (model.ok)
            model.model.notes.append(QStringLiteral("input shape %1 taken from the code before migration")
                                         .arg(kerasShapeString(again.inputShape)));
    }
    if (!model.ok) {
        *error = after.path + QStringLiteral(": ") + model.error;
        setup->unresolvedNames = model.unresolvedNames;
        return false;
    }
    out.model = model.model;
    out.notes = model.model.notes;
    if (previous.ok) {
        out.before = previous.model;
        out.hasBefore = true;
        out.options.kerasParamsBefore = previous.model.paramsKeras;
    } else {
        out.notes.append(QStringLiteral("the model before migration could not be read: %1")
                             .arg(previous.error));
    }
    // 3. Synthetic data to the model's shapes.
    if (synthetic && !loadDataset(syntheticRequest(out.model, request), &out.data, error))
        return false;
    if (synthetic && out.model.inputShapes.value(0).contains(-1))
        out.notes.append(QStringLiteral("the model takes sequences of any length: the synthetic ones have %1 steps")
                             .arg(syntheticSteps(out.model)));
    // 4. Options from fit().
    resolveFromFit(out.model.fit, &out.options);
    if (out.model.loss.isEmpty()) {
        out.model.loss = out.data.numClasses > 0 ? s("sparse_categorical_crossentropy")
                                                 : s("mean_squared_error");
        out.notes.append(QStringLiteral("no compile() loss: %1 is used").arg(out.model.loss));
    }
    // 5. Data ready to train on.
    shuffleRows(out.data, request.options.seed);
    // (several inputs take one array's columns in order: the runner splits them)
    const TensorShape input = out.model.inputShapes.size() == 1 ? out.model.inputShapes.value(0) : TensorShape();
    if (!input.isEmpty() && !input.contains(-1) && input != out.data.featureShape) {
        QString why;
        if (!reshapeFeatures(out.data, input, &why)) {
            *error = QStringLiteral("%1: the data (%2 per row) does not fit the model's input "
                                    "%3: %4")
                         .arg(out.data.name, kerasShapeString(out.data.featureShape),
                              kerasShapeString(input), why);
            return false;
        }
        out.notes.append(QStringLiteral("rows reshaped to %1").arg(kerasShapeString(input)));
    }
    if (out.options.standardize && !out.model.integerInputs) {
        standardizeTrainingRows(out.data, out.options.validationSplit);
        out.notes.append(QStringLiteral("features standardized with the training rows' mean and "
                                        "standard deviation"));
    }
    *setup = out;
    return true;
}

bool prepareSmokeFromFile(const SmokeRequest &request, SmokeSetup *setup, QString *error)
{
    Document document;
    InputError inputError;
    if (!readModelSourceDocument(request.path, &document, &inputError)) {
        *error = inputError.toString();
        return false;
    }
    // after: every fixable finding accepted, in memory
    Document after = document;
    QVector<RulePack> packs;
    QVector<InputError> packErrors;
    if (loadRulePacks({}, &packs, &packErrors)) {
        const RuleEngine engine(packs);
        const QFileInfo info(request.path);
        FileResult scanned;
        if (scanFile(info.absolutePath(), info.fileName(), engine, &scanned, &inputError)) {
            FileReview review(info.absolutePath(), scanned);
            for (const Finding &f : scanned.findings)
                if (f.fixable())
                    review.setDecision(f.id, {DecisionStatus::Accepted, f.autoFixIndex()});
            for (int i = 0; i < after.cells.size(); ++i)
                after.cells[i].source = review.afterSource(i);
        }
    }
    // before: the backup kept by `apply --backup`, else the file itself
    Document before = document;
    QString label = s("the file on disk");
    const QString root = repositoryRoot(request.path);
    if (!root.isEmpty()) {
        const QString backup = backupPath(root, QFileInfo(request.path).absoluteFilePath());
        Document saved;
        if (QFileInfo::exists(backup) && readDocument(backup, &saved, &inputError)) {
            before = saved;
            label = backup;
        }
    }
    if (!prepareSmoke(before, after, request, setup, error))
        return false;
    setup->beforeLabel = label;
    return true;
}

bool prepareTorchScriptSmoke(const QString &modulePath, const SmokeRequest &request,
                             SmokeSetup *setup, QString *error)
{
    SmokeSetup out;
    DataRequest data = dataRequestFor(request);
    if (data.spec.isEmpty() || data.spec == s("synthetic"))
        data.spec = s("digits");
    if (!loadDataset(data, &out.data, error))
        return false;
    out.options = request.options;
    resolveFromFit(FitSpec(), &out.options);
    shuffleRows(out.data, out.options.seed);
    if (out.options.standardize)
        standardizeTrainingRows(out.data, out.options.validationSplit);
    out.model.name = QFileInfo(modulePath).fileName();
    out.model.kind = s("TorchScript");
    out.beforeLabel = modulePath;
    *setup = out;
    return true;
}

} // namespace kmw
