#pragma once

#include "Query.h"

namespace kmw {

class BackendTensors;
class KerasObjects;

/// What the rule engine knows of a cell for the Keras predicates: its backend tensors
/// and models (BackendTensors.h) and which names are Keras objects (KerasObjects.h), up
/// to the cell's end. Either may be null (the predicates that need it never hold).
struct KerasFacts : MatchFacts {
    KerasFacts(const BackendTensors *t, const KerasObjects *o) : tensors(t), objects(o) {}
    const BackendTensors *tensors = nullptr;
    const KerasObjects *objects = nullptr;
};

/// Registers the query predicates that know Keras (Query.h, registerPredicate):
/// - `#keras3-missing? @a`: the resolved name is one Keras 3 lacks (KerasApi);
/// - `#all-names-in? @import "keras.ops"`: every name the `from … import` statement
///   imports exists in that Keras 3 module (KerasApi);
/// - `#backend-tensor? @a`: the expression is a backend tensor under Keras 3 (a model's
///   output, …: BackendTensors::isTensorExpression);
/// - `#keras-tensor? @a`: a Functional model's symbolic value
///   (BackendTensors::isKerasTensorExpression);
/// - `#keras-model? @a`: the name is bound to a Keras model (`Sequential(…)`, `Model(…)`,
///   `load_model(…)`); `#multi-output-model? @a`: to a Functional model with two or more
///   outputs;
/// - `#keras-object? @a`: KerasObjects classifies the node as Keras;
///   `#data-layer? @a`: a Keras preprocessing layer that runs inside tf.data;
/// - `#saved-path? @a`: the string is a path a Keras object was saved to earlier in the
///   document (KerasObjects::savedPaths).
/// Their MatchContext::facts is a KerasFacts. Called once, before any query is compiled
/// (Builtins.cpp).
void registerKerasPredicates();

} // namespace kmw
