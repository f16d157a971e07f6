"""Iterations per second of `invex-gd` on I3 (Gaussian NLL on SPD(8)) against the NumPy/SciPy reference of the same
iteration (reference.py), in one run.

The plugin is timed through `catalogue run invex-gd --problem gaussian-nll --json` (result.json
`time_per_iteration_s`, which includes the host's trace writing) with kernel k2, the Euclidean gradient and a
constant step, stopping rules off. The reference needs the instance's S: S is the NLL's minimiser, so the script
first solves the instance with RGD (invex-gd gradient=metric) and uses its final iterate as S (it agrees with S to
about 1e-8); both sides then run the same K steps from Σ₀ = I, and the script reports max|Σ_K(swift) − Σ_K(numpy)|
as a check that they compute the same iteration. Runs alternate, `--pairs` pairs, min and median reported.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/plugins/invex/bench.py [--catalogue .build/release/catalogue]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

N = 8
STEP = 0.02


def catalogue_run(catalogue, folder, iterations, parameters):
    command = [catalogue, "run", "invex-gd", "--problem", "gaussian-nll", "--seed", "1", "--max-iters",
               str(iterations), "--json", "--out", folder, "-p", f"n={N}"]
    for key, value in parameters:
        command += ["-p", f"{key}={value}"]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main():
    parser = argparse.ArgumentParser(description="invex-gd on SPD(8): Swift plugin vs NumPy/SciPy")
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--quick", action="store_true", help="fewer iterations and pairs")
    parser.add_argument("--pairs", type=int, default=None)
    parser.add_argument("--json", default=None, help="write the result rows here")
    args = parser.parse_args()
    iterations = 200 if args.quick else 2000
    pairs = args.pairs or (2 if args.quick else 5)
    timed = [("kernel", "k2"), ("gradient", "euclidean"), ("step", "constant"), ("step_size", STEP),
             ("grad_tol", 0), ("f_rel_tol", 0)]
    with tempfile.TemporaryDirectory() as scratch:
        solved = catalogue_run(args.catalogue, os.path.join(scratch, "solve"), 3000,
                               [("kernel", "k2"), ("gradient", "metric")])
        s = np.array(solved["result_vectors"]["x"]).reshape(N, N)
        s = 0.5 * (s + s.T)
        ours, theirs, gap = [], [], 0.0
        for pair in range(pairs):
            result = catalogue_run(args.catalogue, os.path.join(scratch, f"run{pair}"), iterations, timed)
            ours.append(result["time_per_iteration_s"])
            start = time.perf_counter()
            sigma, _ = reference.run(s, STEP, iterations)
            theirs.append((time.perf_counter() - start) / iterations)
            swift_sigma = np.array(result["result_vectors"]["x"]).reshape(N, N)
            gap = max(gap, float(np.abs(swift_sigma - sigma).max()))
    print(f"numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}; "
          f"{iterations} iterations, {pairs} pairs")
    print(f"{'workload':34} {'swift µs/it (min/med)':>22} {'numpy µs/it (min/med)':>22} {'numpy/swift':>11} "
          f"{'max|ΔΣ_K|':>10}")
    label = f"gaussian-nll n={N}, k2 Exp step"
    print(f"{label:34} {min(ours) * 1e6:>10.1f}/{statistics.median(ours) * 1e6:<11.1f} "
          f"{min(theirs) * 1e6:>10.1f}/{statistics.median(theirs) * 1e6:<11.1f} "
          f"{statistics.median(theirs) / statistics.median(ours):>11.2f} {gap:>10.1e}")
    if args.json:
        rows = [{"workload": label, "ours_s": min(ours), "references": {"numpy": min(theirs)}, "bound_s": None,
                 "pairs": pairs, "ours_median_s": statistics.median(ours),
                 "references_median": {"numpy": statistics.median(theirs)}}]
        with open(args.json, "w") as out:
            json.dump(rows, out, indent=2)


if __name__ == "__main__":
    main()
