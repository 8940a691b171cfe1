#!/usr/bin/python3
"""How much of real notebooks' models the workbench understands (issue: understand the
models of real notebooks). For each folder given:

  summaries   saved `model.summary()` tables whose total the extractor reproduces
              (`kmw-cli summaries DIR --json`);
  generation  model-building sites (`keras-to-pytorch` rule `torch-module`) for which a
              torch.nn.Module is generated, and the reasons of the others
              (`kmw-cli scan DIR --rules keras-to-pytorch --format json`). A module is
              generated either as the fix ("applied") or, when code that still needs the
              Keras model uses it (no half-migrations), in the guidance only ("held
              back": "Not applied: <the use>", then the class);
  smoke       with --smoke, every model whose summary matched is smoke-trained on
              synthetic data with `--budget SECONDS`; the run must end within the budget
              (wall time, including start-up and the checks).

    extraction.py [--build DIR] [--smoke] [--budget S] [--json OUT] DIR...

Exit status 0; the figures go to stdout (and to OUT as JSON).
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")


def cli(build, *args, timeout=None):
    p = subprocess.run([os.path.join(build, "app", "kmw-cli"), *args], env=ENV,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def reason_key(text):
    """The kind of a refusal: its text without names, numbers and code."""
    text = re.sub(r"`[^`]*`", "`…`", text)
    text = re.sub(r"\b\d+\b", "N", text)
    text = re.sub(r"cell N, line N: ", "", text)
    return text.split(";")[0][:140]


def summaries(build, folder):
    code, out, err = cli(build, "summaries", folder, "--json")
    if code not in (0, 1):
        raise RuntimeError(f"summaries {folder}: exit {code}: {err[-400:]}")
    return json.loads(out)


def generation(build, folder):
    code, out, err = cli(build, "scan", folder, "--rules", "keras-to-pytorch", "--format", "json")
    if code not in (0, 1):
        raise RuntimeError(f"scan {folder}: exit {code}: {err[-400:]}")
    report = json.loads(out)
    sites, generated, held, reasons, held_reasons = 0, 0, 0, collections.Counter(), collections.Counter()
    for f in report.get("files", []):
        for finding in f.get("findings", []):
            if finding.get("rule") != "torch-module":
                continue
            sites += 1
            guidance = finding.get("guidance") or ""
            if finding.get("fixable"):
                generated += 1
            elif "```python" in guidance and (m := re.search(r"Not applied: (.*?)\n", guidance)):
                held += 1
                held_reasons[reason_key(m.group(1))] += 1
            else:
                m = re.search(r"Not generated: (.*)", guidance, re.S)
                reasons[reason_key(m.group(1) if m else "no reason given")] += 1
    return sites, generated, held, reasons, held_reasons


def smoke(build, folder, entries, budget):
    runs = []
    seen = set()
    for e in entries:
        if e["status"] != "matched":
            continue
        key = (e["path"], e["model"])
        if key in seen:
            continue
        seen.add(key)
        path = os.path.join(folder, e["path"])
        t0 = time.monotonic()
        try:
            code, out, err = cli(build, "smoke", path, "--cell", str(e["cell"]), "--model", e["model"],
                                 "--data", "synthetic", "--budget", str(budget), "--json",
                                 timeout=budget * 3 + 60)
        except subprocess.TimeoutExpired:
            code, out, err = -1, "", "timed out"
        seconds = time.monotonic() - t0
        runs.append({"path": e["path"], "model": e["model"], "exit": code,
                     "seconds": round(seconds, 1), "within": seconds <= budget,
                     "error": "" if code == 0 else (err.strip().splitlines() or [""])[-1][:200]})
        print(f"  smoke {e['path']} {e['model']}: exit {code}, {seconds:.1f} s", file=sys.stderr, flush=True)
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--budget", type=float, default=60.0)
    ap.add_argument("--json")
    args = ap.parse_args()

    result = {"folders": []}
    totals = collections.Counter()
    all_reasons = collections.Counter()
    all_held = collections.Counter()
    for folder in args.folders:
        s = summaries(args.build, folder)
        sites, generated, held, reasons, held_reasons = generation(args.build, folder)
        all_reasons.update(reasons)
        all_held.update(held_reasons)
        from_table = sum(1 for e in s["entries"] if e["status"] == "matched" and e.get("from_table", 0) > 0)
        totals["matched_with_table_sizes"] += from_table
        entry = {"folder": folder, "summaries": s["summaries"], "matched": s["matched"],
                 "matched_with_table_sizes": from_table,
                 "sites": sites, "generated": generated, "held_back": held, "reasons": dict(reasons),
                 "held_back_by": dict(held_reasons),
                 "unmatched": [{"path": e["path"], "cell": e["cell"], "model": e["model"],
                                "status": e["status"], "detail": e["detail"][:300]}
                               for e in s["entries"] if e["status"] != "matched"]}
        if args.smoke:
            entry["smoke"] = smoke(args.build, folder, s["entries"], args.budget)
            totals["smoke"] += len(entry["smoke"])
            totals["smoke_within"] += sum(1 for r in entry["smoke"] if r["within"])
            totals["smoke_ok"] += sum(1 for r in entry["smoke"] if r["exit"] == 0)
        totals["summaries"] += s["summaries"]
        totals["matched"] += s["matched"]
        totals["sites"] += sites
        totals["generated"] += generated
        totals["held_back"] += held
        result["folders"].append(entry)

    def pct(a, b):
        return f"{100.0 * a / b:.1f}%" if b else "n/a"

    for e in result["folders"]:
        print(f"{e['folder']}: summaries {e['matched']}/{e['summaries']} ({pct(e['matched'], e['summaries'])}; "
              f"{e['matched_with_table_sizes']} with sizes read from the table itself), "
              f"modules generated {e['generated'] + e['held_back']}/{e['sites']} "
              f"({pct(e['generated'] + e['held_back'], e['sites'])}: {e['generated']} applied, "
              f"{e['held_back']} held back by uses of the Keras model)")
        for u in e["unmatched"]:
            print(f"    {u['status']}: {u['path']} cell {u['cell']} {u['model']}: {u['detail'][:160]}")
    print(f"all: summaries {totals['matched']}/{totals['summaries']} ({pct(totals['matched'], totals['summaries'])}; "
          f"{totals['matched_with_table_sizes']} with sizes read from the table itself), "
          f"modules generated {totals['generated'] + totals['held_back']}/{totals['sites']} "
          f"({pct(totals['generated'] + totals['held_back'], totals['sites'])}: {totals['generated']} applied "
          f"({pct(totals['generated'], totals['sites'])}), {totals['held_back']} held back by uses of the Keras model)")
    if args.smoke:
        print(f"smoke: {totals['smoke_within']}/{totals['smoke']} within the {args.budget:.0f} s budget, "
              f"{totals['smoke_ok']} trained")
        for e in result["folders"]:
            for r in e.get("smoke", []):
                if not r["within"] or r["exit"] != 0:
                    print(f"    {r['path']} {r['model']}: {r['seconds']} s, exit {r['exit']} {r['error']}")
            secs = sorted(r["seconds"] for r in e.get("smoke", []))
            if secs:
                print(f"  {e['folder']}: longest {secs[-1]} s, median {secs[len(secs) // 2]} s")
    if all_reasons:
        print("not generated:")
        for reason, n in all_reasons.most_common():
            print(f"  {n:3d}  {reason}")
    if all_held:
        print("held back (the module is in the guidance):")
        for reason, n in all_held.most_common():
            print(f"  {n:3d}  {reason}")
    result["totals"] = dict(totals)
    result["refusals"] = dict(all_reasons)
    result["held_back_by"] = dict(all_held)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
