"""The host's own costs next to what they are compared with, in one run:

- oracle dispatch and one trace row, from `host-overhead-benchmark` (built next to the catalogue executable;
  CPU time, alternating pairs: a direct call against a call through the host's counting layer, and a report into
  trace.csv and timing.csv against a report into a sink that discards it);
- warm start-up: `catalogue list` against a bare `catalogue --version`, alternating pairs of CPU time (user +
  system of the child, from getrusage), with a registry cache of its own (warmed by two runs of each first) and no
  plugins but those next to the executable.

The reference column of the start-up row is `--version`; the target of issue 14 is list ≤ 1.5 × --version. One
measurement is a few milliseconds of CPU time, so a handful of pairs is noise (a single loaded pair moves the ratio
by 0.2): the start-up row takes 30 alternating pairs with --quick (about two seconds), 60 by default (--pairs N
overrides both), and prints the min and the median of each side and both ratios (the table shows the medians).

    python3 Benchmarks/host/bench.py [--catalogue .build/release/catalogue] [--quick] [--pairs N] [--json OUT]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile


def child_cpu(command, environment):
    """CPU seconds (user + system) one run of `command` used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def start_up(catalogue, pairs):
    """Min and median CPU seconds of `list` and `--version`, alternating."""
    with tempfile.TemporaryDirectory() as scratch:
        environment = dict(os.environ, XDG_CACHE_HOME=os.path.join(scratch, "cache"),
                           XDG_DATA_HOME=os.path.join(scratch, "data"))
        environment.pop("CATALOGUE_PLUGIN_PATH", None)
        # Warm the cache, and both commands' pages in the page cache.
        for command in ([catalogue, "list"], [catalogue, "--version"]) * 2:
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=environment)
        listing, version = [], []
        for _ in range(pairs):
            listing.append(child_cpu([catalogue, "list"], environment))
            version.append(child_cpu([catalogue, "--version"], environment))
    return listing, version


def main():
    parser = argparse.ArgumentParser(description="the host's overheads: dispatch, trace rows, start-up")
    parser.add_argument("--catalogue", default=".build/release/catalogue")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pairs", type=int, default=None)
    parser.add_argument("--json", default=None, help="write the result rows here")
    args = parser.parse_args()
    rows = []
    overhead = os.path.join(os.path.dirname(os.path.abspath(args.catalogue)), "host-overhead-benchmark")
    if os.path.exists(overhead):
        with tempfile.TemporaryDirectory() as scratch:
            out = os.path.join(scratch, "overhead.json")
            command = [overhead, "--json", out] + (["--quick"] if args.quick else [])
            subprocess.run(command, check=True)
            with open(out) as f:
                rows += json.load(f)
    else:
        print(f"{overhead} is not built (swift build -c release --product host-overhead-benchmark); skipped",
              file=sys.stderr)
    pairs = max(args.pairs or (30 if args.quick else 60), 1)
    listing, version = start_up(args.catalogue, pairs)
    print(f"start-up, {pairs} alternating pairs (CPU ms: min / median)")
    print(f"  catalogue list       {1e3 * min(listing):6.2f} / {1e3 * statistics.median(listing):6.2f}")
    print(f"  catalogue --version  {1e3 * min(version):6.2f} / {1e3 * statistics.median(version):6.2f}")
    print(f"  list / --version: {min(listing) / min(version):.2f} (min), "
          f"{statistics.median(listing) / statistics.median(version):.2f} (median; target ≤ 1.5)")
    rows.append({"workload": "warm catalogue list (CPU)", "ours_s": min(listing),
                 "references": {"--version": min(version)}, "bound_s": None, "pairs": pairs,
                 "ours_median_s": statistics.median(listing),
                 "references_median": {"--version": statistics.median(version)}})
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f)


if __name__ == "__main__":
    main()
