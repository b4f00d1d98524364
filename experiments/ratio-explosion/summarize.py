#!/usr/bin/env python3
"""Summarise a run.sh output directory into the markdown table of docs/ratio-explosion.md.

For every variant x precision over its seeds: how many runs exploded, after how many updates, the largest
ratio_log10_max and kl_mean any update reached, and the op and label the numerics monitor named first.
Reads only what the runs wrote (metrics.csv, numerics.json); prints markdown to stdout.
"""
import csv
import json
import math
import sys
from collections import Counter
from pathlib import Path

VARIANTS = ["ppo", "ppo-kl", "ppo-noclip", "vpg", "cpg", "ppo-mean-clip", "ppo-mean-tanh"]
PRECISIONS = ["fp16", "fp32", "fp64"]


def number(text):
    try:
        return float(text)
    except ValueError:
        return math.nan


def finite_max(values):
    finite = [v for v in values if math.isfinite(v)]
    return max(finite) if finite else math.nan


def read_run(directory):
    rows = list(csv.DictReader(open(directory / "metrics.csv", newline="")))
    numerics = directory / "numerics.json"
    report = json.loads(numerics.read_text()) if numerics.exists() else None
    monitor = None
    if report and report.get("monitor"):
        monitor = report["monitor"].splitlines()[0].split(" = ")[0]
    return {
        "updates": len(rows),
        "exploded": report is not None,
        "exploded_at": report["exploded_at"] if report else None,
        "monitor": monitor,
        "ratio_log10_max": finite_max(number(r["ratio_log10_max"]) for r in rows),
        "ratio_log10_min_seen": min((number(r["ratio_log10_max"]) for r in rows), default=math.nan),
        "kl_mean": finite_max(number(r["kl_mean"]) for r in rows),
        "approx_kl": finite_max(number(r["approx_kl"]) for r in rows),
        "mean_outside_box": finite_max(number(r["mean_outside_box"]) for r in rows),
    }


def fmt(value, digits=3):
    return "—" if not math.isfinite(value) else f"{value:.{digits}g}"


def main():
    root = Path(sys.argv[1])
    print("| variant | precision | exploded | updates to explosion | max ratio_log10_max | max kl_mean | max approx_kl | first failure | monitor's first non-finite op |")
    print("|---|---|---|---|---|---|---|---|---|")
    for variant in VARIANTS:
        for precision in PRECISIONS:
            seeds = sorted((root / variant / precision).glob("seed*"))
            runs = [read_run(s) for s in seeds if (s / "metrics.csv").exists()]
            if not runs:
                continue
            exploded = [r for r in runs if r["exploded"]]
            to_explosion = sorted(r["updates"] for r in exploded)
            span = "—" if not to_explosion else (f"{to_explosion[0]}" if to_explosion[0] == to_explosion[-1] else f"{to_explosion[0]}–{to_explosion[-1]}")
            failures = Counter(r["exploded_at"].split(" (")[0].split(" = ")[0] for r in exploded)
            monitors = Counter(r["monitor"] for r in exploded if r["monitor"])
            print(f"| {variant} | {precision} | {len(exploded)}/{len(runs)} | {span} | "
                  f"{fmt(finite_max(r['ratio_log10_max'] for r in runs))} | {fmt(finite_max(r['kl_mean'] for r in runs))} | "
                  f"{fmt(finite_max(r['approx_kl'] for r in runs))} | "
                  f"{'; '.join(f'{k} ×{v}' for k, v in failures.most_common()) or '—'} | "
                  f"{'; '.join(f'`{k}` ×{v}' for k, v in monitors.most_common()) or '—'} |")


if __name__ == "__main__":
    main()
