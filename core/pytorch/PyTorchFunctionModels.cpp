// Models built in a function (`def build_model(): model = Sequential(); …; return model`)
// and bound at the top level (`discriminator = build_discriminator()`): the generators of
// the model's own statements inside the function convert the model the call builds.

#include "PyTorchRewriteInternal.h"

namespace kmw::rewrite {

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

/// True when `body` has `return <name>` (at any depth, not in a nested def).
bool returnsName(const RewriteRequest &r, TSNode body, const QString &name)
{
    bool found = false;
    forEachNode(body, [&](TSNode n) {
        if (found || is(n, "function_definition") || is(n, "class_definition"))
            return false;
        if (is(n, "return_statement")) {
            const TSNode value = ts_node_named_child(n, 0);
            found = !ts_node_is_null(value) && is(value, "identifier") && text(r, value) == name;
            return false;
        }
        return true;
    });
    return found;
}

} // namespace

FunctionModel functionModel(const RewriteRequest &r, TSNode statement, const QString &local)
{
    FunctionModel fm;
    TSNode def{};
    for (TSNode up = ts_node_parent(statement); !ts_node_is_null(up); up = ts_node_parent(up))
        if (is(up, "function_definition")) {
            def = up;
            break;
        }
    if (ts_node_is_null(def))
        return fm;
    fm.inFunction = true;
    fm.function = text(r, field(def, "name"));
    fm.hasParameters = ts_node_named_child_count(field(def, "parameters")) > 0;
    if (!returnsName(r, field(def, "body"), local)) {
        fm.why = QStringLiteral("the model is built in `%1()`, which does not return `%2`").arg(fm.function, local);
        return fm;
    }
    if (!is(ts_node_parent(def), "module")) {
        fm.why = QStringLiteral("the model is built in `%1()`, a method or nested function: only a top-level "
                                "function called as `name = %1(…)` is followed").arg(fm.function);
        return fm;
    }
    const uint32_t defEnd = ts_node_end_byte(def);
    for (int c = r.cell; c < r.context->document().cells.size() && fm.variable.isEmpty(); ++c) {
        visitTopLevel(r, c, [&](const RewriteRequest &there, TSNode st) {
            if (c == r.cell && ts_node_start_byte(st) < defEnd)
                return true;
            if (is(st, "function_definition") && text(there, field(st, "name")) == fm.function)
                return false; // redefined: later calls are another function's
            if (!is(st, "expression_statement") || ts_node_named_child_count(st) != 1)
                return true;
            const TSNode a = ts_node_named_child(st, 0);
            if (!is(a, "assignment") || !is(field(a, "left"), "identifier"))
                return true;
            const TSNode call = field(a, "right");
            if (!is(call, "call") || !is(field(call, "function"), "identifier")
                || text(there, field(call, "function")) != fm.function)
                return true;
            fm.variable = text(there, field(a, "left"));
            fm.cell = there.cell;
            fm.call = text(there, a).simplified();
            return false;
        });
    }
    if (fm.variable.isEmpty())
        fm.why = QStringLiteral("the model is built in `%1()`, and no top-level `name = %1(…)` after it binds "
                                "the model it returns").arg(fm.function);
    return fm;
}

QString functionModelNote(const RewriteRequest &r, const FunctionModel &fm)
{
    if (!fm.hasParameters)
        return QString();
    const QString where = r.context->document().isNotebook() ? QStringLiteral(" (cell %1)").arg(fm.cell) : QString();
    return QStringLiteral("the class holds the layers `%1` builds%2; `%3()` called with other "
                          "arguments gets the same layers: give the class parameters by hand if they change them")
        .arg(fm.call, where, fm.function);
}

} // namespace kmw::rewrite
