"""Plain-SVG plots of Memformer runs (no matplotlib): ln(test loss) against layers, and training curves.

    python3 plot.py layers OUT.svg LABEL=RUN_DIR[,RUN_DIR...] ...   # mean of ln_test_loss_l1..4 over the folders
    python3 plot.py curves OUT.svg LABEL=RUN_DIR ...                 # ln_test_loss_l4 of trace.csv against step
"""

import csv
import json
import math
import sys

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"]
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 460, 70, 200, 40, 55


def final_metrics(folder):
    with open(f"{folder}/result.json") as f:
        return json.load(f)["final_metrics"]


def axes(title, xlabel, ylabel, xs, ys):
    x0, x1 = min(xs), max(xs)
    y0, y1 = math.floor(min(ys) * 2) / 2, math.ceil(max(ys) * 2) / 2
    sx = lambda x: LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT)
    sy = lambda y: TOP + (y1 - y) / (y1 - y0) * (HEIGHT - TOP - BOTTOM)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" '
        f'font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2 - RIGHT / 2}" y="22" text-anchor="middle" font-size="14">{title}</text>',
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 12}" text-anchor="middle">{xlabel}</text>',
        f'<text x="16" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {(TOP + HEIGHT - BOTTOM) / 2})">{ylabel}</text>',
    ]
    y = y0
    while y <= y1 + 1e-9:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
        y += 0.5
    return out, sx, sy


def legend(out, labels):
    for i, label in enumerate(labels):
        y = TOP + 18 * i + 10
        out.append(f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 36}" y1="{y}" y2="{y}" '
                   f'stroke="{COLOURS[i % len(COLOURS)]}" stroke-width="2.5"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 42}" y="{y + 4}">{label}</text>')


def plot_layers(path, series):
    curves = []
    for label, folders in series:
        values = [[final_metrics(f)[f"ln_test_loss_l{k}"] for f in folders] for k in range(1, 5)]
        curves.append((label, [sum(v) / len(v) for v in values]))
    ys = [y for _, c in curves for y in c]
    out, sx, sy = axes("ln(test loss) against layers / steps", "layers (transformers) or steps (baselines)",
                       "ln test loss", [1, 4], ys)
    for k in range(1, 5):
        out.append(f'<text x="{sx(k):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{k}</text>')
    for i, (label, ys_) in enumerate(curves):
        colour = COLOURS[i % len(COLOURS)]
        points = " ".join(f"{sx(k + 1):.1f},{sy(y):.1f}" for k, y in enumerate(ys_))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for k, y in enumerate(ys_):
            out.append(f'<circle cx="{sx(k + 1):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{colour}"/>')
    legend(out, [label for label, _ in curves])
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def plot_curves(path, series, column="ln_test_loss_l4"):
    curves = []
    for label, folders in series:
        with open(f"{folders[0]}/trace.csv") as f:
            rows = list(csv.DictReader(f))
        points = [(int(r["iter"]), float(r[column])) for r in rows if int(r["iter"]) % 50 == 0]
        curves.append((label, points))
    xs = [x for _, c in curves for x, _ in c]
    ys = [y for _, c in curves for _, y in c]
    out, sx, sy = axes(f"training: {column} on the fixed test set", "training step", column, xs, ys)
    for x in range(0, max(xs) + 1, 500):
        out.append(f'<text x="{sx(x):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{x}</text>')
    for i, (label, points) in enumerate(curves):
        line = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
        out.append(f'<polyline points="{line}" fill="none" stroke="{COLOURS[i % len(COLOURS)]}" stroke-width="1.8"/>')
    legend(out, [label for label, _ in curves])
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    kind, path, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
    series = [(s.split("=", 1)[0], s.split("=", 1)[1].split(",")) for s in specs]
    {"layers": plot_layers, "curves": plot_curves}[kind](path, series)


if __name__ == "__main__":
    main()
