"""CPU time of one Memformer training step: the plugin against a NumPy and a PyTorch implementation of the same step.

Setting (issues 9, 14): d = 5, n = 20, batch 1000, a 4-layer CG-like Memformer with full preconditioners (sparse
parametrisation, P = e e^T); one step is forward, loss, backward, per-matrix clipping and Adam, on a batch drawn once.

- plugin: `catalogue run memformer-cg` (batches drawn once, no test evaluations), CPU time of the run process and its
  children by getrusage, at two lengths; the per-step figure is the difference divided by the difference in steps, so
  start-up, sampling and result writing cancel.
- NumPy (reference.py, batched np.matmul) and PyTorch (torch_reference.py, the official code's einsum/autograd style,
  float32 and float64): process CPU time of a loop of steps after one warm-up step. One thread each
  (OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)).

Each pair runs plugin, NumPy and PyTorch one after the other; pairs repeat, and min and median over pairs are reported
(the min is the least disturbed by other processes on a shared machine). The bound is the step's FLOPs as the plugin
computes them (the per-prompt pass on the coefficients of the label row, the one row P = e e^T lets change,
flops_per_step below) at the one-thread dgemm rate measured here with NumPy: a floor no implementation of this pass
on this core beats.

    python3 Benchmarks/plugins/memformer/bench.py [--catalogue .build/release/catalogue] [--pairs 7] [--quick]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

try:
    import torch
    import torch_reference
    torch.set_num_threads(1)
except ImportError:
    torch = None


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def plugin_cpu(catalogue, steps, batch, layers):
    """CPU seconds of one `catalogue run` of `steps` training steps (process and children)."""
    command = [
        catalogue, "run", "memformer-cg", "--seed", "1", "--max-iters", str(steps), "--json",
        "-p", "all_depths=false", "-p", f"layers={layers}", "-p", f"batch_size={batch}",
        "-p", f"resample_every={10 * steps}", "-p", "test_size=1", "-p", f"eval_every={10 * steps}",
    ]
    before = children_cpu()
    subprocess.run(command, check=True, capture_output=True, text=True)
    return children_cpu() - before


def time_plugin(catalogue, steps, batch, layers):
    short = max(steps // 6, 10)
    return (plugin_cpu(catalogue, steps, batch, layers) - plugin_cpu(catalogue, short, batch, layers)) / (steps - short)


def problem(batch):
    rng = np.random.default_rng(1)
    u = np.linalg.svd(rng.uniform(-1, 1, (5, 5)))[0]
    return rng, reference.sample(rng, batch, u, np.array([1, 1, 0.5, 0.25, 1.0]))


def time_numpy(steps, batch, layers):
    rng, (z, y) = problem(batch)
    params = [1e-4 * rng.standard_normal((5, 5)) for _ in range(layers)] + [np.zeros(layers - 1)]
    state = {"t": 0, "m": [np.zeros_like(p) for p in params], "v": [np.zeros_like(p) for p in params]}

    def step():
        nonlocal params
        _, grads, dgamma = reference.loss_and_gradient(params[:layers], np.concatenate([[0.0], params[layers]]), z, y)
        params = reference.adam_step(params, grads + [dgamma], state)

    step()
    start = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - start) / steps


def time_torch(steps, batch, layers, dtype):
    _, (z, y) = problem(batch)
    step = torch_reference.make_step(layers, z, y, dtype)
    step()
    start = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - start) / steps


def flops_per_step(batch, layers, d=5, n=20):
    """FLOPs of the plugin's pass per step (LabelRowKernel for the sparse parametrisation: with P = e e^T every label
    row is y + X^T c for a d-vector c, so the pass works on coefficients; one head, CG memory). Per prompt: the Gram
    sweep 2d(d+1)n (every entry of G = X M X^T and b = X M y) and 3d (output, top adjoint); per layer, forward 2d^2
    (w = Q^T k) + 2d^2 (k = b + G c, not at layer 0) + 4d (memory), backward 5d (rho, d gamma; alpha is fixed by
    default) + 2d^2 (dQ) + 4d^2 (Q w-hat and G k-hat, not at layer 0)."""
    per_prompt = (2 * d * (d + 1) * n + 3 * d + layers * (2 * d ** 2 + 4 * d) + (layers - 1) * 2 * d ** 2
                  + layers * (2 * d ** 2 + 5 * d) + (layers - 1) * 4 * d ** 2)
    return batch * per_prompt


def dgemm_rate(size=600, repeats=5):
    """FLOP/s of a one-thread NumPy dgemm (best of `repeats`)."""
    a = np.random.default_rng(0).standard_normal((size, size))
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        a @ a
        best = min(best, time.process_time() - start)
    return 2 * size ** 3 / best


def summary(times):
    return min(times), float(np.median(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--steps", type=int, default=600, help="plugin steps per run (the short run has steps/6)")
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="fewer pairs/steps (CI-sized)")
    parser.add_argument("--json", default=None, help="write the result rows here (Benchmarks/run.py reads them)")
    args = parser.parse_args()
    if args.quick:
        args.steps, args.pairs = min(args.steps, 120), min(args.pairs, 3)
    error = reference.self_check()
    print(f"NumPy reference: analytic vs central-difference gradient, max relative error {error:.1e}")
    if torch is not None:
        print(f"PyTorch reference vs NumPy reference (float64): max relative difference "
              f"{torch_reference.self_check(reference):.1e}")
    else:
        print("PyTorch not installed here: no PyTorch reference (scripts/bench.sh installs it in .venv-bench)")
    python_steps = max(args.steps // 15, 10)
    times = {"plugin": [], "numpy": []}
    if torch is not None:
        times.update({"torch-f32": [], "torch-f64": []})
    for _ in range(args.pairs):
        times["plugin"].append(time_plugin(args.catalogue, args.steps, args.batch, args.layers))
        times["numpy"].append(time_numpy(python_steps, args.batch, args.layers))
        if torch is not None:
            times["torch-f32"].append(time_torch(python_steps, args.batch, args.layers, torch.float32))
            times["torch-f64"].append(time_torch(python_steps, args.batch, args.layers, torch.float64))
    rate = dgemm_rate()
    flops = flops_per_step(args.batch, args.layers)
    bound = flops / rate
    ours_min, ours_median = summary(times["plugin"])
    print(f"d = 5, n = 20, batch {args.batch}, {args.layers} layers, CG memory, full preconditioners; CPU time per "
          f"step, min / median of {args.pairs} alternating pairs; load {os.getloadavg()[0]:.1f}")
    print(f"  {'implementation':<26}{'min ms':>9}{'median ms':>11}{'min ratio':>11}{'median ratio':>14}")
    for name, values in times.items():
        low, mid = summary(values)
        print(f"  {name:<26}{1e3 * low:9.3f}{1e3 * mid:11.3f}{low / ours_min:10.2f}x{mid / ours_median:13.2f}x")
    print(f"  bound: {flops / 1e6:.2f} MFLOP at the one-thread dgemm rate {rate / 1e9:.1f} GFLOP/s = "
          f"{1e3 * bound:.3f} ms; plugin min / bound = {ours_min / bound:.1f}")
    print(f"  (numpy {np.__version__}; torch {torch.__version__ if torch else '-'}; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')})")
    if args.json:
        references = {name: min(values) for name, values in times.items() if name != "plugin"}
        row = {"workload": f"memformer-cg training step (d=5, n=20, B={args.batch}, L={args.layers}), CPU min",
               "ours_s": ours_min, "references": references, "bound_s": bound, "pairs": args.pairs,
               "ours_median_s": ours_median,
               "references_median": {name: float(np.median(values)) for name, values in times.items()
                                     if name != "plugin"}}
        with open(args.json, "w") as f:
            json.dump([row], f)


if __name__ == "__main__":
    main()
