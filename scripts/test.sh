#!/usr/bin/env bash
# The test command: build every product (the integration tests load the built plugins), run the XCTest suites,
# and end with one summary line "N passed, N failed, N skipped" taken from XCTest's own totals.
set -uo pipefail
cd "$(dirname "$0")/.."

swift build || exit $?

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test --disable-swift-testing "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

totals=$(grep -E "^\s*Executed [0-9]+ tests?, with" "$log" | tail -n 1)
if [ -n "$totals" ]; then
  executed=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$totals")
  failures=$(grep -oE '[0-9]+ failures?' <<<"$totals" | grep -oE '^[0-9]+')
  skipped=$(grep -oE "[0-9]+ tests? skipped" <<<"$totals" | grep -oE "^[0-9]+" || echo 0)
  echo "$((executed - failures - skipped)) passed, ${failures} failed, ${skipped} skipped"
fi
exit "$status"
