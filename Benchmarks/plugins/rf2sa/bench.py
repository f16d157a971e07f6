"""Time per iteration of the `rf2sa` plugin against the NumPy reference of the same iteration, in one run.

What is measured. For each size (the spec's small size and the paper's, Han et al. 2024) it runs

    catalogue run rf2sa --seed 1 --max-iters K -p n=.. -p d=.. -p r=.. -p diagnostics=false -p reference_iters=0 --json

twice, with K = K0 and K = K0 + K1, and takes the difference of the two processes' CPU times (getrusage of the
children) over K1 as the plugin's CPU time per iteration: start-up, instance construction and the first K0
iterations (the first one pays OpenBLAS's and the loader's first-call costs, tens of milliseconds) cancel. It does
not use result.json's `time_per_iteration_s`, which is wall time over all rows including the instance's
construction. The NumPy reference (`rf2sa_numpy.run`, instance built outside the timing, each gradient call
computing only the part the step uses, as the plugin does) is timed with `time.process_time` over the same K0 + K1
iterations. The two sides alternate `--pairs` times; the table gives the minimum and the median of each side and
the ratios NumPy/ours of the minima and of the medians. CPU time, so waiting on a shared machine does not count,
but a loaded machine still slows both sides (shared caches and cores) and not by the same factor: the load average
is printed at the start and the end. Both sides run one BLAS thread. It also checks that both end at the same
iterate W_K (the NumPy reference regenerates the catalogue's instance from the seed), so the two time the same
computation. With diagnostics off the plugin evaluates one cheap f(W_k, y_k) per iteration for the trace and the
host writes a trace row; the NumPy loop does neither.

`--quick` measures exactly the same quantity (same sizes, same K0 and K1, same two processes per pair) with 3
pairs instead of 7: a shorter run, not a different workload.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/plugins/rf2sa/bench.py --catalogue .build/release/catalogue
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

# One BLAS thread on both sides; set before NumPy loads OpenBLAS (the child inherits it).
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rf2sa_numpy  # noqa: E402

SIZES = [
    # label, n, d, r, K0 (warm-up, cancels), K1 (timed)
    ("spec small (n=30, d=8, r=3)", 30, 8, 3, 100, 5000),
    ("paper (n=100, d=50, r=20)", 100, 50, 20, 20, 400),
]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_catalogue(catalogue, plugin_path, n, d, r, iterations, folder):
    """CPU seconds of one `catalogue run` process and its final W."""
    command = [catalogue, "run", "rf2sa", "--seed", "1", "--max-iters", str(iterations), "--json", "--out", folder]
    if plugin_path:
        command += ["--plugin-path", plugin_path]
    for key, value in [("n", n), ("d", d), ("r", r), ("diagnostics", "false"), ("reference_iters", 0)]:
        command += ["-p", f"{key}={value}"]
    before = children_cpu()
    process = subprocess.run(command, capture_output=True, text=True)
    seconds = children_cpu() - before
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{process.stderr}")
    result = json.loads(process.stdout)
    w = np.array(result["result_vectors"]["x"]).reshape(r, d).T
    return seconds, w


def time_catalogue(catalogue, plugin_path, n, d, r, warmup, timed, scratch):
    folder = tempfile.mkdtemp(dir=scratch)
    short, _ = run_catalogue(catalogue, plugin_path, n, d, r, warmup, os.path.join(folder, "short"))
    long, w = run_catalogue(catalogue, plugin_path, n, d, r, warmup + timed, os.path.join(folder, "long"))
    return (long - short) / timed, w


def time_numpy(n, d, r, warmup, timed):
    """CPU seconds per iteration over the same K0 + K1 iterations (the instance is built outside the timing)."""
    problem = rf2sa_numpy.instance(1, n, d, r)
    start = time.process_time()
    w, _, _ = rf2sa_numpy.run(problem, warmup + timed)
    return (time.process_time() - start) / (warmup + timed), w


def main():
    parser = argparse.ArgumentParser(description="rf2sa CPU time per iteration: Swift plugin vs NumPy")
    parser.add_argument("--catalogue", default=".build/release/catalogue", help="the catalogue executable (a release build)")
    parser.add_argument("--plugin-path", default=None, help="plugin file or folder searched first")
    parser.add_argument("--pairs", type=int, default=7, help="alternating (ours, NumPy) pairs per size")
    parser.add_argument("--quick", action="store_true", help="the same measurement with 3 pairs")
    parser.add_argument("--json", default=None, help="write the result rows here (Benchmarks/run.py reads them)")
    args = parser.parse_args()
    if args.quick:
        args.pairs = min(args.pairs, 3)
    rows = []
    print(f"numpy {np.__version__}; OpenBLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'size':30} {'K1':>5} {'ours min/med µs':>16} {'numpy min/med µs':>17} {'numpy/ours min/med':>19} "
          f"{'max|ΔW_K|':>10}")
    for label, n, d, r, warmup, timed in SIZES:
        ours, numpy_times, gap = [], [], 0.0
        with tempfile.TemporaryDirectory() as scratch:
            for _ in range(args.pairs):
                seconds, w_swift = time_catalogue(args.catalogue, args.plugin_path, n, d, r, warmup, timed, scratch)
                ours.append(seconds)
                seconds, w_numpy = time_numpy(n, d, r, warmup, timed)
                numpy_times.append(seconds)
                gap = max(gap, float(np.abs(w_swift - w_numpy).max()))
        o, p = min(ours), min(numpy_times)
        om, pm = statistics.median(ours), statistics.median(numpy_times)
        print(f"{label:30} {timed:>5} {o * 1e6:>7.1f} /{om * 1e6:>7.1f} {p * 1e6:>8.1f} /{pm * 1e6:>7.1f} "
              f"{p / o:>11.2f} /{pm / om:>6.2f} {gap:>10.1e}")
        rows.append({"workload": f"rf2sa iteration, {label}", "ours_s": o, "references": {"numpy": p},
                     "bound_s": None, "pairs": args.pairs, "ours_median_s": om, "references_median": {"numpy": pm}})
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f)


if __name__ == "__main__":
    main()
