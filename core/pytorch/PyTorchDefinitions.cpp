// Keras objects made only for calls the generated code replaces: an ImageDataGenerator
// whose only use is flow_from_directory() (the ImageFolder pipelines read its arguments),
// an optimizer whose only use is compile() (torch.optim reads its arguments). Kept as a
// comment so nothing imports Keras for them; any other use keeps them (and their import,
// which keras-still-used then reports).

#include "PyTorchRewriteInternal.h"

#include <QFileInfo>

#include <QRegularExpression>

namespace kmw::rewrite {
namespace {

/// True when the match at `at` lies inside the arguments of a `.compile(` call that
/// opens before it in `text`; `*model` is the name the call is made on (`model` in
/// `model.compile(`).
bool insideCompile(const QString &text, qsizetype at, QString *model)
{
    const qsizetype open = text.lastIndexOf(QLatin1String(".compile("), at);
    if (open < 0)
        return false;
    int depth = 0;
    for (qsizetype i = open + 8; i < at; ++i) {
        if (text[i] == QLatin1Char('('))
            ++depth;
        else if (text[i] == QLatin1Char(')'))
            --depth;
    }
    qsizetype b = open;
    while (b > 0 && (text[b - 1].isLetterOrNumber() || text[b - 1] == QLatin1Char('_')))
        --b;
    *model = text.mid(b, open - b);
    return depth > 0;
}

} // namespace

RewriteResult generateKerasDefinition(const RewriteRequest &r)
{
    RewriteResult out;
    out.notApplicable = true; // unless every use is one the generated code replaces
    TSNode statement;
    const QString name = assignedStatement(r, &statement);
    if (name.isEmpty())
        return out;
    const CallText call = readCall(r, findMethodCall(statement, *r.masked, QString()));
    const bool generator = call.function.section(QLatin1Char('.'), -1) == QLatin1String("ImageDataGenerator");
    const QRegularExpression use(QStringLiteral("\\b%1\\b(?!\\s*=[^=])").arg(QRegularExpression::escape(name)));
    const QRegularExpression flow(QStringLiteral("^\\s*\\.\\s*flow_from_directory\\s*\\("));
    int uses = 0;
    const QVector<Cell> &cells = r.context->document().cells;
    for (int index = 0; index < cells.size(); ++index) {
        if (cells[index].type != CellType::Code)
            continue;
        const QString text = QString::fromUtf8(cells[index].source);
        for (auto it = use.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            QString model;
            // an optimizer goes with compile() only when that model is converted (else
            // compile() stays Keras and needs it)
            const bool replaced = generator ? flow.match(text.mid(m.capturedEnd())).hasMatch()
                                            : insideCompile(text, m.capturedStart(), &model) &&
                                                  r.context->module(index, model).ok;
            if (!replaced)
                return out;
            ++uses;
        }
    }
    if (uses == 0)
        return out;
    const qsizetype b = ts_node_start_byte(statement), e = statementEnd(*r.source, statement);
    out.edits << TextEdit{r.cell, b, e, commentedOut(*r.source, b, e)};
    out.notApplicable = false;
    out.ok = true;
    return out;
}

RewriteResult generateSave(const RewriteRequest &r)
{
    // model.save('m.h5') / save_weights(…) -> torch.save(model.state_dict(), 'm.pth')
    // (seed 001 §8): PyTorch writes the weights; loading needs the module class.
    RewriteResult out;
    TSNode statement;
    CallText c;
    if (!methodCallAt(r, {QStringLiteral("save"), QStringLiteral("save_weights")}, &statement, &c, &out))
        return out;
    out.notApplicable = notKerasModel(r.context->extract(r.cell, c.object), c.object);
    if (out.notApplicable)
        return out;
    if (!r.context->module(r.cell, c.object).ok) {
        out.error = QStringLiteral("the model has no PyTorch module yet: convert it first");
        return out;
    }
    const QString path = c.get(QStringLiteral("filepath"), 0);
    if (path.isEmpty()) {
        out.error = QStringLiteral("save() has no path");
        return out;
    }
    QString target = path;
    if (const QRegularExpressionMatch m = stringLiteral().match(path.trimmed()); m.hasMatch()) {
        QString file = pthFile(m.captured(3));
        if (file.isEmpty()) {
            file = m.captured(3) + QStringLiteral(".pth");
            out.notes << QStringLiteral("%1 was a SavedModel folder: PyTorch writes one file, %2").arg(path, file);
        }
        target = m.captured(1) + m.captured(2) + file + m.captured(2);
    } else if (const QString pth = pthPath(path); !pth.isEmpty()) {
        target = pth; // `output_dir + "/weights.h5"`: its file name made .pth
    } else {
        out.notes << QStringLiteral("the path %1 is computed: give it a .pth name (it gets the state_dict)").arg(path);
    }
    const QString code = QStringLiteral("torch.save(%1.state_dict(), %2)").arg(c.object, target);
    out.edits << TextEdit{r.cell, qsizetype(ts_node_start_byte(c.node)), qsizetype(ts_node_end_byte(c.node)), code.toUtf8()};
    out.ok = true;
    return out;
}

RewriteResult generateLoad(const RewriteRequest &r)
{
    // model.load_weights('m.h5') -> model.load_state_dict(torch.load('m.pth'));
    // model = load_model('m.h5') -> the generated class, then the state_dict. The .pth is
    // made once from the Keras file by `kmw-cli port-weights` (the same weight map the
    // verification checks), which the comment written above it says how to run.
    RewriteResult out;
    TSNode statement;
    CallText c;
    QString variable;
    bool whole = false;
    if (methodCallAt(r, {QStringLiteral("load_weights")}, &statement, &c, &out)) {
        variable = c.object;
    } else {
        out = RewriteResult();
        variable = assignedStatement(r, &statement);
        const TSNode call = findMethodCall(statement, *r.masked, QString());
        if (variable.isEmpty() || ts_node_is_null(call)) {
            out.error = QStringLiteral("load_model() is not assigned to a plain name: the workbench cannot tell which "
                                       "module to load into");
            return out;
        }
        c = readCall(r, call);
        whole = true;
    }
    GeneratedModule module = r.context->module(r.cell, variable);
    if (!module.ok && r.cell > 0)
        module = r.context->module(r.cell - 1, variable); // the model built before it was reloaded
    if (!module.ok) {
        out.error = QStringLiteral("no PyTorch module for `%1` in this file: build it with its Keras code above, "
                                   "then load into it").arg(variable);
        return out;
    }
    const QString path = c.get(QStringLiteral("filepath"), 0);
    const QRegularExpressionMatch m = stringLiteral().match(path.trimmed());
    QString file, target, keras;
    if (m.hasMatch()) {
        file = pthFile(m.captured(3));
        if (file.isEmpty())
            file = m.captured(3) + QStringLiteral(".pth");
        target = m.captured(1) + m.captured(2) + file + m.captured(2);
        keras = m.captured(3);
    } else {
        // a computed path (`output_dir + "/weights.02.hdf5"`): its Keras file names become
        // .pth, as the converted ModelCheckpoint and save_weights() write them
        target = file = pthPath(path);
        keras = path;
        if (target.isEmpty()) {
            out.error = QStringLiteral("the path %1 is computed: write the .pth name the weights were ported to").arg(path);
            return out;
        }
    }
    const QString document = QFileInfo(r.context->document().path).fileName();
    QStringList lines;
    lines << QStringLiteral("# %1 holds a state_dict: written by torch.save(%2.state_dict(), …), or converted").arg(file, variable)
          << QStringLiteral("# from the Keras file %1 with: kmw-cli port-weights %1 --file \"%2\" --out %3").arg(keras, document, file);
    if (whole)
        lines << QStringLiteral("%1 = %2(%3).to(device)").arg(variable, module.className, module.constructorArguments.join(QStringLiteral(", ")));
    lines << QStringLiteral("%1.load_state_dict(torch.load(%2, map_location=device))").arg(variable, target);
    if (whole)
        lines << QStringLiteral("%1.eval()").arg(variable);
    out = finish(r, statement, lines.join(QLatin1Char('\n')), {});
    out.notApplicable = false;
    return out;
}

} // namespace kmw::rewrite
