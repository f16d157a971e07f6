"""Log-log scatter of directional smoothness against the test gradient norm (Figure 6 of the paper), plain SVG.

Reads smoothness.csv of an lt-train run folder (step, test_grad_norm, smoothness); points with non-positive
curvature are left out, as the notebook's log drops them; colour runs from early (dark) to late (light) steps.

    python3 Benchmarks/plugins/linear-attention-dynamics/scatter.py RUN_DIR OUT.svg
"""

import csv
import math
import sys

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 460, 80, 30, 40, 60


def colour(fraction):
    """Viridis-like ramp from dark blue to yellow."""
    stops = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
    position = fraction * (len(stops) - 1)
    i = min(int(position), len(stops) - 2)
    t = position - i
    r, g, b = (round(stops[i][k] + t * (stops[i + 1][k] - stops[i][k])) for k in range(3))
    return f"#{r:02x}{g:02x}{b:02x}"


def main():
    folder, out_path = sys.argv[1], sys.argv[2]
    with open(f"{folder}/smoothness.csv") as f:
        rows = [(int(r["step"]), float(r["test_grad_norm"]), float(r["smoothness"])) for r in csv.DictReader(f)]
    points = [(s, math.log10(g), math.log10(c)) for s, g, c in rows if c > 0 and g > 0]
    dropped = len(rows) - len(points)
    last = max(s for s, _, _ in points)
    x0, x1 = math.floor(min(p[1] for p in points)), math.ceil(max(p[1] for p in points))
    y0, y1 = math.floor(min(p[2] for p in points)), math.ceil(max(p[2] for p in points))
    sx = lambda x: LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT)
    sy = lambda y: TOP + (y1 - y) / (y1 - y0) * (HEIGHT - TOP - BOTTOM)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" '
        'font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="14">Directional smoothness against '
        f'gradient norm, lt-train Adam, steps 0-{last}</text>',
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 30}" text-anchor="middle">test gradient norm '
        '||grad f(theta_t)|| (log scale)</text>',
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 10}" text-anchor="middle" font-size="11">'
        f'colour: step (dark early, light late); {dropped} of {len(rows)} points with curvature &lt;= 0 left out</text>',
        f'<text x="18" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 18 {(TOP + HEIGHT - BOTTOM) / 2})">curvature along the step u^T H u (log scale)</text>',
    ]
    for e in range(x0, x1 + 1):
        out.append(f'<line x1="{sx(e):.1f}" x2="{sx(e):.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="#ddd"/>')
        out.append(f'<text x="{sx(e):.1f}" y="{HEIGHT - BOTTOM + 15}" text-anchor="middle">1e{e}</text>')
    for e in range(y0, y1 + 1):
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(e):.1f}" y2="{sy(e):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{sy(e) + 4:.1f}" text-anchor="end">1e{e}</text>')
    for s, x, y in points:
        out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2" fill="{colour(s / last)}" fill-opacity="0.8"/>')
    out.append("</svg>")
    with open(out_path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
