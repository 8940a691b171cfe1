"""Verifies one model of a notebook or script in a real framework, for `kmw-cli verify`
and the workbench's Model > Verify in Python. Started by the workbench with the
interpreter the user chose, once per side; it installs nothing.

    python kmw_verify.py SPEC.json SIDE OUT.json

SIDE is "keras2" (the original code under tf-keras, TF_USE_LEGACY_KERAS=1), "keras3" (the
code migrated by the keras3-torch rules, KERAS_BACKEND=torch) or "pytorch" (the module the
keras-to-pytorch rules generate). The keras2 side runs first: it writes REFERENCE.npz
(its initial weights, the seeded batches, every layer's output, the gradients' norms)
next to OUT.json; the other sides copy its weights in and compare against it.

SPEC.json (written by the workbench): {"variable", "build_cell", "last_cell",
"cells": {"keras2": [source, ...], "keras3": [...]}, "stubs": {name: {"shape", "dtype",
"high"}}, "values": {name: number}, "inputs": [{"shape", "dtype", "high"}], "batch_size",
"steps", "seed", "reference": path, "pytorch": {"class_name", "class_code", "logits",
"dropped", "loss_code", "optimizer_code", "layers": [{"index", "name", "type"}],
"weight_map": [{"layer", "name", "type", "field", "weights": [{"torch", "from", "ops"}]}]}}

The model is built by the statements its variable needs, sliced out of the code cells
(a backward slice over top-level statements by the names they define and read); the
arrays the extractor took shapes from (`X_train`) are stubbed with seeded arrays of those
shapes, and values given with --set are bound first.

OUT.json: {"ok", "error", "traceback", "stage", "versions", "slice", "params", "layers":
[{"name", "type", "shape"}], "output_shape", "loss", "grad_norms": {layer: norm},
"losses": [step losses], "layer_diffs": [{"name", "type", "shape", "max_abs_diff",
"ref_max"}], "max_abs_diff", "ref_max", "notes": [...], "seconds"}.
"""
import ast
import json
import os
import re
import sys
import time
import traceback

DROPOUTS = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout",
            "GaussianDropout")
# Layers that keep a vector's values in place.
KEEP_IN_PLACE = DROPOUTS + ("Activation", "GaussianNoise", "ActivityRegularization", "ReLU", "LeakyReLU")
# Methods of the model that do not change what it is (never part of the slice).
MODEL_KEEPS = ("add", "compile", "build", "pop")
# Calls on other objects that only show things.
SHOWS = ("show", "plot", "head", "tail", "describe", "info", "savefig", "imshow", "print", "summary",
         "hist", "scatter", "legend", "title", "xlabel", "ylabel", "figure", "subplot", "to_csv", "save",
         "fit", "evaluate", "predict")


# ---------------------------------------------------------------------------------------------
# Slicing


def masked(source):
    """A cell's source with IPython magics and shell lines made `pass` (cell magics other
    than timing ones drop the whole cell)."""
    lines = source.split("\n")
    if lines and lines[0].lstrip().startswith("%%"):
        if not re.match(r"\s*%%(time|timeit|capture)\b", lines[0]):
            return ""
        lines = lines[1:]
    out = []
    for line in lines:
        stripped = line.lstrip()
        indent = line[:len(line) - len(stripped)]
        if stripped.startswith(("%", "!")) or (stripped.endswith("?") and not stripped.startswith("#")):
            out.append(indent + "pass")
        else:
            out.append(line)
    return "\n".join(out)


def stored_names(target):
    names = set()
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Starred) and isinstance(node.value, ast.Name):
            names.add(node.value.id)
    return names


def defines(stmt):
    """(names rebound by the statement, names it changes in place)."""
    rebound, changed = set(), set()
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        for alias in stmt.names:
            rebound.add((alias.asname or alias.name).split(".")[0])
    elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        rebound.add(stmt.name)
    elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for t in targets:
            if isinstance(t, (ast.Name, ast.Tuple, ast.List, ast.Starred)):
                (changed if isinstance(stmt, ast.AugAssign) else rebound).update(stored_names(t))
            else:  # x.attr = …, x[i] = …
                base = t
                while isinstance(base, (ast.Attribute, ast.Subscript)):
                    base = base.value
                if isinstance(base, ast.Name):
                    changed.add(base.id)
    elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        if isinstance(func, ast.Attribute):
            base = func.value
            while isinstance(base, (ast.Attribute, ast.Subscript, ast.Call)):
                base = base.func if isinstance(base, ast.Call) else base.value
            if isinstance(base, ast.Name):
                changed.add(base.id)
    elif isinstance(stmt, (ast.For, ast.While, ast.If, ast.With, ast.Try)):
        for node in ast.walk(stmt):
            if isinstance(node, ast.stmt) and node is not stmt:
                r, c = defines(node)
                changed.update(r)
                changed.update(c)
        if isinstance(stmt, ast.For):
            target = stored_names(stmt.target)
            if target & changed:
                # `for layer in model.layers[:3]: layer.trainable = False` changes the
                # objects the loop walks: the names its iterable reads
                changed.update(n.id for n in ast.walk(stmt.iter) if isinstance(n, ast.Name))
            changed.update(target)
        if isinstance(stmt, ast.With):
            for item in stmt.items:
                if item.optional_vars is not None:
                    changed.update(stored_names(item.optional_vars))
    return rebound, changed


def reads(stmt):
    """Names the statement reads (a function's body: the globals it reads)."""
    loads, local = set(), set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else local).add(node.id)
        elif isinstance(node, ast.arg):
            local.add(node.arg)
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        loads -= local
    return loads


def method_called(stmt):
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Attribute):
        return stmt.value.func.attr
    return None


def slice_cells(cells, variable, last_cell, stubs):
    """The statements of cells[0..last_cell] that the model `variable` needs, as
    [(cell, statement source, line)], in order."""
    statements = []
    for index, source in enumerate(cells[:last_cell + 1]):
        if source is None:
            continue
        text = masked(source)
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for stmt in tree.body:
            statements.append((index, stmt, ast.get_source_segment(text, stmt)))
    needed = {variable}
    chosen = []
    for index, stmt, text in reversed(statements):
        if isinstance(stmt, ast.ImportFrom) and any(alias.name == "*" for alias in stmt.names):
            chosen.append((index, text, stmt.lineno))  # may define any name needed
            continue
        rebound, changed = defines(stmt)
        hit = (rebound | changed) & needed
        if not hit:
            continue
        method = method_called(stmt)
        if method is not None:
            if variable in changed and method not in MODEL_KEEPS:
                continue
            if variable not in changed and method in SHOWS:
                continue
        if rebound and rebound <= set(stubs) and not (changed & needed):
            needed -= rebound
            continue
        chosen.append((index, text, stmt.lineno))
        needed -= rebound
        needed |= reads(stmt) | changed
        needed -= set(stubs)
    chosen.reverse()
    return chosen


# ---------------------------------------------------------------------------------------------
# Data


def make_array(rng, spec, batch, np):
    shape = [batch] + [d if d and d > 0 else 10 for d in spec["shape"]]
    if spec.get("dtype", "float32").startswith("int"):
        return rng.integers(0, max(1, int(spec.get("high", 10))), size=shape).astype("int64")
    return rng.standard_normal(shape).astype("float32")


def make_targets(rng, loss, output_shape, batch, np):
    shape = [batch] + [d if d and d > 0 else 10 for d in output_shape]
    classes = shape[-1] if len(shape) > 1 else 1
    if loss in ("categorical_crossentropy",):
        labels = rng.integers(0, classes, size=shape[:-1])
        return np.eye(classes, dtype="float32")[labels]
    if loss in ("sparse_categorical_crossentropy",):
        return rng.integers(0, classes, size=shape[:-1]).astype("int64")
    if loss in ("binary_crossentropy",):
        return rng.integers(0, 2, size=shape).astype("float32")
    return rng.standard_normal(shape).astype("float32")


def loss_name(loss):
    if isinstance(loss, str):
        aliases = {"mse": "mean_squared_error", "mae": "mean_absolute_error",
                   "categorical_crossentropy": "categorical_crossentropy"}
        return aliases.get(loss, loss)
    name = getattr(loss, "name", None) or getattr(loss, "__name__", "")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() if name and name[0].isupper() else name


# ---------------------------------------------------------------------------------------------
# Keras sides


def build_keras_model(spec, side, result):
    from kmw_run_cells import seeding_code
    namespace = {"__name__": "__main__"}
    exec(compile(seeding_code(side, spec.get("seed", 0)), "<seeding>", "exec"), namespace)
    import numpy as np
    rng = np.random.default_rng(spec.get("seed", 0) + 7)
    lines = []
    for name, value in spec.get("values", {}).items():
        namespace[name] = value
        lines.append("%s = %r  # --set" % (name, value))
    for name, stub in spec.get("stubs", {}).items():
        namespace[name] = make_array(rng, stub, int(stub.get("rows", 64)), np)
        lines.append("%s = <seeded array %s>  # stands for the data" % (name, tuple([stub.get("rows", 64)] + stub["shape"])))
    cells = spec["cells"][side]
    chosen = slice_cells(cells, spec["variable"], spec["last_cell"], spec.get("stubs", {}))
    pretrained = re.compile(r"""(\bweights\s*=\s*)(['"])imagenet\2""")
    if any(pretrained.search(text) for _, text, _ in chosen):
        # the weights are copied from Keras 2 into the other sides anyway; downloading
        # them is not needed to compare, and the harness may have no network
        chosen = [(cell, pretrained.sub(r"\1None", text), line) for cell, text, line in chosen]
        result["notes"].append("weights='imagenet' built as weights=None: the comparison copies Keras 2's "
                               "weights into the other sides, pretrained or not")
    for cell, text, line in chosen:
        lines.append("# cell %d, line %d\n%s" % (cell, line, text))
    result["slice"] = "\n".join(lines)
    result["stage"] = "build"
    for cell, text, line in chosen:
        code = compile("\n" * (line - 1) + text, "<cell %d>" % cell, "exec")
        exec(code, namespace)
    if spec["variable"] not in namespace:
        raise RuntimeError("the sliced code did not define `%s`" % spec["variable"])
    model = namespace[spec["variable"]]
    if spec.get("probe"):
        probed = {}
        for name in spec["probe"]:
            value = namespace.get(name)
            try:
                if value is not None and not isinstance(value, (str, bytes)) and int(value) == value:
                    probed[name] = int(value)
            except (TypeError, ValueError):
                pass
        result["probed"] = probed
    if "inputs" not in spec:
        # sizes from data: the model says what it takes
        if not getattr(model, "built", False):
            raise RuntimeError("the model is not built by its code and its input shape comes from data")
        high, tokens = 10, False
        first = keras_layers(model)[:1]
        for layer in model.layers:
            if type(layer).__name__ == "Embedding":
                high = int(layer.input_dim)
                tokens = bool(first) and layer is first[0]
                break
        spec["inputs"] = [{"shape": [int(d) if d is not None else -1 for d in tuple(t.shape)[1:]],
                           "dtype": "int64" if tokens or "int" in str(t.dtype) else "float32", "high": high}
                          for t in model.inputs]
        result["inputs"] = spec["inputs"]
    if not getattr(model, "built", True) or not getattr(model, "weights", None):
        shapes = [tuple([None] + [d if d > 0 else None for d in i["shape"]]) for i in spec["inputs"]]
        model.build(shapes[0] if len(shapes) == 1 else shapes)
        result["notes"].append("the model was built for input %s (the code leaves it to the first call)" % (shapes,))
    return model


def keras_layers(model):
    return [l for l in model.layers if type(l).__name__ != "InputLayer"]


def layer_outputs(keras, model, xs):
    layers = keras_layers(model)
    if type(model).__name__ == "Sequential":
        h = xs[0]
        outs = []
        for l in layers:
            h = l(h, training=False)
            outs.append(h)
        return layers, outs
    probe = keras.Model(model.inputs, [l.output for l in layers])
    outs = probe(xs if len(xs) > 1 else xs[0], training=False)
    return layers, list(outs) if isinstance(outs, (list, tuple)) else [outs]


def switch_off_noise(layers):
    off = []
    for l in layers:
        inner = [l]
        if hasattr(l, "layers"):
            inner = l.layers
        for m in inner:
            name = type(m).__name__
            if name in DROPOUTS and getattr(m, "rate", 0):
                m.rate = 0.0
                off.append(m.name)
            elif name == "GaussianNoise" and getattr(m, "stddev", 0):
                m.stddev = 0.0
                off.append(m.name)
            # recurrent layers' input and recurrent dropout live on their cells
            for holder in [m, getattr(m, "cell", None), getattr(m, "forward_layer", None),
                           getattr(m, "backward_layer", None)] + [getattr(getattr(m, k, None), "cell", None)
                                                                  for k in ("forward_layer", "backward_layer")]:
                for attribute in ("dropout", "recurrent_dropout"):
                    if holder is not None and isinstance(getattr(holder, attribute, None), float) and getattr(holder, attribute):
                        try:
                            setattr(holder, attribute, 0.0)
                            off.append("%s.%s" % (m.name, attribute))
                        except AttributeError:
                            pass
    return off


def run_keras(spec, side, out_path, result):
    import numpy as np
    if side == "keras2":
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
    model = build_keras_model(spec, side, result)
    if side == "keras2":
        import tf_keras as keras
        import tensorflow as tf
        result["versions"] = {"tensorflow": tf.__version__, "tf_keras": keras.__version__}
    else:
        import keras
        import torch
        result["versions"] = {"keras": keras.__version__, "torch": torch.__version__,
                              "backend": keras.backend.backend()}
    result["stage"] = "compare"
    result["params"] = int(model.count_params())
    batch, steps = spec.get("batch_size", 8), spec.get("steps", 20)
    reference = spec["reference"]
    layers = keras_layers(model)
    if side == "keras2":
        rng = np.random.default_rng(spec.get("seed", 0))
        xs = [make_array(rng, i, batch, np) for i in spec["inputs"]]
        ref = {}
        for k, x in enumerate(xs):
            ref["x%d" % k] = x
        for p, l in enumerate(layers):
            for k, w in enumerate(l.get_weights()):
                ref["w_%d_%d" % (p, k)] = w
    else:
        ref = dict(np.load(reference))
        xs = [ref["x%d" % k] for k in range(len(spec["inputs"]))]
        ref_layers = json.loads(str(ref["layers"]))
        if len(ref_layers) != len(layers):
            result["notes"].append("Keras 2 has %d layers, Keras 3 %d" % (len(ref_layers), len(layers)))
        for p, l in enumerate(layers[:len(ref_layers)]):
            weights = [ref["w_%d_%d" % (p, k)] for k in range(ref_layers[p]["weights"])]
            if len(weights) != len(l.get_weights()):
                raise RuntimeError("layer %s: Keras 2 has %d weight arrays, Keras 3 %d" %
                                   (l.name, len(weights), len(l.get_weights())))
            l.set_weights(weights)
    result["stage"] = "forward"
    layer_list, outs = layer_outputs(keras, model, xs)
    outs = [np.asarray(o.detach().cpu() if hasattr(o, "detach") else o) for o in outs]
    result["layers"] = [{"name": l.name, "type": type(l).__name__, "shape": list(o.shape[1:]),
                         "weights": len(l.get_weights())} for l, o in zip(layer_list, outs)]
    y = model(xs if len(xs) > 1 else xs[0], training=False)
    if isinstance(y, (list, tuple)):
        y = y[0]
    y = np.asarray(y.detach().cpu() if hasattr(y, "detach") else y)
    result["output_shape"] = list(y.shape[1:])
    if side == "keras2":
        ref["y"] = y
        for p, o in enumerate(outs):
            ref["h%d" % p] = o
        ref["layers"] = np.array(json.dumps(result["layers"]))
    else:
        compare_layers(result, ref, [(l.name, type(l).__name__, o) for l, o in zip(layer_list, outs)], y, np)
    loss_spec = getattr(model, "loss", None)
    if not loss_spec:
        result["notes"].append("the model is not compiled: no loss, gradients or training steps to compare")
    else:
        result["stage"] = "loss"
        loss_fn = keras.losses.get(loss_spec) if isinstance(loss_spec, str) else loss_spec
        result["loss_name"] = loss_name(loss_spec)
        if side == "keras2":
            targets = make_targets(np.random.default_rng(spec.get("seed", 0) + 1), result["loss_name"],
                                   result["output_shape"], batch, np)
            ref["t"] = targets
            step_rng = np.random.default_rng(spec.get("seed", 0) + 2)
            for k in range(steps):
                for i, inp in enumerate(spec["inputs"]):
                    ref["sx%d_%d" % (k, i)] = make_array(step_rng, inp, batch, np)
                ref["st%d" % k] = make_targets(step_rng, result["loss_name"], result["output_shape"], batch, np)
        targets = ref["t"]
        feed = xs if len(xs) > 1 else xs[0]
        if side == "keras2":
            with tf.GradientTape() as tape:
                pred = model(feed, training=False)
                loss = tf.reduce_mean(loss_fn(targets, pred))
            grads = tape.gradient(loss, [w for l in layers for w in l.trainable_weights])
            result["loss"] = float(loss)
            grads = [np.asarray(tf.convert_to_tensor(g)) if g is not None else None for g in grads]
        else:
            pred = model(feed, training=False)
            loss = keras.ops.mean(loss_fn(targets, pred))
            weights = [w.value for l in layers for w in l.trainable_weights]
            grads = torch.autograd.grad(loss, weights, allow_unused=True)
            result["loss"] = float(loss.detach().cpu())
            grads = [g.detach().cpu().numpy() if g is not None else None for g in grads]
        norms, k = {}, 0
        # named as Keras 2 names the layer at the same position
        ref_names = [l["name"] for l in json.loads(str(ref["layers"]))] if "layers" in ref else []
        for position, l in enumerate(layers):
            total = 0.0
            for _ in l.trainable_weights:
                g = grads[k]
                k += 1
                if g is not None:
                    total += float(np.sum(np.square(g.astype("float64"))))
            if l.trainable_weights:
                norms[ref_names[position] if position < len(ref_names) else l.name] = total ** 0.5
        result["grad_norms"] = norms
        result["stage"] = "training"
        stated = spec.get("optimizer", {}).get("learning_rate")
        optimizer = getattr(model, "optimizer", None)
        if stated is not None and optimizer is not None and hasattr(optimizer, "learning_rate"):
            try:
                actual = float(np.asarray(optimizer.learning_rate))
            except (TypeError, ValueError):
                actual = None
            if actual is not None and abs(actual - stated) > 1e-6 * max(abs(stated), 1e-12):
                optimizer.learning_rate = stated
                result["notes"].append(
                    "%s runs this optimizer with learning rate %g where the code says %g (an argument it "
                    "ignores, such as `lr=`: https://keras.io/api/optimizers/); the training steps here use %g"
                    % ("Keras 2" if side == "keras2" else "Keras 3", actual, stated, stated))
        off = switch_off_noise(layers)
        if off:
            result["notes"].append("random layers off for the training steps (their draws differ between "
                                   "frameworks): %s" % ", ".join(off))
        losses = []
        for k in range(steps):
            sx = [ref["sx%d_%d" % (k, i)] for i in range(len(spec["inputs"]))]
            value = model.train_on_batch(sx if len(sx) > 1 else sx[0], ref["st%d" % k])
            if isinstance(value, (list, tuple)):
                value = value[0]
            elif isinstance(value, dict):
                value = value.get("loss", next(iter(value.values())))
            losses.append(float(value))
        result["losses"] = losses
        if side == "keras2" and steps:
            # How well-conditioned the comparison is: the same steps from weights moved by
            # 1e-6 relative noise, with a fresh optimizer. Training that amplifies such a
            # change (a deep net on random targets) cannot be compared to 1e-3 either.
            result["stage"] = "conditioning"
            noise = np.random.default_rng(spec.get("seed", 0) + 3)
            for p_, l in enumerate(layers):
                count = len(l.get_weights())
                if count:
                    l.set_weights([ref["w_%d_%d" % (p_, k)] * (1 + 1e-6 * noise.standard_normal(ref["w_%d_%d" % (p_, k)].shape)).astype("float32")
                                   for k in range(count)])
            fresh = type(model.optimizer).from_config(model.optimizer.get_config())
            model.compile(optimizer=fresh, loss=loss_spec)
            perturbed = []
            for k in range(steps):
                sx = [ref["sx%d_%d" % (k, i)] for i in range(len(spec["inputs"]))]
                value = model.train_on_batch(sx if len(sx) > 1 else sx[0], ref["st%d" % k])
                if isinstance(value, (list, tuple)):
                    value = value[0]
                perturbed.append(float(value))
            result["losses_perturbed"] = perturbed
    if side == "keras2":
        np.savez(reference, **ref)


def compare_layers(result, ref, produced, y, np):
    """Per-layer and final differences against the Keras 2 reference, matched by position."""
    ref_layers = json.loads(str(ref["layers"]))
    diffs = []
    for p, (name, kind, out) in enumerate(produced):
        entry = {"name": name, "type": kind, "shape": list(out.shape[1:])}
        if p < len(ref_layers) and "h%d" % p in ref:
            r = ref["h%d" % p]
            entry["ref_name"] = ref_layers[p]["name"]
            if r.shape == out.shape:
                entry["max_abs_diff"] = float(np.max(np.abs(r.astype("float64") - out.astype("float64")))) if r.size else 0.0
                entry["ref_max"] = float(np.max(np.abs(r))) if r.size else 0.0
            else:
                entry["shape_mismatch"] = [list(r.shape[1:]), list(out.shape[1:])]
        diffs.append(entry)
    result["layer_diffs"] = diffs
    r = ref["y"]
    if r.shape == y.shape:
        result["max_abs_diff"] = float(np.max(np.abs(r.astype("float64") - y.astype("float64"))))
        result["ref_max"] = float(np.max(np.abs(r)))
    else:
        result["output_shape_mismatch"] = [list(r.shape[1:]), list(y.shape[1:])]


# ---------------------------------------------------------------------------------------------
# PyTorch side


def apply_ops(array, ops, np):
    """The weight map's operations (see core/WeightMap.h): reshape, permute, blocks
    (split an axis into `count` equal blocks and reorder them), row (take index `index`
    of the first axis)."""
    for op in ops:
        kind = op["op"]
        if kind == "reshape":
            array = array.reshape(op["shape"])
        elif kind == "permute":
            array = np.transpose(array, op["dims"])
        elif kind == "blocks":
            parts = np.split(array, op["count"], axis=op["axis"])
            array = np.concatenate([parts[i] for i in op["order"]], axis=op["axis"])
        elif kind == "row":
            array = array[op["index"]]
        else:
            raise RuntimeError("unknown weight operation %r" % kind)
    return np.array(array, order="C")  # np.ascontiguousarray would make a scalar (count) 1-D


def run_pytorch(spec, out_path, result):
    import torch  # before numpy's users and TensorFlow: see kmw_run_cells.seeding_code
    import torch._dynamo  # noqa: F401
    import numpy as np
    import random
    seed = spec.get("seed", 0)
    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    result["versions"] = {"torch": torch.__version__}
    p = spec["pytorch"]
    ref = dict(np.load(spec["reference"]))
    ref_layers = json.loads(str(ref["layers"]))
    # forward() with every layer's output recorded
    trace = {}
    code = []
    assign = re.compile(r"^(\s+)(h(\d+))(, _)? = ")
    for line in p["class_code"].split("\n"):
        code.append(line)
        m = assign.match(line)
        if m:
            code.append("%s_kmw_trace[%s] = %s" % (m.group(1), m.group(3), m.group(2)))
    namespace = {"torch": torch, "nn": torch.nn, "F": torch.nn.functional, "_kmw_trace": trace}
    result["slice"] = "\n".join(code)
    result["stage"] = "build"
    if p.get("helper_code"):
        exec(compile(p["helper_code"], "<generated helper>", "exec"), namespace)
    exec(compile("\n".join(code), "<generated module>", "exec"), namespace)
    module = namespace[p["class_name"]]()
    # Keras counts BatchNormalization's moving statistics: PyTorch keeps them as buffers.
    # Tensors PyTorch has and Keras has not (an LSTM's second bias, set to zeros) are
    # counted apart, and left out of the gradient norms.
    extra = {e["field"] + "." + w["torch"] for e in p["weight_map"] for w in e["weights"] if w.get("from", -1) < 0}
    state_sizes = {k: t.numel() for k, t in module.state_dict().items() if not k.endswith("num_batches_tracked")}
    result["params"] = int(sum(n for k, n in state_sizes.items() if k not in extra))
    result["params_extra"] = int(sum(n for k, n in state_sizes.items() if k in extra))
    if result["params_extra"]:
        result["notes"].append("PyTorch has %d more parameters, set to zeros: %s (Keras keeps one bias where "
                               "PyTorch keeps two)" % (result["params_extra"], ", ".join(sorted(extra))))
    result["stage"] = "weights"
    # IR layers -> Keras 2 layers: same name, else the k-th of the same type
    by_name = {l["name"]: i for i, l in enumerate(ref_layers)}
    seen = {}
    match = {}
    for layer in p["layers"]:
        if layer["type"] == "InputLayer":
            continue
        k = seen.get(layer["type"], 0)
        seen[layer["type"]] = k + 1
        i = by_name.get(layer["name"])
        if i is None or ref_layers[i]["type"] != layer["type"]:
            same = [j for j, l in enumerate(ref_layers) if l["type"] == layer["type"]]
            i = same[k] if k < len(same) else None
        if i is not None:
            match[layer["index"]] = i
    state = module.state_dict()
    loaded = set()
    for entry in p["weight_map"]:
        i = match.get(entry["layer"])
        if i is None:
            raise RuntimeError("no Keras 2 layer for %s (%s)" % (entry["name"], entry["type"]))
        for w in entry["weights"]:
            key = entry["field"] + "." + w["torch"]
            if key not in state:
                raise RuntimeError("weight map: the module has no %s" % key)
            if w.get("from", -1) < 0:
                value = np.zeros(tuple(state[key].shape), dtype="float32")
            else:
                value = apply_ops(ref["w_%d_%d" % (i, w["from"])], w.get("ops", []), np)
            if tuple(value.shape) != tuple(state[key].shape):
                raise RuntimeError("weight map: %s is %s in PyTorch, %s from Keras %s" %
                                   (key, tuple(state[key].shape), tuple(value.shape), entry["name"]))
            state[key] = torch.from_numpy(value.astype("float32"))
            loaded.add(key)
    missing = [k for k in state if k not in loaded and not k.endswith("num_batches_tracked")]
    if missing:
        result["notes"].append("not set from Keras: %s" % ", ".join(missing))
    module.load_state_dict(state)
    module.eval()

    def to_torch(x, spec_in):
        t = torch.from_numpy(x)
        if len(spec_in["shape"]) == 3 and not x.dtype.kind == "i":
            t = t.permute(0, 3, 1, 2).contiguous()
        return t

    def keras_layout(t):
        t = t.detach()
        return (t.permute(0, 2, 3, 1) if t.dim() == 4 else t).numpy()

    def final(t):
        if p.get("dropped") == "softmax":
            return torch.softmax(t, dim=-1 if t.dim() != 4 else 1)
        if p.get("dropped") == "sigmoid":
            return torch.sigmoid(t)
        return t

    xs = [to_torch(ref["x%d" % k], i) for k, i in enumerate(spec["inputs"])]
    result["stage"] = "forward"
    with torch.no_grad():
        y = module(*xs)
    out_index = max(trace) if trace else -1
    produced = []
    index_to_name = {l["index"]: l for l in p["layers"]}
    # torch.flatten of a channels-first image orders values C·H·W, Keras H·W·C: those
    # vectors (and what keeps them in place, Dropout, Activation) are compared in Keras's order
    flat_from = {}
    for index in sorted(trace):
        layer = index_to_name.get(index, {"name": "h%d" % index, "type": "?", "inbound": []})
        t = trace[index]
        source = layer.get("inbound", [None])[0] if layer.get("inbound") else None
        if layer["type"] == "Flatten" and source in trace and trace[source].dim() == 4:
            flat_from[index] = tuple(trace[source].shape[1:])
        elif layer["type"] in KEEP_IN_PLACE and source in flat_from and t.dim() == 2:
            flat_from[index] = flat_from[source]
        if index == out_index or index == p.get("output_layer", -1):
            t = final(t)
        value = keras_layout(t)
        if index in flat_from:
            c, h, w = flat_from[index]
            value = value.reshape(-1, c, h, w).transpose(0, 2, 3, 1).reshape(value.shape[0], -1)
        produced.append((match.get(index), layer["name"], layer["type"], value))
    y = keras_layout(final(y))
    # compare in the Keras 2 order: the layer of each position
    ordered = []
    by_position = {pos: (name, kind, out) for pos, name, kind, out in produced if pos is not None}
    for pos in range(len(ref_layers)):
        if pos in by_position:
            ordered.append(by_position[pos])
        else:
            ordered.append((ref_layers[pos]["name"], ref_layers[pos]["type"] + " (no PyTorch op)", None))
    filtered = [(n, k, o) for n, k, o in ordered if o is not None]
    positions = [pos for pos in range(len(ref_layers)) if pos in by_position]
    result["layers"] = [{"name": n, "type": k, "shape": list(o.shape[1:])} for n, k, o in filtered]
    # compare_layers matches by position: give it the reference's positions
    sub = {"layers": np.array(json.dumps([ref_layers[pos] for pos in positions])), "y": ref["y"]}
    for j, pos in enumerate(positions):
        sub["h%d" % j] = ref["h%d" % pos]
    compare_layers(result, sub, filtered, y, np)
    if "t" not in ref:
        result["notes"].append("the Keras model is not compiled: no loss, gradients or training steps to compare")
        return
    result["stage"] = "loss"
    criterion = eval(p["loss_code"], {"nn": torch.nn, "torch": torch})
    loss_kind = p.get("loss", "")

    def target(t, outputs):
        t = torch.from_numpy(t)
        if loss_kind == "categorical_crossentropy":
            return t.argmax(dim=-1)
        if loss_kind == "sparse_categorical_crossentropy":
            return t.long().reshape(outputs.shape[:-1])
        if t.dim() == 4 and outputs.dim() == 4:  # Keras NHWC targets of a channels-first output
            t = t.permute(0, 3, 1, 2)
        return t.float().reshape(outputs.shape)

    def loss_of(out, t):
        # Keras applies a classification loss at every step of (N, L, C) outputs;
        # nn.CrossEntropyLoss takes the classes second
        target_t = target(t, out)
        if loss_kind.endswith("categorical_crossentropy") and out.dim() == 3:
            return criterion(out.transpose(1, 2), target_t)
        return criterion(out, target_t)

    out = module(*xs)
    loss = loss_of(out, ref["t"])
    loss.backward()
    result["loss"] = float(loss.detach())
    norms = {}
    for entry in p["layers"]:
        if entry.get("field") and hasattr(module, entry["field"]):
            params = [q for name, q in getattr(module, entry["field"]).named_parameters()
                      if entry["field"] + "." + name not in extra]
            if params:
                i = match.get(entry["index"])
                norms[ref_layers[i]["name"] if i is not None else entry["name"]] = float(sum(float((q.grad.double() ** 2).sum()) for q in params if q.grad is not None)) ** 0.5
    result["grad_norms"] = norms
    result["stage"] = "training"
    module.zero_grad()
    off = []
    for name, m in module.named_modules():
        if isinstance(m, (torch.nn.Dropout, torch.nn.Dropout1d, torch.nn.Dropout2d, torch.nn.AlphaDropout)) and m.p:
            m.p = 0.0
            off.append(name)
    if off:
        result["notes"].append("random layers off for the training steps: %s" % ", ".join(off))
    module.train()
    initial = {k: t.clone() for k, t in module.state_dict().items()}
    optimizer = eval(p["optimizer_code"], {"torch": torch, "model": module}) if p.get("optimizer_code") else None
    if optimizer is None:
        raise RuntimeError("no torch.optim optimizer for the Keras optimizer %r" % spec.get("optimizer", {}).get("type"))
    def train(update):
        """The seeded steps; `update(step)` changes the weights after each backward pass."""
        out_losses = []
        for k in range(spec.get("steps", 20)):
            sx = [to_torch(ref["sx%d_%d" % (k, i)], inp) for i, inp in enumerate(spec["inputs"])]
            module.zero_grad()
            out = module(*sx)
            loss = loss_of(out, ref["st%d" % k])
            loss.backward()
            update(k + 1)
            out_losses.append(float(loss.detach()))
        return out_losses

    losses = train(lambda step: optimizer.step())
    result["losses"] = losses
    kind = spec.get("optimizer", {}).get("type", "")
    reference = [float(v) for v in spec.get("keras2_losses", [])]
    parted = any(abs(a - b) > 1e-3 * abs(b) for a, b in zip(losses[1:2] + losses[-1:], reference[1:2] + reference[-1:]))
    if kind in ("adam", "adamw") and reference and losses and parted:
        # torch.optim.Adam adds epsilon after the bias correction, Keras before it
        # (https://keras.io/api/optimizers/adam/, https://pytorch.org/docs/stable/generated/torch.optim.Adam.html):
        # the same steps with Keras's rule tell that apart from a migration error
        module.load_state_dict(initial)
        module.train()
        params = [q for q in module.parameters() if q.requires_grad]
        lr, (b1, b2), eps = optimizer.defaults["lr"], optimizer.defaults["betas"], optimizer.defaults["eps"]
        decay = optimizer.defaults.get("weight_decay", 0.0) if kind == "adamw" else 0.0
        m = [torch.zeros_like(q) for q in params]
        v = [torch.zeros_like(q) for q in params]
        def keras_adam(t):
            alpha = lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
            with torch.no_grad():
                for q, mq, vq in zip(params, m, v):
                    if q.grad is None:
                        continue
                    if decay:
                        q.sub_(q * decay * lr)
                    mq.add_((q.grad - mq) * (1 - b1))
                    vq.add_((q.grad * q.grad - vq) * (1 - b2))
                    q.sub_(mq * alpha / (vq.sqrt() + eps))

        keras_losses = train(keras_adam)
        result["losses_keras_rule"] = keras_losses


def main():
    spec_path, side, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(spec_path) as f:
        spec = json.load(f)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    if spec.get("cwd"):
        os.chdir(spec["cwd"])
        sys.path.insert(0, spec["cwd"])
    result = {"ok": False, "side": side, "error": "", "traceback": "", "stage": "start", "notes": []}
    start = time.time()
    try:
        if side == "pytorch":
            run_pytorch(spec, out_path, result)
        else:
            run_keras(spec, side, out_path, result)
        result["ok"] = True
    except BaseException as e:  # the user's code may raise anything, SystemExit included
        result["error"] = "%s: %s" % (type(e).__name__, str(e)[:2000])
        result["traceback"] = traceback.format_exc()[-6000:]
    result["seconds"] = round(time.time() - start, 3)
    with open(out_path, "w") as f:
        json.dump(result, f, indent=1, default=float)
    print("verify %s %s" % (side, "ok" if result["ok"] else "failed"), flush=True)


if __name__ == "__main__":
    main()
