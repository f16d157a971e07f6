"""Figures of the preconditioned-gd experiments as plain SVG (no plotting library needed).

Reads the run folders a `catalogue reproduce` wrote (<group>-seed<N>/result.json) and draws the seed mean of a
final metric, with the seeds' min-max as error bars:

    python3 figures.py layers  REPRO_DIR OUT.svg   # pgd-layers: ln test loss against L = 1..4
    python3 figures.py context REPRO_DIR OUT.svg   # pgd-context-length: test loss against n (log axis)
"""

import glob
import json
import math
import os
import sys

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
W, H, L, R, T, B = 720, 440, 70, 210, 40, 55


def finals(folder, group):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, f"{group}-seed*", "result.json"))):
        with open(path) as f:
            out.append(json.load(f)["final_metrics"])
    if not out:
        raise SystemExit(f"no runs of group {group} in {folder}")
    return out


def svg(title, xlabel, ylabel, series, xticks):
    """series: [(label, [(x, mean, low, high)])] in plotted units."""
    xs = [p[0] for _, pts in series for p in pts]
    ys = [v for _, pts in series for p in pts for v in p[1:]]
    x0, x1 = min(xs), max(xs)
    y0, y1 = math.floor(min(ys)), math.ceil(max(ys))
    sx = lambda x: L + (x - x0) / (x1 - x0) * (W - L - R)
    sy = lambda y: T + (y1 - y) / (y1 - y0) * (H - T - B)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{(W - R + L) / 2}" y="22" text-anchor="middle" font-size="14">{title}</text>',
        f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
        f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>',
        f'<text x="{(W - R + L) / 2}" y="{H - 15}" text-anchor="middle">{xlabel}</text>',
        f'<text x="18" y="{(H - B + T) / 2}" text-anchor="middle" transform="rotate(-90 18 {(H - B + T) / 2})">'
        f"{ylabel}</text>",
    ]
    for x, text in xticks:
        out.append(f'<text x="{sx(x)}" y="{H - B + 18}" text-anchor="middle">{text}</text>')
    step = max(1, round((y1 - y0) / 8))
    y = y0
    while y <= y1:
        out.append(f'<line x1="{L}" y1="{sy(y)}" x2="{W - R}" y2="{sy(y)}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 6}" y="{sy(y) + 4}" text-anchor="end">{y}</text>')
        y += step
    for i, (label, pts) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{'M' if j == 0 else 'L'}{sx(p[0]):.1f},{sy(p[1]):.1f}" for j, p in enumerate(pts))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, mean, low, high in pts:
            out.append(f'<line x1="{sx(x)}" y1="{sy(low)}" x2="{sx(x)}" y2="{sy(high)}" stroke="{colour}"/>')
            out.append(f'<circle cx="{sx(x)}" cy="{sy(mean)}" r="3.5" fill="{colour}"/>')
        ly = T + 20 + 22 * i
        out.append(f'<line x1="{W - R + 15}" y1="{ly}" x2="{W - R + 40}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{W - R + 46}" y="{ly + 4}">{label}</text>')
    out.append("</svg>")
    return "\n".join(out)


def point(x, values):
    return (x, sum(values) / len(values), min(values), max(values))


def layers(folder, target):
    groups = [
        ("trained, B blocks (b)", "value-key"), ("trained, sparse (a)", "sparse"),
        ("GD, per-step η", "gd-per-step"), ("GD, constant η", "gd-constant"),
    ]
    series = []
    for label, group in groups:
        runs = finals(folder, group)
        series.append((label, [point(k, [r[f"ln_test_loss_l{k}"] for r in runs]) for k in range(1, 5)]))
    title = "Isotropic, w ~ N(0, I): ln test loss against layers / steps"
    return svg(title, "layers L (steps k)", "ln(test loss)", series, [(k, str(k)) for k in range(1, 5)])


def context(folder, target):
    ns = [5, 10, 20, 40]
    groups = [
        ("3-layer transformer (b)", "value-key-n{}", "test_loss_l3"),
        ("3-step GD, per-step η", "gd-per-step-n{}", "test_loss_l3"),
        ("OLS", "ols-n{}", "test_loss"),
    ]
    series = []
    for label, pattern, key in groups:
        pts = []
        for n in ns:
            values = [math.log10(max(r[key], 1e-32)) for r in finals(folder, pattern.format(n))]
            pts.append(point(math.log2(n), values))
        series.append((label, pts))
    title = "Isotropic, w ~ N(0, I): test loss against context length"
    return svg(title, "context points n", "log10(test loss)", series, [(math.log2(n), str(n)) for n in ns])


if __name__ == "__main__":
    kind, folder, target = sys.argv[1:4]
    text = {"layers": layers, "context": context}[kind](folder, target)
    with open(target, "w") as f:
        f.write(text + "\n")
