"""Training steps per second of lt-pgd next to a NumPy implementation of the same step, and the step's FLOP bound.

Workload (issue 20): d = 5, n = 20, batch B = 1000, L = 3 layers, parametrisation (b) (learned A and B blocks).
One step is forward, loss, analytic backward, per-matrix clipping and Adam on a batch drawn once (the sampler is not
timed on either side). The plugin is timed through `catalogue run lt-pgd --json` (result.json
`time_per_iteration_s`), the NumPy step (reference.py) in this process; the two alternate, `pairs` times, and the
minimum and median of each are reported.

The bound: one step needs at least 3 x (forward FLOPs) with forward = L·B·(2(d+1)²n + 4(d+1)³ + 2(d+1)²(n+1))
(K = Z M Zᵀ, W = P K Q / n, W Z per prompt and layer; the backward pass costs about twice the forward). Divided by the
dgemm rate measured here (one thread, 512 x 512 x 512), it is the time of a step if every FLOP ran at peak dgemm speed.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/plugins/preconditioned-gd/bench.py [--catalogue PATH] [--quick]
        [--json OUT]
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

D, N = 5, 20


def time_plugin(catalogue, steps, batch, layers):
    command = [
        catalogue, "run", "lt-pgd", "--seed", "1", "--max-iters", str(steps), "--json",
        "-p", f"layers={layers}", "-p", "parametrisation=value-key", "-p", f"batch_size={batch}",
        "-p", f"resample_every={10 * steps}", "-p", "test_size=1", "-p", f"eval_every={10 * steps}",
    ]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)["time_per_iteration_s"]


def time_numpy(steps, batch, layers):
    rng = np.random.default_rng(1)
    z, target = reference.sample(rng, batch, D, N)
    params = [1e-4 * rng.standard_normal((D, D)) for _ in range(2 * layers)]
    state = {"t": 0, "m": [np.zeros_like(p) for p in params], "v": [np.zeros_like(p) for p in params]}
    start = time.perf_counter()
    for _ in range(steps):
        _, params = reference.training_step(params, state, z, target, layers)
    return (time.perf_counter() - start) / steps


def dgemm_rate(size=512, repeats=5):
    a = np.random.default_rng(0).standard_normal((size, size))
    b = a.T.copy()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best


def step_flops(batch, layers, d=D, n=N):
    size = d + 1
    forward = layers * batch * (2 * size * size * n + 4 * size**3 + 2 * size * size * (n + 1))
    return 3 * forward


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--quick", action="store_true", help="fewer steps and pairs")
    parser.add_argument("--json", help="write the result rows to this file")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--layers", type=int, default=3)
    args = parser.parse_args()
    steps, pairs = (50, 2) if args.quick else (300, 5)
    error = reference.self_check()
    print(f"NumPy reference: analytic vs central-difference gradient, max relative error {error:.1e}")
    ours, numpy_times = [], []
    for _ in range(pairs):
        ours.append(time_plugin(args.catalogue, steps, args.batch, args.layers))
        numpy_times.append(time_numpy(max(steps // 5, 10), args.batch, args.layers))
    rate = dgemm_rate()
    bound = step_flops(args.batch, args.layers) / rate
    p_min, p_med = min(ours), float(np.median(ours))
    q_min, q_med = min(numpy_times), float(np.median(numpy_times))
    workload = f"lt-pgd train step, d={D} n={N} B={args.batch} L={args.layers} value-key"
    print(workload)
    print(f"  {'':24s} {'min ms':>9s} {'median ms':>10s} {'steps/s':>9s}")
    print(f"  {'plugin (Swift, OpenBLAS)':24s} {1e3 * p_min:9.2f} {1e3 * p_med:10.2f} {1 / p_med:9.1f}")
    print(f"  {'NumPy reference':24s} {1e3 * q_min:9.2f} {1e3 * q_med:10.2f} {1 / q_med:9.1f}")
    print(f"  {'FLOP bound':24s} {1e3 * bound:9.2f}   ({step_flops(args.batch, args.layers) / 1e6:.1f} Mflop at "
          f"{rate / 1e9:.1f} Gflop/s dgemm)")
    print(f"  NumPy / plugin (median): {q_med / p_med:.2f}x   plugin / bound: {p_med / bound:.1f}x")
    print(f"  (numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')})")
    if args.json:
        row = {"workload": workload, "ours_s": p_min, "references": {"numpy": q_min}, "bound_s": bound, "pairs": pairs,
               "ours_median_s": p_med, "references_median": {"numpy": q_med}}
        with open(args.json, "w") as f:
            json.dump([row], f, indent=2)


if __name__ == "__main__":
    main()
