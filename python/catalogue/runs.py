"""Run folders as Python values, and any run, sweep or compare folder as one tidy DataFrame."""

import json
import pathlib

import numpy as np
import pandas as pd


class Run:
    """One run folder: `.folder`, `.result` (result.json as a dict), `.trace` (trace.csv as a DataFrame)."""

    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self._result = None
        self._trace = None

    @property
    def result(self):
        """result.json as a dict."""
        if self._result is None:
            self._result = json.loads((self.folder / "result.json").read_text())
        return self._result

    @property
    def trace(self):
        """trace.csv as a DataFrame, one row per reported iteration."""
        if self._trace is None:
            self._trace = pd.read_csv(self.folder / "trace.csv")
        return self._trace

    @property
    def termination(self):
        """Why the run stopped ("converged", "max-iters", "failed", ...)."""
        return self.result["termination"]["reason"]

    @property
    def message(self):
        """The run's closing message (for a failed run, the reason)."""
        return self.result["termination"]["message"]

    @property
    def x(self):
        """The final point, if the algorithm reported it as the vector result "x"."""
        value = self.result.get("result_vectors", {}).get("x")
        return None if value is None else np.asarray(value, dtype=np.float64)

    def __repr__(self):
        return f"Run({str(self.folder)!r}, termination={self.termination!r})"


def read(folder):
    """Every run under `folder` (a run folder, or a sweep/compare folder of them) as one tidy DataFrame.

    One row per reported iteration of each run; the columns `run` (folder relative to `folder`), `algorithm`,
    `problem`, `seed`, `termination` and one `algorithm.<key>` / `problem.<key>` column per parameter identify
    the run (so a sweep's grid is there to group by), the rest are its trace columns.
    """
    root = pathlib.Path(folder)
    results = sorted(root.rglob("result.json"))
    if not results:
        raise FileNotFoundError(f"no result.json under {root}: not a run, sweep or compare folder")
    frames = []
    for path in results:
        run = Run(path.parent)
        if not (run.folder / "trace.csv").exists():
            continue
        frame = run.trace.copy()
        document = run.result
        identity = {
            "run": str(run.folder.relative_to(root)) if run.folder != root else ".",
            "algorithm": document["algorithm"]["id"],
            "problem": document["problem"]["id"],
            "seed": document["seed"],
            "termination": run.termination,
        }
        for owner in ("algorithm", "problem"):
            for key, value in sorted(document[owner].get("parameters", {}).items()):
                identity[f"{owner}.{key}"] = value
        for position, (name, value) in enumerate(identity.items()):
            frame.insert(position, name, value)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)

