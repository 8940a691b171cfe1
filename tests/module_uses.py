"""Walks every use of every model a migration turned into a PyTorch module, in a tree
migrated by keras-to-pytorch, and prints one JSON line per use an nn.Module does not
support (a half-migration): {"path", "cell", "model", "use"}; then {"models": N}.

A converted model is a top-level `name = Cls(...)` or `name = Cls(...).to(device)` where
`Cls` is a class of the file deriving from `nn.Module`. Its uses are the loads of `name`
in the statements after that binding (until `name` is bound again at top level) and in
the functions defined before it (they run later, reading it as a global). A use is fine
when it is the module called (`name(x)`), an attribute nn.Module has or the class
defines (`name.parameters()`, `name.dense`, `name.regularization()`), `print(name)` and
the like, or `name` alone. Anything else (`name.fit`, `name.layers`, `f(name)`, `[name]`)
is reported. This reads the migrated code with CPython's ast, independently of the
workbench's own use graph.

Used by tst_converttraining: argv[1] is the migrated tree.
"""
import ast
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compile_cells import cells, code_files, mask  # noqa: E402  (the same reading of a tree's cells)

MODULE_ATTRIBUTES = {
    "parameters", "named_parameters", "buffers", "named_buffers", "children", "named_children",
    "modules", "named_modules", "state_dict", "load_state_dict", "to", "cuda", "cpu", "train",
    "eval", "zero_grad", "forward", "apply", "requires_grad_", "half", "float", "double",
    "training", "register_buffer", "register_forward_hook", "__class__",
}
TAKES_ANY_OBJECT = {"print", "type", "id", "isinstance", "repr", "str", "display"}


def module_classes(trees):
    """Classes deriving from nn.Module: name -> the attributes and methods they define."""
    classes = {}
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            if not any(ast.unparse(b) in ("nn.Module", "torch.nn.Module") for b in node.bases):
                continue
            defined = set()
            for inner in ast.walk(node):
                if isinstance(inner, ast.FunctionDef):
                    defined.add(inner.name)
                if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and inner.value.id == "self":
                    defined.add(inner.attr)
            classes[node.name] = defined
    return classes


def constructed(statement, classes):
    """(name, class) for `name = Cls(...)` / `name = Cls(...).to(device)`, else None."""
    if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)):
        return None
    value = statement.value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "to":
        value = value.func.value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in classes:
        return statement.targets[0].id, value.func.id
    return None


def binds(statement, name):
    return isinstance(statement, (ast.Assign, ast.AnnAssign)) and any(
        isinstance(t, ast.Name) and t.id == name for t in (statement.targets if isinstance(statement, ast.Assign) else [statement.target]))


def local_to(function, name):
    args = function.args
    params = {a.arg for a in args.args + args.kwonlyargs + args.posonlyargs}
    if name in params:
        return True
    for node in ast.walk(function):
        if isinstance(node, ast.Global) and name in node.names:
            return False
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(function))


def bad_uses(statement, name, defined):
    """The uses of `name` in `statement` an nn.Module does not support, as text."""
    parents = {}
    for node in ast.walk(statement):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    skipped = set()
    for node in ast.walk(statement):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)) and node is not statement and (
                isinstance(node, ast.Lambda) or local_to(node, name)):
            skipped.update(ast.walk(node))
    out = []
    for node in ast.walk(statement):
        if node in skipped or not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.value is node:
            if parent.attr in MODULE_ATTRIBUTES or parent.attr in defined:
                continue
            out.append("%s.%s" % (name, parent.attr))
        elif isinstance(parent, ast.Call) and parent.func is node:
            continue
        elif isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id in TAKES_ANY_OBJECT:
            continue
        elif isinstance(parent, (ast.Expr, ast.Delete)):
            continue
        else:
            out.append(ast.unparse(parent)[:80] if parent is not None else name)
    return out


def check(path, rel, report):
    sources = cells(path)
    trees = []
    for source in sources:
        try:
            trees.append(ast.parse(mask(source)))
        except SyntaxError:
            trees.append(ast.Module(body=[], type_ignores=[]))
    classes = module_classes(trees)
    if not classes:
        return 0
    models = 0
    statements = [(i, s) for i, tree in enumerate(trees) for s in tree.body]
    for k, (cell, statement) in enumerate(statements):
        found = constructed(statement, classes)
        if not found:
            continue
        name, cls = found
        models += 1
        defined = classes[cls]
        before = [(c, s) for c, s in statements[:k] if isinstance(s, ast.FunctionDef)]
        after = []
        for c, s in statements[k + 1:]:
            if binds(s, name):
                break
            after.append((c, s))
        for c, s in before + after:
            for use in bad_uses(s, name, defined):
                report({"path": rel, "cell": c, "model": name, "use": use})
    return models


def main():
    migrated = sys.argv[1]
    models = 0
    for path, rel in code_files(migrated):
        try:
            models += check(path, rel, lambda r: print(json.dumps(r)))
        except (ValueError, UnicodeDecodeError):
            continue
    print(json.dumps({"models": models}))


if __name__ == "__main__":
    main()
