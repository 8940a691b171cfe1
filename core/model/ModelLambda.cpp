// Lambda layers' functions the extractor follows: `lambda x: tf.image.resize(x, (h, w))`,
// elementwise scaling (`lambda x: x / 127.5 - 1`) and keras.applications' preprocess_input.

#include "KerasApplications.h"
#include "ModelExtractorInternal.h"

#include <cstring>
#include <functional>
#include <optional>

namespace kmw::extract {

namespace {

/// a * x + b
struct Affine {
    double a = 0;
    double b = 0;
};

} // namespace

/// The elementwise affine function of `parameter` that `node` computes (numbers and names
/// bound to numbers, + - * /, unary minus, parentheses), or nothing.
static std::optional<Affine> affineOf(TSNode node, const QString &parameter,
                                      const std::function<PyValuePtr(TSNode)> &value,
                                      const std::function<QString(TSNode)> &text, int depth = 0)
{
    if (ts_node_is_null(node) || depth > 64) // deeper is no scaling anyone writes
        return std::nullopt;
    const char *type = ts_node_type(node);
    if (!std::strcmp(type, "parenthesized_expression"))
        return affineOf(ts_node_named_child(node, 0), parameter, value, text, depth + 1);
    if (!std::strcmp(type, "identifier") && text(node) == parameter)
        return Affine{1, 0};
    if (!std::strcmp(type, "unary_operator") && text(field(node, "operator")) == QLatin1String("-")) {
        const auto inner = affineOf(field(node, "argument"), parameter, value, text, depth + 1);
        return inner ? std::optional<Affine>(Affine{-inner->a, -inner->b}) : std::nullopt;
    }
    if (!std::strcmp(type, "binary_operator")) {
        const auto l = affineOf(field(node, "left"), parameter, value, text, depth + 1);
        const auto r = affineOf(field(node, "right"), parameter, value, text, depth + 1);
        if (!l || !r)
            return std::nullopt;
        const QString op = text(field(node, "operator"));
        if (op == QLatin1String("+"))
            return Affine{l->a + r->a, l->b + r->b};
        if (op == QLatin1String("-"))
            return Affine{l->a - r->a, l->b - r->b};
        if (op == QLatin1String("*") && (l->a == 0 || r->a == 0))
            return Affine{l->a * r->b + r->a * l->b, l->b * r->b};
        if (op == QLatin1String("/") && r->a == 0 && r->b != 0)
            return Affine{l->a / r->b, l->b / r->b};
        return std::nullopt;
    }
    const PyValuePtr v = value(node);
    if (v->isNumber())
        return Affine{0, v->number()};
    return std::nullopt;
}

PyValuePtr Extractor::lambdaValue(TSNode node, Scope &scope)
{
    // `lambda P: body`, one parameter
    auto result = makeUnknown(text(node));
    const TSNode parameters = field(node, "parameters");
    const TSNode body = field(node, "body");
    if (ts_node_is_null(parameters) || ts_node_named_child_count(parameters) != 1
        || !is(ts_node_named_child(parameters, 0), "identifier"))
        return result;
    const QString parameter = text(ts_node_named_child(parameters, 0));
    auto spec = std::make_shared<LayerSpec>();
    spec->code = text(node).simplified();
    const auto valueOf = [&](TSNode n) { return eval(n, scope); };
    const auto textOf = [&](TSNode n) { return text(n); };
    if (is(body, "call")) {
        const PyValuePtr function = eval(field(body, "function"), scope);
        const TSNode args = field(body, "arguments");
        const TSNode first = ts_node_named_child(args, 0);
        const bool onParameter = !ts_node_is_null(first) && is(first, "identifier") && text(first) == parameter;
        if (function->kind != K::Path || !onParameter)
            return result;
        // tf.image.resize(images, size, method='bilinear'): half-pixel centres, no
        // antialiasing (tensorflow/python/ops/image_ops_impl.py)
        if (function->text == QLatin1String("tensorflow.image.resize")) {
            PyValuePtr size, method;
            const uint32_t n = ts_node_named_child_count(args);
            for (uint32_t i = 1; i < n; ++i) {
                const TSNode a = ts_node_named_child(args, i);
                if (is(a, "keyword_argument")) {
                    const QString name = text(field(a, "name"));
                    if (name == QLatin1String("size"))
                        size = eval(field(a, "value"), scope);
                    else if (name == QLatin1String("method"))
                        method = eval(field(a, "value"), scope);
                    else
                        return result; // preserve_aspect_ratio, antialias: not followed
                } else if (i == 1) {
                    size = eval(a, scope);
                } else if (i == 2) {
                    method = eval(a, scope);
                } else {
                    return result;
                }
            }
            if (!size || size->kind != K::List || size->items.size() != 2 || size->items[0]->kind != K::Int
                || size->items[1]->kind != K::Int)
                return result;
            QString interpolation = QStringLiteral("bilinear");
            if (method) {
                if (method->kind == K::Str)
                    interpolation = method->text;
                else if (method->kind == K::Path)
                    interpolation = method->text.section(QLatin1Char('.'), -1).toLower();
                else
                    return result;
            }
            if (interpolation != QLatin1String("bilinear") && interpolation != QLatin1String("nearest"))
                return result;
            spec->function = QStringLiteral("resize");
            spec->size = {size->items[0]->i, size->items[1]->i};
            spec->interpolation = interpolation;
            result->layer = spec;
            return result;
        }
        // keras.applications.<module>.preprocess_input(x)
        if (ts_node_named_child_count(args) == 1 && applicationPreprocessing(function->text, spec.get()))
            result->layer = spec;
        return result;
    }
    if (const auto affine = affineOf(body, parameter, valueOf, textOf); affine && affine->a != 0) {
        spec->function = QStringLiteral("affine");
        spec->rescale = affine->a;
        spec->offset = affine->b;
        result->layer = spec;
    }
    return result;
}

} // namespace kmw::extract
