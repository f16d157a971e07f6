#!/usr/bin/env bash
# Installs the Debian packages catalogue needs (OpenBLAS/LAPACKE for the numerics, libffi for foreign objectives,
# a C compiler and make for the C plugin examples and test fixtures). Run as root it installs them; otherwise it
# prints the exact command.
set -euo pipefail

packages=(libopenblas-dev liblapacke-dev libffi-dev pkg-config gcc make)
# --tests adds what only the test suite needs: a real single-node Slurm (slurm-wlm, munge) for the sweep tests,
# a Rust toolchain for the Rust example plugin (Debian's, unless one is already on PATH), and python3-venv for the
# Python package's tests (scripts/test.sh makes a virtual environment and installs python/ into it from PyPI).
if [ "${1:-}" = "--tests" ]; then
  packages+=(slurm-wlm munge python3-venv)
  command -v cargo >/dev/null 2>&1 || packages+=(cargo)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: missing Debian packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
