"""Training steps per second of the Memformer plugin against a NumPy implementation of the same step.

Setting (issue 9): d = 5, n = 20, batch 1000, a 4-layer CG-like Memformer with full preconditioners; one step is
forward, loss, analytic backward, per-matrix clipping and Adam. The plugin is timed through `catalogue run --json`
(time_per_iteration_s of result.json, batches drawn once so the sampler is not timed), the NumPy step
(reference.py) with the same wall clock in the same process run, alternating, and the medians are compared.

    python3 Benchmarks/plugins/memformer/bench.py [--catalogue .build-memformer/release/catalogue] [--steps 300] [--repeats 3]
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


def time_plugin(catalogue, steps, batch, layers):
    command = [
        catalogue, "run", "memformer-cg", "--seed", "1", "--max-iters", str(steps), "--json",
        "-p", "all_depths=false", "-p", f"layers={layers}", "-p", f"batch_size={batch}",
        "-p", f"resample_every={10 * steps}", "-p", "test_size=1", "-p", f"eval_every={10 * steps}",
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["time_per_iteration_s"]


def time_numpy(steps, batch, layers):
    rng = np.random.default_rng(1)
    u = np.linalg.svd(rng.uniform(-1, 1, (5, 5)))[0]
    z, y = reference.sample(rng, batch, u, np.array([1, 1, 0.5, 0.25, 1.0]))
    params = [1e-4 * rng.standard_normal((5, 5)) for _ in range(layers)] + [np.zeros(layers - 1)]
    state = {"t": 0, "m": [np.zeros_like(p) for p in params], "v": [np.zeros_like(p) for p in params]}
    start = time.perf_counter()
    for _ in range(steps):
        _, grads, dgamma = reference.loss_and_gradient(params[:layers], np.concatenate([[0.0], params[layers]]), z, y)
        params = reference.adam_step(params, grads + [dgamma], state)
    return (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build-memformer/release/catalogue")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="fewer repeats/steps (CI-sized)")
    parser.add_argument("--json", default=None, help="write the result rows here (Benchmarks/run.py reads them)")
    args = parser.parse_args()
    if args.quick:
        args.steps, args.repeats = min(args.steps, 60), min(args.repeats, 2)
    error = reference.self_check()
    print(f"NumPy reference: analytic vs central-difference gradient, max relative error {error:.1e}")
    plugin, numpy_times = [], []
    for _ in range(args.repeats):
        plugin.append(time_plugin(args.catalogue, args.steps, args.batch, args.layers))
        numpy_times.append(time_numpy(max(args.steps // 5, 20), args.batch, args.layers))
    p, q = float(np.median(plugin)), float(np.median(numpy_times))
    print(f"d = 5, n = 20, batch {args.batch}, {args.layers} layers, CG memory, full preconditioners")
    print(f"  plugin (Swift, OpenBLAS): {1e3 * p:8.2f} ms/step  {1 / p:7.1f} steps/s")
    print(f"  NumPy reference         : {1e3 * q:8.2f} ms/step  {1 / q:7.1f} steps/s")
    print(f"  speed-up plugin/NumPy   : {q / p:8.2f}x")
    print(f"  (numpy {np.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')})")
    if args.json:
        row = {"workload": f"memformer-cg training step (d=5, n=20, B={args.batch}, L={args.layers})",
               "ours_s": p, "references": {"numpy": q}, "bound_s": None, "pairs": args.repeats}
        with open(args.json, "w") as f:
            json.dump([row], f)


if __name__ == "__main__":
    main()
