#pragma once

// Shared by PyTorchRewrites.cpp (module, compile) and PyTorchLoops.cpp (fit, evaluate,
// predict): statements, call arguments as source text, the model IR at a cell, and the
// names the generated code uses.

#include "ModelExtractor.h"
#include "PythonParser.h"
#include "PyTorchCodegen.h"
#include "PyTorchRewrites.h"

#include <QPair>
#include <QRegularExpression>

#include <functional>
#include <optional>
#include <vector>

namespace kmw::rewrite {

inline QString s(const char *text) { return QString::fromUtf8(text); }

/// A call written in the source: `object.method(args)` with its arguments' texts.
struct CallText {
    TSNode node{};
    QString object;     ///< `model` in `model.fit(…)`; "" for a plain function call
    QString function;   ///< `fit`, or the callee's text for a plain call
    QStringList positional;
    QVector<QPair<QString, QString>> keywords;

    /// Keyword `name`, else positional `position` (-1: keyword only), else "".
    QString get(const QString &name, int position = -1) const;
    /// The same with `fallback` (a Keras default) when the call does not give it.
    QString get(const QString &name, int position, const QString &fallback) const
    {
        const QString v = get(name, position);
        return v.isEmpty() ? fallback : v;
    }
    bool has(const QString &name, int position = -1) const { return !get(name, position).isEmpty(); }
};

/// The request's cell text of `node` (original source, not the masked one).
QString text(const RewriteRequest &r, TSNode node);

/// The statement holding `node`: the ancestor whose parent is the module or a block.
TSNode statementOf(TSNode node);

/// The whitespace from the start of the line to `offset`.
QString indentAt(const QByteArray &source, qsizetype offset);

/// `code` (lines relative to column 0) with every line but the first indented by
/// `indent`; blank lines stay empty.
QString indented(const QString &code, const QString &indent);

/// The end of `statement`, past a `;` that follows it on its line (`model.fit(…);`).
qsizetype statementEnd(const QByteArray &source, TSNode statement);

/// Whole lines of `statement` (from its line's start to after its newline, with a
/// trailing comment) when no other code shares them; else the statement itself.
QPair<qsizetype, qsizetype> lineSpan(const QByteArray &source, TSNode statement);

/// Reads a call node's function and arguments.
CallText readCall(const RewriteRequest &r, TSNode call);

/// The first call in `statement` whose function is `.method` (or a plain call when
/// `method` is empty); a null node if none.
TSNode findMethodCall(TSNode statement, const QByteArray &source, const QString &method);

/// The statement of the request and its first `.method(…)` call (the first of `methods`
/// found), read. False with `result->error` ("no fit() call here") when there is none.
bool methodCallAt(const RewriteRequest &r, const QStringList &methods, TSNode *statement, CallText *call,
                  RewriteResult *result);

/// The common end of a generator: `code` (lines from column 0) replaces the statement,
/// indented as it was, with `notes`; `tail` (user text whose lines keep their own
/// indentation) follows on the next line at the statement's column.
RewriteResult finish(const RewriteRequest &r, TSNode statement, const QString &code, const QStringList &notes,
                     const QString &tail = QString());

/// The request's statement when it is `name = <call>(…)`: the name ("" otherwise).
QString assignedStatement(const RewriteRequest &r, TSNode *statement);

/// The left side of `target = <call>` when the statement is exactly that assignment.
QString assignedName(const RewriteRequest &r, TSNode statement, TSNode call);



/// Names the generated code gives the loss and optimizer of a model variable:
/// `criterion`/`optimizer` for `model`, else `<var>_criterion`/`<var>_optimizer`.
QString criterionName(const QString &variable);
QString optimizerName(const QString &variable);

/// A Python literal for a double as Keras writes defaults (0.001, 1e-07).
QString pyNumber(double value);

/// How the fit/evaluate/predict loops feed a model: from its IR and generated module.
struct LoopModel {
    QString variable;
    QString loss;            ///< Keras canonical loss name
    bool logits = false;     ///< GeneratedModule::logits
    QString dropped;         ///< GeneratedModule::dropped: what predict() applies again
    bool integerInputs = false;
    int inputRank = 0;       ///< Keras input rank without batch (3: NHWC images)
    TensorShape outputShape; ///< Keras output shape without batch
    /// Sizes that stand for an expression of the data (ExtractOptions::symbolicDataShapes):
    /// placeholder -> `Y.shape[1]`; written back as the expression, never as the number.
    QHash<qint64, QString> symbols;
    /// GeneratedModule::regularized: the loss adds `model.regularization()`, as Keras adds
    /// its regularizers' penalties in fit() and evaluate().
    bool regularized = false;
    /// compile()'s metrics as written (history keys, evaluate()'s order): "accuracy"/"acc",
    /// "mae"/"mean_absolute_error", "mse"/"mean_squared_error", and with a crossentropy
    /// over classes "categorical_accuracy"/"sparse_categorical_accuracy".
    QStringList metrics;
};

/// The Python variable a metric's batch sums go to (`correct`, `sum_mae`).
QString metricVariable(const QString &metric);
/// Python expression: the sum over the batch of `metric` for `outputs` against `yb`
/// (accuracy: Keras's choice by output width, binary_accuracy for one unit).
QString metricSum(const LoopModel &m, const QString &metric);
/// Lines that make loader batches' targets what the loss takes (one-hot -> indices,
/// 0/1 labels -> floats shaped like the outputs), at `indent`.
QStringList loaderTargets(const LoopModel &m, const QString &indent);
/// False with `*error` when the model cannot be read; `*notKeras` when `variable` is no
/// Keras model the extractor saw (the rule then does not apply).
/// `needLoss`: fit/evaluate need the compiled loss; predict does not.
bool loopModel(const RewriteRequest &r, const QString &variable, LoopModel *out, QString *error, bool *notKeras,
               bool needLoss = true);

/// True when `x` does not hold a Keras model named `variable` (never built as one, or a
/// PyTorch module).
bool notKerasModel(const ExtractResult &x, const QString &variable);

/// `torch.as_tensor(np.asarray(<expr>), dtype=…)` in the module's layout (NHWC -> NCHW
/// permute); np.asarray takes what Keras took too (pandas frames, lists).
QString inputTensor(const QString &expr, const LoopModel &m);
/// The targets as the PyTorch loss takes them, with a comment on the change.
QString targetTensor(const QString &expr, const LoopModel &m, QString *comment);

/// Parses code cell `cell` of the request's document and calls `visit` with a request on
/// that cell and each top-level statement, in order, until it returns false. Nothing for
/// a markdown cell.
void visitTopLevel(const RewriteRequest &r, int cell, const std::function<bool(const RewriteRequest &, TSNode)> &visit);

/// A model built in a function and bound at the top level by calling it
/// (PyTorchFunctionModels.cpp).
struct FunctionModel {
    bool inFunction = false; ///< the statement is in a function's body
    QString function;        ///< the function's name
    bool hasParameters = false;
    QString variable;        ///< `variable = function(…)`, the first top-level call after the def
    int cell = -1;           ///< the cell of that call
    QString call;            ///< its text, for notes
    QString why;             ///< when inFunction and no variable: why the model is not followed
};

/// For `local = <model>` or `local.compile(…)` at `statement`: when it is in a top-level
/// function that returns `local`, the first top-level `variable = function(…)` after the
/// function's definition (in its cell or the next ones, until the function is redefined).
FunctionModel functionModel(const RewriteRequest &r, TSNode statement, const QString &local);

/// The note a generated class for a FunctionModel carries when the function has
/// parameters (they may change the layers); "" otherwise.
QString functionModelNote(const RewriteRequest &r, const FunctionModel &fm);

/// A top-level `name = <value>` statement, in the cell `where` stands for.
struct Binding {
    RewriteRequest where;
    TSNode statement{};
    TSNode value{};
};

/// The last top-level `name = <value>` before the request's statement (in its cell, then
/// the ones above) whose value passes `accept`.
std::optional<Binding> lastBinding(const RewriteRequest &r, const QString &name, const std::function<bool(TSNode)> &accept);

/// A Python string literal: prefix (1), quote (2) and text (3) as groups.
const QRegularExpression &stringLiteral();

/// A Keras weights file name ("best.h5", "w.weights.h5", "m.keras"), or source text
/// ending in one with its closing quote (`dir + "/w.{epoch:02d}.hdf5"`), as PyTorch's
/// state_dict file ("best.pth"); "" for other names.
QString pthFile(const QString &file);
/// A computed path (`output_dir + "/weights.02.hdf5"`) with each string literal naming a
/// Keras file given the .pth name pthFile() gives it; "" when it holds none.
QString pthPath(const QString &expression);

/// The bytes [b, e) of `source` with "# " before each line (a statement kept as a comment).
QByteArray commentedOut(const QByteArray &source, qsizetype b, qsizetype e);

/// The last top-level `name = Call(…)` before the request's statement (this cell and the
/// ones above): its call's arguments. False when there is none.
bool assignedCall(const RewriteRequest &r, const QString &name, CallText *out);

/// What `expr` names when it is a batch source rather than arrays: "flow_from_directory"
/// or "DataLoader" (a loader of (inputs, targets) batches), "flow" (Keras's own
/// ImageDataGenerator.flow iterator, which has no loader here), else "".
QString batchSource(const RewriteRequest &r, const QString &expr);

RewriteResult generateFit(const RewriteRequest &r);
RewriteResult generateImageFolder(const RewriteRequest &r);
RewriteResult generateKerasDefinition(const RewriteRequest &r);
RewriteResult generateSave(const RewriteRequest &r);
/// `model.load_weights('m.h5')` / `model = load_model('m.h5')` -> the state_dict that
/// `kmw-cli port-weights` makes from the Keras file, loaded into the generated module.
RewriteResult generateLoad(const RewriteRequest &r);
RewriteResult generateEvaluate(const RewriteRequest &r);
RewriteResult generatePredict(const RewriteRequest &r);
/// `y = model(x)` -> `model.eval()` and `y = model(tensor(x))` under torch.no_grad(), with
/// the softmax/sigmoid the module left to the loss (PyTorchCalls.cpp).
RewriteResult generateCall(const RewriteRequest &r);
/// `model.output_shape`, `model.metrics_names`, `model.count_params()` (PyTorchCalls.cpp).
RewriteResult generateModelAttribute(const RewriteRequest &r);
/// A Keras model's layers and weights used by the notebook (PyTorchLayerWeights.cpp):
/// `model.get_layer('n')` and `model.layers[k]` (as a value, or with `.get_weights()`,
/// `.weights`, `.weights[i].numpy()`, `.set_weights(w)`, `.trainable = b`), `v.get_weights()`
/// and `v.set_weights(w)` of a name bound to one, and the model's own `get_weights()` /
/// `set_weights(w)`: the module's submodule and its tensors in Keras's layout.
RewriteResult generateLayerWeights(const RewriteRequest &r);
/// Python expression: the list Keras's `get_weights()` returns for layer `index` of `m`,
/// read from `module` (the generated submodule's expression): Dense [kernel (in, units),
/// bias] (rows in H·W·C order after a Flatten of images), Embedding [embeddings],
/// Conv1D/Conv2D [kernel (…, in, out), bias], BatchNormalization [gamma, beta, moving
/// mean, moving variance] (https://keras.io/api/layers/). "" with `*error` for other
/// layers with weights.
QString kerasWeightsExpression(const ModelIR &m, int index, const QString &module, QString *error);
/// "" when every layer of `m` with weights has its layout converted, else why not.
QString modelWeightsCheck(const ModelIR &m);
/// The IR index of Keras's `model.layers[k]` (k < 0 from the end; a Sequential lists no
/// InputLayer, a layer called twice appears once); -1 when out of range.
int kerasLayerIndex(const ModelIR &m, qint64 k);
/// The IR index of the layer `get_layer(name)` names, or of `layers[position]` when `name`
/// is empty; -1 when there is none.
int layerIndexOf(const ModelIR &m, const QString &name, qint64 position);

/// How the code uses a layer reference (`model.get_layer('n')`, `model.layers[k]`, or a
/// name bound to one): what torch-layer-weights converts.
struct LayerRefUse {
    enum Kind { Unsupported, GetWeights, Weights, WeightsItem, SetWeights, Trainable, Bound };
    Kind kind = Unsupported;
    TSNode outer{};    ///< the node the conversion replaces
    TSNode argument{}; ///< set_weights' argument, the item of `.weights[i]`, trainable's value
};
LayerRefUse layerRefUse(TSNode ref, const QByteArray &text);
/// `model.get_layer('n')` (*name = n) or `model.layers[k]` (*position = k, *name empty) at
/// `ref`; false for anything else.
bool layerRefKey(TSNode ref, const QByteArray &text, QString *model, QString *name, qint64 *position);
/// `model.train_on_batch(x, y)`: one optimizer step (PyTorchLoops.cpp).
RewriteResult generateTrainOnBatch(const RewriteRequest &r);
/// `m.summary()` -> `print(m)` and its parameter count, for a model the target converts.
RewriteResult generateSummary(const RewriteRequest &r);

} // namespace kmw::rewrite
