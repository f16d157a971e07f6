"""NumPy implementation of one graph-transformer training step (electric-flow plugin), for the benchmark.

The same model as Sources/Plugins/ElectricFlow/Model/GraphTransformer.swift, stack layout, one head, in the code's
orientation (rows = nodes): S = Z·QᵀK·Zᵀ, Z ← Z + (1/n)·Sᵀ·Z·Pᵀ + Z·Wᵀ, then B divided by its Frobenius norm and
[Ψ | Φ] by ‖[Ψ | Φ] + 1e-6‖; loss ‖Φ̂/(1e-7 + ‖Φ̂‖) − T/‖T‖‖² averaged over graphs; analytic backward; global
clip 1; AdamW. Written for this benchmark from the equations (electric-flow.md §3.1), not copied from anywhere.
"""

import numpy as np

EPS_LOSS = 1e-7
EPS_NORM = 1e-6


def csl_batch(rng, graphs, n=10, skips=(2, 4, 6, 8)):
    """Weighted CSL incidence matrices (graphs, n, 2n), centred demands and electric targets L^+ Psi."""
    d = 2 * n
    b = np.zeros((graphs, n, d))
    for g in range(graphs):
        s = skips[g % len(skips)]
        edges = [(i, (i + 1) % n) for i in range(n)] + [(i, (i + s) % n) for i in range(n)]
        for e, (i, j) in enumerate(edges):
            b[g, i, e], b[g, j, e] = 1.0, -1.0
    b *= np.exp(rng.uniform(-1, 1, (graphs, 1, d)))
    b = b[:, rng.permutation(n), :][:, :, rng.permutation(d)]
    psi = rng.standard_normal((graphs, n, n))
    psi -= psi.mean(axis=1, keepdims=True)
    lap = b @ b.transpose(0, 2, 1)
    target = np.linalg.pinv(lap, hermitian=True) @ psi
    return b, psi, target


def blocks(d, n):
    return [(slice(0, d), 0.0), (slice(d, d + 2 * n), EPS_NORM)]


def forward(params, z, d, n, keep=False):
    caches = []
    for p, q, k, w in params:
        a = q.T @ k
        za = z @ a
        s = za @ z.transpose(0, 2, 1)
        r = z @ p.T
        y = z + s.transpose(0, 2, 1) @ r / n + z @ w.T
        norms = []
        out = y.copy()
        for rows, eps in blocks(d, n):
            nr = np.sqrt(((y[:, :, rows] + eps) ** 2).sum(axis=(1, 2)))[:, None, None]
            out[:, :, rows] = y[:, :, rows] / nr
            norms.append(nr)
        if keep:
            caches.append((z, za, s, r, y, norms))
        z = out
    return z, caches


def loss_and_gradient(params, b, psi, target):
    graphs, n, d = b.shape
    z0 = np.concatenate([b, psi, np.zeros_like(psi)], axis=2)
    z, caches = forward(params, z0, d, n, keep=True)
    phi = z[:, :, d + n:]
    r = np.sqrt((phi ** 2).sum(axis=(1, 2)))[:, None, None]
    rho = EPS_LOSS + r
    t_hat = target / np.sqrt((target ** 2).sum(axis=(1, 2)))[:, None, None]
    diff = phi / rho - t_hat
    losses = (diff ** 2).sum(axis=(1, 2))
    h = 2 * diff
    proj = (h * phi).sum(axis=(1, 2))[:, None, None]
    dz = np.zeros_like(z)
    radial = np.divide(proj, r * rho ** 2, out=np.zeros_like(r), where=r > 0)
    dz[:, :, d + n:] = (h / rho - radial * phi) / graphs
    grads = []
    for (p, q, k, w), (zin, za, s, rr, y, norms) in zip(reversed(params), reversed(caches)):
        g = dz.copy()
        for (rows, eps), nr in zip(blocks(d, n), norms):
            dot = (dz[:, :, rows] * y[:, :, rows]).sum(axis=(1, 2))[:, None, None]
            g[:, :, rows] = dz[:, :, rows] / nr - dot * (y[:, :, rows] + eps) / nr ** 3
        a = q.T @ k
        dw = np.einsum("bni,bnj->ij", g, zin)
        dzin = g + g @ w
        ds = rr @ g.transpose(0, 2, 1) / n
        dr = s @ g / n
        dp = np.einsum("bni,bnj->ij", dr, zin)
        dzin += dr @ p
        dzin += ds @ zin @ a.T + ds.transpose(0, 2, 1) @ za
        da = np.einsum("bni,bnm,bmj->ij", zin, ds, zin, optimize=True)
        grads.append((dp, k @ da.T, q @ da, dw))
        dz = dzin
    return losses.mean(), list(reversed(grads))


def structured_params(layers, width):
    eye = np.eye(width)
    return [(np.zeros((width, width)), eye.copy(), eye.copy(), np.zeros((width, width))) for _ in range(layers)]


class AdamW:
    def __init__(self, params, lr, betas=(0.9, 0.99), eps=1e-8, wd=0.01):
        self.lr, self.b1, self.b2, self.eps, self.wd, self.t = lr, betas[0], betas[1], eps, wd, 0
        self.m = [[np.zeros_like(x) for x in layer] for layer in params]
        self.v = [[np.zeros_like(x) for x in layer] for layer in params]

    def step(self, params, grads, clip=1.0):
        norm = np.sqrt(sum((g ** 2).sum() for layer in grads for g in layer))
        scale = min(1.0, clip / norm) if norm > 0 else 1.0
        self.t += 1
        c1, c2 = 1 - self.b1 ** self.t, 1 - self.b2 ** self.t
        out = []
        for li, (layer, glayer) in enumerate(zip(params, grads)):
            new = []
            for j, (x, g) in enumerate(zip(layer, glayer)):
                g = g * scale
                x = x * (1 - self.lr * self.wd)
                self.m[li][j] = self.b1 * self.m[li][j] + (1 - self.b1) * g
                self.v[li][j] = self.b2 * self.v[li][j] + (1 - self.b2) * g * g
                new.append(x - self.lr * (self.m[li][j] / c1) / (np.sqrt(self.v[li][j] / c2) + self.eps))
            out.append(tuple(new))
        return out


def step_flops(graphs, n, d, layers):
    """Floating-point operations of one training step (forward + backward products; normalisation and the
    optimiser are O(N·D) and left out): per layer 18·N·D² + 14·G·n²·D with N = G·n tokens, D = d + 2n."""
    width = d + 2 * n
    tokens = graphs * n
    return layers * (18 * tokens * width ** 2 + 14 * graphs * n * n * width)


def self_check(seed=0):
    """Max relative error of the analytic gradient against central differences on a small random model."""
    rng = np.random.default_rng(seed)
    b, psi, target = csl_batch(rng, 3, n=6, skips=(2,))
    width = b.shape[2] + 2 * 6
    params = [tuple(0.2 * rng.standard_normal((width, width)) for _ in range(4)) for _ in range(2)]
    _, grads = loss_and_gradient(params, b, psi, target)
    worst = 0.0
    for _ in range(20):
        li, j = rng.integers(2), rng.integers(4)
        idx = tuple(rng.integers(width, size=2))
        def loss_at(delta):
            mod = [list(layer) for layer in params]
            mod[li][j] = mod[li][j].copy()
            mod[li][j][idx] += delta
            return loss_and_gradient([tuple(x) for x in mod], b, psi, target)[0]
        numeric = (loss_at(1e-6) - loss_at(-1e-6)) / 2e-6
        worst = max(worst, abs(numeric - grads[li][j][idx]) / max(1.0, abs(numeric)))
    return worst
