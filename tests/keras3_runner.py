"""Runs code snippets under Keras 3 with the torch backend, each in a fresh namespace.

Used by tst_keras3: argv[1] is a JSON list of {"case", "side", "dir", "code"}; for each,
the code runs in `dir` and one JSON line {"case", "side", "ok", "error", "stdout"} is
printed. torch and Keras are imported before anything else: TensorFlow imported first
and torch after it abort the process (both register the same LLVM options).
"""
import contextlib
import io
import json
import os
import sys
import traceback

os.environ["KERAS_BACKEND"] = "torch"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import torch  # noqa: E402,F401
import keras  # noqa: E402,F401


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        runs = json.load(f)
    real_stdout = sys.stdout
    for run in runs:
        os.makedirs(run["dir"], exist_ok=True)
        os.chdir(run["dir"])
        out = io.StringIO()
        ok, error = True, ""
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(run["code"], os.path.join(run["dir"], "x.py"), "exec"), {"__name__": "__main__"})
        except BaseException as e:  # the snippet's own failure is the result
            ok = False
            error = "%s: %s\n%s" % (type(e).__name__, e, traceback.format_exc(limit=3))
        real_stdout.write(json.dumps({"case": run["case"], "side": run["side"], "ok": ok,
                                      "error": error, "stdout": out.getvalue()}) + "\n")
        real_stdout.flush()


if __name__ == "__main__":
    main()
