"""Training steps per second of the functional-gd kernel-attention transformer against NumPy, for each h.

Setting (issue 21): d = 5, n = 14, batch 1000, L = 3, one head; one step is forward, loss, analytic backward,
global clipping and Adam. The plugin is timed through `catalogue run kernel-transformer --json`
(time_per_iteration_s of result.json; the batch is drawn once and the test set has one prompt, so neither the GP
sampler nor the evaluation is timed), the NumPy step (reference.py, the same step vectorised with einsum) with the
same wall clock in the same process run; plugin and NumPy runs alternate in pairs, and min and median are reported.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/plugins/functional-gd/bench.py [--catalogue .build/release/catalogue]
        [--quick] [--json OUT]
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

D, N, BATCH, LAYERS = 5, 14, 1000, 3


def time_plugin(catalogue, h, steps):
    command = [
        catalogue, "run", "kernel-transformer", "--seed", "1", "--max-iters", str(steps), "--json",
        "-p", f"h={h}", "-p", f"n={N}", "-p", f"d={D}", "-p", f"layers={LAYERS}", "-p", f"batch_size={BATCH}",
        "-p", f"resample_every={10 * steps}", "-p", "test_size=1", "-p", f"eval_every={10 * steps}",
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["time_per_iteration_s"]


def time_numpy(h, steps):
    rng = np.random.default_rng(1)
    z, y = reference.sample(rng, BATCH, D, N)
    params = reference.init(rng, D, LAYERS)
    flat = [np.atleast_1d(np.asarray(v, dtype=float)) for layer in params for v in layer]
    state = {"t": 0, "m": [np.zeros_like(v) for v in flat], "v": [np.zeros_like(v) for v in flat]}
    start = time.perf_counter()
    for _ in range(steps):
        _, grads = reference.loss_and_gradient(params, z, y, h)
        params = reference.clip_and_adam(params, grads, state)
    return (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--quick", action="store_true", help="fewer steps and pairs")
    parser.add_argument("--json", help="write the rows to this file")
    args = parser.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    steps, pairs = (40, 1) if args.quick else (200, 3)
    error = reference.self_check()
    print(f"NumPy reference: analytic vs central-difference gradient, max relative error {error:.1e}")
    rows = []
    print(f"d = {D}, n = {N}, batch {BATCH}, L = {LAYERS}: seconds per training step (min / median of {pairs})")
    print(f"{'h':<10}{'plugin':>12}{'numpy':>12}{'numpy/plugin':>14}")
    for h in ["linear", "relu", "exp", "softmax"]:
        ours, numpy_times = [], []
        for _ in range(pairs):
            ours.append(time_plugin(args.catalogue, h, steps))
            numpy_times.append(time_numpy(h, max(steps // 4, 10)))
        p, q = float(np.median(ours)), float(np.median(numpy_times))
        print(f"{h:<10}{p:>12.4f}{q:>12.4f}{q / p:>13.2f}x   (min {min(ours):.4f} / {min(numpy_times):.4f})")
        rows.append({
            "workload": f"kernel-transformer step h={h} d={D} n={N} B={BATCH} L={LAYERS}",
            "ours_s": min(ours), "references": {"numpy": min(numpy_times)}, "bound_s": None, "pairs": pairs,
            "ours_median_s": p, "references_median": {"numpy": q},
        })
    print(f"(numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
