"""The Python package against the CLI and the plugins: identical traces, identical arithmetic, host errors."""

import json
import subprocess

import numpy as np
import pytest

import catalogue
from catalogue.host import executable


def cli_run(algorithm, out, *arguments):
    subprocess.run(
        [str(executable()), "run", algorithm, "--out", str(out), *arguments],
        check=True,
        capture_output=True,
    )
    return catalogue.Run(out)


def test_listing_is_the_clis_list_json():
    completed = subprocess.run([str(executable()), "list", "--json"], check=True, capture_output=True, text=True)
    assert catalogue.listing() == json.loads(completed.stdout)


def test_list_and_info_come_from_the_registry():
    entries = catalogue.list()
    assert {"gd", "adam", "cg"} <= set(entries[entries.kind == "algorithm"].id)
    assert "rosenbrock" in set(entries[entries.kind == "problem"].id)
    gd = catalogue.info("gd")
    assert gd["id"] == "gd" and "step_size" in [p["id"] for p in gd["parameters"]]
    with pytest.raises(catalogue.UsageError, match="no plugin, algorithm or problem named 'no-such'"):
        catalogue.info("no-such")


@pytest.mark.parametrize(
    "algorithm, problem, parameters",
    [
        ("gd", "rosenbrock", {"step_size": 0.001, "dim": 6}),
        ("adam", "rosenbrock", {"learning_rate": 0.01, "dim": 6}),
        ("cg", "rosenbrock", {"dim": 6}),
        # Both RNG streams: the problem's data (stream 1) and the minibatches (stream 2).
        ("gd", "logistic", {"step_size": 0.5, "batch_size": 16, "samples": 200, "dim": 5}),
    ],
)
def test_python_run_writes_the_cli_trace_byte_for_byte(tmp_path, algorithm, problem, parameters):
    options = ["--problem", problem, "--seed", "7", "--max-iters", "60"]
    options += [item for key, value in parameters.items() for item in ("-p", f"{key}={value}")]
    cli = cli_run(algorithm, tmp_path / "cli", *options)
    ours = catalogue.run(algorithm, problem=problem, seed=7, max_iters=60, out=tmp_path / "py", **parameters)
    assert (ours.folder / "trace.csv").read_bytes() == (cli.folder / "trace.csv").read_bytes()
    assert len(ours.trace) > 10
    assert ours.result["termination"] == cli.result["termination"]
    assert ours.result["oracle_counts"] == cli.result["oracle_counts"]
    if problem == "logistic":
        other = catalogue.run(algorithm, problem=problem, seed=8, max_iters=60, out=tmp_path / "seed8", **parameters)
        assert (other.folder / "trace.csv").read_bytes() != (ours.folder / "trace.csv").read_bytes()


def test_events_reach_the_callback(tmp_path):
    events = []
    run = catalogue.run(
        "gd", problem="rosenbrock", max_iters=10, out=tmp_path / "events", on_event=events.append, step_size=0.001
    )
    kinds = [event["event"] for event in events]
    assert kinds[0] == "columns" and kinds[-1] == "finished"
    rows = [event for event in events if event["event"] == "row"]
    assert len(rows) == len(run.trace)
    assert [row["values"][events[0]["names"].index("f")] for row in rows] == pytest.approx(list(run.trace.f), rel=1e-15)


def test_isolated_run_goes_through_the_cli_worker(tmp_path):
    run = catalogue.run("gd", problem="rosenbrock", max_iters=10, out=tmp_path / "iso", isolated=True, step_size=0.001)
    assert run.result["command_line"][1] == "run"
    with pytest.raises(catalogue.UsageError, match="step_size"):
        catalogue.run("gd", problem="rosenbrock", out=tmp_path / "iso-bad", isolated=True, step_size=-1.0)


def rosenbrock(x):
    # The plugin's operation order (Sources/Plugins/Baselines/Problems/Rosenbrock.swift), so that rounding agrees
    # too: near the minimum CG drives f to 1e-20, where a reordered product changes the relative value.
    a = x[1:] - x[:-1] * x[:-1]
    b = 1.0 - x[:-1]
    return float(np.sum(100.0 * a * a + b * b))


def rosenbrock_gradient(x):
    g = np.zeros_like(x)
    a = x[1:] - x[:-1] * x[:-1]
    g[:-1] += -400.0 * x[:-1] * a - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * a
    return g


def rosenbrock_hvp(x, v):
    out = np.zeros_like(x)
    diagonal = 1200.0 * x[:-1] * x[:-1] - 400.0 * x[1:] + 2.0
    off = -400.0 * x[:-1]
    out[:-1] += diagonal * v[:-1] + off * v[1:]
    out[1:] += off * v[:-1] + 200.0 * v[1:]
    return out


@pytest.mark.parametrize(
    "algorithm, parameters",
    [("gd", {"step_size": 0.001}), ("adam", {"learning_rate": 0.01}), ("cg", {})],
)
def test_numpy_rosenbrock_matches_the_plugin_rosenbrock(tmp_path, algorithm, parameters):
    x0 = np.array([-1.2, 1.0])
    native = catalogue.run(
        algorithm, problem="rosenbrock", seed=0, max_iters=200, out=tmp_path / "native", **parameters
    )
    ours = catalogue.minimize(
        algorithm, rosenbrock, x0, grad=rosenbrock_gradient, hvp=rosenbrock_hvp, seed=0, max_iters=200,
        out=tmp_path / "py", **parameters
    )
    assert len(ours.trace) == len(native.trace) > 5
    for column in ("iter", "f", "grad_norm", "n_grad", "n_hvp"):
        np.testing.assert_allclose(ours.trace[column], native.trace[column], rtol=1e-12, atol=0)
    np.testing.assert_allclose(ours.x, native.x, rtol=1e-12, atol=0)
    assert ours.trace["f"].iloc[-1] < 0.5 * ours.trace["f"].iloc[0]


def test_minimize_without_a_gradient_reaches_the_minimum(tmp_path):
    run = catalogue.minimize("adam", rosenbrock, [-1.2, 1.0], max_iters=3000, out=tmp_path / "adam", learning_rate=0.02)
    assert run.trace["f"].iloc[-1] < 1e-3


def test_bad_parameters_raise_with_the_host_message(tmp_path):
    with pytest.raises(catalogue.UsageError, match="step_size") as raised:
        catalogue.run("gd", problem="rosenbrock", out=tmp_path / "bad", step_size=-1.0)
    assert "-1" in str(raised.value)
    assert not (tmp_path / "bad").exists()
    with pytest.raises(catalogue.UsageError, match=r"cg needs Hessian-vector products.*hvp="):
        catalogue.minimize("cg", rosenbrock, [0.0, 0.0], grad=rosenbrock_gradient, out=tmp_path / "bad3")
    with pytest.raises(catalogue.UsageError, match="no_such_parameter"):
        catalogue.minimize("gd", rosenbrock, [0.0, 0.0], out=tmp_path / "bad2", no_such_parameter=1)


def test_an_exception_in_the_objective_fails_the_run_cleanly(tmp_path):
    calls = []

    def failing(x):
        calls.append(1)
        if len(calls) > 5:
            raise ZeroDivisionError("the objective gave up")
        return rosenbrock(x)

    with pytest.raises(catalogue.RunFailed, match="the objective gave up") as raised:
        catalogue.minimize(
            "gd", failing, [-1.2, 1.0], grad=rosenbrock_gradient, out=tmp_path / "failed", max_iters=50, step_size=0.001
        )
    assert isinstance(raised.value.__cause__, ZeroDivisionError)
    run = raised.value.run
    assert run is not None and run.result["termination"]["reason"] == "failed"
    assert "the objective gave up" in run.result["termination"]["message"]
    again = catalogue.minimize("gd", rosenbrock, [-1.2, 1.0], grad=rosenbrock_gradient, out=tmp_path / "ok", max_iters=5, step_size=0.001
    )
    assert len(again.trace) > 0


def test_read_gathers_run_folders_into_one_tidy_frame(tmp_path):
    for seed in (1, 2):
        catalogue.run("gd", problem="rosenbrock", seed=seed, max_iters=20, out=tmp_path / f"seed{seed}", step_size=0.001)
    frame = catalogue.read(tmp_path)
    assert set(frame.run) == {"seed1", "seed2"}
    assert set(frame.algorithm) == {"gd"} and set(frame.seed) == {1, 2}
    assert {"iter", "f"} <= set(frame.columns)


def test_compare_reads_every_run_of_the_comparison(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frame = catalogue.compare(["gd", "adam"], problem="rosenbrock", seeds=2, max_iters=20, jobs=1, params={"dim": 4})
    assert set(frame.algorithm) == {"gd", "adam"} and set(frame.seed) == {0, 1}
    assert len(frame.groupby("run")) == 4
    single = catalogue.run("adam", problem="rosenbrock", seed=1, max_iters=20, out=tmp_path / "adam1", dim=4)
    theirs = frame[(frame.algorithm == "adam") & (frame.seed == 1)].reset_index(drop=True)
    assert list(theirs.f) == list(single.trace.f)


def test_a_run_leaves_pythons_ctrl_c_handler_in_place(tmp_path):
    import os
    import signal
    import time

    # Python's own handler, whatever this process inherited (a background job starts with SIGINT ignored).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        catalogue.run("gd", problem="rosenbrock", max_iters=5, out=tmp_path / "sigint", step_size=0.001)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
    finally:
        signal.signal(signal.SIGINT, previous)


def test_read_turns_a_sweep_folder_into_its_grid(tmp_path):
    spec = tmp_path / "sweep.toml"
    spec.write_text(
        'name = "tiny"\nalgorithms = ["gd"]\nproblems = ["quadratic"]\nseeds = "1..2"\nmax_iters = 10\n'
        "[parameters]\nstep_size = [0.02, 0.05]\n"
    )
    subprocess.run(
        [str(executable()), "sweep", str(spec), "--jobs", "1", "--out", str(tmp_path / "sw")],
        check=True,
        capture_output=True,
    )
    frame = catalogue.read(tmp_path / "sw")
    assert frame.groupby(["algorithm.step_size", "seed"]).run.nunique().tolist() == [1, 1, 1, 1]
    assert set(frame["algorithm.step_size"]) == {0.02, 0.05}
    assert (frame.groupby("run").iter.max() == 10).all()
