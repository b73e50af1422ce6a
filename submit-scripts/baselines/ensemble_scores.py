#!/usr/bin/env python3
"""Relative MAE of an ensemble of Sparkcast models, scored exactly from their `evaluate` backtest forecasts.

    python3 submit-scripts/baselines/ensemble_scores.py EVAL_DIR [EVAL_DIR ...]

Each EVAL_DIR is an `evaluate` output written with `--set evaluate.format=csv` (its forecasts/ folder), all of the
same range and data config. For every scored point (series, origin, step, target with an actual) that every member
forecast, the ensemble's quantiles are the members' means (q0.1, q0.5, q0.9; the point is the mean median) — what
averaging the members' head outputs gives when their quantiles do not cross. Prints, over all targets: relative MAE
against naive overall and at steps 1, 2, 3, 6, 12, 24, the worst step, the coverage of the mean 0.1..0.9 interval and
the points scored. With one EVAL_DIR it reproduces that run's own metrics.json. Standard library only.
"""
import collections
import csv
import glob
import sys


def main(dirs):
    members = collections.defaultdict(list)  # (series, origin, step, target) -> [(point, q_lo, q_hi)]
    truth = {}
    for d in dirs:
        files = glob.glob(f"{d}/forecasts/*.csv")
        if not files:
            sys.exit(f"{d}/forecasts holds no CSV file: evaluate with --set evaluate.format=csv")
        for f in files:
            with open(f, newline="") as fh:
                for row in csv.DictReader(fh):
                    if row["actual"] in ("", "null", "NaN"):
                        continue  # not scored: the actual was not observed
                    key = (row["series"], row["origin_time"], int(row["step"]), row["target"])
                    members[key].append((float(row["forecast"]), float(row["q0.1"]), float(row["q0.9"])))
                    truth[key] = (float(row["actual"]), float(row["naive"]))
    n = len(dirs)
    model_err = collections.defaultdict(float)
    naive_err = collections.defaultdict(float)
    covered = points = 0
    for key, forecasts in members.items():
        if len(forecasts) != n:
            continue  # a point some member did not forecast is left out of every figure
        actual, naive = truth[key]
        point, lo, hi = (sum(f[i] for f in forecasts) / n for i in range(3))
        model_err[key[2]] += abs(point - actual)
        naive_err[key[2]] += abs(naive - actual)
        covered += lo <= actual <= hi
        points += 1
    rel = {step: model_err[step] / naive_err[step] for step in model_err}
    worst = max(rel, key=rel.get)
    print(f"{n} members, {points} points: relative MAE {sum(model_err.values()) / sum(naive_err.values()):.3f}, "
          + ", ".join(f"step {s} {rel[s]:.3f}" for s in (1, 2, 3, 6, 12, 24) if s in rel)
          + f", worst {rel[worst]:.3f} (step {worst}), coverage {covered / points:.3f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
