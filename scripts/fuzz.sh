#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (every parser of untrusted input in the host: sweep specs, foreign
# signatures, ELF files, result.json / --config, the registry cache, plugin descriptor trees) and runs each for a
# fixed budget from the seed corpus committed in Fuzz/Corpus. A crash, leak or sanitizer report fails the script and leaves the input in
# $FUZZ_ARTIFACTS (printed); turn it into a regression test.
#
#   scripts/fuzz.sh [SECONDS]          # per target, default 30
#   scripts/fuzz.sh 300 FuzzELF        # one target, longer
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzSweepSpec FuzzForeignSignature FuzzELF FuzzResultDocument FuzzRegistryCache FuzzDescriptor)

echo "== building the fuzz targets (sanitizers: fuzzer, address)"
swift build --package-path Fuzz -c debug --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
bin=.build-fuzz/debug

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=${FUZZ_ARTIFACTS:-$work/artifacts}
mkdir -p "$artifacts"

# Seeds that are built rather than committed: ELF files of several shapes from the test fixtures.
elf_seeds=$work/elf-seeds
mkdir -p "$elf_seeds"
cc -shared -fPIC -I Sources/Registry/CCatalogue/include -o "$elf_seeds/no_entry.so" \
  Tests/IntegrationTests/Fixtures/no_entry.c 2>/dev/null || true
cc -c -fPIC -I Sources/Registry/CCatalogue/include -o "$elf_seeds/object.o" \
  Tests/IntegrationTests/Fixtures/null_entry.c 2>/dev/null || true

failed=0
for target in "${targets[@]}"; do
  corpus=$work/corpus-$target
  mkdir -p "$corpus"
  cp Fuzz/Corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  [ "$target" = FuzzELF ] && cp "$elf_seeds"/* "$corpus"/ 2>/dev/null || true
  echo "== $target for ${seconds}s"
  if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1 "$bin/$target" "$corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$artifacts/$target-" -print_final_stats=1 >"$work/$target.log" 2>&1; then
    failed=1
    echo "fuzz: $target FAILED; input(s) kept in $artifacts:"
    ls "$artifacts" | grep "^$target-" || true
    tail -n 40 "$work/$target.log"
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$work/$target.log" | tr '\n' ' '
    echo
  fi
done
exit $failed
