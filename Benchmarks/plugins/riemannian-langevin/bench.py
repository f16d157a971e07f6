"""Chain-steps per second of the riemannian-langevin plugin's `glmc` against a vectorised NumPy GLMC step.

Workloads (issue 16): M = 2000 chains on vMF S² (κ = 5) and on the SPD(2) Gaussian (σ = 0.5), δ = 0.1/L. The
plugin is timed through `catalogue run glmc --json`, the NumPy step of reference.py (the same step plus the same
per-step statistic), alternating plugin and reference runs in pairs; min and median are reported.

Times are CPU times per iteration (one iteration moves all M chains and evaluates their statistics), because the
machine is shared: for the plugin, the child's user + system time of a run of K steps minus that of a run of K/4
steps, over 3K/4 (so process start, plugin loading and result writing cancel); for NumPy, `time.process_time`
around its loop. The wall-clock `time_per_iteration_s` of result.json is printed alongside, with the load.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/plugins/riemannian-langevin/bench.py [--catalogue PATH] [--quick]
        [--json OUT]
"""

import argparse
import json
import os
import resource
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


def run_plugin(catalogue, problem, chains, steps):
    """One `catalogue run glmc`: (child CPU seconds, result.json time_per_iteration_s)."""
    folder = tempfile.mkdtemp(prefix="riemannian-langevin-bench-")
    shutil.rmtree(folder)
    command = [
        catalogue, "run", "glmc", "--problem", problem, "--seed", "1", "--max-iters", str(steps), "--json",
        "-p", f"chains={chains}", "-p", "samples=0", "-p", f"burn_in={steps // 2}",
        "--out", folder,
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(folder, ignore_errors=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, json.loads(out)["time_per_iteration_s"]


def time_plugin(catalogue, problem, chains, steps):
    """CPU seconds per iteration, from runs of `steps` and `steps // 4` iterations; and the long run's wall time."""
    short = steps // 4
    cpu_short, _ = run_plugin(catalogue, problem, chains, short)
    cpu_long, wall = run_plugin(catalogue, problem, chains, steps)
    return (cpu_long - cpu_short) / (steps - short), wall


def time_numpy(workload, chains, steps):
    rng = np.random.default_rng(1)
    delta = WORKLOADS[workload]["delta"]
    if workload == "s2-vmf":
        mu = np.array([1.0, 2.0, 2.0]) / 3
        x = reference.sphere_start(chains, rng)
        start = time.process_time()
        for _ in range(steps):
            x, _ = reference.sphere_step(x, mu, 5.0, delta, rng)
    else:
        x = reference.spd_start(chains)
        start = time.process_time()
        for _ in range(steps):
            x, _ = reference.spd_step(x, 0.5, delta, rng)
    return (time.process_time() - start) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--quick", action="store_true", help="fewer steps and pairs")
    parser.add_argument("--json", help="write the rows to this file")
    parser.add_argument("--chains", type=int, default=2000)
    args = parser.parse_args()
    steps, pairs = (100, 2) if args.quick else (400, 3)
    rows = []
    print(f"M = {args.chains} chains, {steps} steps per timing, {pairs} alternating pairs (CPU time per iteration; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"{'workload':16} {'ours min':>10} {'ours med':>10} {'numpy min':>10} {'numpy med':>10} {'numpy/ours':>10}")
    for workload, spec in WORKLOADS.items():
        ours, theirs, walls = [], [], []
        for _ in range(pairs):
            cpu, wall = time_plugin(args.catalogue, spec["problem"], args.chains, steps)
            ours.append(cpu)
            walls.append(wall)
            theirs.append(time_numpy(workload, args.chains, steps))
        o, t = float(np.median(ours)), float(np.median(theirs))
        print(f"{workload:16} {1e3 * min(ours):9.2f}ms {1e3 * o:9.2f}ms {1e3 * min(theirs):9.2f}ms {1e3 * t:9.2f}ms "
              f"{t / o:9.2f}x")
        print(f"{'':16} min ratio {min(theirs) / min(ours):.2f}x; chain-steps per CPU second: ours "
              f"{args.chains / min(ours):,.0f}, numpy {args.chains / min(theirs):,.0f}; ours wall (result.json) "
              f"median {1e3 * float(np.median(walls)):.2f}ms")
        rows.append({"workload": workload, "ours_s": min(ours), "references": {"numpy": min(theirs)}, "bound_s": None,
                     "pairs": pairs, "ours_median_s": o, "references_median": {"numpy": t}})
    print(f"(numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}; load average "
          f"{os.getloadavg()[0]:.1f} at the end)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
