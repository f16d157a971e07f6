"""Plots the rf2sa-synthetic runs (from reproduce_synthetic.py) as a plain SVG: no plotting library needed.

Panels: the exact ‖grad F(x_k)‖ against the iteration k and against oracle calls (gradients plus Hessian-vector
products, as counted by the host), and |F(x_k) − F*| (f_gap) against k, for RF²SA and RHGD (5 seeds each). Both
axes are logarithmic: RHGD needs 300 iterations, RF²SA 2000, and their costs per iteration differ.

    python3 Benchmarks/plugins/rf2sa/plot_convergence.py runs/rf2sa-synthetic docs/plugins/figures/rf2sa/rf2sa-synthetic.svg
"""

import csv
import glob
import math
import os
import sys

WIDTH, HEIGHT = 1260, 380
PANEL_W, PANEL_H = 330, 270
MARGIN_L, MARGIN_T = 70, 40
COLOURS = {"rf2sa": "#1f77b4", "rhgd": "#d62728"}


def read(folder):
    with open(os.path.join(folder, "trace.csv")) as handle:
        rows = list(csv.DictReader(handle))
    columns = {k: [float(r[k]) for r in rows] for k in ("grad_norm", "f_gap", "n_grad", "n_hvp")}
    columns["oracles"] = [g + h for g, h in zip(columns["n_grad"], columns["n_hvp"])]
    return [int(r["iter"]) for r in rows], columns


def panel(x0, title, series, x_label, y_label):
    """One log-log panel: series is a list of (colour, x values, y values); x is shifted by 1 (x = 0 at the start)."""
    points = [(k, v) for _, ks, vs in series for k, v in zip(ks, vs) if v > 0]
    y_low = math.floor(math.log10(min(v for _, v in points)))
    y_high = math.ceil(math.log10(max(v for _, v in points)))
    x_high = math.ceil(math.log10(max(k for k, _ in points) + 1))

    def sx(k):
        return x0 + PANEL_W * math.log10(k + 1) / x_high

    def sy(v):
        return MARGIN_T + PANEL_H * (y_high - math.log10(v)) / (y_high - y_low)

    out = [f'<rect x="{x0}" y="{MARGIN_T}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#444"/>']
    out.append(f'<text x="{x0 + PANEL_W / 2}" y="{MARGIN_T - 12}" text-anchor="middle" font-size="14">{title}</text>')
    for e in range(y_low, y_high + 1):
        y = sy(10.0**e)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">1e{e}</text>')
    for e in range(0, x_high + 1):
        x = sx(10.0**e - 1)
        out.append(f'<line x1="{x:.1f}" y1="{MARGIN_T}" x2="{x:.1f}" y2="{MARGIN_T + PANEL_H}" stroke="#ddd"/>')
        out.append(
            f'<text x="{x:.1f}" y="{MARGIN_T + PANEL_H + 16}" text-anchor="middle" font-size="11">{10**e}</text>')
    out.append(
        f'<text x="{x0 + PANEL_W / 2}" y="{MARGIN_T + PANEL_H + 34}" text-anchor="middle" font-size="12">'
        f"{x_label}</text>")
    out.append(
        f'<text x="{x0 - 50}" y="{MARGIN_T + PANEL_H / 2}" text-anchor="middle" font-size="12" '
        f'transform="rotate(-90 {x0 - 50} {MARGIN_T + PANEL_H / 2})">{y_label}</text>')
    for colour, ks, vs in series:
        path = " ".join(f"{sx(k):.1f},{sy(v):.1f}" for k, v in zip(ks, vs) if v > 0)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.2" opacity="0.8"/>')
    return out


def main():
    source, target = sys.argv[1], sys.argv[2]
    runs = {}
    for folder in sorted(glob.glob(os.path.join(source, "*-seed*"))):
        algorithm = os.path.basename(folder).split("-seed")[0]
        runs.setdefault(algorithm, []).append(read(folder))
    grad = [(COLOURS[a], ks, cols["grad_norm"]) for a, rs in runs.items() for ks, cols in rs]
    cost = [(COLOURS[a], cols["oracles"], cols["grad_norm"]) for a, rs in runs.items() for _, cols in rs]
    gap = [(COLOURS[a], ks, [abs(v) for v in cols["f_gap"]]) for a, rs in runs.items() for ks, cols in rs]
    step = PANEL_W + 90
    body = panel(MARGIN_L, "exact ‖grad F(x_k)‖", grad, "iteration k + 1", "‖grad F‖")
    body += panel(MARGIN_L + step, "exact ‖grad F‖ against cost", cost, "oracle calls + 1 (grad + hvp)", "‖grad F‖")
    body += panel(MARGIN_L + 2 * step, "|F(x_k) − F*|", gap, "iteration k + 1", "|f_gap|")
    legend_y = HEIGHT - 14
    for i, (algorithm, colour) in enumerate(COLOURS.items()):
        x = MARGIN_L + 300 * i
        body.append(
            f'<line x1="{x}" y1="{legend_y}" x2="{x + 30}" y2="{legend_y}" stroke="{colour}" stroke-width="2"/>')
        label = "RF²SA (first order, 5 seeds)" if algorithm == "rf2sa" else "RHGD, Lyapunov hypergradient (5 seeds)"
        body.append(f'<text x="{x + 36}" y="{legend_y + 4}" font-size="12">{label}</text>')
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        *body,
        "</svg>",
    ]
    with open(target, "w") as handle:
        handle.write("\n".join(svg) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
