"""The catalogue from Python: list and describe entries, run algorithms, read run/sweep/compare folders into
pandas, and minimise NumPy objectives with any catalogue algorithm through the host C API.

One BLAS thread, as the CLI gives its workers: OPENBLAS_NUM_THREADS=1 unless already set, before NumPy or a
plugin loads OpenBLAS (import catalogue before numpy for it to reach NumPy's own OpenBLAS).
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .errors import CatalogueError, PluginLoadError, RunFailed, UsageError  # noqa: E402
from .host import compare, info, list, listing, run  # noqa: E402
from .minimize import minimize  # noqa: E402
from .runs import Run, read  # noqa: E402

__all__ = [
    "CatalogueError",
    "PluginLoadError",
    "Run",
    "RunFailed",
    "UsageError",
    "compare",
    "info",
    "list",
    "listing",
    "minimize",
    "read",
    "run",
]
