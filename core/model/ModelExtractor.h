#pragma once

#include "Document.h"
#include "ModelIR.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace kmw {

/// What extractModel() may use besides the code.
struct ExtractOptions {
    /// Last cell to run (0-based index into Document::cells; -1 = all). A notebook is
    /// one namespace: cells 0..cell are read in order, as "Run all above" would.
    int cell = -1;
    /// Model variable to take (e.g. "model2"); "" = the last model built or compiled.
    QString modelName;
    /// Values for names the code cannot give (`--set input_dim=64`).
    QHash<QString, qint64> bindings;
    /// The data's per-sample feature shape and class count, used for expressions on the
    /// fit() arrays (`X_train.shape[1]`, `Y_train.shape[1]`) and a missing input shape.
    TensorShape dataShape;
    int dataClasses = 0;
    /// The model's input shape without batch when the code and data do not give it
    /// (`--input-shape 28,28,1`); empty = not given.
    TensorShape inputShape;
    /// Read `import keras` / `from keras…` as standalone Keras 2.x (not Keras 3): its
    /// GRU defaults to reset_after=False (keras/layers/recurrent.py, Keras <= 2.3),
    /// tf.keras 2.x and Keras 3 to True. For checking summaries saved by Keras 2.
    bool standaloneKeras2 = false;
    /// Without data, let `X.shape[i]` of the fit() arrays stand for itself: each such
    /// expression evaluates to a distinct placeholder number (kSymbolicBase + k, listed in
    /// ExtractResult::symbols) instead of leaving the model unresolved. For code
    /// generation (the generated code writes the expression back); the IR's counts are
    /// then not the model's.
    bool symbolicDataShapes = false;
    /// Use the values a run notebook's saved outputs show (OutputEvidence.h) for
    /// expressions the code cannot evaluate (`x_data.shape` printed as `(333085, 20)`,
    /// `num_x_signals` shown as `20`): never for a value the code gives; each one used
    /// is noted in ModelIR::notes with its cell.
    bool useOutputs = true;
};

/// First placeholder value of ExtractOptions::symbolicDataShapes. Chosen odd and large
/// so that no layer argument written in code is likely to equal one.
constexpr qint64 kSymbolicBase = 7919993;

/// A model found in the code, or why none could be built.
struct ExtractResult {
    bool ok = false;
    ModelIR model;
    QString error;            ///< "cell 30, line 5: cannot resolve `X_train.shape[1]`…"
    QStringList unresolved;   ///< expressions that need a value (from data or --set)
    QStringList unresolvedNames; ///< the variables among them a value can be given for
    QStringList candidates;   ///< model variables seen, in order
    /// symbolicDataShapes: placeholder value -> the expression it stands for
    /// (7919993 -> "X_train.shape[1]").
    QHash<qint64, QString> symbols;
};

/// Reads Keras (Sequential list or .add chain, Functional Input -> calls -> Model, with
/// Concatenate/Add/Dot merges and several inputs, keras.applications.VGG16/ResNet50,
/// compile(), fit()) and PyTorch (nn.Sequential, nn.Module subclasses whose forward
/// applies their layers) model code from the cells up to options.cell, resolving
/// constants assigned earlier, simple top-level functions that build and return a model,
/// and fit-array shapes from options. Runs inferModel() on the result. Never throws;
/// syntax errors in a cell skip that cell (noted).
ExtractResult extractModel(const Document &document, const ExtractOptions &options);

/// The cell whose end state has the model's compile(): the first code cell from `cell` on
/// that calls `variable.compile(`, unless `variable` is assigned again before; `cell`
/// when there is none.
int modelCompileCell(const Document &document, int cell, const QString &variable);

/// True when the cell's code looks like it builds, compiles or fits a model (a
/// `.compile(` / `.fit(` call, `nn.Module`, `Sequential(`, `Model(`): where the GUI offers
/// a smoke run, and the cell a smoke run starts from when none is chosen. A text test,
/// cheap enough for every cell of a notebook as it is shown.
bool cellBuildsModel(const QByteArray &source);

} // namespace kmw
