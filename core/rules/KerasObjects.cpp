#include "KerasObjects.h"

#include "Query.h"

namespace kmw {

KerasObjects::Kind kindOfQualifiedName(const QString &qualified)
{
    const QString name = canonicalKerasName(qualified);
    const QString head = name.section(QLatin1Char('.'), 0, 0);
    if (head == QLatin1String("keras") || head == QLatin1String("tf_keras"))
        return KerasObjects::Kind::Keras;
    return KerasObjects::Kind::Foreign;
}

namespace {

/// The leftmost identifier of a dotted name (`a` in `a.b.c`), or a null node.
TSNode headIdentifier(TSNode node)
{
    while (is(node, "attribute"))
        node = field(node, "object");
    return is(node, "identifier") ? node : TSNode{};
}

bool isDottedName(TSNode node)
{
    while (is(node, "attribute"))
        node = field(node, "object");
    return is(node, "identifier");
}

/// The function_definition or class_definition whose body holds `node`, or null.
TSNode enclosingDefinition(TSNode node, const char *type)
{
    for (TSNode p = ts_node_parent(node); !ts_node_is_null(p); p = ts_node_parent(p))
        if (is(p, type))
            return p;
    return TSNode{};
}

} // namespace

KerasObjects::Kind KerasObjects::classifyName(const QByteArray &name, const ImportTable &imports) const
{
    if (m_keras.contains(name))
        return Kind::Keras;
    if (m_foreign.contains(name))
        return Kind::Foreign;
    const QString local = QString::fromUtf8(name);
    const QString qualified = imports.qualified(local);
    if (!qualified.isEmpty() && !imports.isRebound(local))
        return kindOfQualifiedName(qualified);
    if (!qualified.isEmpty() || imports.isRebound(local))
        return Kind::Unknown;
    static const QSet<QByteArray> builtins{"str", "int", "float", "bool", "len", "list", "dict", "tuple", "set",
                                           "print", "range", "zip", "map", "filter", "sorted", "sum", "min",
                                           "max", "abs", "round", "open", "enumerate", "repr", "type", "bytes"};
    if (builtins.contains(name))
        return Kind::Foreign; // Python's own
    // A name nothing binds comes from a star import, if any.
    const QStringList &stars = imports.starModules();
    if (stars.isEmpty())
        return Kind::Unknown;
    for (const QString &module : stars)
        if (kindOfQualifiedName(module) != Kind::Keras)
            return Kind::Unknown;
    return Kind::Keras;
}

KerasObjects::Kind KerasObjects::classify(TSNode node, const QByteArray &text, const ImportTable &imports) const
{
    for (int depth = 0; depth < 64 && !ts_node_is_null(node); ++depth) {
        const TSNode parent = ts_node_parent(node);
        if (is(node, "identifier") && is(parent, "attribute") && ts_node_eq(field(parent, "attribute"), node)) {
            node = parent; // `fit` of `model.fit`
            continue;
        }
        if (is(node, "identifier")) {
            const QByteArray name = nodeText(node, text);
            if (name == "self") { // inside a Keras layer, model or callback: `self.model`, `self.dense`
                const TSNode cls = enclosingDefinition(node, "class_definition");
                const TSNode bases = field(cls, "superclasses");
                for (uint32_t i = 0; !ts_node_is_null(bases) && i < ts_node_named_child_count(bases); ++i)
                    if (classify(ts_node_named_child(bases, i), text, imports) == Kind::Keras)
                        return Kind::Keras;
            }
            return classifyName(name, imports);
        }
        if (is(node, "attribute")) {
            const TSNode head = headIdentifier(node);
            if (isDottedName(node) && !ts_node_is_null(head)) {
                const QByteArray first = nodeText(head, text);
                const QString local = QString::fromUtf8(first);
                if (!m_keras.contains(first) && !m_foreign.contains(first) && !imports.qualified(local).isEmpty() &&
                    !imports.isRebound(local))
                    return kindOfQualifiedName(imports.resolve(nodeText(node, text)));
            }
            node = field(node, "object");
            continue;
        }
        if (is(node, "call")) {
            node = field(node, "function");
            continue;
        }
        if (is(node, "subscript")) {
            node = field(node, "value");
            continue;
        }
        static const char *const literals[] = {"dictionary", "list", "tuple", "set", "string", "concatenated_string",
                                               "integer", "float", "true", "false", "none", "dictionary_comprehension",
                                               "list_comprehension", "set_comprehension"};
        for (const char *literal : literals)
            if (is(node, literal))
                return Kind::Foreign; // a Python value, not a Keras object
        if (is(node, "parenthesized_expression") && ts_node_named_child_count(node) == 1) {
            node = ts_node_named_child(node, 0);
            continue;
        }
        return Kind::Unknown;
    }
    return Kind::Unknown;
}

namespace {

/// A call of a Keras preprocessing layer that runs inside tf.data (keras/src/layers/
/// preprocessing: the subclasses of TFDataLayer), with no Python function given as its
/// `standardize` or `split` (which Keras 3 runs on the backend, not in the graph).
bool isDataLayerCall(TSNode call, const QByteArray &text, const ImportTable &imports)
{
    if (!is(call, "call"))
        return false;
    static const QSet<QString> layers{
        QStringLiteral("Rescaling"), QStringLiteral("Resizing"), QStringLiteral("CenterCrop"),
        QStringLiteral("RandomFlip"), QStringLiteral("RandomRotation"), QStringLiteral("RandomZoom"),
        QStringLiteral("RandomTranslation"), QStringLiteral("RandomContrast"), QStringLiteral("RandomCrop"),
        QStringLiteral("RandomBrightness"), QStringLiteral("Normalization"), QStringLiteral("Discretization"),
        QStringLiteral("CategoryEncoding"), QStringLiteral("Hashing"), QStringLiteral("HashedCrossing"),
        QStringLiteral("IntegerLookup"), QStringLiteral("StringLookup"), QStringLiteral("TextVectorization")};
    const QString callee = canonicalKerasName(imports.resolve(nodeText(field(call, "function"), text)));
    if (kindOfQualifiedName(callee) != KerasObjects::Kind::Keras || !layers.contains(callee.section(QLatin1Char('.'), -1)))
        return false;
    const TSNode args = field(call, "arguments");
    for (uint32_t i = 0; !ts_node_is_null(args) && i < ts_node_named_child_count(args); ++i) {
        const TSNode arg = ts_node_named_child(args, i);
        const QByteArray key = nodeText(field(arg, "name"), text);
        if (is(arg, "keyword_argument") && (key == "standardize" || key == "split") &&
            !is(field(arg, "value"), "string") && !is(field(arg, "value"), "none"))
            return false;
    }
    return true;
}

} // namespace

bool KerasObjects::isDataLayer(TSNode node, const QByteArray &text, const ImportTable &imports) const
{
    if (is(node, "identifier"))
        return m_dataLayers.contains(nodeText(node, text));
    return isDataLayerCall(node, text, imports);
}

void KerasObjects::addContext(const KerasObjects &context)
{
    for (const QByteArray &name : context.m_keras)
        if (!m_foreign.contains(name))
            m_keras.insert(name);
    for (const QByteArray &name : context.m_foreign)
        if (!m_keras.contains(name))
            m_foreign.insert(name);
    m_savedPaths += context.m_savedPaths;
    m_dataLayers += context.m_dataLayers;
}

void KerasObjects::bind(const QByteArray &name, Kind kind)
{
    m_keras.remove(name);
    m_foreign.remove(name);
    if (kind == Kind::Keras)
        m_keras.insert(name);
    else if (kind == Kind::Foreign)
        m_foreign.insert(name);
}

void KerasObjects::addCell(TSNode root, const QByteArray &text, const ImportTable &imports)
{
    forEachNode(root, [&](TSNode node) {
        if (is(node, "assignment") || is(node, "for_statement")) {
            const TSNode left = field(node, "left");
            const TSNode right = field(node, "right");
            if (is(left, "identifier") && !ts_node_is_null(right)) {
                const QByteArray name = nodeText(left, text);
                bind(name, classify(right, text, imports));
                if (is(node, "assignment") && isDataLayerCall(right, text, imports))
                    m_dataLayers.insert(name);
                else
                    m_dataLayers.remove(name);
            }
        } else if (is(node, "call")) {
            // model.save('dir') / save_model(model, 'dir'): the path a Keras object went to
            const TSNode function = field(node, "function");
            const TSNode args = field(node, "arguments");
            const QByteArray name = is(function, "attribute") ? nodeText(field(function, "attribute"), text)
                                                              : nodeText(function, text);
            const bool method = name == "save" && is(function, "attribute") &&
                                classify(field(function, "object"), text, imports) == Kind::Keras;
            const bool saveModel = name == "save_model" && classify(function, text, imports) == Kind::Keras;
            const uint32_t at = saveModel ? 1 : 0;
            const TSNode path = ts_node_is_null(args) || ts_node_named_child_count(args) <= at
                                    ? TSNode{} : ts_node_named_child(args, at);
            if ((method || saveModel) && is(path, "string"))
                m_savedPaths.insert(nodeText(path, text));
        } else if (is(node, "return_statement") && ts_node_named_child_count(node) == 1) {
            // A function of the document that returns a Keras object makes one.
            const TSNode function = enclosingDefinition(node, "function_definition");
            if (!ts_node_is_null(function) &&
                classify(ts_node_named_child(node, 0), text, imports) == Kind::Keras)
                m_keras.insert(nodeText(field(function, "name"), text));
        } else if (is(node, "class_definition")) {
            const TSNode bases = field(node, "superclasses");
            for (uint32_t i = 0; !ts_node_is_null(bases) && i < ts_node_named_child_count(bases); ++i)
                if (classify(ts_node_named_child(bases, i), text, imports) == Kind::Keras) {
                    m_keras.insert(nodeText(field(node, "name"), text));
                    break;
                }
        }
        return true;
    });
}

} // namespace kmw
