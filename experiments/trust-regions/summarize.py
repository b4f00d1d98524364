#!/usr/bin/env python3
"""Summarise a run.sh output directory into the table of docs/trust-regions.md.

Per variant over its seeds (read from each run's metrics.csv): the first step with a mean return above -400, the mean
return of the last 10 updates, the share of updates whose kl_mean stayed within delta = 0.01, the median and largest
kl_mean and kl_max, and the share of updates whose ratio_log10_max exceeded log10(1 + 0.2).
"""
import csv
import math
import statistics
import sys
from pathlib import Path

VARIANTS = ["trpo", "trpo-clipped-gaussian", "ppo-m", "ppo"]
DELTA = 0.01
RATIO_BOUND = math.log10(1.2)


def number(text):
    try:
        return float(text)
    except ValueError:
        return math.nan


def main(out):
    print("| variant | seed | first return > -400 at step | return, last 10 updates | kl_mean <= 0.01 | kl_mean median / max | kl_max median / max | ratio_log10_max > log10 1.2 | ratio_log10_max max |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for variant in VARIANTS:
        for seed in (1, 2, 3):
            path = Path(out) / f"{variant}-seed{seed}" / "metrics.csv"
            if not path.exists():
                continue
            rows = list(csv.DictReader(open(path, newline="")))
            returns = [number(r["return_mean"]) for r in rows]
            first = next((r["step"] for r, g in zip(rows, returns) if g > -400), "never")
            tail = [g for g in returns[-10:] if math.isfinite(g)]
            kl_mean = [number(r["kl_mean"]) for r in rows]
            kl_max = [number(r["kl_max"]) for r in rows]
            ratios = [number(r["ratio_log10_max"]) for r in rows]
            within = sum(k <= DELTA for k in kl_mean) / len(rows)
            outside = sum(x > RATIO_BOUND for x in ratios) / len(rows)
            print(f"| {variant} | {seed} | {first} | {statistics.mean(tail):.0f} | {within:.0%} | "
                  f"{statistics.median(kl_mean):.4f} / {max(kl_mean):.4f} | {statistics.median(kl_max):.3f} / {max(kl_max):.3f} | "
                  f"{outside:.0%} | {max(ratios):.2f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/trust-regions")
