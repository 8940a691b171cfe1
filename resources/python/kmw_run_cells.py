"""Runs one notebook (or script, as one cell) cell by cell in a Jupyter kernel and
writes what each cell printed, for `kmw-cli run-compare` and the workbench's
Review > Run Both Sides. Started by the workbench with the interpreter the user chose;
it installs nothing.

    python kmw_run_cells.py JOB.json

JOB.json: {"notebook": path, "cwd": folder, "output": result path, "seed": int,
           "framework": "keras2" | "keras3" | "pytorch", "timeout_per_cell": seconds,
           "depends": {"cell index": [earlier code cell indices it reads names from]}}

Progress goes to stdout, one line a cell: "cell INDEX COUNT STATUS". The result is
JSON: {"python", "versions", "seeding", "cells": [{"index", "status": "ok" | "error" |
"timeout" | "skipped" | "not-run", "outputs": [{"type": "stream" | "text" | "image", ...}],
"error": {"ename", "evalue", "traceback"}, "seconds", "skipped_because"}], "error"}.
"""
import json
import os
import re
import sys
import tempfile
import time

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Lines that would change the interpreter the user chose (`!pip install x`,
# `%pip install x`): never run; the same on both sides.
INSTALL_LINE = re.compile(r"^(\s*)([!%]\s*(?:pip|conda|apt|apt-get)\s+install\b.*)$", re.M)


def seeding_code(framework, seed):
    # torch (with torch._dynamo, which loads triton's LLVM) is imported first on every
    # side: with the torch and TensorFlow wheels in one environment, loading TensorFlow
    # before it aborts the process ("LLVM ERROR: inconsistency in registered CommandLine
    # options") as soon as torch compiles anything (an optimizer's first step).
    lines = ["try:", "    import torch as _kmw_torch, torch._dynamo", "except ImportError:", "    pass",
             "try:", "    import keras as _kmw_keras", "except ImportError:", "    pass",
             "import random as _kmw_random, numpy as _kmw_np",
             "_kmw_random.seed(%d); _kmw_np.random.seed(%d)" % (seed, seed)]
    if framework in ("keras2", "pytorch"):
        # Keras 2 code that says `import keras` meant Keras 2: on this side the name is
        # tf-keras (Keras 2.x), as `tf.keras` is under TF_USE_LEGACY_KERAS=1. On the plain
        # PyTorch side too: what that target leaves in Keras is still Keras 2 code.
        lines += ["import sys as _kmw_sys, importlib as _kmw_il, importlib.abc as _kmw_abc, importlib.util as _kmw_u",
                  "for _kmw_n in [n for n in _kmw_sys.modules if n == 'keras' or n.startswith('keras.')]:",
                  "    del _kmw_sys.modules[_kmw_n]",
                  "class _KmwKeras2(_kmw_abc.MetaPathFinder, _kmw_abc.Loader):",
                  "    def find_spec(self, name, path, target=None):",
                  "        if name == 'keras' or name.startswith('keras.'):",
                  "            return _kmw_u.spec_from_loader(name, self)",
                  "    def create_module(self, spec):",
                  "        try:",
                  "            return _kmw_il.import_module('tf_keras' + spec.name[len('keras'):])",
                  "        except ModuleNotFoundError:",
                  "            # standalone Keras 2.x's layer modules (keras.layers.core, .normalization,",
                  "            # .wrappers, ...): their classes are all in tf_keras.layers",
                  "            if spec.name.startswith('keras.layers.'):",
                  "                return _kmw_il.import_module('tf_keras.layers')",
                  "            raise",
                  "    def exec_module(self, module):",
                  "        pass",
                  "_kmw_sys.meta_path.insert(0, _KmwKeras2())"]
        lines += ["try:",
                  "    import tensorflow as _kmw_tf; _kmw_tf.random.set_seed(%d)" % seed,
                  "except ImportError:", "    pass"]
    if framework in ("keras3", "pytorch"):
        lines += ["try:",
                  "    import torch as _kmw_torch; _kmw_torch.manual_seed(%d)" % seed,
                  "except ImportError:", "    pass"]
        if framework == "keras3":
            lines += ["try:",
                      "    import keras as _kmw_keras; _kmw_keras.utils.set_random_seed(%d)" % seed,
                      "except ImportError:", "    pass"]
    # framework imports may draw from these generators: seed them last
    lines.append("_kmw_random.seed(%d); _kmw_np.random.seed(%d)" % (seed, seed))
    return "\n".join(lines)


# keras.datasets loaders that download (no network here is an expected case): when a data
# set is not in Keras's cache, both sides get the same seeded random rows of its shapes
# and its numbers of rows (notebooks write them: `reshape(60000, 784)`), and say so. The
# comparison of the two sides stays exact; only what the model learns means nothing.
STAND_INS = {
    # name: (cache entry under ~/.keras/datasets, kind, sample shape, classes, train, test)
    "mnist": ("mnist.npz", "image", (28, 28), 10, 60000, 10000),
    "fashion_mnist": ("fashion-mnist", "image", (28, 28), 10, 60000, 10000),
    "cifar10": ("cifar-10-batches-py", "image", (32, 32, 3), 10, 50000, 10000),
    "cifar100": ("cifar-100-python", "image", (32, 32, 3), 100, 50000, 10000),
    "boston_housing": ("boston_housing.npz", "table", (13,), 0, 404, 102),
    "imdb": ("imdb.npz", "sequence", None, 2, 25000, 25000),
    "reuters": ("reuters.npz", "sequence", None, 46, 8982, 2246),
}


def stand_in_code(framework, source):
    """Code that replaces the load_data() of every keras.datasets set the notebook names
    and Keras's cache lacks; "" when none."""
    cache = os.path.join(os.path.expanduser(os.environ.get("KERAS_HOME", "~/.keras")), "datasets")
    names = [n for n, spec in sorted(STAND_INS.items())
             if re.search(r"\b%s\b" % n, source) and not os.path.exists(os.path.join(cache, spec[0]))]
    if not names or "datasets" not in source:
        return ""
    modules = ["keras.datasets.%s", "keras.src.datasets.%s", "keras._tf_keras.keras.datasets.%s"]
    if framework in ("keras2", "pytorch"):
        modules = ["tf_keras.datasets.%s", "tf_keras.api._v2.keras.datasets.%s", "tf_keras.src.datasets.%s",
                   "keras.datasets.%s"]
    lines = ["def _kmw_stand_in(name, kind, shape, classes, n_train, n_test):",
             "    def load_data(*args, **kwargs):",
             "        rng = _kmw_np.random.RandomState(0)",
             "        num_words = kwargs.get('num_words') or 5000",
             "        def part(n):",
             "            if kind == 'image':",
             "                x = rng.randint(0, 256, size=(n,) + shape).astype('uint8')",
             "                y = rng.randint(0, classes, size=(n, 1) if name.startswith('cifar') else n).astype('uint8')",
             "            elif kind == 'table':",
             "                x = rng.uniform(0, 100, size=(n,) + shape)",
             "                y = rng.uniform(5, 50, size=n)",
             "            else:",
             "                x = _kmw_np.empty(n, dtype=object)",
             "                for i in range(n):",
             "                    x[i] = [1] + list(rng.randint(2, num_words, size=rng.randint(10, 300)))",
             "                y = rng.randint(0, classes, size=n).astype('int64')",
             "            return x, y",
             "        print('kmw: keras.datasets.%s is not cached here: %d + %d random rows of its shapes stand in for it' % (name, n_train, n_test))",
             "        return part(n_train), part(n_test)",
             "    return load_data",
             "def _kmw_word_index(*args, **kwargs):",
             "    return {'w%d' % i: i for i in range(1, 5000)}",
             "import importlib as _kmw_il2"]
    for n in names:
        _, kind, shape, classes, n_train, n_test = STAND_INS[n]
        lines += ["for _kmw_m in %r:" % [m % n for m in modules],
                  "    try:",
                  "        _kmw_mod = _kmw_il2.import_module(_kmw_m)",
                  "    except Exception:",
                  "        continue",
                  "    _kmw_mod.load_data = _kmw_stand_in(%r, %r, %r, %d, %d, %d)" % (n, kind, shape, classes, n_train, n_test)]
        if kind == "sequence":
            lines.append("    _kmw_mod.get_word_index = _kmw_word_index")
    return "\n".join(lines)


def versions():
    found = {}
    from importlib import metadata
    for name in ("keras", "tf-keras", "tensorflow", "tensorflow-cpu", "torch", "numpy", "nbclient"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def outputs_of(cell):
    result = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            if out.get("name") == "stdout":
                result.append({"type": "stream", "text": out.get("text", "")})
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            for mime in ("image/png", "image/jpeg"):
                if mime in data:
                    result.append({"type": "image", "mime": mime, "data": data[mime].replace("\n", "")})
                    break
            else:
                if "text/plain" in data:
                    result.append({"type": "text", "text": data["text/plain"]})
    return result


def error_of(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return {"ename": out.get("ename", ""), "evalue": ANSI.sub("", out.get("evalue", "")),
                    "traceback": ANSI.sub("", "\n".join(out.get("traceback", [])))}
    return None


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    result = {"python": sys.executable, "version": sys.version.split()[0], "versions": versions(),
              "seeding": seeding_code(job["framework"], job.get("seed", 0)), "cells": [], "error": ""}

    def save():
        with open(job["output"], "w", encoding="utf-8") as f:
            json.dump(result, f)

    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    except ImportError as e:
        result["error"] = "%s: %s (install nbclient, nbformat and ipykernel into %s)" % (
            type(e).__name__, e, sys.executable)
        save()
        return 0

    path = job["notebook"]
    if path.endswith(".py"):
        with open(path, encoding="utf-8") as f:
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f.read())])
    else:
        nb = nbformat.read(path, as_version=4)
    stand_in = stand_in_code(job["framework"], "\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    if stand_in:
        result["seeding"] += "\n" + stand_in

    # A kernel spec that starts this very interpreter (not whatever `python` is on PATH).
    spec_dir = tempfile.mkdtemp(prefix="kmw-kernel-")
    os.makedirs(os.path.join(spec_dir, "kernels", "kmw-python"))
    with open(os.path.join(spec_dir, "kernels", "kmw-python", "kernel.json"), "w") as f:
        json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                   "display_name": "kmw", "language": "python"}, f)
    os.environ["JUPYTER_PATH"] = spec_dir + os.pathsep + os.environ.get("JUPYTER_PATH", "")

    # The kernel's own stderr (where a crashing library says why) goes to a file.
    stderr_path = os.path.join(spec_dir, "kernel-stderr.txt")
    stderr_file = open(stderr_path, "w+")

    def stderr_tail():
        try:
            stderr_file.flush()
            with open(stderr_path, encoding="utf-8", errors="replace") as f:
                lines = [l for l in f.read().splitlines() if l.strip() and not l.startswith(("I0000", "W0000"))]
            return "\n".join(lines[-15:])
        except OSError:
            return ""

    client = NotebookClient(nb, timeout=job.get("timeout_per_cell", 600), kernel_name="kmw-python",
                            interrupt_on_timeout=True, startup_timeout=180,
                            resources={"metadata": {"path": job["cwd"]}})
    depends = {int(k): v for k, v in job.get("depends", {}).items()}
    failed = set()
    count = len(nb.cells)
    try:
        with client.setup_kernel(stderr=stderr_file):
            seed_cell = nbformat.v4.new_code_cell(result["seeding"])
            first = nb.cells[0] if nb.cells else None
            try:
                # nbclient stores the executed cell at the index given: put cell 0 back
                client.execute_cell(seed_cell, 0, store_history=False)
            except CellExecutionError as e:
                result["error"] = "seeding failed: %s" % ANSI.sub("", str(e))[-2000:]
            finally:
                if first is not None:
                    nb.cells[0] = first
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                record = {"index": index, "status": "ok", "outputs": [], "seconds": 0.0}
                blocked = [d for d in depends.get(index, []) if d in failed]
                if blocked:
                    record["status"] = "skipped"
                    record["skipped_because"] = blocked
                    failed.add(index)
                else:
                    cell.source = INSTALL_LINE.sub(r"\1# (not run by the workbench) \2", cell.source)
                    start = time.monotonic()
                    try:
                        client.execute_cell(cell, index)
                    except CellTimeoutError as e:
                        record["status"] = "timeout"
                        record["error"] = {"ename": "Timeout", "evalue": "the cell ran longer than %s s"
                                           % job.get("timeout_per_cell", 600), "traceback": ""}
                        failed.add(index)
                    except CellExecutionError:
                        record["status"] = "error"
                        failed.add(index)
                    except DeadKernelError as e:
                        record["status"] = "error"
                        record["error"] = {"ename": "KernelDied", "evalue": "the kernel died while running this cell",
                                           "traceback": "%s\n%s" % (e, stderr_tail())}
                        record["outputs"] = outputs_of(cell)
                        result["cells"].append(record)
                        print("cell %d %d %s" % (index, count, record["status"]), flush=True)
                        raise
                    record["seconds"] = round(time.monotonic() - start, 3)
                    record["outputs"] = outputs_of(cell)
                    if record["status"] == "error" and "error" not in record:
                        record["error"] = error_of(cell) or {"ename": "Error", "evalue": "", "traceback": ""}
                result["cells"].append(record)
                print("cell %d %d %s" % (index, count, record["status"]), flush=True)
                save()
    except DeadKernelError as e:
        result["error"] = "the kernel died: %s" % e
    except Exception as e:  # the kernel could not start, or nbclient failed
        result["error"] = "%s: %s" % (type(e).__name__, ANSI.sub("", str(e))[-2000:])
    done = {c["index"] for c in result["cells"]}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and index not in done:
            result["cells"].append({"index": index, "status": "not-run", "outputs": [], "seconds": 0.0})
    result["cells"].sort(key=lambda c: c["index"])
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
