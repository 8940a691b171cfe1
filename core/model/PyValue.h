#pragma once

// The values of the small Python evaluator behind extractModel(): literals, names bound
// by imports, Keras/PyTorch layer objects, symbolic tensors of a layer graph, models.

#include "ModelIR.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>
#include <optional>

namespace kmw {

struct PyValue;
using PyValuePtr = std::shared_ptr<PyValue>;

/// A model under construction: a Sequential layer list, or a Functional graph already
/// resolved into a ModelIR.
struct ModelBuild {
    ModelIR ir;
    /// Sequential: the input shape given on the first layer or by an Input/InputLayer.
    TensorShape declaredInput;
    bool hasDeclaredInput = false;
    /// Sequential: the name of the Input/InputLayer it was given ("input_1"); empty when
    /// the input came from a layer's input_shape (Keras then names it `<layer>_input`).
    QString inputName;
    QStringList unresolved; ///< expressions its layers needed but could not be resolved
    /// Functional: graph node of each model layer (same order as ir.layers).
    QVector<int> nodes;
    /// Sequential: a model was added as one of its layers (its layers were inlined, so
    /// ir.layers no longer lines up with Keras's `model.layers`).
    bool inlinedModel = false;
    /// Sequential: the layer the next added layer reads when it is not the last one (the
    /// output of a Functional model added as a layer); -1: the last layer.
    int tail = -1;
    /// Sequential whose `.input`/`.output` was read: its graph in the extractor (the
    /// InputLayer's node; `nodes` then holds each layer's node).
    int inputNode = -1;
    /// A subclassed keras.Model (`class Net(keras.Model)` with call()): the instance
    /// (PyValue Object: the layers __init__ assigned, `index` = its call() in the
    /// extractor's function table); its graph is made when the model is read, from
    /// `build(shape)`, the first layer's input_shape or the data.
    std::shared_ptr<PyValue> subclass;
};

/// An nn.Module instance: attributes assigned in __init__ and the class's forward().
struct TorchObject {
    QString className;
    QVector<QPair<QString, PyValuePtr>> attributes; ///< in assignment order
    const void *forwardNode = nullptr; ///< TSNode id of `def forward` (owned by the tree)
    int cell = -1;
};

struct PyValue {
    enum class Kind {
        None,
        Unknown,  ///< not computable here; `text` holds the expression
        Int,
        Float,
        Bool,
        Str,
        List,     ///< list or tuple
        Dict,
        Path,     ///< a module/class/function named by imports: `text` = dotted path
        Layer,    ///< a layer object (not yet in a graph)
        Layers,   ///< nn.Sequential used as a block inside an nn.Module
        Tensor,   ///< a symbolic tensor: `node` in the extraction graph
        Model,
        DataArray, ///< the x or y array given to fit(): `text` = "x" or "y"
        Object,    ///< an instance of an nn.Module subclass
        Optimizer,
        Loss,
        Function,  ///< a top-level `def`: `index` into the function table
        Class,     ///< a top-level class: `index` into the class table
    };
    Kind kind = Kind::None;
    qint64 i = 0;
    double f = 0;
    QString text;              ///< Str, Path, Unknown expression, DataArray role
    QString origin;            ///< variable an Unknown came from ("input_dim")
    QVector<PyValuePtr> items; ///< List items; Layers
    QHash<QString, PyValuePtr> dict;
    std::shared_ptr<LayerSpec> layer;
    std::shared_ptr<ModelBuild> model;
    std::shared_ptr<TorchObject> object;
    std::shared_ptr<OptimizerSpec> optimizer;
    int node = -1;             ///< Tensor: graph node
    int index = -1;            ///< Function/Class table index; Layer: index in `model`'s layers
                               ///< (an item of a Sequential's `.layers`), else -1
    QStringList unresolved;    ///< Layer: arguments that were Unknown
    std::optional<TensorShape> declaredInput; ///< Layer: the input shape given on it (input_shape=, …)

    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float || kind == Kind::Bool; }
    double number() const { return kind == Kind::Float ? f : double(i); }
};

inline PyValuePtr makeValue(PyValue::Kind kind)
{
    auto v = std::make_shared<PyValue>();
    v->kind = kind;
    return v;
}
inline PyValuePtr makeInt(qint64 i)
{
    auto v = makeValue(PyValue::Kind::Int);
    v->i = i;
    return v;
}
inline PyValuePtr makeUnknown(const QString &text)
{
    auto v = makeValue(PyValue::Kind::Unknown);
    v->text = text;
    return v;
}

/// Positional and keyword arguments of a call, evaluated.
struct CallArgs {
    QVector<PyValuePtr> positional;
    QVector<QPair<QString, PyValuePtr>> keywords;

    /// Keyword `name`, else positional `position` (-1: keyword only), else null.
    PyValuePtr get(const QString &name, int position = -1) const;
    bool has(const QString &name, int position = -1) const { return get(name, position) != nullptr; }
};

} // namespace kmw
