"""Per-iteration overhead of a Python/NumPy objective against the native plugin objective.

The same algorithm (gd, fixed step) on the same function (extended Rosenbrock, the Baselines plugin's
`rosenbrock` against a NumPy version) from the same start, both in this process through the host C API;
alternating pairs, reports min and median of result.json's time_per_iteration_s, the difference of the medians,
and the time of the Python f and gradient alone (called directly, no host), which bounds what the bridge costs.
Usage: python Benchmarks/python/overhead.py [--build DIR] [--dims 2,1000] [--iters 2000] [--pairs 5]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("--build", help="SwiftPM build folder (default: the package's choice)")
parser.add_argument("--dims", default="2,1000")
parser.add_argument("--iters", type=int, default=2000)
parser.add_argument("--pairs", type=int, default=5)
arguments = parser.parse_args()
if arguments.build:
    os.environ["CATALOGUE_BUILD_DIR"] = arguments.build
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402

import catalogue  # noqa: E402


def rosenbrock(x):
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def gradient(x):
    g = np.zeros_like(x)
    a = x[1:] - x[:-1] ** 2
    g[:-1] += -400.0 * x[:-1] * a - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * a
    return g


folder = tempfile.mkdtemp()
print(f"build: {catalogue._ffi.BUILD}")
print(
    f"{'dim':>6} {'native s/it (min/med)':>24} {'python s/it (min/med)':>24} {'overhead s/it (med)':>20}"
    f" {'f+grad alone s/it':>20}"
)
for dim in [int(text) for text in arguments.dims.split(",")]:
    x0 = np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(dim)])
    native, python = [], []
    for pair in range(arguments.pairs):
        run = catalogue.run(
            "gd", problem="rosenbrock", dim=dim, max_iters=arguments.iters, step_size=1e-4,
            out=f"{folder}/n{dim}-{pair}",
        )
        native.append(run.result["time_per_iteration_s"])
        run = catalogue.minimize(
            "gd", rosenbrock, x0, grad=gradient, max_iters=arguments.iters, step_size=1e-4,
            out=f"{folder}/p{dim}-{pair}",
        )
        python.append(run.result["time_per_iteration_s"])
    start = time.perf_counter()
    for _ in range(arguments.iters):
        rosenbrock(x0)
        gradient(x0)
    alone = (time.perf_counter() - start) / arguments.iters
    overhead = statistics.median(python) - statistics.median(native)
    print(
        f"{dim:>6} {min(native):>11.3e} / {statistics.median(native):.3e} "
        f"{min(python):>11.3e} / {statistics.median(python):.3e} {overhead:>20.3e} {alone:>20.3e}"
    )
sys.stdout.flush()
