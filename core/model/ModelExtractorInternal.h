#pragma once

// Private to the model extractor (ModelExtractor.h): the small Python evaluator's state
// and methods, shared by its three source files — ModelExtractor.cpp (statements, layer
// graphs and models, the run), ModelExpressions.cpp (expressions) and ModelCalls.cpp
// (Keras/PyTorch constructors, methods and user functions).

#include "ModelExtractor.h"
#include "OutputEvidence.h"
#include "PythonParser.h"
#include "PyValue.h"
#include "Query.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <cstring>
#include <vector>

namespace kmw::extract {

/// PyValue::origin of a list that stands for `X.shape` of unknown rank
/// (ExtractOptions::symbolicDataShapes): items 1.. are the placeholders.
inline const QString kSymbolicShape = QStringLiteral("<symbolic shape>");

inline QString s(const char *text) { return QString::fromLatin1(text); }

using K = PyValue::Kind;


/// One parsed cell; trees stay alive for the whole extraction (function bodies).
struct ParsedCell {
    int index = -1;
    QByteArray source;
    TreePtr tree;
};

struct Definition {
    TSNode node;
    int cell = -1;
};

/// A scope of the evaluator: the notebook's globals or a function call's locals.
struct Scope {
    QHash<QString, PyValuePtr> vars;
    Scope *parent = nullptr;
    PyValuePtr self; ///< nn.Module instance inside __init__/forward
};

constexpr int kMaxDepth = 24;
constexpr qint64 kMaxLoop = 2000;

class Extractor {
public:
    Extractor(const Document &document, const ExtractOptions &options)
        : doc(document), opt(options) {}

    ExtractResult run();

private:
    // --- source access
    QString text(TSNode node) const
    {
        // an absent field (`class A:` has no superclasses) is a null node: ""
        return ts_node_is_null(node) ? QString() : QString::fromUtf8(nodeText(node, cells[current].source));
    }
    int lineOf(TSNode node) const { return ts_node_is_null(node) ? 0 : int(ts_node_start_point(node).row) + 1; }
    QString where(TSNode node) const
    {
        return QStringLiteral("cell %1, line %2").arg(cells[current].index).arg(lineOf(node));
    }

    // --- statements
    void execBlock(TSNode block, Scope &scope);
    void exec(TSNode stmt, Scope &scope);
    void execImport(TSNode stmt, Scope &scope);
    void assign(TSNode target, const PyValuePtr &value, Scope &scope);
    void bind(const QString &name, PyValuePtr value, Scope &scope);
    /// `object.trainable = …` on a model (all its layers), an item of its `.layers`, or a
    /// layer object: the layers' LayerSpec::trainable, in the graph and in the models
    /// visible from `scope` that hold them.
    void setTrainable(const PyValuePtr &object, bool trainable, Scope &scope);

    // --- expressions
    /// evalCode(), then, for a value the code leaves unknown, the saved outputs' value
    /// of the same expression shown at or before the current cell (useOutputs).
    PyValuePtr eval(TSNode node, Scope &scope);
    PyValuePtr evalCode(TSNode node, Scope &scope);
    PyValuePtr evidenceFor(const QString &expression);
    PyValuePtr lookup(const QString &name, Scope &scope);
    PyValuePtr attribute(const PyValuePtr &object, const QString &name, TSNode node);
    PyValuePtr subscript(const PyValuePtr &object, TSNode node, Scope &scope);
    PyValuePtr binary(TSNode node, Scope &scope);
    /// A `lambda x: …` (names in its body looked up in `scope`): Unknown with its text, and, when its
    /// body is a function a Lambda layer can be built from (ModelLambda.cpp), `layer` set
    /// to a LayerSpec holding that function (LayerSpec::function).
    PyValuePtr lambdaValue(TSNode node, Scope &scope);
    PyValuePtr call(TSNode node, Scope &scope);
    CallArgs arguments(TSNode argList, Scope &scope);
    PyValuePtr callPath(const QString &path, const CallArgs &args, TSNode node);
    /// keras.datasets.<name>.load_data(): the arrays' published shapes; null for another
    /// dataset (ModelCalls.cpp, as the call helpers below).
    PyValuePtr kerasDatasetArrays(const QString &path, TSNode node);
    /// range, len, int, round, float, tuple, list, max, min on known values, else Unknown.
    PyValuePtr callBuiltin(const QString &last, const CallArgs &args, TSNode node);
    /// A keras.* constructor or function (`path` canonical, `rawPath` as written).
    PyValuePtr callKeras(const QString &rawPath, const QString &path, const QString &last,
                         const CallArgs &args, TSNode node);
    /// keras.applications.<last>(…): its layers in the graph and the Functional model.
    PyValuePtr kerasApplication(const QString &last, const CallArgs &args, TSNode node);
    /// A Keras layer class: Input() a tensor, another a Layer value.
    PyValuePtr kerasLayer(const QString &rawPath, const QString &last, const CallArgs &args, TSNode node);
    /// A torch.* constructor or function (`path`).
    PyValuePtr callTorch(const QString &path, const QString &last, const CallArgs &args, TSNode node);
    PyValuePtr callMethod(const PyValuePtr &object, const QString &objectName,
                          const QString &method, const CallArgs &args, TSNode node);
    PyValuePtr callFunction(int index, const CallArgs &args);
    /// Runs a function or method body in cell `cell` (for its text) with `local`: the
    /// value it returns (null without `return`); the caller's cell and return state stay.
    PyValuePtr runBody(int cell, TSNode body, Scope &local);
    /// Binds a `def`'s parameters in `local`: keyword, else positional, else the default
    /// (evaluated in the globals), else Unknown.
    void bindParameters(TSNode def, const CallArgs &args, Scope &local);
    PyValuePtr instantiate(int index, const CallArgs &args);
    PyValuePtr applyLayer(const std::shared_ptr<LayerSpec> &layer, const PyValuePtr &input,
                          TSNode node);
    PyValuePtr applyTorchFunction(const QString &name, const CallArgs &args, TSNode node);

    // --- graph and models
    int addNode(LayerSpec layer, const QVector<int> &inbound);
    /// An array reshaped by the code: its shape after the rows is known (ModelCalls.cpp).
    PyValuePtr reshapedArray(const PyValuePtr &array, QVector<PyValuePtr> dims);
    PyValuePtr tensor(int node);
    QVector<int> tensorNodes(const PyValuePtr &value) const;
    QString autoName(const QString &stem, bool oneBased = false);
    PyValuePtr makeSequential(const PyValuePtr &layers, const QString &name, bool torch);
    void sequentialAdd(ModelBuild &build, const PyValuePtr &item);
    /// A Sequential's layers as graph nodes (an InputLayer named `<first layer>_input`, as
    /// Keras names it, then each layer), for `.input`/`.output` and models built from
    /// them; false when its input shape is not known.
    bool sequentialGraph(ModelBuild &build);
    PyValuePtr makeFunctional(const PyValuePtr &inputs, const PyValuePtr &outputs,
                              const QString &name, TSNode node);
    /// The model of the graph from `inputs` to `outputs`; `*nodes` (optional) gets the
    /// graph node of each of its layers.
    bool functionalIR(const QVector<int> &inputs, const QVector<int> &outputs, ModelIR *ir, QString *error,
                      QVector<int> *nodes = nullptr);
    bool torchModuleIR(const PyValuePtr &object, ModelIR *ir, QString *error);
    /// A subclassed keras.Model's graph: its call() run on an Input of the shape
    /// build()/input_shape/the data give; compile() settings kept; ModelIR::tracked in
    /// __init__'s order.
    bool subclassIR(const ModelBuild &b, ModelIR *ir, QString *error);
    void noteModel(const QString &name);
    void prescanFit();
    /// Parses and runs the code cells up to `last` (ModelExtractor.cpp, as the helpers of
    /// run() below).
    void runCells(int last);
    /// A PyTorch script's loss, optimizer and loop epochs into `ir`.
    void torchScriptTraining(ModelIR &ir);
    /// A Sequential's input/output layers and input shape into `ir`.
    void sequentialInput(const ModelBuild &b, ModelIR &ir);
    /// The data's classes as the units of a last Dense without them.
    void outputUnitsFromData(ModelIR &ir);

    const Document &doc;
    const ExtractOptions &opt;
    PythonParser parser;
    std::vector<ParsedCell> cells;
    int current = 0;
    Scope globals;
    QVector<Definition> functions, classes;
    QVector<LayerSpec> graph;
    QHash<int, TensorShape> inputShapes; ///< graph InputLayer node -> shape
    QHash<QString, int> counters;
    /// The graph node of each layer object's first call (shared layers: LayerSpec::sharedWith).
    QHash<const LayerSpec *, int> layerNodes;
    std::vector<std::shared_ptr<LayerSpec>> calledLayers; ///< kept alive: their addresses key layerNodes
    /// `model.save('m.keras')` here: the path's model, for a later `load_model('m.keras')`.
    QHash<QString, PyValuePtr> savedModels;
    QSet<QString> xNames, yNames;
    QStringList wildcardModules;
    QStringList candidates;
    QString lastModel;
    QHash<QString, int> modelCells; ///< model variable -> cell of its last build/compile/fit
    QStringList notes;
    QStringList errors;
    int depth = 0;
    bool returning = false;
    PyValuePtr returned;
    int fitEpochsFromLoop = 0;
    qint64 comprehensionItems = 0; ///< items list comprehensions went through (bounded)
    QHash<qint64, QString> symbols; ///< ExtractOptions::symbolicDataShapes placeholders
    QHash<QString, qint64> symbolOf;
    QHash<QString, QVector<OutputValue>> evidence; ///< expressionKey -> values shown, cell order
    QSet<QString> evidenceNoted;
};

// ---------------------------------------------------------------- statements


} // namespace kmw::extract
