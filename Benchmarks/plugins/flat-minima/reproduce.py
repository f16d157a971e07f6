"""Runs the flat-minima experiments with `catalogue run` and checks their claims, as `catalogue reproduce` does
for the experiments declared in Sources/Plugins/FlatMinima/Experiments.swift (the run groups and claims mirror
them); the figures of docs/plugins/flat-minima.md are drawn from the runs.

usage: python3 reproduce.py [--catalogue PATH] [--plugin-path DIR] [--out DIR] [--only hyperbola|chain|diagonal]
"""

import argparse
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

HYPERBOLA = ["step_size=2e-3", "rho=0.2", "steps=100000"]
CHAIN = ["step_size=2e-3", "rho=0.2", "steps=400000", "target=1.05"]
DIAGONAL = ["step_size=1e-3", "rho=0.2", "gate=1", "gd_step_size=0.02", "steps=20000", "final_gd_steps=2000"]

# label: (algorithm, problem, parameters, seeds, max_iters)
GROUPS = {
    "hyperbola": {
        "gd": ("gd", "hyperbola", ["step_size=1e-3"], 3, 100000),
        "rs": ("rs-flat", "hyperbola", HYPERBOLA, 3, None),
        "sa": ("sa-flat", "hyperbola", HYPERBOLA, 3, None),
    },
    "chain": {
        f"{m}-{L}": (f"{m}-flat", "scalar-chain", CHAIN + [f"depth={L}"], 3, None)
        for L in (3, 5, 10) for m in ("rs", "sa")
    },
    "diagonal": {
        "sa-1": ("sa-flat", "diagonal-network", DIAGONAL + ["batch_size=1"], 5, None),
        "sa-full": ("sa-flat", "diagonal-network", DIAGONAL + ["batch_size=0"], 5, None),
        "gd": ("gd", "diagonal-network", ["step_size=0.02"], 5, 22000),
    },
}

# (experiment, claim, run, metric, aggregate, kind, a, b): range [a, b] or ratio <= a x other run b
CLAIMS = [
    ("hyperbola", "gd-stays", "gd", "trace_norm", "mean", "range", 8.03, 8.04),
    ("hyperbola", "rs-reaches-flat", "rs", "dist_flat", "max", "range", 0, 0.05),
    ("hyperbola", "sa-reaches-flat", "sa", "dist_flat", "max", "range", 0, 0.05),
    ("hyperbola", "rs-loss-small", "rs", "f_max", "max", "range", 0, 1e-3),
    ("hyperbola", "sa-loss-small", "sa", "f_max", "max", "range", 0, 1e-3),
    ("chain", "sa-faster-depth-3", "sa-3", "iters_to_target", "mean", "ratio", 0.5, "rs-3"),
    ("chain", "sa-faster-depth-5", "sa-5", "iters_to_target", "mean", "ratio", 0.3, "rs-5"),
    ("chain", "sa-faster-depth-10", "sa-10", "iters_to_target", "mean", "ratio", 0.15, "rs-10"),
    ("chain", "rs-reaches-depth-10", "rs-10", "target_reached", "min", "range", 1, 1),
    ("diagonal", "flatter-than-full-batch", "sa-1", "trace_norm", "mean", "ratio", 0.2, "sa-full"),
    ("diagonal", "flatter-than-gd", "sa-1", "trace_norm", "mean", "ratio", 0.1, "gd"),
    ("diagonal", "generalises-better-than-full-batch", "sa-1", "test_mse", "mean", "ratio", 0.5, "sa-full"),
    ("diagonal", "generalises-better-than-gd", "sa-1", "test_mse", "mean", "ratio", 0.5, "gd"),
]

AGGREGATE = {"mean": lambda v: sum(v) / len(v), "max": max, "min": min}


def run_group(args, experiment, label, spec):
    algorithm, problem, params, seeds, max_iters = spec
    values = []
    for seed in range(1, seeds + 1):
        folder = os.path.join(args.out, experiment, f"{label}-seed{seed}")
        if not os.path.exists(os.path.join(folder, "result.json")):
            cmd = [args.catalogue, "run", algorithm, "--problem", problem, "--seed", str(seed), "--out", folder]
            if args.plugin_path:
                cmd += ["--plugin-path", args.plugin_path]
            for p in params:
                cmd += ["-p", p]
            if max_iters:
                cmd += ["--max-iters", str(max_iters)]
            print("  " + " ".join(cmd[1:]), flush=True)
            subprocess.run(cmd, check=True, capture_output=True)
        with open(os.path.join(folder, "result.json")) as handle:
            values.append(json.load(handle))
    return values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalogue", default=os.path.join(ROOT, ".build", "release", "catalogue"))
    parser.add_argument("--plugin-path", default=None)
    parser.add_argument("--out", default=os.path.join(ROOT, "runs", "flat-minima"))
    parser.add_argument("--only", choices=list(GROUPS), default=None)
    args = parser.parse_args()
    results = {}
    for experiment, groups in GROUPS.items():
        if args.only and experiment != args.only:
            continue
        print(f"experiment {experiment}")
        for label, spec in groups.items():
            results[(experiment, label)] = run_group(args, experiment, label, spec)
    failed = 0
    print(f"\n{'claim':38} {'value':>12} {'bound':>22}  result")
    for experiment, claim, run, metric, aggregate, kind, a, b in CLAIMS:
        if (experiment, run) not in results:
            continue
        value = AGGREGATE[aggregate]([r["final_metrics"][metric] for r in results[(experiment, run)]])
        if kind == "range":
            ok = a <= value <= b
            bound = f"[{a:g}, {b:g}]"
        else:
            other = AGGREGATE[aggregate]([r["final_metrics"][metric] for r in results[(experiment, b)]])
            ok = value <= a * other
            bound = f"<= {a:g} x {other:.4g}"
        failed += not ok
        print(f"{claim:38} {value:12.4g} {bound:>22}  {'holds' if ok else 'FAILS'}")
    for (experiment, label), runs in sorted(results.items()):
        for metric in ("trace_norm", "dist_flat", "test_mse", "beta_error", "iters_to_target", "f_max", "f"):
            values = [r["final_metrics"].get(metric) for r in runs]
            if None not in values:
                print(f"  {experiment:9} {label:8} {metric:16} " + " ".join(f"{v:.4g}" for v in values))
        times = [r["time_per_iteration_s"] * 1e3 for r in runs]
        print(f"  {experiment:9} {label:8} {'ms/iter':16} " + " ".join(f"{t:.3g}" for t in times))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
