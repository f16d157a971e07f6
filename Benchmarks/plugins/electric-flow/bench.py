"""Training steps per second of `graph-transformer` against a NumPy implementation of the same step, and the
FLOP-count bound of one step at this machine's measured dgemm rate.

Workload (issue 19): n = 10 CSL graphs, stack layout, batch 1000, L = 3; one step is forward, scale-invariant loss,
analytic backward, global clipping and AdamW. The plugin is timed through `catalogue run --json`
(`time_per_iteration_s`, batches drawn once per run so graph sampling is amortised), the NumPy step (reference.py)
in this process, alternating pairs; min and median are reported. The bound is step_flops / (dgemm GFLOP/s of a
1000³ NumPy matmul), i.e. the time if every multiply-add ran at large-dgemm speed.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/plugins/electric-flow/bench.py [--catalogue .build/release/catalogue]
        [--quick] [--json OUT] [--before OTHER_CATALOGUE]

--before times a second build (e.g. the previous commit's catalogue with its libElectricFlow.so next to it) in the
same alternation, for before/after comparisons on a loaded machine.
"""

import argparse
import json
import os
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402


def time_plugin(catalogue, steps, batch, layers):
    command = [
        catalogue, "run", "graph-transformer", "--seed", "1", "--max-iters", str(steps), "--json",
        "-p", f"layers={layers}", "-p", f"batch_size={batch}", "-p", f"steps={steps}",
        "-p", f"resample_every={10 * steps}", "-p", "eval_size=1", "-p", f"eval_every={10 * steps}",
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd="/tmp").stdout
    return json.loads(out)["time_per_iteration_s"]


def time_numpy(steps, batch, layers):
    rng = np.random.default_rng(1)
    b, psi, target = reference.csl_batch(rng, batch)
    params = reference.structured_params(layers, b.shape[2] + 2 * b.shape[1])
    optimizer = reference.AdamW(params, lr=0.02 / layers)
    start = time.perf_counter()
    for _ in range(steps):
        _, grads = reference.loss_and_gradient(params, b, psi, target)
        params = optimizer.step(params, grads)
    return (time.perf_counter() - start) / steps


def dgemm_rate(size=1000, repeats=5):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((size, size)), rng.standard_normal((size, size))
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * size ** 3 / best


def _timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--quick", action="store_true", help="fewer steps and pairs")
    parser.add_argument("--json", help="write the result rows to this file")
    parser.add_argument("--before", help="another catalogue executable to time in the same alternation")
    args = parser.parse_args()
    catalogue = os.path.abspath(args.catalogue)
    steps, pairs = (20, 2) if args.quick else (100, 5)
    batch, layers, n = 1000, 3, 10
    error = reference.self_check()
    print(f"NumPy reference: analytic vs central-difference gradient, max relative error {error:.1e}")
    ours, numpy_times, before = [], [], []
    for _ in range(pairs):
        ours.append(time_plugin(catalogue, steps, batch, layers))
        numpy_times.append(time_numpy(max(steps // 5, 5), batch, layers))
        if args.before:
            before.append(time_plugin(os.path.abspath(args.before), steps, batch, layers))
    rate = dgemm_rate()
    bound = reference.step_flops(batch, n, 2 * n, layers) / rate
    p, q = float(np.median(ours)), float(np.median(numpy_times))
    print(f"CSL n = {n}, stack layout, batch {batch}, L = {layers}, {pairs} alternating pairs")
    print(f"  plugin (Swift, OpenBLAS): min {1e3 * min(ours):8.2f}  median {1e3 * p:8.2f} ms/step")
    print(f"  NumPy reference         : min {1e3 * min(numpy_times):8.2f}  median {1e3 * q:8.2f} ms/step")
    if before:
        print(f"  plugin, --before build  : min {1e3 * min(before):8.2f}  median {1e3 * np.median(before):8.2f} ms/step"
              f"   (before / now = {np.median(before) / p:.2f}x)")
    print(f"  FLOP bound at {rate / 1e9:.1f} GFLOP/s dgemm: {1e3 * bound:8.2f} ms/step")
    print(f"  NumPy / plugin = {q / p:.2f}x    plugin / bound = {p / bound:.2f}x")
    print(f"  (numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')})")
    if args.json:
        row = {
            "workload": f"graph-transformer step, CSL n={n}, stack, batch {batch}, L={layers}",
            "ours_s": min(ours), "references": {"numpy": min(numpy_times)}, "bound_s": bound, "pairs": pairs,
            "ours_median_s": p, "references_median": {"numpy": q},
        }
        if before:
            row["before_s"] = float(np.median(before))
        with open(args.json, "w") as f:
            json.dump([row], f, indent=2)


if __name__ == "__main__":
    main()
