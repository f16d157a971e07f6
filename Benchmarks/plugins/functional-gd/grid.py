"""The (data kernel × attention h) grid of ln test loss, with the Bayes line, from a reproduce folder.

Reads the run folders of `catalogue reproduce kernel-transformer-grid --out DIR` (result.json of each run, labels
`<data>-n<N>-<h>`) and writes grid.csv (one row per context length n and data kernel: ln loss of the trained
transformer for each h, of 3-step FGD with the matching kernel, and of the Bayes posterior mean; averaged over the
seeds whose run did not end `diverged`, whose last loss is overflow, and a column naming those per h) and
grid-n<N>.svg per n (one panel per data kernel: a bar per h, the Bayes line dashed, the matching 3-step FGD dotted).
A `--quick` folder holds only n = 6.

    python3 Benchmarks/plugins/functional-gd/grid.py DIR [--out docs/plugins/figures/functional-gd]
"""

import argparse
import glob
import json
import os

KERNELS = ["linear", "relu", "exp"]
ATTENTIONS = ["linear", "relu", "exp", "softmax"]
CONTEXT_LENGTHS = [2, 6, 10, 14]


def metric(folder, label, key="ln_test_loss"):
    """The mean over the seeds whose run did not diverge, and how many diverged (their last loss is overflow)."""
    values, diverged = [], 0
    for path in sorted(glob.glob(os.path.join(folder, f"{label}-seed*", "result.json"))):
        with open(path) as f:
            result = json.load(f)
        if result["termination"]["reason"] == "diverged":
            diverged += 1
        else:
            values.append(result["final_metrics"][key])
    return (sum(values) / len(values) if values else float("nan")), diverged


def svg(rows):
    width, height, panel = 780, 300, 250
    values = [v for r in rows for v in r.values() if isinstance(v, float) and v == v]
    lo = max(min(values) - 0.2, -4.0)
    hi = max(max(values) + 0.2, 0.1)

    def y(v):
        return 40 + (hi - v) / (hi - lo) * (height - 90)

    colours = {"linear": "#4c72b0", "relu": "#dd8452", "exp": "#55a868", "softmax": "#c44e52"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
           'font-size="11">']
    out.append(f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13">ln test loss after training '
               '(bars: attention h), Bayes (dashed), 3-step FGD with the matching kernel (dotted)</text>')
    for p, row in enumerate(rows):
        x0 = 30 + p * panel
        out.append(f'<text x="{x0 + 110}" y="32" text-anchor="middle">data kernel {row["data_kernel"]}</text>')
        out.append(f'<line x1="{x0 + 10}" x2="{x0 + 220}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999"/>')
        for tick in range(int(lo) - 1, int(hi) + 2):
            if lo <= tick <= hi and p == 0:
                out.append(f'<text x="{x0 + 5}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
        for i, h in enumerate(ATTENTIONS):
            v = row[f"h_{h}"]
            if v != v:
                continue
            top, bottom = min(y(max(v, lo)), y(0)), max(y(max(v, lo)), y(0))
            bx = x0 + 20 + 50 * i
            out.append(f'<rect x="{bx}" y="{top:.1f}" width="36" height="{bottom - top:.1f}" fill="{colours[h]}"/>')
            out.append(f'<text x="{bx + 18}" y="{height - 30}" text-anchor="middle">{h}</text>')
            mark = " †" if f"{h}:" in row["diverged"] else ""
            out.append(f'<text x="{bx + 18}" y="{(top - 3 if v > 0 else bottom + 11):.1f}" text-anchor="middle" '
                       f'font-size="9">{v:.2f}{mark}</text>')
        for key, dash in [("bayes", "6,3"), ("fgd3_matching", "2,2")]:
            v = row[key]
            if v == v and v < lo:
                out.append(f'<text x="{x0 + 215}" y="{y(lo) - 3:.1f}" text-anchor="end" font-size="9">'
                           f'Bayes {v:.1f} (below the axis)</text>')
            elif v == v:
                out.append(f'<line x1="{x0 + 10}" x2="{x0 + 220}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="black" '
                           f'stroke-dasharray="{dash}"/>')
    notes = [f'{row["data_kernel"]} data, h = {entry.split(":")[0]}: {entry.split(":")[1]} seed(s) diverged'
             for row in rows for entry in row["diverged"].split()]
    if notes:
        out.append(f'<text x="30" y="{height - 8}" font-size="10">† mean over the seeds that did not diverge '
                   f'({"; ".join(notes)}; the claims still count them)</text>')
    out.append("</svg>")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--out", default="docs/plugins/figures/functional-gd")
    args = parser.parse_args()
    rows = []
    for n in CONTEXT_LENGTHS:
        if not glob.glob(os.path.join(args.folder, f"*-n{n}-*-seed*")):
            continue
        for data in KERNELS:
            row = {"n": n, "data_kernel": data}
            diverged = []
            for h in ATTENTIONS:
                row[f"h_{h}"], count = metric(args.folder, f"{data}-n{n}-{h}")
                if count:
                    diverged.append(f"{h}:{count}")
            row["fgd3_matching"], _ = metric(args.folder, f"{data}-n{n}-fgd", "ln_test_loss_l3")
            row["bayes"], _ = metric(args.folder, f"{data}-n{n}-bayes")
            row["diverged"] = " ".join(diverged)
            rows.append(row)
    os.makedirs(args.out, exist_ok=True)
    columns = list(rows[0].keys())
    with open(os.path.join(args.out, "grid.csv"), "w") as f:
        f.write(",".join(columns) + "\n")
        for row in rows:
            f.write(",".join(f"{row[c]:.6f}" if isinstance(row[c], float) else str(row[c]) for c in columns) + "\n")
    for n in sorted({row["n"] for row in rows}):
        with open(os.path.join(args.out, f"grid-n{n}.svg"), "w") as f:
            f.write(svg([row for row in rows if row["n"] == n]))
    for row in rows:
        print(", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
