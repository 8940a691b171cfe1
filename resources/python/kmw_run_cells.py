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
