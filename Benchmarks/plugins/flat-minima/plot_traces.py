"""Plain-SVG line plots of trace.csv columns against the iteration (no matplotlib needed).

usage: python3 plot_traces.py OUT.svg COLUMN [--log-y] [--title T] RUN_DIR=LABEL [RUN_DIR=LABEL ...]

Each RUN_DIR is a catalogue run folder; its trace.csv is read and COLUMN plotted against `iter`, thinned to at
most 600 points per series. Several seeds of one method can share a label (drawn in the same colour).
"""

import csv
import math
import os
import sys

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
WIDTH, HEIGHT = 720, 420
LEFT, RIGHT, TOP, BOTTOM = 80, 170, 40, 55


def read(run_dir, column):
    with open(os.path.join(run_dir, "trace.csv")) as handle:
        rows = list(csv.DictReader(handle))
    step = max(1, len(rows) // 600)
    picked = rows[::step] + ([rows[-1]] if (len(rows) - 1) % step else [])
    return [(float(r["iter"]), float(r[column])) for r in picked]


def ticks(lo, hi, log):
    if log:
        return [10.0 ** k for k in range(math.floor(lo), math.ceil(hi) + 1)]
    span = hi - lo or 1.0
    unit = 10 ** math.floor(math.log10(span / 4))
    unit *= next(m for m in (1, 2, 5, 10) if span / (unit * m) <= 6)
    start = math.ceil(lo / unit) * unit
    return [start + k * unit for k in range(int((hi - start) / unit) + 1)]


def label(value, log=False):
    if log:
        return f"1e{round(math.log10(value))}" if not 0.01 <= value <= 100 else f"{value:g}"
    return f"{value:.0f}" if abs(value) >= 1e4 else f"{value:g}"


def main():
    args = sys.argv[1:]
    log_y = "--log-y" in args
    args = [a for a in args if a != "--log-y"]
    title = None
    if "--title" in args:
        i = args.index("--title")
        title = args[i + 1]
        del args[i : i + 2]
    out, column, runs = args[0], args[1], [a.split("=", 1) for a in args[2:]]
    series = [(name, read(path, column)) for path, name in runs]
    floor = 1e-300
    ys = [math.log10(max(y, floor)) if log_y else y for _, pts in series for _, y in pts]
    xs = [x for _, pts in series for x, _ in pts]
    x_lo, x_hi = 0.0, max(xs) or 1.0
    y_lo, y_hi = min(ys), max(ys)
    if y_hi == y_lo:
        y_lo, y_hi = y_lo - 1, y_hi + 1
    pad = 0.04 * (y_hi - y_lo)
    y_lo, y_hi = y_lo - pad, y_hi + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        return LEFT + (x - x_lo) / (x_hi - x_lo) * plot_w

    def py(y):
        return TOP + (1 - (y - y_lo) / (y_hi - y_lo)) * plot_h

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" '
           f'font-size="12"><rect width="100%" height="100%" fill="white"/>']
    svg.append(f'<text x="{LEFT + plot_w / 2}" y="22" text-anchor="middle" font-size="14">'
               f'{title or column}</text>')
    for t in ticks(y_lo, y_hi, log_y):
        value = math.log10(t) if log_y else t
        if y_lo <= value <= y_hi:
            y = py(value)
            svg.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
            svg.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label(t, log_y)}</text>')
    for t in ticks(x_lo, x_hi, False):
        x = px(t)
        svg.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#eee"/>')
        svg.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{label(t)}</text>')
    svg.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="black"/>')
    svg.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 12}" text-anchor="middle">iteration</text>')
    svg.append(f'<text x="18" y="{TOP + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 18 {TOP + plot_h / 2})">{column}{" (log)" if log_y else ""}</text>')
    names = list(dict.fromkeys(name for name, _ in series))
    for name, pts in series:
        colour = COLOURS[names.index(name) % len(COLOURS)]
        path = " ".join(
            f"{'M' if k == 0 else 'L'}{px(x):.1f},{py(math.log10(max(y, floor)) if log_y else y):.1f}"
            for k, (x, y) in enumerate(pts))
        svg.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.5" opacity="0.85"/>')
    for k, name in enumerate(names):
        y = TOP + 14 + 20 * k
        colour = COLOURS[k % len(COLOURS)]
        svg.append(f'<line x1="{LEFT + plot_w + 12}" x2="{LEFT + plot_w + 36}" y1="{y}" y2="{y}" stroke="{colour}" '
                   f'stroke-width="2"/>')
        svg.append(f'<text x="{LEFT + plot_w + 42}" y="{y + 4}">{name}</text>')
    svg.append("</svg>")
    with open(out, "w") as handle:
        handle.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
