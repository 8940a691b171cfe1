#include "PyTorchRewrites.h"

#include "PythonParser.h"
#include "Query.h"
#include "PyTorchRewriteInternal.h"

#include <QRegularExpression>
#include <QSet>

namespace kmw {
namespace rewrite {
QString CallText::get(const QString &name, int position) const
{
    for (const auto &[key, value] : keywords)
        if (key == name)
            return value;
    return position >= 0 && position < positional.size() ? positional[position] : QString();
}

void visitTopLevel(const RewriteRequest &r, int cell, const std::function<bool(const RewriteRequest &, TSNode)> &visit)
{
    const ParsedCellView *view = r.context->cell(cell);
    if (!view)
        return;
    const RewriteRequest there{r.context, cell, view->source, view->masked, view->root};
    for (uint32_t i = 0; i < ts_node_named_child_count(view->root); ++i)
        if (!visit(there, ts_node_named_child(view->root, i)))
            return;
}

const QRegularExpression &stringLiteral()
{
    static const QRegularExpression pattern(QStringLiteral("^([rbuRBUfF]?)(['\"])(.*)\\2$"));
    return pattern;
}

QString pthFile(const QString &file)
{
    static const QRegularExpression keras(QStringLiteral("(\\.weights)?\\.(h5|hdf5|keras)(['\"]?)$"));
    return keras.match(file).hasMatch() ? QString(file).replace(keras, QStringLiteral(".pth\\3")) : QString();
}

QString pthPath(const QString &expression)
{
    static const QRegularExpression literal(QStringLiteral("([\"'])([^\"'\\n]*?)(\\.weights)?\\.(h5|hdf5|keras)\\1"));
    if (!literal.match(expression).hasMatch())
        return {};
    return QString(expression).replace(literal, QStringLiteral("\\1\\2.pth\\1"));
}

QByteArray commentedOut(const QByteArray &source, qsizetype b, qsizetype e)
{
    static const QRegularExpression lineStart(QStringLiteral("(?m)^"));
    return QString::fromUtf8(source.mid(b, e - b)).replace(lineStart, QStringLiteral("# ")).toUtf8();
}

QString text(const RewriteRequest &r, TSNode node)
{
    return QString::fromUtf8(nodeText(node, *r.source));
}

TSNode statementOf(TSNode node)
{
    while (!ts_node_is_null(node)) {
        const TSNode parent = ts_node_parent(node);
        if (ts_node_is_null(parent) || is(parent, "module") || is(parent, "block"))
            return node;
        node = parent;
    }
    return node;
}

QString indentAt(const QByteArray &source, qsizetype offset)
{
    qsizetype b = offset;
    while (b > 0 && source[b - 1] != '\n')
        --b;
    QString out;
    for (qsizetype i = b; i < offset && (source[i] == ' ' || source[i] == '\t'); ++i)
        out += QLatin1Char(source[i]);
    return out;
}

QString indented(const QString &code, const QString &indent)
{
    QStringList lines = code.split(QLatin1Char('\n'));
    for (int i = 1; i < lines.size(); ++i)
        if (!lines[i].trimmed().isEmpty())
            lines[i].prepend(indent);
    return lines.join(QLatin1Char('\n'));
}

qsizetype statementEnd(const QByteArray &source, TSNode statement)
{
    qsizetype e = ts_node_end_byte(statement);
    qsizetype i = e;
    while (i < source.size() && (source[i] == ' ' || source[i] == '\t'))
        ++i;
    return i < source.size() && source[i] == ';' ? i + 1 : e;
}

QPair<qsizetype, qsizetype> lineSpan(const QByteArray &source, TSNode statement)
{
    qsizetype b = ts_node_start_byte(statement), e = statementEnd(source, statement);
    qsizetype lb = b;
    while (lb > 0 && (source[lb - 1] == ' ' || source[lb - 1] == '\t'))
        --lb;
    qsizetype le = e;
    while (le < source.size() && (source[le] == ' ' || source[le] == '\t'))
        ++le;
    if (le < source.size() && source[le] == '#') // its trailing comment goes with it
        while (le < source.size() && source[le] != '\n' && source[le] != '\r')
            ++le;
    const bool aloneBefore = lb == 0 || source[lb - 1] == '\n';
    const bool aloneAfter = le == source.size() || source[le] == '\n' || source[le] == '\r';
    if (!aloneBefore || !aloneAfter)
        return {b, e};
    return {lb, pastLineEnd(source, le)};
}

CallText readCall(const RewriteRequest &r, TSNode call)
{
    CallText c;
    c.node = call;
    const TSNode function = field(call, "function");
    if (is(function, "attribute")) {
        c.object = text(r, field(function, "object"));
        c.function = text(r, field(function, "attribute"));
    } else {
        c.function = text(r, function);
    }
    const TSNode args = field(call, "arguments");
    const uint32_t n = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
    for (uint32_t i = 0; i < n; ++i) {
        const TSNode a = ts_node_named_child(args, i);
        if (is(a, "comment"))
            continue;
        if (is(a, "keyword_argument"))
            c.keywords.append({text(r, field(a, "name")),
                               text(r, field(a, "value"))});
        else
            c.positional.append(text(r, a));
    }
    return c;
}

TSNode findMethodCall(TSNode statement, const QByteArray &source, const QString &method)
{
    TSNode found{};
    bool have = false;
    forEachNode(statement, [&](TSNode node) {
        if (have)
            return false;
        if (is(node, "call")) {
            const TSNode function = field(node, "function");
            const bool match = method.isEmpty()
                                   ? true
                                   : is(function, "attribute")
                                         && QString::fromUtf8(nodeText(field(function, "attribute"), source)) == method;
            if (match) {
                found = node;
                have = true;
                return false;
            }
        }
        // not into nested definitions
        return !is(node, "function_definition") && !is(node, "class_definition") && !is(node, "lambda");
    });
    return have ? found : TSNode{};
}

bool methodCallAt(const RewriteRequest &r, const QStringList &methods, TSNode *statement, CallText *call,
                  RewriteResult *result)
{
    *statement = statementOf(r.node);
    for (const QString &method : methods) {
        const TSNode node = findMethodCall(*statement, *r.masked, method);
        if (!ts_node_is_null(node)) {
            *call = readCall(r, node);
            return true;
        }
    }
    result->error = QStringLiteral("no %1() call here").arg(methods.value(0));
    return false;
}

RewriteResult finish(const RewriteRequest &r, TSNode statement, const QString &code, const QStringList &notes,
                     const QString &tail)
{
    RewriteResult out;
    const QString indent = indentAt(*r.source, ts_node_start_byte(statement));
    QString text = indented(code, indent);
    if (!tail.isEmpty())
        text += QLatin1Char('\n') + indent + tail;
    out.edits << TextEdit{r.cell, ts_node_start_byte(statement), statementEnd(*r.source, statement), text.toUtf8()};
    out.notes = notes;
    out.ok = true;
    return out;
}

QString assignedStatement(const RewriteRequest &r, TSNode *statement)
{
    *statement = statementOf(r.node);
    return assignedName(r, *statement, findMethodCall(*statement, *r.masked, QString()));
}

QString assignedName(const RewriteRequest &r, TSNode statement, TSNode call)
{
    if (!is(statement, "expression_statement") || ts_node_named_child_count(statement) != 1)
        return {};
    const TSNode a = ts_node_named_child(statement, 0);
    if (!is(a, "assignment"))
        return {};
    const TSNode right = field(a, "right");
    if (!ts_node_eq(right, call))
        return {};
    const TSNode left = field(a, "left");
    return is(left, "identifier") ? text(r, left) : QString();
}



QString criterionName(const QString &variable)
{
    return variable == QLatin1String("model") ? s("criterion") : variable + s("_criterion");
}

QString optimizerName(const QString &variable)
{
    return variable == QLatin1String("model") ? s("optimizer") : variable + s("_optimizer");
}

QString pyNumber(double value)
{
    QString t = QString::number(value, 'g', 12);
    if (!t.contains(QLatin1Char('.')) && !t.contains(QLatin1Char('e')))
        t += s(".0");
    // Python writes 1e-07, Qt 1e-07 too; keep
    return t;
}

namespace {

/// True when every simple statement under `statement` is `variable.add(…)`.
bool onlyAdds(const RewriteRequest &r, TSNode statement, const QString &variable)
{
    static const char *const simple[] = {"expression_statement", "return_statement", "assert_statement",
                                         "delete_statement", "raise_statement", "global_statement"};
    const QRegularExpression add(QStringLiteral("^%1\\s*\\.\\s*add\\s*\\(").arg(QRegularExpression::escape(variable)));
    bool all = true, any = false;
    forEachNode(statement, [&](TSNode node) {
        for (const char *type : simple) {
            if (is(node, type)) {
                const bool isAdd = add.match(text(r, node)).hasMatch();
                all = all && isAdd;
                any = any || isAdd;
                return false;
            }
        }
        return true;
    });
    return all && any;
}

/// The identifiers under `node` (names read or bound there).
QSet<QString> identifiersIn(const RewriteRequest &r, TSNode node)
{
    QSet<QString> names;
    if (ts_node_is_null(node))
        return names;
    forEachNode(node, [&](TSNode n) {
        if (is(n, "identifier"))
            names.insert(text(r, n));
        return true;
    });
    return names;
}

/// A Functional graph statement: `x = Dense(…)(y)`, `inputs = Input(…)`,
/// `x = concatenate([a, b])`, a layer object called: `e = embedding_layer(x)`.
bool graphStatement(const RewriteRequest &r, TSNode statement)
{
    if (!is(statement, "expression_statement") || ts_node_named_child_count(statement) != 1)
        return false;
    const TSNode a = ts_node_named_child(statement, 0);
    if (!is(a, "assignment"))
        return false;
    static const QRegularExpression call(QStringLiteral(
        "^(?:[\\w.]+\\.)?(?:[A-Z]\\w*|concatenate|add|multiply|dot|average|maximum|minimum|subtract)\\s*\\("));
    const TSNode right = field(a, "right");
    if (call.match(text(r, right)).hasMatch())
        return true;
    // a layer object called on a tensor: `embedding = embedding_layer(x)` after
    // `embedding_layer = Embedding(…)`
    const TSNode function = field(right, "function");
    if (!is(right, "call") || !is(function, "identifier"))
        return false;
    const std::optional<Binding> layer = lastBinding(r, text(r, function), [](TSNode v) { return is(v, "call"); });
    return layer && call.match(text(layer->where, layer->value)).hasMatch();
}

/// The insertion of keras_init_() (kerasInitHelperCode()): in the first code cell, before
/// the first top-level statement after its imports, or at its end.
TextEdit kerasInitHelperEdit(const RewriteRequest &r)
{
    const Document &doc = r.context->document();
    int first = 0;
    while (first < doc.cells.size() && doc.cells[first].type != CellType::Code)
        ++first;
    TextEdit edit{first, -1, -1, QByteArray(), true};
    bool afterImports = false;
    qsizetype comments = -1; // the comments before the next statement belong to it (`# %%` too)
    visitTopLevel(r, first, [&](const RewriteRequest &there, TSNode st) {
        const bool import = is(st, "import_statement") || is(st, "import_from_statement") || is(st, "future_import_statement");
        if (import) {
            afterImports = true;
            edit.begin = comments = -1;
        } else if (afterImports && edit.begin < 0 && is(st, "comment")) {
            // a comment on a line of its own (not one trailing the import's line)
            const qsizetype at = qsizetype(ts_node_start_byte(st));
            const qsizetype lineStart = at > 0 ? there.source->lastIndexOf('\n', at - 1) + 1 : 0;
            if (comments < 0 && there.source->mid(lineStart, at - lineStart).trimmed().isEmpty())
                comments = at;
        } else if (afterImports && edit.begin < 0) {
            edit.begin = comments >= 0 ? comments : qsizetype(ts_node_start_byte(st));
        }
        return true;
    });
    const QString helper = kerasInitHelperCode().trimmed();
    if (edit.begin < 0) { // nothing after the imports: at the end of the cell
        edit.begin = first < doc.cells.size() ? doc.cells[first].source.size() : 0;
        edit.text = "\n\n\n" + helper.toUtf8() + "\n";
    } else {
        edit.text = helper.toUtf8() + "\n\n\n";
    }
    edit.end = edit.begin;
    return edit;
}

RewriteResult generateModule(const RewriteRequest &r)
{
    RewriteResult out;
    TSNode statement;
    const QString local = assignedStatement(r, &statement);
    if (local.isEmpty()) {
        out.error = s("the model is not assigned to a plain name (`model = Sequential(…)`), so the workbench "
                      "cannot follow it");
        return out;
    }
    // built in a function: the model is the one its top-level call binds
    const FunctionModel fm = functionModel(r, statement, local);
    if (fm.inFunction && fm.variable.isEmpty()) {
        out.error = fm.why;
        return out;
    }
    const QString variable = fm.inFunction ? fm.variable : local;
    const int extractionCell = modelCompileCell(r.context->document(), fm.inFunction ? fm.cell : r.cell, variable);
    const ExtractResult &x = r.context->extract(extractionCell, variable);
    out.notApplicable = x.model.kind.startsWith(QLatin1String("nn."));
    if (!x.ok) {
        out.error = QStringLiteral("the model cannot be read: %1").arg(x.error);
        return out;
    }
    const GeneratedModule &g = r.context->module(extractionCell, variable);
    if (!g.ok) {
        out.error = g.heldBackBy.isEmpty() ? QStringLiteral("no PyTorch module: %1").arg(g.error) : g.error;
        if (!g.heldBackBy.isEmpty())
            out.heldBackCode = g.moduleCode.trimmed();
        return out;
    }
    QStringList notes = g.notes;
    if (const QString note = functionModelNote(r, fm); !note.isEmpty())
        notes << note;
    // sizes read from the notebook's saved outputs (the code does not give them): said in
    // the generated code, with the cell they come from
    for (const QString &note : x.model.notes)
        if (note.contains(QLatin1String("from the saved output")))
            notes << note;
    QStringList lines;
    for (const QString &note : notes)
        lines << s("# ") + note;
    lines << g.classCode.trimmed() << QString();
    lines << s("device = torch.device(\"cuda\" if torch.cuda.is_available() else \"cpu\")");
    lines << QStringLiteral("%1 = %2(%3).to(device)").arg(local, g.className, g.constructorArguments.join(s(", ")));
    out = finish(r, statement, lines.join(QLatin1Char('\n')), notes);
    // The class without keras_init_(self): PyTorch's default initialisation (an
    // alternative fix, built from the same edits below)
    const QString plainClass = lines.join(QLatin1Char('\n')).replace(s("\n        keras_init_(self)"), QString());
    const TextEdit plain{out.edits.first().cell, out.edits.first().begin, out.edits.first().end,
                         indented(plainClass, indentAt(*r.source, ts_node_start_byte(statement))).toUtf8()};
    const qsizetype statementEdits = out.edits.size();

    const QRegularExpression rebuild(QStringLiteral("^\\s*%1\\s*=[^=]").arg(QRegularExpression::escape(local)));
    if (x.model.kind == s("Sequential")) {
        // the .add() calls after it in the same block become the class's layers
        for (TSNode next = ts_node_next_named_sibling(statement); !ts_node_is_null(next); next = ts_node_next_named_sibling(next)) {
            if (is(next, "comment"))
                continue;
            if (rebuild.match(text(r, next)).hasMatch())
                break;
            if (onlyAdds(r, next, local)) {
                const auto [b, e] = lineSpan(*r.source, next);
                out.edits << TextEdit{r.cell, b, e, QByteArray()};
            }
        }
        // … and the top-level ones of the next cells the class was read from
        bool rebuilt = fm.inFunction; // a function's model is whole in its body
        for (int c = r.cell + 1; c <= extractionCell && c < r.context->document().cells.size() && !rebuilt; ++c) {
            visitTopLevel(r, c, [&](const RewriteRequest &there, TSNode st) {
                if ((rebuilt = rebuild.match(text(there, st)).hasMatch()))
                    return false;
                if (onlyAdds(there, st, variable)) {
                    const auto [b, e] = lineSpan(*there.source, st);
                    out.edits << TextEdit{there.cell, b, e, QByteArray(), true};
                }
                return true;
            });
        }
    } else if (x.model.kind == s("Functional")) {
        // The layer calls that make `Model(…)`'s inputs and outputs are the class's layers
        // and forward(): following the names back from Model(…), each graph statement
        // (`x = Dense(…)(y)`, `inp = Input(…)`) that defines a needed name goes, and the
        // names it reads are needed in turn. Other statements (`scaler = StandardScaler()`)
        // stay, whatever they look like.
        QSet<QString> needed = identifiersIn(r, findMethodCall(statement, *r.masked, QString()));
        for (TSNode prev = ts_node_prev_named_sibling(statement); !ts_node_is_null(prev); prev = ts_node_prev_named_sibling(prev)) {
            if (!graphStatement(r, prev))
                continue;
            const TSNode assignment = ts_node_named_child(prev, 0);
            const QSet<QString> defined = identifiersIn(r, field(assignment, "left"));
            if (!defined.intersects(needed))
                continue;
            needed += identifiersIn(r, field(assignment, "right"));
            const auto [b, e] = lineSpan(*r.source, prev);
            out.edits << TextEdit{r.cell, b, e, QByteArray()};
        }
    }
    QVector<TextEdit> plainEdits = out.edits;
    plainEdits[0] = plain;
    Q_UNUSED(statementEdits);
    out.alternatives << qMakePair(s("Generate the nn.Module class, keeping PyTorch's default initialisation"), plainEdits);
    // Keras's initialisation: one helper per file, defined in the first code cell after
    // its imports (every model's fix inserts the same text at the same place, made once)
    out.edits << kerasInitHelperEdit(r);
    out.ok = true;
    return out;
}

RewriteResult generateCompile(const RewriteRequest &r)
{
    RewriteResult out;
    TSNode statement;
    CallText c;
    if (!methodCallAt(r, {s("compile")}, &statement, &c, &out))
        return out;
    const QString loss = c.get(s("loss"), 1).trimmed();
    if (loss.startsWith(QLatin1Char('[')) || loss.startsWith(QLatin1Char('{'))) {
        out.error = s("one loss per output (a list or dict of losses): PyTorch has no compile(); compute each "
                      "output's loss in the training loop and add them (with loss_weights if given)");
        return out;
    }
    if (c.has(s("loss_weights"))) {
        out.error = s("loss_weights belong to a model with several outputs: weight each output's loss in the loop");
        return out;
    }
    // compile() in the function that builds the model: the model of the top-level call
    const FunctionModel fm = functionModel(r, statement, c.object);
    if (fm.inFunction && fm.variable.isEmpty()) {
        out.error = fm.why;
        return out;
    }
    const QString variable = fm.inFunction ? fm.variable : c.object;
    const int cell = fm.inFunction ? fm.cell : r.cell;
    const ExtractResult &x = r.context->extract(cell, variable);
    out.notApplicable = notKerasModel(x, variable);
    if (!x.ok) {
        out.error = QStringLiteral("the model cannot be read: %1").arg(x.error);
        return out;
    }
    const GeneratedModule &g = r.context->module(cell, variable);
    if (!g.ok) { // the model stays Keras: its compile() must too
        out.error = QStringLiteral("the model has no PyTorch module yet (%1): convert it first").arg(g.error);
        return out;
    }
    QString lossComment, optimizerComment;
    const QString lossText = lossCode(x.model, g.logits, &lossComment, &out.error);
    if (lossText.isEmpty())
        return out;
    // The optimizer as written: a string, a call, or a name bound to a call. One the IR
    // does not model must not become its rmsprop default.
    QString optimizerWritten = c.get(s("optimizer"), 0).trimmed();
    CallText optimizerCall;
    QString optimizerClass = s("rmsprop"); // compile()'s default
    if (const QRegularExpressionMatch m = stringLiteral().match(optimizerWritten); m.hasMatch()) {
        optimizerClass = m.captured(3);
    } else if (!optimizerWritten.isEmpty()) {
        const bool isCall = optimizerWritten.contains(QLatin1Char('('));
        bool found = false;
        if (isCall) {
            forEachNode(c.node, [&](TSNode n) {
                if (!found && is(n, "call") && !ts_node_eq(n, c.node) && text(r, n) == optimizerWritten) {
                    optimizerCall = readCall(r, n);
                    found = true;
                }
                return !found;
            });
        } else {
            found = assignedCall(r, optimizerWritten, &optimizerCall);
        }
        if (found)
            optimizerClass = optimizerCall.function.section(QLatin1Char('.'), -1);
    }
    static const QStringList mapped{s("sgd"), s("adam"), s("adamw"), s("rmsprop"), s("adagrad")};
    if (!mapped.contains(optimizerClass.toLower())) {
        out.error = QStringLiteral("the optimizer `%1` has no mapping here: create torch.optim.%2(%3.parameters(), …) "
                                   "with its Keras arguments (PyTorch has NAdam, Adadelta, Adamax, …)")
                        .arg(optimizerWritten.isEmpty() ? optimizerClass : optimizerWritten, optimizerClass, c.object);
        return out;
    }
    QString optimizerText = optimizerCode(x.model.optimizer, c.object + s(".parameters()"), &optimizerComment);
    if (optimizerText.isEmpty()) {
        out.error = QStringLiteral("the optimizer %1 has no mapping here").arg(x.model.optimizer.type);
        return out;
    }
    QStringList todo, notes;
    if (const QString amsgrad = optimizerCall.get(s("amsgrad")); !amsgrad.isEmpty() && amsgrad != s("False")
        && optimizerText.startsWith(s("torch.optim.Adam"))) {
        optimizerText.insert(optimizerText.size() - 1, QStringLiteral(", amsgrad=%1").arg(amsgrad));
    }
    if (const QString decay = optimizerCall.get(s("decay")); !decay.isEmpty() && decay != s("0") && decay != s("0.0")) {
        todo << QStringLiteral("# TODO: Keras decay=%1 (lr / (1 + decay * step)): torch.optim.lr_scheduler.LambdaLR("
                               "%2, lambda step: 1 / (1 + %1 * step)), stepped after each batch").arg(decay, optimizerName(variable));
        notes << QStringLiteral("the optimizer's decay=%1 is not converted").arg(decay);
    }
    for (const char *clip : {"clipnorm", "global_clipnorm", "clipvalue"}) {
        if (const QString v = optimizerCall.get(s(clip)); !v.isEmpty() && v != s("None")) {
            todo << QStringLiteral("# TODO: Keras %1=%2: call torch.nn.utils.%3(%4.parameters(), %2) between "
                                   "loss.backward() and %5.step()")
                        .arg(s(clip), v, qstrcmp(clip, "clipvalue") == 0 ? s("clip_grad_value_") : s("clip_grad_norm_"),
                             c.object, optimizerName(variable));
            notes << QStringLiteral("the optimizer's %1=%2 is not converted").arg(s(clip), v);
        }
    }
    QStringList lines;
    // compile() inside a function (`def build_model(): …; model.compile(…); return model`):
    // the loop that uses them runs elsewhere, so they are module-level names
    for (TSNode up = ts_node_parent(statement); !ts_node_is_null(up); up = ts_node_parent(up))
        if (is(up, "function_definition")) {
            lines << QStringLiteral("global %1, %2  # used by the training loop outside this function")
                         .arg(criterionName(variable), optimizerName(variable));
            break;
        }
    lines << QStringLiteral("%1 = %2").arg(criterionName(variable), lossText)
                 + (lossComment.isEmpty() ? QString() : s("  # ") + lossComment);
    lines << QStringLiteral("%1 = %2").arg(optimizerName(variable), optimizerText) + s("  # ") + optimizerComment;
    lines += todo;
    return finish(r, statement, lines.join(QLatin1Char('\n')), notes);
}

} // namespace

bool notKerasModel(const ExtractResult &x, const QString &variable)
{
    return !x.candidates.contains(variable) || x.model.kind.startsWith(QLatin1String("nn."));
}

bool loopModel(const RewriteRequest &r, const QString &variable, LoopModel *out, QString *error, bool *notKeras,
               bool needLoss)
{
    const ExtractResult &x = r.context->extract(r.cell, variable);
    *notKeras = notKerasModel(x, variable);
    if (*notKeras)
        return false;
    if (!x.ok) {
        *error = QStringLiteral("the model cannot be read: %1").arg(x.error);
        return false;
    }
    if (x.model.inputs.size() > 1 || x.model.outputs.size() > 1) {
        *error = s("the model has several inputs or outputs: write the loop by hand (one loss per output)");
        return false;
    }
    const GeneratedModule &g = r.context->module(r.cell, variable);
    if (!g.ok) {
        *error = g.error;
        return false;
    }
    if (x.model.loss.isEmpty() && needLoss) {
        *error = s("the model's loss is not known here (compile it with a Keras loss first)");
        return false;
    }
    if (needLoss && x.model.loss.endsWith(s("categorical_crossentropy")) && x.model.outputShape.size() == 2) {
        // Keras applies the loss at every time step of (N, L, C) outputs; nn.CrossEntropyLoss
        // wants the classes second, (N, C, L), and the loops' targets and accuracy are per row
        *error = s("the model classifies every time step (outputs (batch, steps, classes)): nn.CrossEntropyLoss "
                   "takes outputs.transpose(1, 2) with (batch, steps) targets; write the loop by hand");
        return false;
    }
    out->variable = variable;
    out->loss = x.model.loss;
    out->logits = g.logits;
    out->dropped = g.dropped;
    out->integerInputs = x.model.integerInputs;
    out->inputRank = int(x.model.inputShapes.value(0).size());
    out->outputShape = x.model.outputShape;
    out->symbols = x.symbols;
    out->regularized = g.regularized;
    static const QStringList supported{s("accuracy"), s("acc"), s("mae"), s("mean_absolute_error"), s("mse"),
                                       s("mean_squared_error")};
    const bool classes = out->loss.endsWith(s("categorical_crossentropy"));
    // categorical_accuracy / sparse_categorical_accuracy: the argmax accuracy of a
    // crossentropy over classes (https://keras.io/api/metrics/accuracy_metrics/)
    const QStringList classMetrics{s("categorical_accuracy"), s("sparse_categorical_accuracy")};
    for (const QString &m : x.model.metrics) {
        const bool regression = !m.startsWith(s("acc")) && !classMetrics.contains(m);
        if (classes && classMetrics.contains(m) && (m.startsWith(s("sparse")) == out->loss.startsWith(s("sparse")))) {
            out->metrics << m;
            continue;
        }
        if (needLoss && (!supported.contains(m) || (regression && classes))) {
            *error = QStringLiteral("the metric '%1' is not converted (the loops compute accuracy, categorical accuracy, mae and mse): "
                                    "compute it in the loop by hand").arg(m);
            return false;
        }
        if (supported.contains(m))
            out->metrics << m;
    }
    return true;
}

QString metricVariable(const QString &metric)
{
    if (metric.endsWith(s("categorical_accuracy")))
        return s("correct_") + metric.chopped(int(qstrlen("_accuracy")));
    return metric.startsWith(s("acc")) ? s("correct") : s("sum_") + metric;
}

QString metricSum(const LoopModel &m, const QString &metric)
{
    if (metric == s("mae") || metric == s("mean_absolute_error"))
        return s("(outputs - yb).abs().reshape(len(yb), -1).mean(dim=1).sum().item()");
    if (metric == s("mse") || metric == s("mean_squared_error"))
        return s("((outputs - yb) ** 2).reshape(len(yb), -1).mean(dim=1).sum().item()");
    // accuracy: keras/engine/compile_utils.py picks binary_accuracy for one output unit
    // (or a binary loss), categorical (argmax) otherwise
    const qint64 width = m.outputShape.isEmpty() ? 1 : m.outputShape.last();
    if (m.loss.endsWith(s("categorical_crossentropy")) || metric.endsWith(s("categorical_accuracy")))
        return s("(outputs.argmax(dim=1) == yb).sum().item()");
    // binary_accuracy (keras/metrics/metrics.py) is a mean over the last axis: one value
    // per sample whatever the number of output units (multi-label sigmoid outputs)
    if (m.loss == s("binary_crossentropy") || width == 1)
        return m.logits ? s("((outputs > 0) == (yb > 0.5)).float().reshape(len(yb), -1).mean(dim=1).sum().item()")
                        : s("((outputs > 0.5) == (yb > 0.5)).float().reshape(len(yb), -1).mean(dim=1).sum().item()");
    return s("(outputs.argmax(dim=1) == yb.float().argmax(dim=1)).sum().item()");
}

QStringList loaderTargets(const LoopModel &m, const QString &indent)
{
    if (m.loss == s("categorical_crossentropy"))
        return {indent + s("if yb.ndim > 1:"),
                indent + s("    yb = yb.float().argmax(dim=1)  # one-hot batches (booleans too) -> class indices")};
    if (m.loss == s("binary_crossentropy"))
        return {indent + s("yb = yb.float().reshape(len(yb), -1)  # 0/1 labels shaped like the outputs")};
    return {};
}

QString inputTensor(const QString &expr, const LoopModel &m)
{
    QString t = QStringLiteral("torch.as_tensor(np.asarray(%1), dtype=%2)").arg(expr, m.integerInputs ? s("torch.long") : s("torch.float32"));
    if (m.inputRank == 3)
        t += s(".permute(0, 3, 1, 2)");
    return t;
}

QString targetTensor(const QString &expr, const LoopModel &m, QString *comment)
{
    if (m.loss == s("categorical_crossentropy")) {
        *comment = s("one-hot targets -> class indices for nn.CrossEntropyLoss");
        // float first: pandas >= 2 get_dummies() gives booleans, which argmax refuses
        return QStringLiteral("torch.as_tensor(np.asarray(%1, dtype=np.float32)).argmax(dim=1)").arg(expr);
    }
    if (m.loss == s("sparse_categorical_crossentropy")) {
        *comment = s("integer class indices for nn.CrossEntropyLoss");
        return QStringLiteral("torch.as_tensor(np.asarray(%1), dtype=torch.long).reshape(-1)").arg(expr);
    }
    QStringList dims;
    for (qint64 d : m.outputShape) {
        if (m.symbols.contains(d)) {
            dims << m.symbols.value(d); // a width from the data: `Y.shape[1]`
        } else if (d >= kSymbolicBase) {
            dims.clear(); // a size no expression gives: each row as it comes
            break;
        } else {
            dims << QString::number(d);
        }
    }
    *comment = s("float targets shaped like the outputs");
    if (dims.isEmpty())
        return QStringLiteral("torch.as_tensor(np.asarray(%1), dtype=torch.float32).reshape(len(%1), -1)").arg(expr);
    return QStringLiteral("torch.as_tensor(np.asarray(%1), dtype=torch.float32).reshape(-1, %2)").arg(expr, dims.join(s(", ")));
}

} // namespace rewrite

namespace {

using Generator = RewriteResult (*)(const RewriteRequest &);

/// Generator name -> function, in the order rewriteGenerators() lists them.
const QVector<QPair<QString, Generator>> &generators()
{
    static const QVector<QPair<QString, Generator>> table{
        {QStringLiteral("torch-module"), rewrite::generateModule},
        {QStringLiteral("torch-compile"), rewrite::generateCompile},
        {QStringLiteral("torch-fit"), rewrite::generateFit},
        {QStringLiteral("torch-evaluate"), rewrite::generateEvaluate},
        {QStringLiteral("torch-predict"), rewrite::generatePredict},
        {QStringLiteral("torch-call"), rewrite::generateCall},
        {QStringLiteral("torch-model-attribute"), rewrite::generateModelAttribute},
        {QStringLiteral("torch-layer-weights"), rewrite::generateLayerWeights},
        {QStringLiteral("torch-train-on-batch"), rewrite::generateTrainOnBatch},
        {QStringLiteral("torch-summary"), rewrite::generateSummary},
        {QStringLiteral("torch-image-folder"), rewrite::generateImageFolder},
        {QStringLiteral("torch-keras-definition"), rewrite::generateKerasDefinition},
        {QStringLiteral("torch-save"), rewrite::generateSave},
        {QStringLiteral("torch-load"), rewrite::generateLoad},
    };
    return table;
}

} // namespace

QStringList rewriteGenerators()
{
    QStringList names;
    for (const auto &entry : generators())
        names << entry.first;
    return names;
}

RewriteResult generateRewrite(const QString &name, const RewriteRequest &request)
{
    if (!request.context || !request.source || !request.masked || ts_node_is_null(request.node))
        return {false, QStringLiteral("nothing to rewrite"), {}, {}};
    for (const auto &[known, generate] : generators()) {
        if (known != name)
            continue;
        RewriteResult result = generate(request);
        // Generated code is whole lines: a statement sharing its line with a compound
        // header (`if TRAIN: model.fit(…)`) or another statement cannot take it.
        const qsizetype at = ts_node_start_byte(rewrite::statementOf(request.node));
        const qsizetype lineStart = at > 0 ? request.source->lastIndexOf('\n', at - 1) + 1 : 0;
        const QString before = QString::fromUtf8(request.source->mid(lineStart, at - lineStart)).trimmed();
        if (result.ok && !before.isEmpty())
            result = {false, QStringLiteral("the statement shares its line with `%1`: put it on a line of its own, "
                                            "then scan again").arg(before), {}, {}};
        return result;
    }
    return {false, QStringLiteral("unknown generator %1").arg(name), {}, {}};
}

RewriteResult RewriteContext::generate(const QString &name, const GeneratorInput &input) const
{
    return generateRewrite(name, RewriteRequest{this, input.cell, input.source, input.masked, input.node});
}

void registerTorchGenerators()
{
    GeneratorFamily family;
    family.names = rewriteGenerators();
    family.fixTitle = QStringLiteral("Rewrite for PyTorch");
    family.heldBackIntro = QStringLiteral("The module, for when that code is converted:");
    family.open = [](const Document &document, QVector<ParsedCellView> cells) {
        return std::make_unique<RewriteContext>(document, std::move(cells));
    };
    registerGeneratorFamily(std::move(family));
}

} // namespace kmw
