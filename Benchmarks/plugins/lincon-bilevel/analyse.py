"""Numbers and SVG figures for docs/plugins/lincon-bilevel.md from `catalogue reproduce` report folders.

Usage: python3 Benchmarks/plugins/lincon-bilevel/analyse.py REPORTS_DIR [--figures DIR]

REPORTS_DIR holds one folder per experiment, named after it (lincon-convergence, lincon-inexactness, lincon-cost,
lincon-goldstein), each with the run folders `<group>-seed<N>` that `catalogue reproduce <experiment> --out` writes.
Prints the per-seed and aggregated numbers the docs quote and writes plain SVG plots (no matplotlib).
"""

import argparse
import csv
import glob
import json
import math
import os
import re


def trace(folder):
    with open(os.path.join(folder, "trace.csv")) as f:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]


def result(folder):
    with open(os.path.join(folder, "result.json")) as f:
        return json.load(f)


def runs(root, group):
    found = glob.glob(os.path.join(root, f"{group}-seed*"))
    return sorted(found, key=lambda p: int(re.search(r"seed(\d+)$", p).group(1)))


def slope(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((a - mx) * (b - my) for a, b in zip(xs, ys)) / sum((a - mx) ** 2 for a in xs)


class Figure:
    """A minimal line plot written as SVG by hand."""

    COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    def __init__(self, title, xlabel, ylabel, logx=False, logy=False):
        self.title, self.xlabel, self.ylabel, self.logx, self.logy = title, xlabel, ylabel, logx, logy
        self.series = []

    def add(self, label, xs, ys, dashed=False, markers=False):
        pts = [(x, y) for x, y in zip(xs, ys)
               if math.isfinite(x) and math.isfinite(y) and (x > 0 or not self.logx) and (y > 0 or not self.logy)]
        self.series.append((label, pts, dashed, markers))

    def write(self, path, width=740, height=400):
        tx = (lambda v: math.log10(v)) if self.logx else (lambda v: v)
        ty = (lambda v: math.log10(v)) if self.logy else (lambda v: v)
        xs = [tx(x) for _, pts, _, _ in self.series for x, _ in pts]
        ys = [ty(y) for _, pts, _, _ in self.series for _, y in pts]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if x1 == x0:
            x1 = x0 + 1
        if y1 == y0:
            y1 = y0 + 1
        pad = 0.05 * (y1 - y0)
        y0, y1 = y0 - pad, y1 + pad
        left, right, top, bottom = 90, 250, 30, 50
        pw, ph = width - left - right, height - top - bottom

        def px(v):
            return left + (tx(v) - x0) / (x1 - x0) * pw

        def py(v):
            return top + ph - (ty(v) - y0) / (y1 - y0) * ph

        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
               f'font-family="sans-serif" font-size="11">',
               f'<rect width="{width}" height="{height}" fill="white"/>',
               f'<text x="{left + pw / 2}" y="18" text-anchor="middle" font-size="13">{self.title}</text>',
               f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="black"/>']
        for i in range(5):
            fx, fy = x0 + (x1 - x0) * i / 4, y0 + (y1 - y0) * i / 4
            gx, gy = left + pw * i / 4, top + ph - ph * i / 4
            lx = f"{10 ** fx:.3g}" if self.logx else f"{fx:.3g}"
            ly = f"{10 ** fy:.3g}" if self.logy else f"{fy:.3g}"
            out.append(f'<line x1="{gx}" y1="{top}" x2="{gx}" y2="{top + ph}" stroke="#eee"/>')
            out.append(f'<line x1="{left}" y1="{gy}" x2="{left + pw}" y2="{gy}" stroke="#eee"/>')
            out.append(f'<text x="{gx}" y="{top + ph + 15}" text-anchor="middle">{lx}</text>')
            out.append(f'<text x="{left - 5}" y="{gy + 4}" text-anchor="end">{ly}</text>')
        out.append(f'<text x="{left + pw / 2}" y="{height - 10}" text-anchor="middle">{self.xlabel}</text>')
        out.append(f'<text x="15" y="{top + ph / 2}" text-anchor="middle" '
                   f'transform="rotate(-90 15 {top + ph / 2})">{self.ylabel}</text>')
        for i, (label, pts, dashed, markers) in enumerate(self.series):
            colour = self.COLOURS[i % len(self.COLOURS)]
            points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
            dash = ' stroke-dasharray="6,4"' if dashed else ""
            out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"{dash}/>')
            if markers:
                out += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" fill="{colour}"/>' for x, y in pts]
            ly = top + 12 + 16 * i
            out.append(f'<line x1="{left + pw + 10}" y1="{ly}" x2="{left + pw + 30}" y2="{ly}" stroke="{colour}" '
                       f'stroke-width="2"{dash}/>')
            out.append(f'<text x="{left + pw + 35}" y="{ly + 4}">{label}</text>')
        out.append("</svg>")
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")


def convergence(root, figures):
    print("== convergence: final F(x) after 500 Adam steps, per seed (f2cba, implicit-kkt, relative difference)")
    fig = Figure("Problem L.1: mean F(x) over 5 seeds (d_x = 10)", "iteration", "F(x)")
    for dy in [10, 20, 50]:
        finals = {}
        for algorithm in ["f2cba", "implicit-kkt"]:
            traces = [trace(r) for r in runs(root, f"{algorithm}-dy{dy}")]
            finals[algorithm] = [t[-1]["f"] for t in traces]
            n = min(len(t) for t in traces)
            mean = [sum(t[i]["f"] for t in traces) / len(traces) for i in range(n)]
            fig.add(f"{algorithm} d_y={dy}", list(range(n)), mean, dashed=algorithm != "f2cba")
        pairs = list(zip(finals["f2cba"], finals["implicit-kkt"]))
        rel = [abs(a - b) / abs(b) for a, b in pairs]
        ma, mb = sum(finals["f2cba"]) / len(pairs), sum(finals["implicit-kkt"]) / len(pairs)
        errors = [max(row["grad_error_rel"] for row in trace(r)) for r in runs(root, f"f2cba-dy{dy}")]
        finals_err = [trace(r)[-1]["grad_error_rel"] for r in runs(root, f"f2cba-dy{dy}")]
        print(f"d_y={dy}: " + "; ".join(f"{a:.4f} {b:.4f} {r:.1e}" for (a, b), r in zip(pairs, rel)))
        print(f"   means {ma:.4f} vs {mb:.4f} (relative {abs(ma - mb) / abs(mb):.2e}); worst seed {max(rel):.2e}; "
              f"f2cba grad_error_rel final median {sorted(finals_err)[len(finals_err) // 2]:.1e}, "
              f"max over steps {max(errors):.2f}")
    fig.write(os.path.join(figures, "lincon-convergence.svg"))


def inexactness(root, figures):
    print("== inexactness: relative hypergradient error at x0 against the penalty")
    fig = Figure("Hypergradient error at x₀ (mean over 5 seeds)", "α (F2CBA) or 10/λ (1-EQ)",
                 "‖v − ∇F‖ / ‖∇F‖", logx=True, logy=True)
    for group, column, label in [("f2cba-keep", "alpha", "F2CBA, constraints kept"),
                                 ("f2cba-free", "alpha", "F2CBA, unconstrained penalty"),
                                 ("eq", "lambda", "1-EQ (x = 10/λ)")]:
        traces = [trace(r) for r in runs(root, group)]
        slopes = []
        for t in traces:
            rows = [r for r in t if r["iter"] >= 1]
            slopes.append(slope([math.log(r["iter"]) for r in rows], [math.log(r["grad_error_rel"]) for r in rows]))
        rows = [r for r in traces[0] if r["iter"] >= 1]
        xs = [r[column] if column == "alpha" else 10 / r[column] for r in rows]
        mean = [sum(t[i]["grad_error_rel"] for t in traces) / len(traces) for i in range(1, len(rows) + 1)]
        fig.add(label, xs, mean, markers=True)
        at = {round(r[column], 6): i for i, r in enumerate(rows)}
        picks = [0.3, 0.1, 0.03, 0.01] if column == "alpha" else [10.0, 100.0, 300.0]
        quoted = ", ".join(f"{p:g}: {mean[at[p]]:.2e}" for p in picks if p in at)
        print(f"{group}: slopes against log k per seed {', '.join(f'{s:.3f}' for s in slopes)}; mean errors {quoted}")
    fig.write(os.path.join(figures, "lincon-inexactness.svg"))


def cost(root, figures):
    print("== cost: time per step (s, median after the first step) against d_y, d_x = 10")
    fig = Figure("Time per outer step (d_x = 10, m = d_y/5)", "d_y", "seconds per step", logx=True, logy=True)
    sizes = [10, 20, 50, 100, 200]
    for algorithm, label in [("f2cba", "f2cba"), ("implicit-kkt", "implicit-kkt"),
                             ("kkt-once", "implicit-kkt hessian=once")]:
        times = [result(runs(root, f"{algorithm}-dy{dy}")[0])["final_metrics"]["time_step_s"] for dy in sizes]
        fig.add(label, sizes, times, markers=True)
        tail = slope([math.log(d) for d in sizes[2:]], [math.log(t) for t in times[2:]])
        print(f"{algorithm}: " + ", ".join(f"{d}: {t:.2e}" for d, t in zip(sizes, times))
              + f"; growth exponent over 50..200: {tail:.2f}, over 10..200: "
              f"{slope([math.log(d) for d in sizes], [math.log(t) for t in times]):.2f}")
    fig.write(os.path.join(figures, "lincon-cost.svg"))


def goldstein(root, figures):
    print("== goldstein: certificate and oracle calls to reach eps = 0.05 (d_y = 20)")
    fig = Figure("Goldstein certificate (d_x = 10, seed 1)", "oracle calls", "best window ‖ḡ‖", logx=True, logy=True)
    for d in [5, 10, 20]:
        line = []
        for label in ["o2nc", "zo"]:
            rs = [result(r)["final_metrics"] for r in runs(root, f"{label}-dx{d}")]
            calls = [m["oracle_calls"] for m in rs]
            certs = [m["certificate"] for m in rs]
            line.append(f"{label} calls {', '.join(f'{c:.0f}' for c in calls)} (mean {sum(calls) / len(calls):.0f}), "
                        f"certificates max {max(certs):.3f}")
            if d == 10:
                t = trace(runs(root, f"{label}-dx{d}")[0])
                fig.add(label, [r["oracle_calls"] for r in t[1:]], [r["certificate"] for r in t[1:]], markers=True)
        print(f"d_x={d}: " + " | ".join(line))
    fig.write(os.path.join(figures, "lincon-goldstein.svg"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports")
    parser.add_argument(
        "--figures",
        default=os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "docs", "plugins", "figures", "lincon-bilevel"))
    args = parser.parse_args()
    os.makedirs(args.figures, exist_ok=True)
    for name, analyse in [("lincon-convergence", convergence), ("lincon-inexactness", inexactness),
                          ("lincon-cost", cost), ("lincon-goldstein", goldstein)]:
        folder = os.path.join(args.reports, name)
        if os.path.isdir(folder):
            analyse(folder, args.figures)


if __name__ == "__main__":
    main()
