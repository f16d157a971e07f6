"""Time per SA iteration on the diagonal network: the plugin (through `catalogue run --json`) against the NumPy
reference of diagonal_network.py, measured in the same run.

The plugin's time per iteration covers everything the run does per row: the step (3 gradient oracles through the
C ABI), the metrics the problem reports (trace, Phi, flatness residual, beta error, test MSE) and writing the row.
NumPy is timed twice: the same iteration with the same metrics, and the bare step.

usage: python3 Benchmarks/plugins/flat-minima/bench.py [--catalogue PATH] [--plugin-path DIR] [--iters N] [--pairs K]
       [--quick] [--json OUT]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.dont_write_bytecode = True  # keep the source folder clean of __pycache__
from diagonal_network import DiagonalNetwork, sa_step  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def plugin_time(catalogue, plugin_path, iters):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [catalogue, "run", "sa-flat", "--problem", "diagonal-network", "--seed", "1",
               "-p", "step_size=1e-3", "-p", "rho=0.2", "-p", "gate=1", "-p", "gd_step_size=0.02",
               "-p", f"steps={iters}", "-p", "final_gd=false", "--out", os.path.join(tmp, "run"), "--json"]
        if plugin_path:
            cmd[2:2] = ["--plugin-path", plugin_path]
        result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        return result["time_per_iteration_s"], result["iterations"]


def numpy_time(iters, with_metrics):
    problem = DiagonalNetwork(seed=1)
    rng = np.random.default_rng(2)
    x = problem.x0.copy()
    start = time.perf_counter()
    for _ in range(iters):
        x, _, _ = sa_step(problem, x, rng)
        if with_metrics:
            problem.metrics(x)
    return (time.perf_counter() - start) / iters


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalogue", default=os.path.join(ROOT, ".build", "release", "catalogue"))
    parser.add_argument("--plugin-path", default=None)
    parser.add_argument("--iters", type=int, default=3000)
    parser.add_argument("--pairs", type=int, default=5, help="alternating plugin/NumPy pairs")
    parser.add_argument("--quick", action="store_true", help="fewer steps and pairs (CI-sized)")
    parser.add_argument("--json", default=None, help="write the result rows here (Benchmarks/run.py reads them)")
    args = parser.parse_args()
    if args.quick:
        args.iters, args.pairs = min(args.iters, 600), min(args.pairs, 3)
    ours, full, bare = [], [], []
    for _ in range(args.pairs):
        seconds, rows = plugin_time(args.catalogue, args.plugin_path, args.iters)
        ours.append(seconds)
        full.append(numpy_time(args.iters, with_metrics=True))
        bare.append(numpy_time(args.iters, with_metrics=False))
    print(f"diagonal network (d = 80, n = 20), SA batch 1, {args.iters} steps ({rows} rows), {args.pairs} alternating "
          f"pairs, µs/iter min / median")
    o, f, b = statistics.median(ours), statistics.median(full), statistics.median(bare)
    print(f"  catalogue sa-flat, step + metrics + row : {min(ours) * 1e6:9.1f} / {o * 1e6:9.1f}")
    print(f"  NumPy, step + the same metrics          : {min(full) * 1e6:9.1f} / {f * 1e6:9.1f}   NumPy/ours "
          f"{min(full) / min(ours):6.2f} / {f / o:6.2f}")
    print(f"  NumPy, bare step                        : {min(bare) * 1e6:9.1f} / {b * 1e6:9.1f}   NumPy/ours "
          f"{min(bare) / min(ours):6.2f} / {b / o:6.2f}")
    if args.json:
        row = {"workload": "sa-flat iteration, diagonal network (d=80, n=20)", "ours_s": min(ours),
               "references": {"numpy": min(full), "numpy_bare_step": min(bare)}, "bound_s": None,
               "pairs": args.pairs, "ours_median_s": o, "references_median": {"numpy": f, "numpy_bare_step": b}}
        with open(args.json, "w") as out:
            json.dump([row], out)

if __name__ == "__main__":
    main()
