"""Compiles every code cell (and .py file) of a migrated tree with CPython's compile(),
as the notebook's kernel would, and prints one JSON line per cell that compiled in the
original tree but not after migration: {"path", "cell", "error"}.

Used by tst_converttraining: argv[1] is the original tree, argv[2] the migrated copy.
IPython lines (`%magic`, `!shell`) are read as `pass` on both sides.
"""
import json
import os
import sys


def mask(source):
    lines = []
    for line in source.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            line = line[: len(line) - len(stripped)] + "pass"
        lines.append(line)
    return "\n".join(lines)


def cells(path):
    if path.endswith(".py"):
        with open(path, encoding="utf-8") as f:
            return [f.read()]
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    out = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            out.append("".join(src) if isinstance(src, list) else src)
    return out


def compiles(source, name):
    try:
        compile(mask(source), name, "exec")
        return ""
    except (SyntaxError, ValueError) as e:
        return "%s: %s (line %s)" % (type(e).__name__, e.msg if hasattr(e, "msg") else e, getattr(e, "lineno", "?"))


def code_files(tree):
    """(path, path relative to `tree`) of each notebook and .py file under `tree`, in order."""
    for root, _, files in os.walk(tree):
        for name in sorted(files):
            if name.endswith((".ipynb", ".py")):
                path = os.path.join(root, name)
                yield path, os.path.relpath(path, tree)


def main():
    original, migrated = sys.argv[1], sys.argv[2]
    checked = 0
    for after_path, rel in code_files(migrated):
        before_path = os.path.join(original, rel)
        if not os.path.exists(before_path):
            continue
        try:
            before, after = cells(before_path), cells(after_path)
        except (ValueError, UnicodeDecodeError):
            continue
        for i, source in enumerate(after):
            checked += 1
            if i < len(before) and compiles(before[i], rel) == "":
                error = compiles(source, rel)
                if error:
                    print(json.dumps({"path": rel, "cell": i, "error": error}))
    print(json.dumps({"checked": checked}))


if __name__ == "__main__":
    main()
