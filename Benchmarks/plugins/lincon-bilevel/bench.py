"""CPU time per outer step of `f2cba` and `implicit-kkt` (hessian=once) at the paper's sizes, against the NumPy/SciPy
reference of the same step (reference_step.py), both measured in this run on this machine, alternating.

Usage: python3 Benchmarks/plugins/lincon-bilevel/bench.py [--catalogue PATH] [--sizes 200 1000] [--steps 20] [--pairs 3]

Ours: `catalogue run <algo> --json` with a fixed budget and track_error=false; `time_step_cpu_s` is the plugin's own
median thread-CPU time per step after the first (lower solve, penalty or KKT solve, Adam update) and
`time_first_step_cpu_s` the first step's, which also builds and factors the lower-level Hessian. NumPy: the same
steps timed with `time.thread_time`; its first step includes the constructor, which factors Q and forms Q⁻¹Aᵀ (work
the plugin does inside its first step). Each pair is one plugin run then one NumPy run; the table gives the minimum
and the median over the pairs (CPU time, so waiting on a shared machine does not count; the load is printed).
"""

import argparse
import json
import os
import statistics
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
        process = subprocess.run(command, capture_output=True, text=True)
        if process.returncode != 0:
            sys.exit(f"{' '.join(command)} failed:\n{process.stderr}")
        result = json.loads(process.stdout)
    metrics = result["final_metrics"]
    return metrics["time_step_cpu_s"], metrics["time_first_step_cpu_s"]


def run_numpy(kind, dy, steps):
    toy = Toy(100, dy, (dy + 4) // 5, seed=1)
    start = time.thread_time()
    method = kind(toy)
    setup = time.thread_time() - start
    x = toy.x0.copy()
    times = []
    for _ in range(steps):
        start = time.thread_time()
        x = method.step(x)
        times.append(time.thread_time() - start)
    return float(np.median(times[1:])), setup + times[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=3, help="alternating (ours, NumPy) runs per method and size")
    parser.add_argument("--quick", action="store_true", help="fewer repeats/steps (CI-sized)")
    parser.add_argument("--json", default=None, help="write the result rows here (Benchmarks/run.py reads them)")
    args = parser.parse_args()
    if args.quick:
        args.steps = min(args.steps, 8)
        args.pairs = 1
    rows = []
    print(f"numpy {np.__version__}; OpenBLAS threads: 1; load average {os.getloadavg()[0]:.1f}; CPU seconds, "
          f"min / median over {args.pairs} pairs")
    print(f"{'method':<20}{'d_y':>6}{'ours step':>20}{'numpy step':>20}{'ratio':>7}"
          f"{'ours 1st':>20}{'numpy 1st':>20}{'ratio':>7}")
    for dy in args.sizes:
        for label, algorithm, extra, kind in [("f2cba", "f2cba", [], F2CBAStep),
                                              ("implicit-kkt (once)", "implicit-kkt", ["-p", "hessian=once"],
                                               KKTStep)]:
            ours, ours_first, numpy_step, numpy_first = [], [], [], []
            for _ in range(args.pairs):
                step, first = run_ours(args.catalogue, algorithm, dy, args.steps, extra)
                ours.append(step)
                ours_first.append(first)
                step, first = run_numpy(kind, dy, args.steps + 1)
                numpy_step.append(step)
                numpy_first.append(first)

            def cell(values):
                return f"{min(values):.3e}/{statistics.median(values):.3e}"

            print(f"{label:<20}{dy:>6}{cell(ours):>20}{cell(numpy_step):>20}{min(numpy_step) / min(ours):>7.2f}"
                  f"{cell(ours_first):>20}{cell(numpy_first):>20}{min(numpy_first) / min(ours_first):>7.2f}")
            rows.append({"workload": f"{label} step, d_y={dy}", "ours_s": min(ours),
                         "references": {"numpy": min(numpy_step)}, "bound_s": None, "pairs": args.pairs,
                         "ours_median_s": statistics.median(ours),
                         "references_median": {"numpy": statistics.median(numpy_step)}})
            rows.append({"workload": f"{label} first step, d_y={dy}", "ours_s": min(ours_first),
                         "references": {"numpy": min(numpy_first)}, "bound_s": None, "pairs": args.pairs,
                         "ours_median_s": statistics.median(ours_first),
                         "references_median": {"numpy": statistics.median(numpy_first)}})
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f)


if __name__ == "__main__":
    main()
