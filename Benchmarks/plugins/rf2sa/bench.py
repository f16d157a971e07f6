"""Time per iteration of the `rf2sa` plugin against the NumPy reference of the same iteration, in one run.

For each size (the spec's small size and the paper's, Han et al. 2024) it runs

    catalogue run rf2sa --seed 1 --max-iters K -p n=.. -p d=.. -p r=.. -p diagnostics=false -p reference_iters=0 --json

and reads `time_per_iteration_s` from result.json, then times `rf2sa_numpy.run` on the same instance for K
iterations, alternating the two `--repeats` times and reporting medians. It also checks that both end at the same
iterate W_K (the NumPy reference regenerates the catalogue's instance from the seed), so the two time the same
computation. With diagnostics off the plugin evaluates one cheap f(W_k, y_k) per iteration for the trace and the
host writes a trace row; the NumPy loop does neither.

    python3 Benchmarks/plugins/rf2sa/bench.py --catalogue .build/release/catalogue
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rf2sa_numpy  # noqa: E402

SIZES = [
    ("spec small (n=30, d=8, r=3)", 30, 8, 3, 2000),
    ("paper (n=100, d=50, r=20)", 100, 50, 20, 200),
]


def time_catalogue(catalogue, plugin_path, n, d, r, iterations, folder):
    command = [catalogue, "run", "rf2sa", "--seed", "1", "--max-iters", str(iterations), "--json", "--out", folder]
    if plugin_path:
        command += ["--plugin-path", plugin_path]
    for key, value in [("n", n), ("d", d), ("r", r), ("diagnostics", "false"), ("reference_iters", 0)]:
        command += ["-p", f"{key}={value}"]
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    w = np.array(result["result_vectors"]["x"]).reshape(r, d).T
    return result["time_per_iteration_s"], w


def time_numpy(n, d, r, iterations):
    problem = rf2sa_numpy.instance(1, n, d, r)
    start = time.perf_counter()
    w, _, _ = rf2sa_numpy.run(problem, iterations)
    return (time.perf_counter() - start) / iterations, w


def main():
    parser = argparse.ArgumentParser(description="rf2sa time per iteration: Swift plugin vs NumPy")
    parser.add_argument("--catalogue", default=".build/release/catalogue", help="the catalogue executable (a release build)")
    parser.add_argument("--plugin-path", default=None, help="plugin file or folder searched first")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer repeats/steps (CI-sized)")
    parser.add_argument("--json", default=None, help="write the result rows here (Benchmarks/run.py reads them)")
    args = parser.parse_args()
    if args.quick:
        args.repeats = min(args.repeats, 2)
    rows = []
    print(f"numpy {np.__version__}; OpenBLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'default')}")
    print(f"{'size':32} {'K':>5} {'swift µs/it':>12} {'numpy µs/it':>12} {'numpy/swift':>12} {'max|ΔW_K|':>10}")
    for label, n, d, r, iterations in SIZES:
        swift, numpy_times, gap = [], [], 0.0
        with tempfile.TemporaryDirectory() as scratch:
            for repeat in range(args.repeats):
                folder = os.path.join(scratch, f"run{repeat}")
                seconds, w_swift = time_catalogue(args.catalogue, args.plugin_path, n, d, r, iterations, folder)
                swift.append(seconds)
                seconds, w_numpy = time_numpy(n, d, r, iterations)
                numpy_times.append(seconds)
                gap = max(gap, float(np.abs(w_swift - w_numpy).max()))
        s, p = statistics.median(swift), statistics.median(numpy_times)
        print(f"{label:32} {iterations:>5} {s * 1e6:>12.1f} {p * 1e6:>12.1f} {p / s:>12.2f} {gap:>10.1e}")
        rows.append({"workload": f"rf2sa iteration, {label}", "ours_s": s, "references": {"numpy": p},
                     "bound_s": None, "pairs": args.repeats})
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f)


if __name__ == "__main__":
    main()
