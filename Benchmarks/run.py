"""Runs every plugin benchmark next to its reference in one go and prints one table.

Benchmarks/host/bench.py times the host's own costs (oracle dispatch, one trace row, warm `list` start-up against
`--version`); each Benchmarks/plugins/<plugin-id>/bench.py times the plugin (through the catalogue executable) and its reference
(NumPy; PyTorch where the paper's code is PyTorch) in the same script, alternating pairs, and writes its rows with
--json: workload, ours_s and references {name: seconds} (minima over the pairs), ours_median_s and
references_median (medians), bound_s (the FLOP or memory bound, when computed), pairs.
This script runs them all (or the ones named) and prints one table, a line per workload and reference: our time, the
reference's, the ratio reference/ours (above 1: we are faster), the bound and ours/bound (1 is the limit).

    python3 Benchmarks/run.py [--catalogue .build/release/catalogue] [--quick] [--json OUT] [plugin-id ...]

scripts/bench.sh builds the release products, prepares the benchmark's own virtual environment and calls this.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def seconds(value):
    if value is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value:.3g} s"


def ratio(reference, ours):
    return f"{reference / ours:.2f}x" if reference and ours else "-"


def pair(minimum, median):
    return f"{minimum} / {median}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=os.path.join(ROOT, ".build", "release", "catalogue"))
    parser.add_argument("--quick", action="store_true", help="each benchmark's CI-sized version")
    parser.add_argument("--json", help="also write every row (with its plugin) to this file")
    parser.add_argument("plugins", nargs="*",
                        help="plugin ids, or host (default: Benchmarks/host/bench.py and every Benchmarks/plugins/*/bench.py)")
    args = parser.parse_args()
    scripts = [os.path.join(ROOT, "Benchmarks", "host", "bench.py")]
    scripts += sorted(glob.glob(os.path.join(ROOT, "Benchmarks", "plugins", "*", "bench.py")))
    if args.plugins:
        scripts = [s for s in scripts if os.path.basename(os.path.dirname(s)) in args.plugins]
    environment = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    rows, failures = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for script in scripts:
            plugin = os.path.basename(os.path.dirname(script))
            out = os.path.join(scratch, f"{plugin}.json")
            command = [sys.executable, script, "--catalogue", args.catalogue, "--json", out]
            if args.quick:
                command.append("--quick")
            print(f"== {plugin}: {' '.join(command[1:])}", flush=True)
            result = subprocess.run(command, cwd=ROOT, env=environment)
            if result.returncode != 0 or not os.path.exists(out):
                failures.append(plugin)
                continue
            with open(out) as f:
                for row in json.load(f):
                    rows.append((plugin, row))
    header = ["plugin", "workload", "reference", "ours min / med", "reference min / med", "ref/ours min / med",
              "bound", "ours/bound", "pairs"]
    table = [header]
    for plugin, row in rows:
        ours, ours_median = row["ours_s"], row.get("ours_median_s")
        medians = row.get("references_median", {})
        bound = row.get("bound_s")
        for index, (name, reference) in enumerate(row.get("references", {}).items()):
            first = index == 0
            table.append([
                plugin if first else "", row["workload"] if first else "", name,
                pair(seconds(ours), seconds(ours_median)) if first else "",
                pair(seconds(reference), seconds(medians.get(name))),
                pair(ratio(reference, ours), ratio(medians.get(name), ours_median)),
                seconds(bound) if first else "", f"{ours / bound:.1f}" if bound and first else "",
                str(row.get("pairs", "-")) if first else "",
            ])
    if args.json:
        with open(args.json, "w") as f:
            json.dump([dict(row, plugin=plugin) for plugin, row in rows], f, indent=2)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    print()
    for index, line in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print("\nEach time is the minimum / median over the script's alternating pairs (one BLAS thread each); each ratio is"
          " the ratio of the minima / of the medians. reference/ours above 1 means the plugin is faster; ours/bound is"
          " how far the plugin's minimum is above the FLOP or memory bound (1 = at the bound).")
    if failures:
        print(f"benchmarks that failed: {', '.join(failures)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
