#!/usr/bin/python3
"""Benchmarks of the Keras Migration Workbench against the tools its users would use
instead, in one run on this machine (bench/run calls this after a Release build).

Every figure is the median of N timed runs after one warm-up run. Results are ratios
from the same run (absolute times on shared machines drift). Writes docs/PERFORMANCE.md
(the table, the machine, the profile, then bench/NOTES.md: what was done about the
targets) and docs/performance.json.

    bench.py --build DIR --ast-grep PATH [--corpus DIR] [--data DIR] [--runs N]
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
PYTHON = "/usr/bin/python3"  # Debian's, with python3-torch


def log(*args):
    print("bench:", *args, file=sys.stderr, flush=True)


def timed(cmd, cwd=None, ok=(0,)):
    """Wall seconds of one run of `cmd`; raises on an unexpected exit code."""
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.monotonic() - t0
    if p.returncode not in ok:
        raise RuntimeError(f"{cmd[0]} exited {p.returncode}: {p.stderr.decode()[-500:]}")
    return seconds, p.stdout


def median_of(runs, fn):
    fn()  # warm-up
    values = [fn() for _ in range(runs)]
    return statistics.median(values), values


def replicate(corpus, dest, notebooks_wanted):
    """Copies the corpus into dest/copy_NNN/ until it holds `notebooks_wanted` notebooks
    (rendered ones are not scanned by default and are left out); returns (files, bytes)
    of the notebooks and scripts."""
    sources = []
    for base, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith("_rendered.ipynb"):
                continue
            if name.endswith(".ipynb") or name.endswith(".py"):
                sources.append(os.path.relpath(os.path.join(base, name), corpus))
    per_copy = sum(1 for s in sources if s.endswith(".ipynb"))
    copies = -(-notebooks_wanted // per_copy)
    nfiles = nbytes = 0
    for k in range(copies):
        for rel in sources:
            target = os.path.join(dest, f"copy_{k:03d}", rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(corpus, rel), target)
            nfiles += 1
            nbytes += os.path.getsize(target)
    return nfiles, nbytes, copies * per_copy


def python_only(tree, dest):
    files = nbytes = 0
    for base, _, names in os.walk(tree):
        for name in names:
            if name.endswith(".py"):
                src = os.path.join(base, name)
                target = os.path.join(dest, os.path.relpath(src, tree))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(src, target)
                files += 1
                nbytes += os.path.getsize(target)
    return files, nbytes


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "kernel": platform.release(),
            "os": platform.platform()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--ast-grep", required=True)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "dl-lectures-labs"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--notebooks", type=int, default=1000)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "PERFORMANCE.md"))
    ap.add_argument("--json", default=os.path.join(ROOT, "docs", "performance.json"))
    a = ap.parse_args()
    cli = os.path.join(a.build, "app", "kmw-cli")
    gui = os.path.join(a.build, "app", "kmw")
    digits = os.path.join(a.data, "digits.csv.gz")
    started = time.monotonic()
    rows = []
    work = tempfile.mkdtemp(prefix="kmw-bench-")

    def row(what, ours, peer, ratio, unit, target, met, note=""):
        rows.append({"what": what, "ours": ours, "peer": peer, "ratio": ratio, "unit": unit,
                     "runs": a.runs, "target": target, "met": met, "note": note})
        log(f"{what}: ours {ours} peer {peer} ratio {ratio} ({'met' if met else 'MISSED'})")

    try:
        # --- Scan: 1,000 notebooks + their scripts, ours; the .py files, ours vs ast-grep
        tree = os.path.join(work, "tree")
        files, nbytes, notebooks = replicate(a.corpus, tree, a.notebooks)
        log(f"tree: {notebooks} notebooks, {files} files, {nbytes / 1e6:.1f} MB")
        scan_s, _ = median_of(a.runs, lambda: timed([cli, "scan", tree, "--format", "json", "--output", os.devnull])[0])
        row(f"Scan {files} files ({notebooks} notebooks + scripts, {nbytes / 1e6:.0f} MB)",
            f"{files / scan_s:.0f} files/s, {nbytes / 1e6 / scan_s:.1f} MB/s", "—", None, "", "", True,
            f"{scan_s:.2f} s")
        pytree = os.path.join(work, "py")
        pyfiles, pybytes = python_only(tree, pytree)
        ours_py, _ = median_of(a.runs, lambda: timed([cli, "scan", pytree, "--format", "json", "--output", os.devnull])[0])
        sg_cfg = os.path.join(HERE, "ast-grep", "sgconfig.yml")
        sg, _ = median_of(a.runs, lambda: timed([a.ast_grep, "scan", "--config", sg_cfg, "--json=compact", pytree],
                                               ok=(0, 1))[0])
        ratio = ours_py / sg
        row(f"Scan the {pyfiles} .py files: time, ours / ast-grep ({len(os.listdir(os.path.join(HERE, 'ast-grep', 'rules')))} mirrored rules)",
            f"{ours_py:.2f} s", f"{sg:.2f} s", round(ratio, 2), "time ratio (lower is better)", "≤ 1.0", ratio <= 1.0)

        # --- Apply: accept every fix and write, on a fresh copy each run
        def apply_once():
            copy = os.path.join(work, "apply")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(tree, copy)
            seconds, _ = timed([cli, "apply", copy])
            return seconds
        apply_runs = max(3, a.runs - 2)
        apply_s, _ = median_of(apply_runs, apply_once)
        row(f"Apply every fix to the same {files} files and write", f"{files / apply_s:.0f} files/s", "—", None, "",
            "", True, f"{apply_s:.2f} s")
        rows[-1]["runs"] = apply_runs

        # --- Notebook open: the largest corpus notebook, start to first paint, peak RSS
        biggest = max((os.path.join(b, n) for b, _, ns in os.walk(a.corpus) for n in ns if n.endswith(".ipynb")),
                      key=os.path.getsize)
        one = os.path.join(work, "open")
        os.makedirs(one, exist_ok=True)
        shutil.copyfile(biggest, os.path.join(one, "big.ipynb"))
        peaks = []

        def open_once():
            t0 = time.monotonic()
            p = subprocess.run(["/usr/bin/time", "-f", "%M", gui, one, "--open", "big.ipynb", "--exit-after-paint"],
                               env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            m = re.search(r"first-paint ([0-9.]+)", p.stdout)
            if not m:
                raise RuntimeError("kmw printed no first-paint: " + p.stderr[-400:])
            peaks.append(int(p.stderr.strip().splitlines()[-1]))
            return float(m.group(1)) - t0
        open_s, _ = median_of(a.runs, open_once)
        row(f"Open {os.path.basename(biggest)} ({os.path.getsize(biggest) / 1e6:.1f} MB): start to first paint",
            f"{open_s:.2f} s, peak {statistics.median(peaks) / 1024:.0f} MB", "target 0.5 s", round(open_s / 0.5, 2),
            "time / target", "< 0.5 s", open_s < 0.5)

        # --- Smoke training: ours vs Python PyTorch, same model, optimizer and batch
        mlp = os.path.join(HERE, "models", "digits_mlp.py")
        conv = os.path.join(HERE, "models", "small_convnet.py")

        def ours_smoke(model, data, steps):
            _, out = timed([cli, "smoke", model, "--data", data, "--steps", str(steps), "--validation-split", "0",
                            "--json"])
            return json.loads(out)["steps_per_second"]

        def peer_smoke(kind, steps):
            _, out = timed([PYTHON, os.path.join(HERE, "peers", "torch_smoke.py"), kind, "--steps", str(steps),
                            "--digits", digits])
            return json.loads(out)["steps_per_second"]
        for label, model, data, kind, steps in [("digits MLP 64-100-10, SGD, batch 32", mlp, digits, "mlp", 3000),
                                                ("convnet 28×28, two Conv2D, Adam, batch 64", conv, "synthetic",
                                                 "convnet", 60)]:
            ours, _ = median_of(a.runs, lambda: ours_smoke(model, data, steps))
            peer, _ = median_of(a.runs, lambda: peer_smoke(kind, steps))
            ratio = ours / peer
            row(f"Smoke training, {label}: steps/s", f"{ours:.0f}" if ours > 100 else f"{ours:.1f}",
                f"{peer:.0f}" if peer > 100 else f"{peer:.1f}", round(ratio, 2), "ours / Python PyTorch", "≥ 1.3",
                ratio >= 1.3)

        # --- Plotting cost: the same run in the GUI (live plot) and in the CLI
        plotdir = os.path.join(work, "plot")
        os.makedirs(plotdir, exist_ok=True)
        # 150 epochs (6,750 steps, about a second) so the run is long enough to measure
        long_mlp = os.path.join(plotdir, "digits_mlp.py")
        with open(mlp) as src, open(long_mlp, "w") as dst:
            dst.write(src.read().replace("epochs=15", "epochs=150"))
        report = os.path.join(work, "plot.json")

        def gui_rate():
            timed([gui, plotdir, "--open", "digits_mlp.py", "--smoke", "0", "--data", digits, "--smoke-report", report])
            r = json.load(open(report))
            return r["steps"] / r["seconds"]

        def cli_rate():
            _, out = timed([cli, "smoke", long_mlp, "--data", digits, "--json"])
            r = json.loads(out)
            return r["steps"] / r["seconds"]
        with_plot, _ = median_of(a.runs, gui_rate)
        without, _ = median_of(a.runs, cli_rate)
        cost = max(0.0, 1 - with_plot / without)
        row("Live plot: training throughput with the GUI's live plot vs headless (digits MLP, 150 epochs, steps/s of wall time)",
            f"{with_plot:.0f}", f"{without:.0f} (kmw-cli)", round(cost, 3), "throughput lost", "< 5%", cost < 0.05)

        # --- Profile: callgrind on one corpus copy (instructions, repeatable)
        profile = []
        if shutil.which("valgrind"):
            out = os.path.join(work, "callgrind.out")
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", cli, "scan",
                            os.path.join(tree, "copy_000"), "--format", "json", "--output", os.devnull],
                           env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ann = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", out],
                                 stdout=subprocess.PIPE, text=True).stdout
            # Functions of libraries shipped without symbols (Debian's libtree-sitter)
            # are summed per library.
            totals = {}
            for line in ann.splitlines():
                m = re.match(r"\s*([\d,]+) \(\s*([\d.]+)%\)\s+(.*)", line)
                if not m or "TOTALS" in m.group(3) or "PROGRAM" in m.group(3):
                    continue
                name = m.group(3).strip()
                anonymous = re.fullmatch(r"\?\?\?:0x[0-9a-f]+ \[(.*)\]", name)
                if anonymous:
                    key = "(all functions of " + os.path.basename(anonymous.group(1)) + ")"
                else:  # "file:function [object]" -> "function [object]"
                    func, _, obj = name.rpartition(" [")
                    key = func.split(":", 1)[-1] + " [" + os.path.basename(obj.rstrip("]")) + "]"
                count, percent = totals.get(key, (0, 0.0))
                totals[key] = (count + int(m.group(1).replace(",", "")), percent + float(m.group(2)))
            for key, (count, percent) in sorted(totals.items(), key=lambda kv: -kv[1][0])[:12]:
                profile.append((f"{count:,}", f"{percent:.1f}", key[:110]))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    info = machine()
    versions = {
        "ast-grep": subprocess.run([a.ast_grep, "--version"], stdout=subprocess.PIPE, text=True).stdout.strip(),
        "python-torch": subprocess.run([PYTHON, "-c", "import torch; print(torch.__version__)"],
                                       stdout=subprocess.PIPE, text=True).stdout.strip(),
    }
    elapsed = time.monotonic() - started
    result = {"machine": info, "versions": versions, "runs": a.runs, "seconds": round(elapsed), "rows": rows,
              "profile": [{"instructions": p[0], "percent": p[1], "function": p[2]} for p in profile]}
    with open(a.json, "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")
    lines = ["# Performance", "",
             "Written by `bench/run` (do not edit by hand; the notes at the end come from bench/NOTES.md).", "",
             f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}, Linux {info['kernel']}. "
             f"Peers: {versions['ast-grep']}, Python PyTorch {versions['python-torch']} (Debian python3-torch). "
             f"Each figure is the median of {a.runs} runs after a warm-up; the whole run took {elapsed / 60:.1f} min.",
             "", "| What | Ours | Peer | Ratio | Median of | Target | Met |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']} ({r['unit']})"
        ours = r["ours"] + (f" ({r['note']})" if r["note"] else "")
        lines.append(f"| {r['what']} | {ours} | {r['peer']} | {ratio} | {r['runs']} | {r['target'] or '—'} | "
                     f"{'yes' if r['met'] else '**no**'} |")
    if profile:
        lines += ["", "## Profile", "",
                  "callgrind, `kmw-cli scan` of one corpus copy: the functions with the most instructions (self; "
                  "Debian ships libtree-sitter without symbols, so its functions are summed).", "",
                  "| Instructions | % | Function |", "|---|---|---|"]
        lines += [f"| {p[0]} | {p[1]} | `{p[2]}` |" for p in profile]
    notes = os.path.join(HERE, "NOTES.md")
    if os.path.exists(notes):
        lines += ["", open(notes).read().strip()]
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    log(f"wrote {a.out} and {a.json} in {elapsed:.0f} s")


if __name__ == "__main__":
    main()
