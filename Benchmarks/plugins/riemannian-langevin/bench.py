"""Chain-steps per second of the riemannian-langevin plugin's `glmc` against a vectorised NumPy GLMC step.

Workloads (issue 16): M = 2000 chains on vMF S² (κ = 5) and on the SPD(2) Gaussian (σ = 0.5), δ = 0.1/L. The
plugin is timed through `catalogue run glmc --json` (result.json `time_per_iteration_s`: one iteration moves all
M chains and evaluates their statistics), the NumPy step of reference.py (the same step plus the same per-step
statistic) with the same wall clock, alternating plugin and reference runs in pairs; min and median are reported.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/plugins/riemannian-langevin/bench.py [--catalogue PATH] [--quick]
        [--json OUT]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

WORKLOADS = {
    "s2-vmf": {"problem": "vmf", "delta": 0.1 / 5},
    "spd2-gaussian": {"problem": "spd-gaussian", "delta": 0.1 / 4},
}


def time_plugin(catalogue, problem, chains, steps):
    folder = tempfile.mkdtemp(prefix="riemannian-langevin-bench-")
    shutil.rmtree(folder)
    command = [
        catalogue, "run", "glmc", "--problem", problem, "--seed", "1", "--max-iters", str(steps), "--json",
        "-p", f"chains={chains}", "-p", "samples=0", "-p", f"burn_in={steps // 2}",
        "--out", folder,
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    shutil.rmtree(folder, ignore_errors=True)
    return json.loads(out)["time_per_iteration_s"]


def time_numpy(workload, chains, steps):
    rng = np.random.default_rng(1)
    delta = WORKLOADS[workload]["delta"]
    if workload == "s2-vmf":
        mu = np.array([1.0, 2.0, 2.0]) / 3
        x = reference.sphere_start(chains, rng)
        start = time.perf_counter()
        for _ in range(steps):
            x, _ = reference.sphere_step(x, mu, 5.0, delta, rng)
    else:
        x = reference.spd_start(chains)
        start = time.perf_counter()
        for _ in range(steps):
            x, _ = reference.spd_step(x, 0.5, delta, rng)
    return (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--quick", action="store_true", help="fewer steps and pairs")
    parser.add_argument("--json", help="write the rows to this file")
    parser.add_argument("--chains", type=int, default=2000)
    args = parser.parse_args()
    steps, pairs = (100, 2) if args.quick else (400, 3)
    rows = []
    print(f"M = {args.chains} chains, {steps} steps per timing, {pairs} alternating pairs (per-iteration times)")
    print(f"{'workload':16} {'ours min':>10} {'ours med':>10} {'numpy min':>10} {'numpy med':>10} {'numpy/ours':>10}")
    for workload, spec in WORKLOADS.items():
        ours, theirs = [], []
        for _ in range(pairs):
            ours.append(time_plugin(args.catalogue, spec["problem"], args.chains, steps))
            theirs.append(time_numpy(workload, args.chains, steps))
        o, t = float(np.median(ours)), float(np.median(theirs))
        print(f"{workload:16} {1e3 * min(ours):9.2f}ms {1e3 * o:9.2f}ms {1e3 * min(theirs):9.2f}ms {1e3 * t:9.2f}ms "
              f"{t / o:9.2f}x")
        print(f"{'':16} chain-steps/s: ours {args.chains / o:,.0f}, numpy {args.chains / t:,.0f}")
        rows.append({"workload": workload, "ours_s": o, "references": {"numpy": t}, "bound_s": None, "pairs": pairs})
    print(f"(numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
