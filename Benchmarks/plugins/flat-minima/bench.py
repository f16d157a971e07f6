"""Time per SA iteration on the diagonal network: the plugin (through `catalogue run --json`) against the NumPy
reference of diagonal_network.py, measured in the same run.

The plugin's time per iteration covers everything the run does per row: the step (3 gradient oracles through the
C ABI), the metrics the problem reports (trace, Phi, flatness residual, beta error, test MSE) and writing the row.
NumPy is timed twice: the same iteration with the same metrics, and the bare step.

usage: python3 Benchmarks/plugins/flat-minima/bench.py [--catalogue PATH] [--plugin-path DIR] [--iters N]
"""

import argparse
import json
import os
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
    parser.add_argument("--quick", action="store_true", help="fewer repeats/steps (CI-sized)")
    parser.add_argument("--json", default=None, help="write the result rows here (Benchmarks/run.py reads them)")
    args = parser.parse_args()
    if args.quick:
        args.iters = min(args.iters, 600)
    ours, rows = plugin_time(args.catalogue, args.plugin_path, args.iters)
    full = numpy_time(args.iters, with_metrics=True)
    bare = numpy_time(args.iters, with_metrics=False)
    print(f"diagonal network (d = 80, n = 20), SA batch 1, {args.iters} steps ({rows} rows)")
    print(f"  catalogue sa-flat, step + metrics + row : {ours * 1e6:9.1f} us/iter")
    print(f"  NumPy, step + the same metrics          : {full * 1e6:9.1f} us/iter   NumPy/ours {full / ours:6.2f}")
    print(f"  NumPy, bare step                        : {bare * 1e6:9.1f} us/iter   NumPy/ours {bare / ours:6.2f}")
    if args.json:
        row = {"workload": "sa-flat iteration, diagonal network (d=80, n=20)", "ours_s": ours,
               "references": {"numpy": full, "numpy_bare_step": bare}, "bound_s": None, "pairs": 1}
        with open(args.json, "w") as f:
            json.dump([row], f)


if __name__ == "__main__":
    main()
