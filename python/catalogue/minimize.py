"""`minimize`: a catalogue algorithm on a Python/NumPy objective, through a cat_problem built here.

The objective runs in this process, called back from the algorithm: it is NOT isolated. A crash in native code
it calls takes the Python process down, unlike `run(..., isolated=True)` on a plugin problem.
"""

import traceback

import numpy as np

from ._ffi import ffi, lib
from .errors import UsageError
from .host import _request, run_request

_STATUS = "cat_status(void *, const double *, const uint64_t *, uint64_t, double *)"
_GRADIENT = "cat_status(void *, const double *, const uint64_t *, uint64_t, double *, double *)"
_HVP = "cat_status(void *, const double *, const double *, double *)"
_START = "cat_status(void *, double *)"
_HOST = lib.cath_host_services()


class _Objective:
    """The cffi objects behind one cat_problem; kept alive for the run, since the host holds raw pointers."""

    def __init__(self, f, x0, grad, hvp):
        self.start = np.array(x0, dtype=np.float64).ravel()
        self.n = self.start.size
        self.f, self.grad, self.hvp = f, grad, hvp
        self.failure = []
        n = self.n

        def view(pointer):
            """A zero-copy float64 view of n doubles at `pointer` (valid only during the call)."""
            return np.frombuffer(ffi.buffer(pointer, 8 * n), dtype=np.float64)

        def guarded(body):
            def call(*arguments):
                try:
                    body(*arguments)
                    return lib.CAT_OK
                except BaseException as error:  # noqa: BLE001 - every Python error becomes the run's failure
                    self.failure[:] = [error]
                    text = "".join(traceback.format_exception_only(type(error), error)).strip()
                    _HOST.set_error(f"Python objective raised {text}".encode())
                    return lib.CAT_ERR_CANCELLED if isinstance(error, KeyboardInterrupt) else lib.CAT_ERR_NUMERICAL

            return call

        def read_only(pointer):
            x = view(pointer)
            x.flags.writeable = False
            return x

        def start(_, x):
            view(x)[:] = self.start

        def value(_, x, samples, count, out):
            out[0] = float(self.f(read_only(x)))

        def gradient(_, x, samples, count, out, g):
            point = read_only(x)
            if self.grad is not None:
                view(g)[:] = self.grad(point)
            else:
                view(g)[:] = _central_differences(self.f, point)
            if out != ffi.NULL:
                out[0] = float(self.f(point))

        def hessian_vector(_, x, v, out):
            view(out)[:] = self.hvp(read_only(x), read_only(v))

        self.callbacks = [
            ffi.callback(_START, guarded(start)),
            ffi.callback(_STATUS, guarded(value)),
            ffi.callback(_GRADIENT, guarded(gradient)),
            ffi.callback(_HVP, guarded(hessian_vector)) if hvp is not None else ffi.NULL,
        ]
        self.oracles = ffi.new("cat_objective_oracles *")
        self.oracles.struct_size = ffi.sizeof("cat_objective_oracles")
        self.oracles.dim = n
        self.oracles.initial_point = self.callbacks[0]
        self.oracles.value = self.callbacks[1]
        self.oracles.gradient = self.callbacks[2]
        self.oracles.hessian_vector = self.callbacks[3]
        self.problem = ffi.new("cat_problem *")
        self.problem.struct_size = ffi.sizeof("cat_problem")
        self.problem.kind = lib.CAT_KIND_OBJECTIVE
        self.problem.objective = self.oracles


def _central_differences(f, x):
    """The gradient by central differences, step cbrt(eps) * max(1, |x_i|) (as the CLI's foreign objectives)."""
    point = np.array(x)
    g = np.empty_like(point)
    for i in range(point.size):
        step = np.cbrt(np.finfo(np.float64).eps) * max(1.0, abs(point[i]))
        keep = point[i]
        point[i] = keep + step
        plus = float(f(point))
        point[i] = keep - step
        minus = float(f(point))
        point[i] = keep
        g[i] = (plus - minus) / (2 * step)
    return g


def minimize(
    algorithm,
    f,
    x0,
    grad=None,
    hvp=None,
    seed=None,
    max_iters=None,
    time_limit=None,
    grad_tol=None,
    target=None,
    out=None,
    name="python",
    on_event=None,
    params=None,
    **keywords,
):
    """Minimises f: R^n -> R from x0 with a catalogue algorithm, in this process; returns the Run (`.x`, `.trace`).

    f(x), grad(x) and hvp(x, v) receive read-only NumPy views of the host's memory (no copies; copy x to keep
    it). Without grad the gradient is taken by central differences (2n evaluations of f). An exception raised
    by any of them ends the run as failed with its message and raises RunFailed (the exception is its cause).
    Parameters, stopping rules, counters, RNG streams and the run folder are the host's, as for `run`.
    """
    given = dict(params or {})
    given.update(keywords)
    objective = _Objective(f, x0, grad, hvp)
    request = _request(algorithm, None, seed, max_iters, time_limit, grad_tol, target, out, given)
    request["problem_name"] = name
    try:
        return run_request(request, problem=objective.problem, on_event=on_event, failure=objective.failure)
    except UsageError as error:
        if hvp is None and "Hessian-vector" in str(error):
            raise UsageError(f"{error} (give minimize hvp=function(x, v))") from None
        raise
