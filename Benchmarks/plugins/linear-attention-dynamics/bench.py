"""Time per lt-train step and per R_med evaluation of the linear-attention-dynamics plugin next to NumPy.

Workloads (d = 5, n = 20, the paper's 3-layer parametrisation-(b) model, 150 parameters):
  train-step   one training step: draw 1000 fresh prompts, loss, analytic gradient, global-norm clipping, Adam;
  step+r_med   one training step plus R_med of the test loss on 1000 prompts by central differences of the
               analytic gradient (300 gradient evaluations).
The plugin is timed through `catalogue run lt-train --json` (time_per_iteration_s), the NumPy implementation of the
same computation (reference.py) in this process; the two alternate, pair by pair, and min and median are reported.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/plugins/linear-attention-dynamics/bench.py [--catalogue PATH]
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


def time_plugin(catalogue, steps, with_r_med):
    command = [
        catalogue, "run", "lt-train", "--seed", "1", "--max-iters", str(steps - 1), "--json",
        "-p", "optimizer=adam", "-p", "smoothness_steps=0", "-p", "eval_every=1000000000",
    ]
    if with_r_med:
        command += ["-p", "rmed_every=1", "-p", "rmed_until=0", "-p", "test_size=1000"]
    else:
        command += ["-p", "rmed_every=0", "-p", "test_size=1"]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)["time_per_iteration_s"]


def time_numpy(steps, with_r_med):
    rng = np.random.default_rng(1)
    test_z, test_y = reference.sample(rng, 1000)
    params = [0.05 * rng.standard_normal((5, 5)) for _ in range(6)]
    state = {"t": 0, "m": [np.zeros((5, 5)) for _ in params], "v": [np.zeros((5, 5)) for _ in params]}
    start = time.perf_counter()
    for _ in range(steps):
        if with_r_med:
            reference.r_med(reference.hessian_diagonal(params, test_z, test_y))
        z, y = reference.sample(rng, 1000)
        _, grads = reference.loss_and_gradient(params, z, y)
        params = reference.clip_and_adam(params, grads, state, lr=0.02)
    return (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--quick", action="store_true", help="fewer steps and pairs")
    parser.add_argument("--json", dest="json_out", help="write the rows as JSON here")
    args = parser.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    error = reference.self_check()
    print(f"NumPy reference: analytic vs central-difference gradient, max relative error {error:.1e}")
    pairs = 2 if args.quick else 5
    workloads = [("train-step", False, 20 if args.quick else 200), ("step+r_med", True, 2 if args.quick else 4)]
    rows = []
    for name, with_r_med, steps in workloads:
        ours, numpy_times = [], []
        for _ in range(pairs):
            ours.append(time_plugin(args.catalogue, steps, with_r_med))
            numpy_times.append(time_numpy(steps, with_r_med))
        rows.append({
            "workload": name, "ours_s": float(np.min(ours)), "ours_median_s": float(np.median(ours)),
            "references": {"numpy": float(np.min(numpy_times))},
            "references_median": {"numpy": float(np.median(numpy_times))}, "bound_s": None, "pairs": pairs,
        })
    print(f"{'workload':<12} {'ours median':>12} {'ours min':>10} {'numpy median':>13} {'numpy min':>10} {'ratio':>7}")
    for r in rows:
        numpy_median = r["references_median"]["numpy"]
        print(f"{r['workload']:<12} {1e3 * r['ours_median_s']:>10.2f}ms {1e3 * r['ours_s']:>8.2f}ms "
              f"{1e3 * numpy_median:>11.2f}ms {1e3 * r['references']['numpy']:>8.2f}ms "
              f"{numpy_median / r['ours_median_s']:>6.2f}x")
    print(f"(ratio = NumPy median / ours median; numpy {np.__version__}, OPENBLAS_NUM_THREADS=1)")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
