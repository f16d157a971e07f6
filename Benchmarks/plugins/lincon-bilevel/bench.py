"""Time per outer step of `f2cba` and `implicit-kkt` (hessian=once) at the paper's sizes, against the NumPy/SciPy
reference of the same step (reference_step.py), both measured in this run on this machine.

Usage: python3 Benchmarks/plugins/lincon-bilevel/bench.py [--catalogue PATH] [--sizes 200 1000] [--steps 20]

Ours: `catalogue run <algo> --json` with a fixed budget and track_error=false; `time_step_s` is the plugin's own
median time per step after the first (lower solve, penalty or KKT solve, Adam update; the first step builds the
lower-level Hessian from d_y Hessian-vector products and is reported separately), `time_per_iteration_s` is the
host's wall time per iteration including that first step and the trace. NumPy: the same steps, timed the same way.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

# One BLAS thread, as the plugin runs (result.json records blas_threads = 1); set before NumPy loads OpenBLAS.
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_step import F2CBAStep, KKTStep, Toy  # noqa: E402


def run_ours(catalogue, algorithm, dy, steps, extra):
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "run")
        command = [catalogue, "run", algorithm, "--max-iters", str(steps), "-p", "dim_x=100", "-p", f"dim_y={dy}",
                   "-p", "track_error=false", "--seed", "1", "--json", "--out", out] + extra
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    metrics = result["final_metrics"]
    return metrics["time_step_s"], metrics["time_first_step_s"], result["time_per_iteration_s"]


def run_numpy(kind, dy, steps):
    toy = Toy(100, dy, (dy + 4) // 5, seed=1)
    method = kind(toy)
    x = toy.x0.copy()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        x = method.step(x)
        times.append(time.perf_counter() - start)
    return float(np.median(times[1:])), times[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="fewer repeats/steps (CI-sized)")
    parser.add_argument("--json", default=None, help="write the result rows here (Benchmarks/run.py reads them)")
    args = parser.parse_args()
    if args.quick:
        args.steps = min(args.steps, 8)
    rows = []
    print(f"{'method':<22}{'d_y':>6}{'ours s/step':>14}{'numpy s/step':>14}{'numpy/ours':>12}"
          f"{'ours 1st':>11}{'numpy 1st':>11}{'host s/iter':>13}")
    for dy in args.sizes:
        for label, algorithm, extra, kind in [("f2cba", "f2cba", [], F2CBAStep),
                                              ("implicit-kkt (once)", "implicit-kkt", ["-p", "hessian=once"],
                                               KKTStep)]:
            ours, ours_first, host = run_ours(args.catalogue, algorithm, dy, args.steps, extra)
            numpy_step, numpy_first = run_numpy(kind, dy, args.steps + 1)
            print(f"{label:<22}{dy:>6}{ours:>14.3e}{numpy_step:>14.3e}{numpy_step / ours:>12.2f}"
                  f"{ours_first:>11.3e}{numpy_first:>11.3e}{host:>13.3e}")
            rows.append({"workload": f"{label} step, d_y={dy}", "ours_s": ours, "references": {"numpy": numpy_step},
                         "bound_s": None, "pairs": args.steps})
            rows.append({"workload": f"{label} first step, d_y={dy}", "ours_s": ours_first,
                         "references": {"numpy": numpy_first}, "bound_s": None, "pairs": 1})
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f)


if __name__ == "__main__":
    main()
