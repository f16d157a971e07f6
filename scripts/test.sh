#!/usr/bin/env bash
# The test command: build every product (the integration tests load the built plugins and the Python package the
# host API library), run the XCTest suites, then the Python package's pytest suite in .venv-python (made here,
# with python/ installed editable from PyPI), and end with one summary line "N passed, N failed, N skipped"
# adding XCTest's totals to pytest's.
set -uo pipefail
cd "$(dirname "$0")/.."

swift build || exit $?

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test --disable-swift-testing "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0 failed=0 skipped=0
totals=$(grep -E "^\s*Executed [0-9]+ tests?, with" "$log" | tail -n 1)
if [ -n "$totals" ]; then
  executed=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$totals")
  failed=$(grep -oE '[0-9]+ failures?' <<<"$totals" | grep -oE '^[0-9]+')
  skipped=$(grep -oE "[0-9]+ tests? skipped" <<<"$totals" | grep -oE "^[0-9]+" || echo 0)
  passed=$((executed - failed - skipped))
fi

# The Python package (python/): its own virtual environment, ignored by git.
python_status=0
if [ ! -x .venv-python/bin/python ]; then
  python3 -m venv .venv-python || python_status=$?
fi
if [ "$python_status" -eq 0 ]; then
  .venv-python/bin/pip install -q -e "python[test]" || python_status=$?
fi
if [ "$python_status" -eq 0 ]; then
  .venv-python/bin/python -m pytest -q -p no:cacheprovider python/tests 2>&1 | tee "$log"
  python_status=${PIPESTATUS[0]}
  line=$(grep -E "^=*\s*[0-9]+ (passed|failed|skipped|error)" "$log" | tail -n 1)
  for kind in passed failed skipped; do
    count=$(grep -oE "[0-9]+ $kind" <<<"$line" | grep -oE "^[0-9]+" || echo 0)
    eval "$kind=\$(($kind + count))"
  done
  errors=$(grep -oE "[0-9]+ errors?" <<<"$line" | grep -oE "^[0-9]+" || echo 0)
  failed=$((failed + errors))
  # pytest's 5 means it collected no tests: a broken suite, not a pass; a pytest that died (a signal, a crash in
  # native code) printed no totals: counted as one failure either way.
  if [ "$python_status" -eq 5 ]; then
    echo "pytest collected no tests in python/tests" >&2
    failed=$((failed + 1))
  elif [ "$python_status" -ne 0 ] && [ -z "$line" ]; then
    echo "pytest exited with status $python_status without totals" >&2
    failed=$((failed + 1))
  fi
else
  echo "could not set up .venv-python for the Python tests (python3-venv, PyPI)" >&2
  failed=$((failed + 1))
fi
[ "$status" -eq 0 ] && status=$python_status
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
