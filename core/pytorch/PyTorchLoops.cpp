// fit / evaluate / predict -> explicit PyTorch loops (seed 001 §2, seed 003 "Training
// Loop"): DataLoaders over the arrays, train()/eval(), zero_grad/backward/step, no_grad()
// for validation, a Keras-like History, and the EarlyStopping / ModelCheckpoint /
// ReduceLROnPlateau callbacks (keras/callbacks.py semantics, Keras 2.x).

#include "PyTorchRewriteInternal.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace kmw::rewrite {
namespace {

/// The argument node of keyword `name` (else positional `position`) of a call.
TSNode argumentNode(TSNode call, const RewriteRequest &r, const QString &name, int position)
{
    const TSNode args = field(call, "arguments");
    const uint32_t n = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
    int index = 0;
    TSNode positional{};
    bool have = false;
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode a = ts_node_named_child(args, i);
        if (is(a, "comment"))
            continue;
        if (is(a, "keyword_argument")) {
            if (text(r, field(a, "name")) == name)
                return field(a, "value");
        } else if (index++ == position) {
            positional = a;
            have = true;
        }
    }
    return have ? positional : TSNode{};
}

/// Python string literal -> its text ('val_loss' -> val_loss); "" when not a literal.
QString literal(const QString &text)
{
    const QRegularExpressionMatch m = stringLiteral().match(text.trimmed());
    return m.hasMatch() ? m.captured(3) : QString();
}

bool isFalse(const QString &text) { return text.isEmpty() || text == s("False") || text == s("0"); }

/// A callback given to fit(): its call, found inline or as `name = Callback(…)` in the
/// cells up to the fit.
struct CallbackCall {
    QString kind;  ///< EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, or another name
    QString shown; ///< as written
    CallText call;
    bool resolved = false;
};


/// The callbacks EarlyStopping / ModelCheckpoint / ReduceLROnPlateau the loop does.
bool converted(const CallbackCall &cb)
{
    return cb.resolved && (cb.kind == QLatin1String("EarlyStopping") || cb.kind == QLatin1String("ModelCheckpoint")
                           || cb.kind == QLatin1String("ReduceLROnPlateau"));
}

/// The fit's callbacks. `*listEdit` comments out a `name = [...]` list of them that the
/// loop replaces (its items' definitions are commented out by their own rule).
QVector<CallbackCall> callbacks(const RewriteRequest &r, TSNode fitCall, TextEdit *listEdit)
{
    QVector<CallbackCall> out;
    const bool generator = text(r, field(field(fitCall, "function"), "attribute")) == s("fit_generator");
    const TSNode list = argumentNode(fitCall, r, s("callbacks"), generator ? 4 : 5);
    if (ts_node_is_null(list))
        return out;
    // `callbacks=[…]`, or a name bound to a list before the fit (`cbs = [es, mc]`)
    const auto readItems = [&](const RewriteRequest &where, TSNode node) {
        for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
            const TSNode item = ts_node_named_child(node, i);
            if (is(item, "comment"))
                continue;
            CallbackCall cb;
            cb.shown = text(where, item);
            if (is(item, "call")) {
                cb.call = readCall(where, item);
                cb.resolved = true;
            } else if (is(item, "identifier")) {
                cb.resolved = assignedCall(r, cb.shown, &cb.call);
            }
            cb.kind = cb.resolved ? cb.call.function.section(QLatin1Char('.'), -1) : QString();
            out << cb;
        }
    };
    CallText single;
    if (is(list, "list") || is(list, "tuple")) {
        readItems(r, list);
    } else if (is(list, "identifier") && assignedCall(r, text(r, list), &single)) { // one callback object
        out << CallbackCall{single.function.section(QLatin1Char('.'), -1), text(r, list), single, true};
    } else if (const std::optional<Binding> b = is(list, "identifier")
                                                    ? lastBinding(r, text(r, list), [](TSNode v) { return is(v, "list") || is(v, "tuple"); })
                                                    : std::nullopt) {
        readItems(b->where, b->value);
        const qsizetype from = ts_node_start_byte(b->statement), to = statementEnd(*b->where.source, b->statement);
        *listEdit = TextEdit{b->where.cell, from, to, commentedOut(*b->where.source, from, to) + "  # done by the training loop",
                             b->where.cell != r.cell};
    } else {
        out << CallbackCall{QString(), text(r, list), CallText(), false};
    }
    return out;
}

/// Keras's mode 'auto': max for accuracy-like monitors, min otherwise (keras/callbacks.py).
bool maximize(const QString &mode, const QString &monitor)
{
    if (mode == s("max"))
        return true;
    if (mode == s("min"))
        return false;
    return monitor.contains(s("acc")) || monitor.startsWith(s("fmeasure"));
}

/// The callbacks as code: `setup` before the loop, `epochEnd` at the end of each epoch
/// (indented one level), `todo` for what is not converted.
struct CallbackCode {
    QStringList setup, epochEnd, notes;
    bool stops = false;
};

CallbackCode callbackCode(const QVector<CallbackCall> &cbs, const QString &model, const QString &optimizer,
                          const QString &history, const QStringList &keys)
{
    CallbackCode code;
    for (int i = 0; i < cbs.size(); ++i) {
        const CallbackCall &cb = cbs[i];
        const QString name = QStringLiteral("callback%1").arg(i);
        const QString monitor = literal(cb.call.get(s("monitor"), cb.kind == s("ModelCheckpoint") ? 1 : 0));
        const QString key = monitor.isEmpty() ? s("val_loss") : monitor;
        if (!converted(cb)) {
            code.epochEnd << QStringLiteral("# TODO: callback %1 is not converted (only EarlyStopping, "
                                            "ModelCheckpoint and ReduceLROnPlateau are): do its work here")
                                 .arg(cb.shown);
            code.notes << QStringLiteral("callback %1 is not converted: its work must be written in the loop").arg(cb.shown);
            continue;
        }
        if (!keys.contains(key)) {
            code.epochEnd << QStringLiteral("# TODO: %1 monitors '%2', which this fit() does not compute").arg(cb.shown, key);
            code.notes << QStringLiteral("%1 monitors '%2', which this fit() does not compute").arg(cb.shown, key);
            continue;
        }
        // positions (keras/callbacks.py): EarlyStopping(monitor, min_delta, patience, verbose,
        // mode, …); ModelCheckpoint(filepath, monitor, verbose, save_best_only,
        // save_weights_only, mode, …); ReduceLROnPlateau(monitor, factor, patience, verbose,
        // mode, min_delta, cooldown, min_lr)
        const bool max = maximize(literal(cb.call.get(s("mode"), cb.kind == s("ModelCheckpoint") ? 5 : 4)), key);
        const QString current = QStringLiteral("%1.history[\"%2\"][-1]").arg(history, key);
        const QString better = max ? s(">") : s("<");
        const QString worst = max ? s("float(\"-inf\")") : s("float(\"inf\")");
        if (cb.kind == s("EarlyStopping")) {
            const QString patience = cb.call.get(s("patience"), 2, s("0"));
            const QString delta = cb.call.get(s("min_delta"), 1, s("0"));
            const bool restore = !isFalse(cb.call.get(s("restore_best_weights")));
            code.setup << QStringLiteral("%1_best, %1_wait, %1_state = %2, 0, None  # %3").arg(name, worst, cb.shown.left(60));
            code.epochEnd << QStringLiteral("# %1: stop when %2 has not improved by %3 for %4 epochs")
                                 .arg(cb.kind, key, delta, patience)
                          << QStringLiteral("if %1 %2 %3_best %4 %5:").arg(current, better, name, max ? s("+") : s("-"), delta)
                          << QStringLiteral("    %1_best, %1_wait = %2, 0").arg(name, current);
            if (restore)
                code.epochEnd << QStringLiteral("    %1_state = {k: v.detach().clone() for k, v in %2.state_dict().items()}").arg(name, model);
            code.epochEnd << s("else:") << QStringLiteral("    %1_wait += 1").arg(name)
                          << QStringLiteral("    if %1_wait >= %2:").arg(name, patience)
                          << s("        stop_training = True");
            if (restore)
                code.epochEnd << QStringLiteral("        if %1_state is not None:").arg(name)
                              << QStringLiteral("            %1.load_state_dict(%2_state)  # restore_best_weights").arg(model, name);
            code.stops = true;
        } else if (cb.kind == s("ModelCheckpoint")) {
            QString path = cb.call.get(s("filepath"), 0);
            if (const QString pth = pthFile(path); !pth.isEmpty())
                path = pth;
            if (path.contains(QLatin1Char('{')))
                path = QStringLiteral("%1.format(epoch=epoch + 1, **{k: v[-1] for k, v in %2.history.items()})").arg(path, history);
            const bool best = !isFalse(cb.call.get(s("save_best_only"), 3));
            code.epochEnd << QStringLiteral("# %1 -> the state_dict, saved with torch.save(model.state_dict(), …)").arg(cb.kind);
            if (best) {
                code.setup << QStringLiteral("%1_best = %2  # %3").arg(name, worst, cb.shown.left(60));
                code.epochEnd << QStringLiteral("if %1 %2 %3_best:").arg(current, better, name)
                              << QStringLiteral("    %1_best = %2").arg(name, current)
                              << QStringLiteral("    torch.save(%1.state_dict(), %2)").arg(model, path);
            } else {
                code.epochEnd << QStringLiteral("torch.save(%1.state_dict(), %2)").arg(model, path);
            }
        } else { // ReduceLROnPlateau
            const auto arg = [&](const char *key, int position, const char *fallback) {
                return cb.call.get(s(key), position, s(fallback));
            };
            // Keras lowers the rate when `wait >= patience`, PyTorch when bad epochs > patience
            const QString kerasPatience = arg("patience", 2, "10");
            bool numeric = false;
            const int p = kerasPatience.toInt(&numeric);
            const QString patience = numeric ? QString::number(std::max(p - 1, 0))
                                             : QStringLiteral("max(%1 - 1, 0)").arg(kerasPatience);
            code.setup << QStringLiteral("%1 = torch.optim.lr_scheduler.ReduceLROnPlateau(%2, mode=\"%3\", factor=%4, "
                                         "patience=%5, threshold=%6, threshold_mode=\"abs\", cooldown=%7, min_lr=%8)  "
                                         "# Keras ReduceLROnPlateau(patience=%9): min_delta is absolute; PyTorch "
                                         "waits one epoch more, hence patience - 1")
                              .arg(name, optimizer, max ? s("max") : s("min"), arg("factor", 1, "0.1"),
                                   patience, arg("min_delta", 5, "1e-4"), arg("cooldown", 6, "0"),
                                   arg("min_lr", 7, "0"))
                              .arg(kerasPatience);
            code.epochEnd << QStringLiteral("%1.step(%2)  # ReduceLROnPlateau on %3").arg(name, current, key);
        }
    }
    return code;
}

/// Where the result of evaluate()/predict() goes: the statement becomes `lines` and then
/// either `target = <value>`, the bare value (a notebook shows it), or `temp = <value>`
/// and then (`*tail`, verbatim) the statement with the call replaced by `temp`.
QString placeResult(const RewriteRequest &r, TSNode statement, TSNode call, QStringList lines, const QString &value,
                    const QString &temp, QString *tail)
{
    const TSNode only = ts_node_named_child_count(statement) == 1 ? ts_node_named_child(statement, 0) : TSNode{};
    if (is(statement, "expression_statement") && ts_node_eq(only, call)) {
        lines << value;
    } else if (is(only, "assignment") && ts_node_eq(field(only, "right"), call)) {
        lines << QStringLiteral("%1 = %2").arg(text(r, field(only, "left")), value);
    } else {
        lines << QStringLiteral("%1 = %2").arg(temp, value);
        const qsizetype b = ts_node_start_byte(statement);
        QByteArray rest = r.source->mid(b, ts_node_end_byte(statement) - b);
        rest.replace(ts_node_start_byte(call) - b, ts_node_end_byte(call) - ts_node_start_byte(call), temp.toUtf8());
        *tail = QString::fromUtf8(rest); // the user's statement: its lines keep their own indentation
    }
    return lines.join(QLatin1Char('\n'));
}

/// True when `expr`, given to Keras as batches, is an iterator of the notebook's own (a
/// Python generator, a keras.utils.Sequence): not a DataLoader this target writes.
bool foreignBatches(const RewriteRequest &r, const QString &expr)
{
    const QString source = batchSource(r, expr);
    return source != s("DataLoader") && source != s("flow_from_directory");
}

/// `device = next(model.parameters()).device` for a loop over `model`, unless the file
/// already binds `device` where the model is built: the torch-module fix of a top-level
/// `model = Sequential(…)` / `Model(…)` writes `device = torch.device(…)` before it, and
/// nothing else in the file binds the name. Empty then, so that each cell does not
/// repeat it.
QStringList deviceLine(const RewriteRequest &r, const QString &model)
{
    static const QRegularExpression otherDevice(QStringLiteral("(^|\\n)[ \\t]*device\\s*="));
    for (const Cell &cell : r.context->document().cells)
        if (otherDevice.match(QString::fromUtf8(cell.source)).hasMatch())
            return {QStringLiteral("device = next(%1.parameters()).device").arg(model)};
    const std::optional<Binding> built = lastBinding(r, model, [](TSNode v) { return is(v, "call"); });
    if (built) {
        const QString function = text(built->where, field(built->value, "function")).section(QLatin1Char('.'), -1);
        if (function == s("Sequential") || function == s("Model"))
            return {};
    }
    return {QStringLiteral("device = next(%1.parameters()).device").arg(model)};
}

/// `<name> = DataLoader(…)` over in-memory tensors (`tensors`: "x_fit, y_fit") that
/// indexes whole batches at once, as Keras slices its arrays: a BatchSampler as the
/// sampler, `batch_size=None`. The default DataLoader fetches rows one by one and stacks
/// them: 1.2 to 1.4 times slower an MNIST epoch here, more on busy cores
/// (bench/loaders.py, bench/NOTES.md).
/// https://pytorch.org/docs/stable/data.html#disable-automatic-batching
QStringList tensorLoader(const QString &name, const QString &tensors, const QString &batch, const QString &shuffle,
                         const QString &comment = {})
{
    const QString set = QString(name).replace(s("_loader"), s("_set"));
    QString order;
    if (shuffle == s("True"))
        order = QStringLiteral("RandomSampler(%1)").arg(set);
    else if (shuffle.isEmpty() || shuffle == s("False"))
        order = QStringLiteral("SequentialSampler(%1)").arg(set);
    else
        order = QStringLiteral("RandomSampler(%1) if %2 else SequentialSampler(%1)").arg(set, shuffle);
    return {QStringLiteral("%1 = TensorDataset(%2)%3").arg(set, tensors, comment.isEmpty() ? QString() : s("  # ") + comment),
            QStringLiteral("%1 = DataLoader(%2, batch_size=None, sampler=BatchSampler(%3, %4, drop_last=False))  # whole batches at once")
                .arg(name, set, order, batch)};
}

bool severalInputs(const QString &x) { return x.trimmed().startsWith(QLatin1Char('[')) || x.trimmed().startsWith(QLatin1Char('{')); }

/// The call of a fit/evaluate/predict statement, its Keras model and its x/y texts, and
/// what x is when it is a batch source (batchSource()); false with `out` set when the
/// generator cannot (or need not) write anything. Keras's ImageDataGenerator.flow()
/// iterator is refused with `flowMessage`.
bool loopCall(const RewriteRequest &r, const QStringList &methods, bool needLoss, const QString &flowMessage,
              TSNode *statement, CallText *c, LoopModel *m, QString *source, RewriteResult *out)
{
    if (!methodCallAt(r, methods, statement, c, out) || !loopModel(r, c->object, m, &out->error, &out->notApplicable, needLoss))
        return false;
    const QString xs = c->get(s("x"), 0), ys = c->get(s("y"), 1);
    if (xs.isEmpty() || severalInputs(xs) || (methods.first() != s("predict") && severalInputs(ys))) {
        out->error = QStringLiteral("%1() is given several inputs or targets (lists or dicts): write the loop by hand")
                         .arg(methods.first());
        return false;
    }
    *source = batchSource(r, xs);
    if (*source == s("flow")) {
        out->error = flowMessage;
        return false;
    }
    return true;
}

/// The loops' shared code: the running sums and one pass over a loader's batches.
struct BatchLoop {
    const LoopModel &m;
    QString model, criterion, optimizer;
    bool loaders = false; ///< batches from a loader: targets may need making what the loss takes
    /// fit(class_weight=…): the training loss weights each row by its class
    /// (`class_weight_of`, with `per_sample_loss` the criterion without reduction)
    bool classWeighted = false;

    /// `total_loss, <metric sums>, seen = 0.0, …, 0`
    QString reset() const
    {
        QStringList sums{s("total_loss")}, zeros{s("0.0")};
        for (const QString &metric : m.metrics) {
            sums << metricVariable(metric);
            zeros << s("0.0");
        }
        return QStringLiteral("%1, seen = %2, 0").arg(sums.join(s(", ")), zeros.join(s(", ")));
    }

    /// Batches from an iterator the notebook gave Keras (a Python generator, a Sequence):
    /// they are what Keras took, NumPy arrays in Keras's layout, made tensors per batch.
    bool foreign = false;

    /// `for xb, yb in <loader>:` with a training step or an evaluation step; with `steps`
    /// (steps_per_epoch, validation_steps) only that many batches, taken on from where the
    /// last pass stopped when the loader is an iterator (an endless generator), as Keras
    /// does (https://keras.io/api/models/model_training_apis/#fit-method).
    QStringList over(const QString &loader, bool training, const QString &steps = {}, const QString &stepsName = {}) const
    {
        QStringList b;
        if (steps.isEmpty() || steps == s("None"))
            b << QStringLiteral("for xb, yb in %1:").arg(loader);
        else
            b << QStringLiteral("for xb, yb in itertools.islice(%1, %2):  # %3").arg(loader, steps, stepsName);
        if (foreign) {
            const bool indices = m.loss == s("sparse_categorical_crossentropy");
            b << QStringLiteral("    xb, yb = %1, torch.as_tensor(np.asarray(yb), dtype=%2)%3  # NumPy batches as Keras took them")
                     .arg(inputTensor(s("xb"), m), indices ? s("torch.long") : s("torch.float32"), indices ? s(".reshape(-1)") : QString());
        }
        b << s("    xb, yb = xb.to(device), yb.to(device)");
        if (loaders)
            b += loaderTargets(m, s("    "));
        const QString penalty = m.regularized ? QStringLiteral(" + %1.regularization()").arg(model) : QString();
        if (training) {
            // Keras's class_weight is a sample weight: the mean over the batch of w[y]·loss
            const QString rowLoss = classWeighted ? s("(per_sample_loss(outputs, yb) * class_weight_of[yb.long()]).mean()")
                                                  : QStringLiteral("%1(outputs, yb)").arg(criterion);
            b << QStringLiteral("    %1.zero_grad()").arg(optimizer) << QStringLiteral("    outputs = %1(xb)").arg(model)
              << QStringLiteral("    loss = %1%2").arg(rowLoss, penalty) << s("    loss.backward()")
              << QStringLiteral("    %1.step()").arg(optimizer) << s("    total_loss += loss.item() * len(xb)");
        } else if (m.regularized) {
            b << QStringLiteral("    outputs = %1(xb)").arg(model)
              << QStringLiteral("    total_loss += (%1(outputs, yb)%2).item() * len(xb)").arg(criterion, penalty);
        } else {
            b << QStringLiteral("    outputs = %1(xb)").arg(model)
              << QStringLiteral("    total_loss += %1(outputs, yb).item() * len(xb)").arg(criterion);
        }
        for (const QString &metric : m.metrics)
            b << QStringLiteral("    %1 += %2").arg(metricVariable(metric), metricSum(m, metric));
        b << s("    seen += len(xb)");
        return b;
    }
};

/// fit()'s `train_loader`: `xs` itself with `loaders`, else over `x_fit`/`y_fit` tensors of
/// `xs`/`ys` (and a `val_loader` of their last `split` when `hasSplit`: validation_split).
QStringList trainLoaderLines(const LoopModel &m, const QString &xs, const QString &ys, bool loaders, bool hasSplit,
                             const QString &split, const QString &batch, const QString &shuffle)
{
    QStringList L;
    QString comment;
    if (!loaders) {
        L << QStringLiteral("x_fit = %1").arg(inputTensor(xs, m));
        const QString y = targetTensor(ys, m, &comment);
        L << QStringLiteral("y_fit = %1  # %2").arg(y, comment);
        if (hasSplit) {
            L << QStringLiteral("split_at = int(len(x_fit) * (1 - %1))  # validation_split: Keras validates on the last "
                                "part of the arrays, taken before shuffling").arg(split);
            L += tensorLoader(s("train_loader"), s("x_fit[:split_at], y_fit[:split_at]"), batch, shuffle);
            L += tensorLoader(s("val_loader"), s("x_fit[split_at:], y_fit[split_at:]"), batch, s("False"));
        } else {
            L += tensorLoader(s("train_loader"), s("x_fit, y_fit"), batch, shuffle);
        }
    } else {
        L << QStringLiteral("train_loader = %1  # batches of (inputs, targets)").arg(xs);
    }
    return L;
}

/// fit(validation_data=…)'s `val_loader`: over a literal (x, y) tuple, the iterator given
/// (`loaders`, unless bound to a tuple: `validationTuple`), else `validation[0]`, `[1]`.
QStringList validationLoaderLines(const RewriteRequest &r, TSNode call, const LoopModel &m, const QString &validation,
                                  const QString &batch, bool generator, bool loaders, bool validationTuple)
{
    QStringList L;
    const TSNode v = argumentNode(call, r, s("validation_data"), generator ? 5 : 7);
    if (is(v, "tuple") && ts_node_named_child_count(v) >= 2) {
        QString vc;
        L += tensorLoader(s("val_loader"), QStringLiteral("%1, %2").arg(inputTensor(text(r, ts_node_named_child(v, 0)), m),
                                                                      targetTensor(text(r, ts_node_named_child(v, 1)), m, &vc)),
                          batch, s("False"));
    } else if (loaders && !validationTuple) {
        L << QStringLiteral("val_loader = %1").arg(validation);
    } else {
        QString vc;
        L += tensorLoader(s("val_loader"), QStringLiteral("%1, %2").arg(inputTensor(validation + s("[0]"), m), targetTensor(validation + s("[1]"), m, &vc)),
                          batch, s("False"));
    }
    return L;
}

/// A `# TODO` line in `L` and a note in `notes` for each fit() argument the loop does not
/// do: steps_per_epoch, validation_steps, class_weight, sample_weight, initial_epoch.
void noteUnconvertedFitArguments(const CallText &c, bool generator, bool classWeighted, const QString &steps,
                                 const QString &validationSteps, QStringList &L, QStringList &notes)
{
    for (const char *ignored : {"steps_per_epoch", "validation_steps", "class_weight", "sample_weight", "initial_epoch"}) {
        if (classWeighted && qstrcmp(ignored, "class_weight") == 0)
            continue;
        if ((!steps.isEmpty() && qstrcmp(ignored, "steps_per_epoch") == 0) ||
            (!validationSteps.isEmpty() && qstrcmp(ignored, "validation_steps") == 0))
            continue;
        const int position = !generator ? -1 : qstrcmp(ignored, "steps_per_epoch") == 0 ? 1 : qstrcmp(ignored, "validation_steps") == 0 ? 6 : -1;
        if (c.has(s(ignored), position)) {
            static const QHash<QString, QString> what{
                {s("steps_per_epoch"), s("the loop runs over every batch of the loader")},
                {s("validation_steps"), s("validation runs over every batch of the loader")},
                {s("class_weight"), s("give the loss weight=torch.tensor([...]) (nn.CrossEntropyLoss) or pos_weight")},
                {s("sample_weight"), s("use reduction='none' and weight each row's loss")},
                {s("initial_epoch"), s("start range() there")}};
            L << QStringLiteral("# TODO: fit(%1=%2) is not converted: %3")
                     .arg(s(ignored), c.get(s(ignored), position), what.value(s(ignored)));
            notes << QStringLiteral("fit(%1=…) is not converted").arg(s(ignored));
        }
    }
}

/// fit()'s epoch body, unindented: a train() pass over `train_loader`, a no_grad() one over
/// `val_loader` with `validate`, History `h`'s values, the progress line, the callbacks.
QStringList fitEpochBody(const LoopModel &m, const QString &model, const QString &h, const QString &epochs,
                         const BatchLoop &batches, const BatchLoop &validationBatches, const QString &steps,
                         const QString &validationSteps, bool validate, bool quiet, const CallbackCode &cb)
{
    QStringList E;
    E << QStringLiteral("%1.train()").arg(model) << batches.reset();
    E += batches.over(s("train_loader"), true, steps, s("steps_per_epoch"));
    E << QStringLiteral("%1.epoch.append(epoch)").arg(h);
    E << QStringLiteral("%1.history[\"loss\"].append(total_loss / seen)").arg(h);
    for (const QString &metric : m.metrics)
        E << QStringLiteral("%1.history[\"%2\"].append(%3 / seen)").arg(h, metric, metricVariable(metric));
    if (validate) {
        E << QStringLiteral("%1.eval()").arg(model) << batches.reset() << s("with torch.no_grad():");
        for (const QString &line : validationBatches.over(s("val_loader"), false, validationSteps, s("validation_steps")))
            E << s("    ") + line;
        E << QStringLiteral("%1.history[\"val_loss\"].append(total_loss / seen)").arg(h);
        for (const QString &metric : m.metrics)
            E << QStringLiteral("%1.history[\"val_%2\"].append(%3 / seen)").arg(h, metric, metricVariable(metric));
    }
    if (!quiet)
    {
        // a literal epoch count is written as text, an expression (`n_epochs`) as a field
        static const QRegularExpression literal(QStringLiteral("^\\d+$"));
        const QString total = literal.match(epochs).hasMatch() ? epochs : QStringLiteral("{%1}").arg(epochs);
        E << QStringLiteral("print(f\"Epoch {epoch + 1}/%1: \" + \", \".join(f\"{k} {v[-1]:.4f}\" for k, v in %2.history.items()))")
                 .arg(total, h);
    }
    E += cb.epochEnd;
    if (cb.stops)
        E << s("if stop_training:") << s("    print(f\"Epoch {epoch + 1}: early stopping\")") << s("    break");
    return E;
}

} // namespace

QString batchSource(const RewriteRequest &r, const QString &expr)
{
    static const QRegularExpression flowCall(QStringLiteral("\\.\\s*(flow|flow_from_directory|flow_from_dataframe)\\s*\\("));
    if (const QRegularExpressionMatch m = flowCall.match(expr); m.hasMatch())
        return m.captured(1) == s("flow") ? s("flow") : s("flow_from_directory");
    static const QRegularExpression name(QStringLiteral("^\\w+$"));
    CallText call;
    if (!name.match(expr.trimmed()).hasMatch() || !assignedCall(r, expr.trimmed(), &call))
        return {};
    const QString f = call.function.section(QLatin1Char('.'), -1);
    if (f == s("flow"))
        return s("flow");
    if (f == s("flow_from_directory") || f == s("flow_from_dataframe"))
        return s("flow_from_directory");
    return f == s("DataLoader") ? f : QString();
}

std::optional<Binding> lastBinding(const RewriteRequest &r, const QString &name, const std::function<bool(TSNode)> &accept)
{
    for (int c = r.cell; c >= 0; --c) {
        std::optional<Binding> found;
        visitTopLevel(r, c, [&](const RewriteRequest &there, TSNode st) {
            if (c == r.cell && ts_node_start_byte(st) >= ts_node_start_byte(r.node))
                return false;
            const TSNode a = ts_node_named_child(st, 0);
            const TSNode value = field(a, "right");
            if (is(st, "expression_statement") && ts_node_named_child_count(st) == 1 && is(a, "assignment")
                && accept(value) && text(there, field(a, "left")) == name)
                found = Binding{there, st, value};
            return true;
        });
        if (found)
            return found;
    }
    return std::nullopt;
}

bool assignedCall(const RewriteRequest &r, const QString &name, CallText *out)
{
    const std::optional<Binding> b = lastBinding(r, name, [](TSNode v) { return is(v, "call"); });
    if (b)
        *out = readCall(b->where, b->value);
    return b.has_value();
}

RewriteResult generateFit(const RewriteRequest &r)
{
    RewriteResult out;
    TSNode statement;
    CallText c;
    LoopModel m;
    QString source;
    if (!loopCall(r, {s("fit"), s("fit_generator")}, true,
                  s("fit() on ImageDataGenerator.flow(x, y): Keras's iterator yields NHWC NumPy batches; make a "
                    "TensorDataset of the arrays (NCHW) with torchvision transforms for the augmentations, then a "
                    "DataLoader"),
                  &statement, &c, &m, &source, &out))
        return out;
    const TSNode call = c.node;
    const QString xs = c.get(s("x"), 0), ys = c.get(s("y"), 1);
    const bool loaders = ys.isEmpty() || c.function == s("fit_generator");
    // positions: fit(x, y, batch_size, epochs, verbose, callbacks, validation_split,
    // validation_data, shuffle); fit_generator(generator, steps_per_epoch, epochs, verbose,
    // callbacks, validation_data, validation_steps, class_weight, …, shuffle at 11)
    const bool generator = c.function == s("fit_generator");
    const QString epochs = c.get(s("epochs"), generator ? 2 : 3, s("1"));
    const QString batch = c.get(s("batch_size"), 2, s("32"));
    const QString split = c.get(s("validation_split"), 6);
    const QString validation = c.get(s("validation_data"), generator ? 5 : 7);
    const QString shuffle = c.get(s("shuffle"), generator ? 11 : 8, s("True"));
    const bool quiet = c.get(s("verbose"), generator ? 3 : 4) == s("0");
    const QString assigned = assignedName(r, statement, call);
    const QString h = assigned.isEmpty() ? s("fit_history") : assigned;
    const QString model = c.object, criterion = criterionName(model), optimizer = optimizerName(model);
    const bool hasSplit = !split.isEmpty() && split != s("None") && !(split.toDouble() == 0 && split.at(0).isDigit());
    const bool validate = hasSplit || (!validation.isEmpty() && validation != s("None"));
    QStringList notes;

    QStringList L;
    L << QStringLiteral("# %1.%2(…) as an explicit PyTorch training loop").arg(model, c.function);
    L += deviceLine(r, model);
    L += trainLoaderLines(m, xs, ys, loaders, hasSplit, split, batch, shuffle);
    // validation_data as a name bound to a tuple of arrays is arrays too, whatever gives the
    // training batches
    const std::optional<Binding> validationBinding =
        validate ? lastBinding(r, validation.trimmed(), [](TSNode) { return true; }) : std::nullopt;
    const bool validationTuple = validationBinding && is(validationBinding->value, "tuple");
    if (!hasSplit && validate)
        L += validationLoaderLines(r, call, m, validation, batch, generator, loaders, validationTuple);
    QStringList keys = QStringList{s("loss")} + m.metrics;
    if (validate) {
        keys << s("val_loss");
        for (const QString &metric : m.metrics)
            keys << s("val_") + metric;
    }
    QStringList initial;
    for (const QString &k : keys)
        initial << QStringLiteral("\"%1\": []").arg(k);
    L << QStringLiteral("%1 = SimpleNamespace(epoch=[], history={%2})  # as Keras's History: .history[…] and .epoch")
             .arg(h, initial.join(s(", ")));
    TextEdit listEdit{-1, 0, 0, {}, false};
    const QVector<CallbackCall> given = callbacks(r, call, &listEdit);
    const CallbackCode cb = callbackCode(given, model, optimizer, h, keys);
    notes += cb.notes;
    L += cb.setup;
    // class_weight (https://keras.io/api/models/model_training_apis/#fit-method): each
    // training row's loss times its class's weight, averaged over the batch
    const QString classWeight = c.get(s("class_weight"), generator ? 8 : 9);
    const bool binaryUnit = m.loss == s("binary_crossentropy") && (m.outputShape.isEmpty() || m.outputShape.last() == 1);
    const bool classWeighted = !classWeight.isEmpty() && classWeight != s("None") &&
                               (m.loss.endsWith(s("categorical_crossentropy")) || binaryUnit);
    if (classWeighted) {
        const qint64 width = m.outputShape.isEmpty() ? 1 : m.outputShape.last();
        const QString classes = binaryUnit ? s("2") : width < kSymbolicBase ? QString::number(width) : s("0");
        L << QStringLiteral("fit_class_weight = %1  # class_weight: class -> weight of its rows' loss").arg(classWeight);
        L << s("import copy") << QStringLiteral("per_sample_loss = copy.copy(%1)").arg(criterion)
          << s("per_sample_loss.reduction = \"none\"  # one loss per row, weighted below");
        L << QStringLiteral("class_weight_of = torch.tensor([float(fit_class_weight.get(k, 1.0)) for k in range(max(max(fit_class_weight) + 1, %1))], device=device)")
                 .arg(classes);
    }
    // steps_per_epoch / validation_steps bound the passes over an iterator (an endless
    // generator never ends otherwise); over arrays they stay a TODO
    QString steps = loaders ? c.get(s("steps_per_epoch"), generator ? 1 : -1) : QString();
    const bool validationIterates = validate && !hasSplit && loaders && !validation.trimmed().startsWith(QLatin1Char('(')) &&
                                    !validationTuple;
    QString validationSteps = validationIterates ? c.get(s("validation_steps"), generator ? 6 : -1) : QString();
    for (QString *given : {&steps, &validationSteps})
        if (*given == s("None"))
            given->clear();
    if (!steps.isEmpty() || !validationSteps.isEmpty())
        L << s("import itertools");
    noteUnconvertedFitArguments(c, generator, classWeighted, steps, validationSteps, L, notes);
    BatchLoop batches{m, model, criterion, optimizer, loaders, classWeighted};
    batches.foreign = loaders && foreignBatches(r, xs);
    BatchLoop validationBatches = batches;
    validationBatches.foreign = validationIterates && foreignBatches(r, validation);
    if (cb.stops)
        L << s("stop_training = False");
    L << QStringLiteral("for epoch in range(%1):").arg(epochs);
    const QStringList E = fitEpochBody(m, model, h, epochs, batches, validationBatches, steps, validationSteps,
                                       validate, quiet, cb);
    for (const QString &line : E)
        L << s("    ") + line;
    if (assigned.isEmpty() && !ts_node_eq(ts_node_named_child(statement, 0), call))
        notes << s("fit() is part of a larger statement: its result is `fit_history`");
    RewriteResult result = finish(r, statement, L.join(QLatin1Char('\n')), notes);
    if (listEdit.cell >= 0 && std::all_of(given.cbegin(), given.cend(), converted))
        result.edits << listEdit;
    return result;
}

RewriteResult generateEvaluate(const RewriteRequest &r)
{
    RewriteResult out;
    TSNode statement;
    CallText c;
    LoopModel m;
    QString source;
    if (!loopCall(r, {s("evaluate")}, true, s("evaluate() on ImageDataGenerator.flow(…): make a DataLoader of the arrays first"),
                  &statement, &c, &m, &source, &out))
        return out;
    const TSNode call = c.node;
    const QString xs = c.get(s("x"), 0), ys = c.get(s("y"), 1);
    const QString batch = c.get(s("batch_size"), 2, s("32"));
    const QString model = c.object;
    QStringList L;
    QString comment;
    L << QStringLiteral("# %1.evaluate(…) under torch.no_grad()").arg(model);
    L += deviceLine(r, model);
    L << QStringLiteral("%1.eval()").arg(model);
    if (ys.isEmpty())
        L << QStringLiteral("eval_loader = %1  # batches of (inputs, targets)").arg(xs);
    else
        L += tensorLoader(s("eval_loader"), QStringLiteral("%1, %2").arg(inputTensor(xs, m), targetTensor(ys, m, &comment)), batch,
                          s("False"), comment);
    QStringList values{s("total_loss / seen")}, named{s("\"loss\": total_loss / seen")};
    for (const QString &metric : m.metrics) {
        values << metricVariable(metric) + s(" / seen");
        named << QStringLiteral("\"%1\": %2 / seen").arg(metric, metricVariable(metric));
    }
    BatchLoop batches{m, model, criterionName(model), optimizerName(model), ys.isEmpty()};
    batches.foreign = ys.isEmpty() && foreignBatches(r, xs);
    // evaluate(steps=…): that many batches of an iterator
    const QString steps = ys.isEmpty() ? c.get(s("steps")) : QString();
    if (!steps.isEmpty() && steps != s("None"))
        L << s("import itertools");
    L << batches.reset() << s("with torch.no_grad():");
    for (const QString &line : batches.over(s("eval_loader"), false, steps, s("steps")))
        L << s("    ") + line;
    // Keras's evaluate(): the loss alone without metrics, else [loss, metric…]; a dict
    // with return_dict=True
    const QString returnDict = c.get(s("return_dict"));
    QString value = !returnDict.isEmpty() && returnDict != s("False") ? QStringLiteral("{%1}").arg(named.join(s(", ")))
                    : m.metrics.isEmpty()                               ? values.first()
                                                                        : QStringLiteral("[%1]").arg(values.join(s(", ")));
    QString tail;
    const QString code = placeResult(r, statement, call, L, value, s("evaluation"), &tail);
    return finish(r, statement, code, {}, tail);
}

RewriteResult generatePredict(const RewriteRequest &r)
{
    RewriteResult out;
    TSNode statement;
    CallText c;
    LoopModel m;
    QString source;
    // predict_proba/predict_classes: Keras 2 Sequential methods (keras/engine/sequential.py
    // in Keras 2.5): predict_proba is predict; predict_classes is the argmax of several
    // outputs, else `proba > 0.5` as int32.
    if (!loopCall(r, {s("predict"), s("predict_proba"), s("predict_classes")}, false,
                  s("predict() on ImageDataGenerator.flow(…): make a DataLoader of the arrays first"),
                  &statement, &c, &m, &source, &out))
        return out;
    const TSNode call = c.node;
    const QString xs = c.get(s("x"), 0);
    const QString batch = c.get(s("batch_size"), 1, s("32"));
    const QString model = c.object;
    QStringList L, notes;
    L << QStringLiteral("# %1.%2(…) under torch.no_grad()").arg(model, c.function);
    L += deviceLine(r, model);
    L << QStringLiteral("%1.eval()").arg(model);
    L << s("with torch.no_grad():");
    if (!source.isEmpty()) // a loader of (inputs, targets) batches
        L << QStringLiteral("    outputs = torch.cat([%1(xb.to(device)) for xb, _ in %2])").arg(model, xs);
    else
        L << QStringLiteral("    outputs = torch.cat([%1(xb.to(device)) for xb in torch.split(%2, %3)])")
                 .arg(model, inputTensor(xs, m), batch);
    QString value = s("outputs.cpu().numpy()");
    if (m.dropped == s("softmax")) {
        // over the classes: the last dimension, or the channels of an image output
        value = m.outputShape.size() == 3 ? s("torch.softmax(outputs, dim=1).cpu().numpy()")
                                          : s("torch.softmax(outputs, dim=-1).cpu().numpy()");
        notes << s("the module returns logits: predict() applies the softmax Keras's model ended with");
    } else if (m.dropped == s("sigmoid")) {
        value = s("torch.sigmoid(outputs).cpu().numpy()");
        notes << s("the module returns logits: predict() applies the sigmoid Keras's model ended with");
    }
    if (c.function == s("predict_classes")) {
        const bool several = !m.outputShape.isEmpty() && m.outputShape.last() > 1;
        if (several) {
            value = s("outputs.argmax(dim=-1).cpu().numpy()"); // argmax of logits = of softmax
        } else {
            const QString proba = m.dropped == s("sigmoid") ? s("torch.sigmoid(outputs)") : s("outputs");
            value = QStringLiteral("(%1 > 0.5).int().cpu().numpy()").arg(proba);
        }
        notes.clear();
        notes << s("predict_classes() (removed from Keras): the class is the argmax of the outputs, or output > 0.5 for one unit");
    }
    QString tail;
    const QString code = placeResult(r, statement, call, L, value, s("predictions"), &tail);
    return finish(r, statement, code, notes, tail);
}

RewriteResult generateTrainOnBatch(const RewriteRequest &r)
{
    // Keras's train_on_batch(x, y): one optimizer step on the batch, returning the loss,
    // or [loss, metrics…] when compile() names metrics
    // (https://keras.io/api/models/model_training_apis/#trainonbatch-method)
    RewriteResult out;
    TSNode statement;
    CallText c;
    LoopModel m;
    QString source;
    // test_on_batch(x, y): the same without the step, in inference mode
    if (!loopCall(r, {s("train_on_batch"), s("test_on_batch")}, true, s("train_on_batch() on ImageDataGenerator.flow(…) batches"),
                  &statement, &c, &m, &source, &out))
        return out;
    const bool training = c.function == s("train_on_batch");
    if (!source.isEmpty()) {
        out.error = s("train_on_batch() is given a loader, not arrays: write the step by hand");
        return out;
    }
    const QString xs = c.get(s("x"), 0), ys = c.get(s("y"), 1);
    if (ys.isEmpty()) {
        out.error = s("train_on_batch() without targets: write the step by hand");
        return out;
    }
    const QString model = c.object;
    QString comment;
    QStringList L;
    L << (training ? QStringLiteral("# %1.train_on_batch(…): one optimizer step on the batch").arg(model)
                   : QStringLiteral("# %1.test_on_batch(…): the loss on the batch, in inference mode").arg(model));
    L += deviceLine(r, model);
    L << QStringLiteral("%1.%2()").arg(model, training ? s("train") : s("eval"));
    L << QStringLiteral("xb = %1.to(device)").arg(inputTensor(xs, m));
    const QString target = targetTensor(ys, m, &comment);
    L << QStringLiteral("yb = %1.to(device)  # %2").arg(target, comment);
    if (training) {
        L << QStringLiteral("%1.zero_grad()").arg(optimizerName(model));
        L << QStringLiteral("outputs = %1(xb)").arg(model);
        L << QStringLiteral("loss = %1(outputs, yb)%2").arg(criterionName(model), m.regularized ? QStringLiteral(" + %1.regularization()").arg(model) : QString());
        L << s("loss.backward()");
        L << QStringLiteral("%1.step()").arg(optimizerName(model));
    } else {
        L << s("with torch.no_grad():");
        L << QStringLiteral("    outputs = %1(xb)").arg(model);
        L << QStringLiteral("    loss = %1(outputs, yb)%2").arg(criterionName(model), m.regularized ? QStringLiteral(" + %1.regularization()").arg(model) : QString());
    }
    QString value = s("loss.item()");
    if (!m.metrics.isEmpty()) {
        QStringList values{value};
        for (const QString &metric : m.metrics)
            values << QStringLiteral("float(%1) / len(xb)").arg(metricSum(m, metric));
        value = QStringLiteral("[%1]").arg(values.join(s(", ")));
    }
    QString tail;
    const QString code = placeResult(r, statement, c.node, L, value, s("batch_loss"), &tail);
    return finish(r, statement, code, {}, tail);
}

} // namespace kmw::rewrite
