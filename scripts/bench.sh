#!/usr/bin/env bash
# The one benchmark command: builds the release products, prepares the benchmarks' own virtual environment
# (.venv-bench: NumPy and SciPy from PyPI; PyTorch from a local CPU wheel when this machine has one, for the
# memformer reference, whose official code is PyTorch), and runs every plugin benchmark next to its reference,
# printing one table of times and ratios (Benchmarks/run.py). Never needed by the tests.
#
#   scripts/bench.sh [--quick] [plugin-id ...]
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release
venv=.venv-bench
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy scipy
  wheel=$(find / -name 'torch-*+cpu*.whl' 2>/dev/null | head -n 1 || true)
  if [ -n "$wheel" ]; then "$venv/bin/pip" install --quiet "$wheel" || echo "bench: PyTorch wheel $wheel did not install" >&2; fi
fi
export OPENBLAS_NUM_THREADS=1
exec "$venv/bin/python" Benchmarks/run.py --catalogue .build/release/catalogue "$@"
