#include "Verify.h"

#include "Dataset.h"
#include "DocumentReader.h"
#include "ModelExtractor.h"
#include "RunCompareJob.h"
#include "PyTorchCodegen.h"
#include "WeightMap.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace kmw {

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

QJsonArray shapeJson(const TensorShape &shape)
{
    QJsonArray out;
    for (qint64 d : shape)
        out << double(d);
    return out;
}

/// Code cells' sources (null for other cells), as the driver slices them.
QJsonArray cellsJson(const Document &document)
{
    QJsonArray out;
    for (const Cell &cell : document.cells)
        out << (cell.type == CellType::Code ? QJsonValue(QString::fromUtf8(cell.source)) : QJsonValue());
    return out;
}

bool identifier(const QString &name)
{
    static const QRegularExpression id(QStringLiteral("^[A-Za-z_]\\w*$"));
    return id.match(name).hasMatch();
}

QString number(double v) { return QString::number(v, 'g', 4); }

} // namespace

QVector<ModelSite> findModelSites(const Document &document, int cell)
{
    const auto assigns = [&](int c, const QString &variable) {
        const QRegularExpression assigned(QStringLiteral("^%1\\s*=[^=]").arg(QRegularExpression::escape(variable)),
                                          QRegularExpression::MultilineOption);
        return document.cells[c].type == CellType::Code
               && assigned.match(QString::fromUtf8(document.cells[c].source)).hasMatch();
    };
    QVector<ModelSite> sites;
    const int count = int(document.cells.size());
    for (int c = cell >= 0 ? std::min(cell, count - 1) : 0; c < (cell >= 0 ? std::min(cell + 1, count) : count); ++c) {
        if (document.cells[c].type != CellType::Code)
            continue;
        ExtractOptions options;
        options.cell = c;
        options.symbolicDataShapes = true;
        const ExtractResult x = extractModel(document, options);
        const QString variable = x.ok ? x.model.variable : x.candidates.value(x.candidates.size() - 1);
        if (variable.isEmpty())
            continue;
        ModelSite site;
        site.variable = variable;
        if (cell >= 0) { // the model in effect at `cell`: built at or above it
            for (int b = c; b >= 0 && site.cell < 0; --b)
                if (assigns(b, variable))
                    site.cell = b;
        } else if (assigns(c, variable)) {
            site.cell = c;
        }
        if (site.cell < 0)
            continue;
        site.lastCell = std::max(c, modelCompileCell(document, site.cell, variable));
        sites << site;
    }
    return sites;
}

/// Reads the model of `site` (with `extra` values for names the code takes from data)
/// and writes its harness spec into `m`; on failure `m->error`, or `m->probe` when the
/// Keras 2 side can find the missing sizes by running the code that loads the data.
void prepareModel(const VerifyContext &context, const ModelSite &site, const QHash<QString, qint64> &extra,
                  ModelVerification *mp)
{
    ModelVerification &m = *mp;
    const VerifyRequest &request = context.request;
    const Document &original = context.original;
    const Document &migrated = context.migrated;
    const DocumentKind kind = context.script ? DocumentKind::Script : DocumentKind::Notebook;
    ExtractOptions base = context.options;
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        base.bindings.insert(it.key(), it.value());
    m.name = site.variable;
    m.cell = kind == DocumentKind::Script ? -1 : site.cell;
    m.keras2.framework = s("keras2");
    m.keras3.framework = s("keras3");
    m.pytorch.framework = s("pytorch");
    ExtractOptions options = base;
    options.cell = site.lastCell;
    options.modelName = site.variable;
    const ExtractResult x = extractModel(original, options);
    m.probe.clear();
    if (!x.ok) {
        m.verdict = s("failed");
        m.error = x.error;
        if (!x.unresolvedNames.isEmpty())
            m.error += QStringLiteral(" (give its value with --set %1=N, or the data with --data)")
                           .arg(x.unresolvedNames.first());
        if (!x.unresolvedNames.isEmpty() && extra.isEmpty()) {
            // Sizes from the data: the Keras 2 side runs the code that loads it (in the
            // copy of the repository) and says what they are; the rest of the spec
            // follows from them (completeFromProbe()).
            m.probe = x.unresolvedNames;
            m.verdict.clear();
            m.notes << QStringLiteral("sizes come from the data (%1): the Keras 2 side runs the code that loads it to read them")
                           .arg(x.unresolvedNames.join(s(", ")));
            QJsonObject values;
            for (auto it = base.bindings.cbegin(); it != base.bindings.cend(); ++it)
                values.insert(it.key(), double(it.value()));
            QJsonObject spec{{s("variable"), site.variable},   {s("build_cell"), site.cell},
                             {s("last_cell"), site.lastCell},  {s("seed"), request.seed},
                             {s("batch_size"), request.batchSize}, {s("steps"), request.steps},
                             {s("values"), values},            {s("probe"), QJsonArray::fromStringList(x.unresolvedNames)},
                             {s("cells"), QJsonObject{{s("keras2"), cellsJson(original)}, {s("keras3"), cellsJson(migrated)}}}};
            m.spec = QJsonDocument(spec).toJson(QJsonDocument::Compact);
            m.error.clear();
        }
        return;
    }
    const ModelIR &ir = x.model;
    m.line = ir.line;
    if (ir.kind.startsWith(s("nn."))) {
        m.verdict = s("failed");
        m.error = QStringLiteral("`%1` is PyTorch code already: nothing to verify").arg(ir.variable);
        return;
    }
    m.notes = ir.notes;
    QJsonObject spec;
    spec.insert(s("variable"), site.variable);
    spec.insert(s("build_cell"), site.cell);
    spec.insert(s("last_cell"), site.lastCell);
    spec.insert(s("cells"), QJsonObject{{s("keras2"), cellsJson(original)}, {s("keras3"), cellsJson(migrated)}});
    spec.insert(s("seed"), request.seed);
    spec.insert(s("batch_size"), request.batchSize);
    spec.insert(s("steps"), request.steps);
    qint64 vocabulary = 0;
    for (const LayerSpec &l : ir.layers)
        if (l.type == s("Embedding")) {
            vocabulary = l.inputDim;
            break;
        }
    QJsonArray inputs;
    for (const TensorShape &shape : ir.inputShapes) {
        QJsonObject in{{s("shape"), shapeJson(shape)}, {s("dtype"), ir.integerInputs ? s("int64") : s("float32")}};
        if (ir.integerInputs)
            in.insert(s("high"), double(vocabulary));
        inputs << in;
    }
    spec.insert(s("inputs"), inputs);
    if (ir.optimizer.fromCode)
        spec.insert(s("optimizer"), QJsonObject{{s("type"), ir.optimizer.type}, {s("learning_rate"), ir.optimizer.learningRate}});
    // The arrays the code takes shapes from stand for the data (the extractor read
    // their shapes from --data or the model).
    QJsonObject stubs;
    if (identifier(ir.fit.xName) && ir.inputShapes.size() == 1) {
        QJsonObject stub = inputs.first().toObject();
        stub.insert(s("rows"), 64);
        stubs.insert(ir.fit.xName, stub);
        m.notes << QStringLiteral("%1 stands for the data: 64 seeded rows of %2").arg(ir.fit.xName, kerasShapeString(ir.inputShapes.first()));
    }
    if (identifier(ir.fit.yName) && ir.fit.yName != ir.fit.xName) {
        TensorShape shape = ir.outputShape;
        const bool sparse = ir.loss == s("sparse_categorical_crossentropy");
        if (sparse && !shape.isEmpty())
            shape.removeLast();
        QJsonObject stub{{s("shape"), shapeJson(shape)}, {s("dtype"), sparse ? s("int64") : s("float32")},
                         {s("high"), double(ir.outputShape.value(ir.outputShape.size() - 1, 2))}, {s("rows"), 64}};
        stubs.insert(ir.fit.yName, stub);
    }
    spec.insert(s("stubs"), stubs);
    QJsonObject values;
    for (auto it = request.bindings.cbegin(); it != request.bindings.cend(); ++it)
        values.insert(it.key(), double(it.value()));
    spec.insert(s("values"), values);
    // The PyTorch side: the module keras-to-pytorch generates, and its weight map.
    const GeneratedModule g = generateTorchModule(ir);
    QVector<LayerWeightMap> map;
    QString mapError, comment, lossError;
    if (!g.ok) {
        m.pytorch.error = QStringLiteral("no PyTorch module: %1").arg(g.error);
    } else if (!torchWeightMap(ir, &map, &mapError)) {
        m.pytorch.error = QStringLiteral("no weight map: %1").arg(mapError);
    } else {
        const QVector<QString> fields = torchFieldNames(ir);
        QJsonArray layers;
        for (int i = 0; i < ir.layers.size(); ++i)
        {
            QJsonArray inbound;
            for (int from : ir.layers[i].inbound)
                inbound << from;
            layers << QJsonObject{{s("index"), i}, {s("name"), ir.layers[i].name}, {s("type"), ir.layers[i].type},
                                  {s("field"), fields.value(i)}, {s("inbound"), inbound}};
        }
        const QString loss = ir.loss.isEmpty() ? QString() : lossCode(ir, g.logits, &comment, &lossError);
        const QString optimizer = optimizerCode(ir.optimizer, s("model.parameters()"), &comment);
        QJsonObject pytorch{{s("class_name"), g.className},
                            {s("class_code"), g.classCode},
                            {s("helper_code"), g.helperCode},
                            {s("logits"), g.logits},
                            {s("dropped"), g.dropped},
                            {s("loss"), ir.loss},
                            {s("loss_code"), loss},
                            {s("optimizer_code"), optimizer},
                            {s("output_layer"), ir.outputLayer()},
                            {s("layers"), layers},
                            {s("weight_map"), QJsonDocument::fromJson(weightMapJson(map)).array()}};
        spec.insert(s("pytorch"), pytorch);
        for (const QString &note : g.notes)
            m.pytorch.result.insert(s("generator_notes"), m.pytorch.result.value(s("generator_notes")).toString() + note + s("\n"));
        if (!ir.loss.isEmpty() && loss.isEmpty())
            m.notes << QStringLiteral("PyTorch: %1").arg(lossError);
    }
    m.spec = QJsonDocument(spec).toJson(QJsonDocument::Compact);
}

bool completeFromProbe(const VerifyReport &report, ModelVerification *m, const QHash<QString, qint64> &probed)
{
    if (!report.context)
        return false;
    ModelVerification redone = *m;
    redone.error.clear();
    redone.notes.clear();
    prepareModel(*report.context, m->site, probed, &redone);
    redone.keras2 = m->keras2;
    QStringList found;
    for (auto it = probed.cbegin(); it != probed.cend(); ++it)
        found << QStringLiteral("%1 = %2").arg(it.key()).arg(it.value());
    found.sort();
    redone.notes.prepend(QStringLiteral("sizes read from the data by the Keras 2 side: %1").arg(found.join(s(", "))));
    *m = redone;
    return m->error.isEmpty();
}

bool prepareVerify(const VerifyRequest &request, VerifyReport *report)
{
    report->path = request.relativePath;
    const QString filePath = QDir(request.root).filePath(request.relativePath);
    RunCompareRequest migrate;
    migrate.root = request.root;
    migrate.relativePath = request.relativePath;
    migrate.target = s("keras3-torch");
    migrate.allFixes = true;
    PreparedRun prepared;
    QString error;
    if (!prepareRunCompare(migrate, &prepared, &error)) {
        report->error = error;
        return false;
    }
    const DocumentKind kind = filePath.endsWith(QLatin1String(".ipynb"), Qt::CaseInsensitive) ? DocumentKind::Notebook : DocumentKind::Script;
    Document original, migrated;
    InputError parseError;
    if (!parseDocumentBytes(prepared.originalBytes, filePath, kind, &original, &parseError)
        || !parseDocumentBytes(prepared.migratedBytes, filePath, kind, &migrated, &parseError)) {
        report->error = parseError.toString();
        return false;
    }
    ExtractOptions base;
    base.bindings = request.bindings;
    base.inputShape = request.inputShape;
    if (!request.data.isEmpty() && request.data != s("synthetic")) {
        DataRequest data;
        data.spec = request.data;
        data.seed = quint64(request.seed);
        data.searchDirs = request.searchDirs;
        Dataset dataset;
        if (!loadDataset(data, &dataset, &error)) {
            report->error = error;
            return false;
        }
        base.dataShape = dataset.featureShape;
        base.dataClasses = dataset.numClasses;
    }
    const QVector<ModelSite> sites = findModelSites(original, request.cell);
    if (sites.isEmpty()) {
        report->error = request.cell >= 0 ? QStringLiteral("%1: no Keras model is built at cell %2").arg(filePath).arg(request.cell)
                                          : QStringLiteral("%1: no Keras model found").arg(filePath);
        // what the extractor saw instead (a subclassed model, a model built in a class)
        const ExtractResult whole = extractModel(original, base);
        QStringList seen = whole.model.notes;
        seen.removeDuplicates();
        if (!seen.isEmpty())
            report->error += QStringLiteral(" (%1)").arg(seen.join(QStringLiteral("; ")));
        return false;
    }
    auto context = std::make_shared<VerifyContext>();
    context->original = original;
    context->migrated = migrated;
    context->options = base;
    context->request = request;
    context->script = kind == DocumentKind::Script;
    report->context = context;
    for (const ModelSite &site : sites) {
        ModelVerification m;
        m.site = site;
        prepareModel(*context, site, {}, &m);
        report->models << m;
    }
    return true;
}

namespace {

bool within(double a, double b, double rel, double absFloor)
{
    const double diff = std::fabs(a - b);
    return diff <= absFloor || diff <= rel * std::max(std::fabs(a), std::fabs(b));
}

} // namespace

void judgeSide(const VerifySide &keras2, VerifySide *side, const VerifyTolerances &t)
{
    side->checks.clear();
    side->firstDivergentLayer.clear();
    side->maxAbsDiff = -1;
    if (!side->ran) {
        side->verdict = s("not-run");
        return;
    }
    const QJsonObject &r = side->result;
    const QJsonObject &k = keras2.result;
    if (!r.value(s("ok")).toBool()) {
        side->verdict = s("failed");
        side->error = QStringLiteral("%1 (at %2)").arg(r.value(s("error")).toString(), r.value(s("stage")).toString());
        side->checks << VerifyCheck{s("builds"), false, side->error};
        return;
    }
    side->checks << VerifyCheck{s("builds"), true, QString()};
    const qint64 p2 = qint64(k.value(s("params")).toDouble(-1)), p = qint64(r.value(s("params")).toDouble(-1));
    side->checks << VerifyCheck{s("parameters"), p2 == p, QStringLiteral("%1 vs %2").arg(groupedThousands(p), groupedThousands(p2))};
    bool shapes = true;
    QString shapeDetail;
    for (const QJsonValue &v : r.value(s("layer_diffs")).toArray()) {
        const QJsonObject d = v.toObject();
        const QString name = d.value(s("name")).toString();
        const bool mismatch = d.contains(s("shape_mismatch"));
        const double diff = d.value(s("max_abs_diff")).toDouble(-1);
        const double ref = d.value(s("ref_max")).toDouble(0);
        const bool out = mismatch || (diff > t.outputAbs && diff > t.outputRel * ref);
        if (mismatch && shapes) {
            shapes = false;
            const QJsonArray both = d.value(s("shape_mismatch")).toArray();
            shapeDetail = QStringLiteral("%1: %2 vs %3 in Keras 2").arg(name, QString::fromUtf8(QJsonDocument(both.at(1).toArray()).toJson(QJsonDocument::Compact)),
                                                                       QString::fromUtf8(QJsonDocument(both.at(0).toArray()).toJson(QJsonDocument::Compact)));
        }
        if (out && side->firstDivergentLayer.isEmpty())
            side->firstDivergentLayer = name;
    }
    if (r.contains(s("output_shape_mismatch")) && shapes) {
        shapes = false;
        shapeDetail = s("the model's output shape differs");
    }
    side->checks << VerifyCheck{s("shapes"), shapes, shapes ? QStringLiteral("%1 layers").arg(r.value(s("layer_diffs")).toArray().size()) : shapeDetail};
    if (r.contains(s("max_abs_diff"))) {
        side->maxAbsDiff = r.value(s("max_abs_diff")).toDouble();
        const double ref = r.value(s("ref_max")).toDouble();
        const bool ok = side->maxAbsDiff <= t.outputAbs || side->maxAbsDiff <= t.outputRel * ref;
        side->checks << VerifyCheck{s("output"), ok, QStringLiteral("max |diff| %1 (outputs up to %2)").arg(number(side->maxAbsDiff), number(ref))};
    } else {
        side->checks << VerifyCheck{s("output"), false, s("not compared (shapes differ)")};
    }
    if (k.contains(s("loss"))) {
        const double a = k.value(s("loss")).toDouble(), b = r.value(s("loss")).toDouble(NAN);
        side->checks << VerifyCheck{s("loss"), r.contains(s("loss")) && within(a, b, t.lossRel, 1e-6),
                                    QStringLiteral("%1 vs %2").arg(number(b), number(a))};
        const QJsonObject g2 = k.value(s("grad_norms")).toObject(), g = r.value(s("grad_norms")).toObject();
        QString worst;
        bool ok = !g2.isEmpty();
        for (auto it = g2.constBegin(); it != g2.constEnd(); ++it) {
            const double a2 = it.value().toDouble(), b2 = g.value(it.key()).toDouble(NAN);
            if (!within(a2, b2, t.gradRel, 1e-6)) {
                ok = false;
                if (worst.isEmpty())
                    worst = QStringLiteral("%1: %2 vs %3").arg(it.key(), number(b2), number(a2));
            }
        }
        side->checks << VerifyCheck{s("gradients"), ok, ok ? QStringLiteral("%1 layers").arg(g2.size()) : worst};
        const QJsonArray l2 = k.value(s("losses")).toArray(), l = r.value(s("losses")).toArray();
        if (!l2.isEmpty()) {
            const double a3 = l2.last().toDouble(), b3 = l.isEmpty() ? NAN : l.last().toDouble();
            // Keras 2 against itself from weights moved by 1e-6: how much this training
            // amplifies rounding; the tolerance is never below twice that spread
            const QJsonArray noisy = k.value(s("losses_perturbed")).toArray();
            const double spread = noisy.size() == l2.size() && a3 != 0 ? std::fabs(noisy.last().toDouble() - a3) / std::fabs(a3) : 0.0;
            const double tolerance = std::max(t.stepsRel, 2 * spread);
            // the same for the loss after the first update (a very deep net may amplify at once)
            const double firstSpread = noisy.size() >= 2 && l2.size() >= 2 && l2[1].toDouble() != 0
                                           ? std::fabs(noisy[1].toDouble() - l2[1].toDouble()) / std::fabs(l2[1].toDouble()) : 0.0;
            const double firstTolerance = std::max(t.stepsRel, 2 * firstSpread);
            const auto trains = [&](const QJsonArray &steps, double tolerance) {
                const bool first = steps.size() < 2 || l2.size() < 2 || within(l2[1].toDouble(), steps[1].toDouble(), firstTolerance, 1e-6);
                return steps.size() == l2.size() && !steps.isEmpty() && first
                       && within(l2.last().toDouble(), steps.last().toDouble(), tolerance, 1e-6);
            };
            // … and the loss after the first update must agree anyway: a wrong update rule
            // shows there before rounding has grown
            const bool firstUpdate = l.size() < 2 || l2.size() < 2 || within(l2[1].toDouble(), l[1].toDouble(), firstTolerance, 1e-6);
            const bool ok = l.size() == l2.size() && within(a3, b3, tolerance, 1e-6) && firstUpdate;
            QString detail = QStringLiteral("loss after %1 steps %2 vs %3").arg(l2.size()).arg(number(b3), number(a3));
            if (!firstUpdate)
                detail += QStringLiteral("; the loss after the first update already differs: %1 vs %2").arg(number(l[1].toDouble()), number(l2[1].toDouble()));
            const QJsonArray kerasRule = r.value(s("losses_keras_rule")).toArray();
            if (!ok && trains(kerasRule, tolerance))
                detail += QStringLiteral("; replayed with Keras's Adam update rule (epsilon added before the bias correction, "
                                         "where torch.optim.Adam adds it after) the PyTorch steps agree: the migrated model is "
                                         "right, the two optimizers differ where gradients are near zero");
            if (tolerance > t.stepsRel)
                detail += QStringLiteral("; this training amplifies rounding: 1e-6 relative noise on Keras 2's weights moves its own "
                                         "loss by %1%, so the tolerance is %2%").arg(number(100 * spread), number(100 * tolerance));
            if (!ok) {
                int same = 0;
                while (same < l.size() && same < l2.size() && within(l2[same].toDouble(), l[same].toDouble(), t.stepsRel, 1e-6))
                    ++same;
                detail += QStringLiteral(" (the first %1 steps agree)").arg(same);
            }
            side->checks << VerifyCheck{s("training"), ok, detail};
        }
    }
    const bool all = std::all_of(side->checks.cbegin(), side->checks.cend(), [](const VerifyCheck &c) { return c.ok; });
    side->verdict = all ? s("equal") : s("diverged");
    if (!all && side->firstDivergentLayer.isEmpty())
        for (const VerifyCheck &c : side->checks)
            if (!c.ok) {
                side->firstDivergentLayer = c.name == s("gradients") ? c.detail.section(QLatin1Char(':'), 0, 0) : QString();
                break;
            }
}

void summarizeModel(ModelVerification *m)
{
    if (!m->error.isEmpty()) {
        m->verdict = s("failed");
        return;
    }
    if (m->keras2.ran && !m->keras2.result.value(s("ok")).toBool()) {
        m->verdict = s("failed");
        m->error = QStringLiteral("the original model does not build under Keras 2: %1 (at %2)")
                       .arg(m->keras2.result.value(s("error")).toString(), m->keras2.result.value(s("stage")).toString());
        return;
    }
    m->verdict = s("equal");
    m->maxAbsDiff = -1;
    m->firstDivergentLayer.clear();
    for (VerifySide *side : {&m->keras3, &m->pytorch}) {
        if (side->verdict == s("failed") || (!side->ran && !side->error.isEmpty()))
            m->verdict = s("failed");
        else if (side->verdict == s("diverged") && m->verdict == s("equal"))
            m->verdict = s("diverged");
        m->maxAbsDiff = std::max(m->maxAbsDiff, side->maxAbsDiff);
        if (m->firstDivergentLayer.isEmpty() && side->verdict == s("diverged"))
            m->firstDivergentLayer = side->firstDivergentLayer;
    }
    if (!m->keras3.ran && !m->pytorch.ran && m->verdict == s("equal") && m->keras2.ran)
        m->verdict = s("equal");
}

namespace {

QJsonObject sideJson(const VerifySide &side)
{
    QJsonObject o = side.result;
    o.insert(s("framework"), side.framework);
    o.insert(s("verdict"), side.verdict.isEmpty() ? s("not-run") : side.verdict);
    QJsonArray checks;
    for (const VerifyCheck &c : side.checks)
        checks << QJsonObject{{s("name"), c.name}, {s("ok"), c.ok}, {s("detail"), c.detail}};
    o.insert(s("checks"), checks);
    o.insert(s("max_abs_diff"), side.maxAbsDiff < 0 ? QJsonValue() : QJsonValue(side.maxAbsDiff));
    o.insert(s("first_divergent_layer"), side.firstDivergentLayer.isEmpty() ? QJsonValue() : QJsonValue(side.firstDivergentLayer));
    if (!side.error.isEmpty())
        o.insert(s("error"), side.error);
    o.insert(s("ran"), side.ran);
    return o;
}

VerifySide sideFromJson(const QJsonObject &o)
{
    VerifySide side;
    side.result = o;
    side.framework = o.value(s("framework")).toString();
    side.verdict = o.value(s("verdict")).toString();
    side.ran = o.value(s("ran")).toBool();
    side.maxAbsDiff = o.value(s("max_abs_diff")).toDouble(-1);
    side.firstDivergentLayer = o.value(s("first_divergent_layer")).toString();
    side.error = o.value(s("error")).toString();
    for (const QJsonValue &v : o.value(s("checks")).toArray()) {
        const QJsonObject c = v.toObject();
        side.checks << VerifyCheck{c.value(s("name")).toString(), c.value(s("ok")).toBool(), c.value(s("detail")).toString()};
    }
    return side;
}

} // namespace

QJsonObject verifyReportJson(const VerifyReport &report)
{
    QJsonArray models;
    for (const ModelVerification &m : report.models) {
        QJsonArray notes;
        for (const QString &n : m.notes)
            notes << n;
        models << QJsonObject{{s("name"), m.name},
                              {s("cell"), m.cell < 0 ? QJsonValue() : QJsonValue(m.cell)},
                              {s("line"), m.line},
                              {s("keras2"), sideJson(m.keras2)},
                              {s("keras3"), sideJson(m.keras3)},
                              {s("pytorch"), sideJson(m.pytorch)},
                              {s("max_abs_diff"), m.maxAbsDiff < 0 ? QJsonValue() : QJsonValue(m.maxAbsDiff)},
                              {s("first_divergent_layer"), m.firstDivergentLayer.isEmpty() ? QJsonValue() : QJsonValue(m.firstDivergentLayer)},
                              {s("verdict"), m.verdict},
                              {s("error"), m.error.isEmpty() ? QJsonValue() : QJsonValue(m.error)},
                              {s("notes"), notes}};
    }
    const VerifyTolerances &t = report.tolerances;
    QJsonObject out{{s("file"), report.path},
                    {s("tolerances"), QJsonObject{{s("output_abs"), t.outputAbs}, {s("output_rel"), t.outputRel},
                                                  {s("loss_rel"), t.lossRel}, {s("gradient_rel"), t.gradRel},
                                                  {s("training_rel"), t.stepsRel}}},
                    {s("models"), models}};
    if (!report.error.isEmpty())
        out.insert(s("error"), report.error);
    return out;
}

VerifyReport verifyReportFromJson(const QJsonObject &json)
{
    VerifyReport report;
    report.path = json.value(s("file")).toString();
    report.error = json.value(s("error")).toString();
    for (const QJsonValue &v : json.value(s("models")).toArray()) {
        const QJsonObject o = v.toObject();
        ModelVerification m;
        m.name = o.value(s("name")).toString();
        m.cell = o.value(s("cell")).toInt(-1);
        m.line = o.value(s("line")).toInt();
        m.verdict = o.value(s("verdict")).toString();
        m.error = o.value(s("error")).toString();
        m.maxAbsDiff = o.value(s("max_abs_diff")).toDouble(-1);
        m.firstDivergentLayer = o.value(s("first_divergent_layer")).toString();
        for (const QJsonValue &n : o.value(s("notes")).toArray())
            m.notes << n.toString();
        m.keras2 = sideFromJson(o.value(s("keras2")).toObject());
        m.keras3 = sideFromJson(o.value(s("keras3")).toObject());
        m.pytorch = sideFromJson(o.value(s("pytorch")).toObject());
        report.models << m;
    }
    return report;
}

QString verifyReportText(const VerifyReport &report)
{
    QStringList out;
    const VerifyTolerances &t = report.tolerances;
    out << QStringLiteral("%1: %2 model(s); tolerances: outputs ≤ %3 absolute or %4 relative, loss %5, gradient norms %6, "
                          "loss after the training steps %7 relative")
               .arg(report.path).arg(report.models.size()).arg(t.outputAbs).arg(t.outputRel).arg(t.lossRel).arg(t.gradRel).arg(t.stepsRel);
    if (!report.error.isEmpty())
        out << QStringLiteral("  error: %1").arg(report.error);
    for (const ModelVerification &m : report.models) {
        out << QString();
        out << QStringLiteral("%1 (%2): %3%4").arg(m.name, m.cell >= 0 ? QStringLiteral("cell %1").arg(m.cell) : QStringLiteral("line %1").arg(m.line),
                                                 m.verdict.toUpper(),
                                                 m.firstDivergentLayer.isEmpty() ? QString() : QStringLiteral(", first divergent layer: %1").arg(m.firstDivergentLayer));
        if (!m.error.isEmpty()) {
            out << QStringLiteral("  %1").arg(m.error);
            continue;
        }
        out << QStringLiteral("  %1 %2 %3 %4").arg(s("check"), -12).arg(s("Keras 2"), -24).arg(s("Keras 3 (torch)"), -40).arg(s("PyTorch"));
        const QStringList names{s("builds"), s("parameters"), s("shapes"), s("output"), s("loss"), s("gradients"), s("training")};
        const auto cellOf = [](const VerifySide &side, const QString &name) {
            if (!side.ran)
                return side.error.isEmpty() ? s("not run") : side.error.left(38);
            for (const VerifyCheck &c : side.checks)
                if (c.name == name)
                    return (c.ok ? s("ok ") : s("NO ")) + c.detail;
            return QString();
        };
        for (const QString &name : names) {
            QString k2;
            if (name == s("builds"))
                k2 = m.keras2.result.value(s("ok")).toBool() ? s("ok") : m.keras2.result.value(s("error")).toString().left(22);
            else if (name == s("parameters"))
                k2 = groupedThousands(qint64(m.keras2.result.value(s("params")).toDouble()));
            else if (name == s("loss") && m.keras2.result.contains(s("loss")))
                k2 = number(m.keras2.result.value(s("loss")).toDouble());
            else if (name == s("training") && !m.keras2.result.value(s("losses")).toArray().isEmpty())
                k2 = number(m.keras2.result.value(s("losses")).toArray().last().toDouble());
            out << QStringLiteral("  %1 %2 %3 %4").arg(name, -12).arg(k2, -24).arg(cellOf(m.keras3, name), -40).arg(cellOf(m.pytorch, name));
        }
        for (const VerifySide *side : {&m.keras2, &m.keras3, &m.pytorch})
            if (side->ran && !side->result.value(s("ok")).toBool())
                out << QStringLiteral("  %1 traceback:\n%2").arg(side->framework, side->result.value(s("traceback")).toString().trimmed());
        for (const QString &n : m.notes)
            out << QStringLiteral("  note: %1").arg(n);
        for (const VerifySide *side : {&m.keras2, &m.keras3, &m.pytorch})
            for (const QJsonValue &n : side->result.value(s("notes")).toArray())
                out << QStringLiteral("  note (%1): %2").arg(side->framework, n.toString());
    }
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace kmw
