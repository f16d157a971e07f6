"""The host C API from Python: discover, describe, run (in this process or isolated through the CLI), compare."""

import json
import os
import pathlib
import subprocess
import sys

import pandas as pd

from . import errors
from ._ffi import BUILD, ffi, lib
from .runs import Run, read

_ERRORS = {
    lib.CATH_ERR_RUN_FAILED: errors.RunFailed,
    lib.CATH_ERR_USAGE: errors.UsageError,
    lib.CATH_ERR_PLUGIN_LOAD: errors.PluginLoadError,
}

_registry = None


def executable():
    """The `catalogue` executable of the same build as the library."""
    return BUILD / "catalogue"


def registry():
    """The registry handle, opened once: the CLI's search path, with `catalogue` scanning each file in a child."""
    global _registry
    if _registry is None:
        out = ffi.new("cath_registry **")
        scanner = executable()
        _check(lambda error: lib.cath_open(ffi.NULL, ffi.NULL, str(scanner).encode() if scanner.exists() else ffi.NULL, out, error))
        _registry = out[0]
    return _registry


def _check(call):
    """Calls an API function taking `char **error` last; raises the host's message on failure."""
    error = ffi.new("char **")
    status = call(error)
    if status != lib.CATH_OK:
        raise _ERRORS.get(status, errors.CatalogueError)(_take(error[0]))
    return status


def _take(pointer):
    """A string the API returned, released."""
    if pointer == ffi.NULL:
        return ""
    try:
        return ffi.string(pointer).decode()
    finally:
        lib.cath_free(pointer)


def _json_call(function, *arguments):
    out = ffi.new("char **")
    _check(lambda error: function(registry(), *arguments, out, error))
    return json.loads(_take(out[0]))


def listing():
    """`catalogue list --json` as a dict."""
    return _json_call(lib.cath_list_json)


def list():  # noqa: A001 - the package's documented name
    """Every algorithm and problem as a DataFrame: kind, id, plugin, version, name, summary."""
    rows = []
    for plugin in listing()["plugins"]:
        if not plugin.get("active", True):
            continue
        for kind in ("algorithms", "problems"):
            for entry in plugin[kind]:
                rows.append(
                    {
                        "kind": kind[:-1],
                        "id": entry["id"],
                        "plugin": plugin["id"],
                        "version": plugin["version"],
                        "name": entry["name"],
                        "summary": entry["summary"],
                    }
                )
    return pd.DataFrame(rows, columns=["kind", "id", "plugin", "version", "name", "summary"])


def info(reference):
    """What `reference` names (a plugin, an algorithm or a problem): its JSON description as a dict."""
    described = _json_call(lib.cath_describe_json, reference.encode())
    entries = described["plugins"] + described["algorithms"] + described["problems"]
    return entries[0] if len(entries) == 1 else described


def parameter_texts(params):
    """`-p` texts for keyword parameters; a key may be scoped as "algorithm.key" or "problem.key"."""
    texts = []
    for key, value in params.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, float):
            value = repr(value)
        texts.append(f"{key}={value}")
    return texts


def _request(algorithm, problem, seed, max_iters, time_limit, grad_tol, target, out, params):
    request = {"algorithm": algorithm, "parameters": parameter_texts(params)}
    optional = {
        "problem": problem,
        "seed": seed,
        "max_iters": max_iters,
        "time_limit": time_limit,
        "grad_tol": grad_tol,
        "target": target,
        "out": None if out is None else str(out),
    }
    request.update({key: value for key, value in optional.items() if value is not None})
    return request


def run_request(request, problem=ffi.NULL, on_event=None, failure=None):
    """Runs a request through cath_run; returns the Run, or raises with the host's message.

    `failure` is a one-item list an objective's callbacks fill with the Python exception that failed the run; it
    is chained to the RunFailed raised.
    """
    request = dict(request)
    request["command_line"] = [sys.argv[0] or "python", "catalogue.run"] + [
        f"{key}={value}" for key, value in request.items()
    ]
    handler = ffi.NULL
    if on_event is not None:

        @ffi.callback("void(void *, const char *)")
        def handler(_, text):
            on_event(json.loads(ffi.string(text).decode()))

    result = ffi.new("char **")
    error = ffi.new("char **")
    status = lib.cath_run(registry(), json.dumps(request).encode(), problem, handler, ffi.NULL, result, error)
    message = _take(error[0])
    document = _take(result[0])
    run = None
    if document:
        run = _run_from(document, request.get("out"))
    if status == lib.CATH_OK:
        return run
    exception = _ERRORS.get(status, errors.CatalogueError)
    if exception is errors.RunFailed:
        raise errors.RunFailed(message, run) from (failure[0] if failure else None)
    raise exception(message)


def _run_from(document, folder):
    """A Run for a finished cath_run (its folder from result.json)."""
    parsed = json.loads(document)
    run = Run(parsed.get("run_folder") or folder)
    run._result = parsed
    return run


def run(
    algorithm,
    problem=None,
    seed=None,
    max_iters=None,
    time_limit=None,
    grad_tol=None,
    target=None,
    out=None,
    isolated=False,
    on_event=None,
    params=None,
    **keywords,
):
    """Runs a catalogue algorithm on a registered problem and returns its Run.

    Parameters are keywords (`lr=0.1`) or, for scoped names, `params={"problem.dim": 10}`; the host validates
    them. In this process by default (through the host C API, the code path of `catalogue run --in-process`);
    `isolated=True` runs it through the CLI in a worker process instead, so a crashing plugin cannot take the
    Python process (or Jupyter kernel) down with it.
    """
    given = dict(params or {})
    given.update(keywords)
    request = _request(algorithm, problem, seed, max_iters, time_limit, grad_tol, target, out, given)
    if not isolated:
        return run_request(request, on_event=on_event)
    return _run_cli(request)


def _run_cli(request):
    """A request run by `catalogue run` in its worker process; returns its Run or raises with its stderr."""
    arguments = [str(executable()), "run", request["algorithm"], "--json"]
    for key in ("problem", "seed", "max_iters", "time_limit", "grad_tol", "target", "out"):
        if key in request:
            arguments += ["--" + key.replace("_", "-"), str(request[key])]
    for text in request["parameters"]:
        arguments += ["-p", text]
    completed = subprocess.run(arguments, capture_output=True, text=True, env=_environment())
    message = completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else ""
    message = message.removeprefix("error: ")
    run = _run_from(completed.stdout, request.get("out")) if completed.stdout.strip().startswith("{") else None
    if completed.returncode == 0:
        return run
    if completed.returncode == 1:
        raise errors.RunFailed(message, run)
    raise {2: errors.UsageError, 3: errors.PluginLoadError}.get(completed.returncode, errors.CatalogueError)(message)


def _environment():
    environment = dict(os.environ)
    environment.setdefault("OPENBLAS_NUM_THREADS", "1")
    return environment


def compare(algorithms, problem=None, seeds=3, out=None, max_iters=None, jobs=None, params=None):
    """`catalogue compare` (each run in a worker process) read into one tidy DataFrame (see `read`)."""
    names = algorithms if isinstance(algorithms, str) else ",".join(algorithms)
    out = pathlib.Path(out) if out is not None else None
    arguments = [str(executable()), "compare", names, "--seeds", str(seeds)]
    if problem is not None:
        arguments += ["--problem", problem]
    if max_iters is not None:
        arguments += ["--max-iters", str(max_iters)]
    if jobs is not None:
        arguments += ["--jobs", str(jobs)]
    if out is not None:
        arguments += ["--out", str(out)]
    for text in parameter_texts(params or {}):
        arguments += ["-p", text]
    completed = subprocess.run(arguments, capture_output=True, text=True, env=_environment())
    if completed.returncode != 0:
        raise errors.CatalogueError(completed.stderr.strip() or f"catalogue compare exited {completed.returncode}")
    if out is None:
        out = _compare_folder(completed.stdout)
    return read(out)


def _compare_folder(stdout):
    """The folder `catalogue compare` reports in its "run folders  DIR/<algorithm>-seed<N>" line."""
    for line in stdout.splitlines():
        if line.startswith("run folders"):
            return pathlib.Path(line.split()[-1]).parent
    raise errors.CatalogueError("could not find the comparison folder in catalogue compare's output; pass out=")
