#!/usr/bin/env python3
"""Checks core/'s layout (docs/ARCHITECTURE.md), printing each breach with its file and line:
- a sub-library includes only its own headers and those of the sub-libraries below it
  (the order of LAYERS); the LibTorch runner (core/torch) is above them all;
- no source file of core/ or app/ is over 800 lines;
- no function defined in core/ is over 150 lines (from its opening brace to its closing one),
  except those KNOWN_LONG lists (none now), which may only shrink.
Exit status 1 on any breach.   usage: check_core_layout.py [REPO]"""
import os
import re
import sys

LAYERS = ["documents", "python", "rules", "model", "pytorch", "data", "review", "torch"]
MAX_FILE_LINES = 800
MAX_FUNCTION_LINES = 150
# Functions allowed over the limit, with their length: none (issue 15 split the last).
KNOWN_LONG = {}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources(folder):
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            if name.endswith((".cpp", ".h")):
                yield os.path.join(root, name)


def strip_code(text):
    """The text with comments, strings and character literals blanked (lines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (min(j + 1, n) - i))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def long_functions(path):
    """(line, name, length) of each function body over MAX_FUNCTION_LINES lines."""
    code = strip_code(open(path, encoding="utf-8").read())
    found, depth, stack = [], 0, []
    for m in re.finditer(r"[{}]", code):
        if m.group() == "{":
            head = code[max(0, m.start() - 1500):m.start()]
            head = head[max(head.rfind(";"), head.rfind("}"), head.rfind("{")) + 1:]
            # A function: its head ends with a parameter list (and qualifiers), and it is
            # not a control statement or a lambda inside another function.
            sig = re.search(r"([~\w:]+)\s*\([^;]*\)\s*(const|override|noexcept|final|mutable|\s|->[\w:<>,\s*&]+)*$", head, re.S)
            is_function = bool(sig) and sig.group(1) not in ("if", "for", "while", "switch", "catch", "return")
            stack.append((m.start(), sig.group(1) if is_function else None))
            depth += 1
        elif stack:
            start, name = stack.pop()
            depth -= 1
            if name and not any(s[1] for s in stack):  # outermost function only
                first = code.count("\n", 0, start) + 1
                last = code.count("\n", 0, m.start()) + 1
                if last - first + 1 > MAX_FUNCTION_LINES:
                    found.append((first, name, last - first + 1))
    return found


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    core = os.path.join(repo, "core")
    layer_of = {}  # header name -> layer
    for layer in LAYERS:
        for path in sources(os.path.join(core, layer)):
            layer_of.setdefault(os.path.basename(path), layer)
    breaches = []
    stray = [p for p in os.listdir(core) if p.endswith((".cpp", ".h"))]
    breaches += [f"core/{p}: a source outside the sub-library folders" for p in stray]
    for layer in LAYERS:
        for path in sources(os.path.join(core, layer)):
            rel = os.path.relpath(path, repo)
            for number, line in enumerate(open(path, encoding="utf-8"), 1):
                m = INCLUDE.match(line)
                if not m or m.group(1).endswith(".moc"):
                    continue
                target = layer_of.get(os.path.basename(m.group(1)))
                if target is None:
                    breaches.append(f"{rel}:{number}: includes \"{m.group(1)}\", a header of no core sub-library")
                elif LAYERS.index(target) > LAYERS.index(layer):
                    breaches.append(f"{rel}:{number}: {layer} includes \"{m.group(1)}\" of {target}, a sub-library above it")
            for first, name, length in long_functions(path):
                if length <= KNOWN_LONG.get((rel, name), 0):
                    continue
                breaches.append(f"{rel}:{first}: function {name} is {length} lines (at most {MAX_FUNCTION_LINES})")
    for top in ("core", "app"):
        for path in sources(os.path.join(repo, top)):
            lines = sum(1 for _ in open(path, encoding="utf-8"))
            if lines > MAX_FILE_LINES:
                breaches.append(f"{os.path.relpath(path, repo)}: {lines} lines (at most {MAX_FILE_LINES})")
    for b in breaches:
        print(b)
    print(f"{len(breaches)} breach(es) of core's layout")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
