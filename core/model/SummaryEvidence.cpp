#include "SummaryEvidence.h"

#include "KerasSummary.h"

#include <QRegularExpression>

namespace kmw {

namespace {

QString s(const char *text) { return QString::fromLatin1(text); }

QString shapeText(const TensorShape &shape)
{
    QStringList parts;
    for (qint64 d : shape)
        parts << (d < 0 ? s("None") : QString::number(d));
    return QLatin1Char('(') + parts.join(s(", ")) + (shape.size() == 1 ? s(",)") : s(")"));
}

/// The last table `<variable>.summary()` printed in cells 0..to (the latest is the model
/// in effect; the rows must still line up with it).
bool savedTable(const Document &doc, int to, const QString &variable, ModelSummary *table, int *cell)
{
    const QRegularExpression call(QStringLiteral("\\b%1\\s*\\.\\s*summary\\s*\\(").arg(QRegularExpression::escape(variable)));
    for (int c = std::min(to, int(doc.cells.size()) - 1); c >= 0; --c) {
        if (doc.cells[c].type != CellType::Code || doc.cells[c].outputs.isEmpty())
            continue;
        if (!call.match(QString::fromUtf8(doc.cells[c].source)).hasMatch())
            continue;
        const QVector<ModelSummary> tables = parseSavedSummaries(cellOutputText(doc, c));
        if (tables.isEmpty())
            continue;
        *table = tables.first();
        *cell = c;
        return true;
    }
    return false;
}

/// True when code cell `cell` binds `name` at the top level (`name = …`).
bool rebinds(const Document &doc, int cell, const QString &name)
{
    const QRegularExpression binding(QStringLiteral("(^|\\n)%1\\s*=[^=]").arg(QRegularExpression::escape(name)));
    return doc.cells[cell].type == CellType::Code && binding.match(QString::fromUtf8(doc.cells[cell].source)).hasMatch();
}

/// The last cell, from `from` on, before `name` is bound again at the top level.
int lastCellOf(const Document &doc, int from, const QString &name)
{
    int c = from + 1;
    while (c < doc.cells.size() && !rebinds(doc, c, name))
        ++c;
    return c - 1;
}

/// Where a model's table may be: its own variable's summaries up to `lastCell`, then on
/// until the variable is bound again; and the summaries of a variable that loads the
/// file the model was saved to (`model.save(path)` … `other = load_model(path)`), from
/// that load until `other` is bound again. The latest table wins.
bool modelTable(const Document &doc, int lastCell, const QString &variable, ModelSummary *table, int *cell,
                QString *shownAs)
{
    int bestCell = -1;
    ModelSummary best;
    if (savedTable(doc, lastCellOf(doc, lastCell, variable), variable, &best, &bestCell))
        *shownAs = variable;
    const QRegularExpression save(QStringLiteral("\\b%1\\s*\\.\\s*save\\s*\\(\\s*([^,()]+?)\\s*[,)]")
                                      .arg(QRegularExpression::escape(variable)));
    for (int c = 0; c < doc.cells.size(); ++c) {
        if (doc.cells[c].type != CellType::Code)
            continue;
        const QRegularExpressionMatch saved = save.match(QString::fromUtf8(doc.cells[c].source));
        if (!saved.hasMatch())
            continue;
        const QRegularExpression load(QStringLiteral("(?:^|\\n)(\\w+)\\s*=\\s*(?:[\\w.]+\\.)?load_model\\s*\\(\\s*%1\\s*[,)]")
                                          .arg(QRegularExpression::escape(saved.captured(1))));
        for (int d = c + 1; d < doc.cells.size(); ++d) {
            const QRegularExpressionMatch loaded =
                doc.cells[d].type == CellType::Code ? load.match(QString::fromUtf8(doc.cells[d].source)) : QRegularExpressionMatch();
            if (!loaded.hasMatch())
                continue;
            ModelSummary other;
            int otherCell = -1;
            if (savedTable(doc, lastCellOf(doc, d, loaded.captured(1)), loaded.captured(1), &other, &otherCell)
                && otherCell >= d && otherCell > bestCell) {
                best = other;
                bestCell = otherCell;
                *shownAs = loaded.captured(1);
            }
        }
        break;
    }
    if (bestCell < 0)
        return false;
    *table = best;
    *cell = bestCell;
    return true;
}

bool sameType(const SummaryRow &row, const LayerSpec &layer)
{
    return row.typeCut ? layer.type.startsWith(row.type) : row.type == layer.type;
}

} // namespace

bool parseSummaryShape(const QString &text, TensorShape *shape)
{
    QString t = text.trimmed();
    if (t.startsWith(QLatin1Char('[')) && t.endsWith(QLatin1Char(']')))
        t = t.mid(1, t.size() - 2).trimmed();
    if (!t.startsWith(QLatin1Char('(')) || !t.endsWith(QLatin1Char(')')) || t.count(QLatin1Char('(')) != 1)
        return false;
    const QStringList parts = t.mid(1, t.size() - 2).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parts.isEmpty() || parts.first().trimmed() != s("None"))
        return false;
    TensorShape out;
    for (int i = 1; i < parts.size(); ++i) {
        const QString p = parts[i].trimmed();
        bool ok = false;
        const qint64 v = p.toLongLong(&ok);
        if (p == s("None"))
            out << -1;
        else if (ok && v >= 0)
            out << v;
        else
            return false;
    }
    *shape = out;
    return true;
}

int fillFromSavedSummary(const Document &document, int lastCell, ModelIR &model, QStringList *notes)
{
    if (!document.isNotebook() || model.variable.isEmpty())
        return 0;
    ModelSummary table;
    int cell = -1;
    QString shownAs;
    if (!modelTable(document, lastCell < 0 ? int(document.cells.size()) - 1 : lastCell, model.variable, &table, &cell,
                    &shownAs))
        return 0;
    const bool sequential = model.kind == s("Sequential");
    QVector<int> layers; // model layer of each row
    for (int i = 0; i < model.layers.size(); ++i)
        if (!(sequential && model.layers[i].type == s("InputLayer")))
            layers << i;
    if (layers.size() != table.rows.size())
        return 0;
    for (int r = 0; r < layers.size(); ++r)
        if (!sameType(table.rows[r], model.layers[layers[r]]))
            return 0;
    int filled = 0;
    auto note = [&](const LayerSpec &l, const QString &what) {
        notes->append(shownAs == model.variable
                          ? QStringLiteral("%1: %2, from the saved summary of cell %3").arg(l.name, what).arg(cell)
                          : QStringLiteral("%1: %2, from the saved summary of cell %3 (`%4`, loaded from the file `%5` "
                                           "was saved to)").arg(l.name, what).arg(cell).arg(shownAs, model.variable));
        ++filled;
    };
    for (int r = 0; r < layers.size(); ++r) {
        LayerSpec &l = model.layers[layers[r]];
        const SummaryRow &row = table.rows[r];
        TensorShape out;
        const bool shaped = parseSummaryShape(row.outputShape, &out) && !out.isEmpty();
        if (l.type == s("InputLayer") && shaped) {
            const int k = int(model.inputs.indexOf(layers[r]));
            if (k < 0 || k >= model.inputShapes.size())
                continue;
            // the dimensions the code leaves unknown (a name it cannot resolve reads as
            // None) take the table's sizes; a None the table shows too stays
            TensorShape &in = model.inputShapes[k];
            bool changed = false;
            if (in.isEmpty()) {
                in = out;
                changed = true;
            } else if (in.size() == out.size()) {
                for (int d = 0; d < in.size(); ++d)
                    if (in[d] <= 0 && out[d] > 0) {
                        in[d] = out[d];
                        changed = true;
                    }
            }
            if (changed)
                note(l, QStringLiteral("input shape %1").arg(shapeText(in)));
        } else if (l.type == s("Reshape") && l.targetShape.isEmpty() && shaped) {
            l.targetShape = out;
            note(l, QStringLiteral("target_shape %1").arg(shapeText(out)));
        } else if (l.type == s("Dense") && l.units <= 0 && shaped && out.last() > 0) {
            l.units = out.last();
            note(l, QStringLiteral("units %1").arg(l.units));
        } else if ((l.type == s("Conv1D") || l.type == s("Conv2D") || l.type == s("Conv2DTranspose")) && l.filters <= 0
                   && shaped && out.last() > 0) {
            l.filters = out.last();
            note(l, QStringLiteral("filters %1").arg(l.filters));
        } else if (l.type == s("Embedding")) {
            if (l.outputDim <= 0 && shaped && out.last() > 0) {
                l.outputDim = out.last();
                note(l, QStringLiteral("output_dim %1").arg(l.outputDim));
            }
            if (l.inputDim <= 0 && l.outputDim > 0 && row.params > 0 && row.params % l.outputDim == 0) {
                l.inputDim = row.params / l.outputDim;
                note(l, QStringLiteral("input_dim %1 (Param # / output_dim)").arg(l.inputDim));
            }
        }
    }
    // a Sequential whose input width the code does not give, first layer Dense with a bias
    if (sequential && !layers.isEmpty() && (model.inputShapes.isEmpty() || model.inputShapes.first().isEmpty())) {
        const LayerSpec &first = model.layers[layers.first()];
        const qint64 params = table.rows.first().params;
        if (first.type == s("Dense") && first.useBias && first.units > 0 && params > 0 && params % first.units == 0) {
            model.inputShapes = {TensorShape{params / first.units - 1}};
            note(first, QStringLiteral("input width %1 (Param # / units - 1)").arg(params / first.units - 1));
        }
    }
    return filled;
}

} // namespace kmw
