"""Vectorised NumPy GLMC steps (riemannian-langevin.md §3.1) on S² (vMF) and SPD(2) (Riemannian Gaussian).

The same step the plugin's `glmc` takes: x⁺ = Exp_x(−δ grad h(x) + √(2δ) ξ) with ξ a tangent Gaussian, for M chains
held in one array, plus the per-step statistic the plugin's trace reports (its mean over chains).
"""

import numpy as np


def sphere_step(x, mu, kappa, delta, rng):
    """One GLMC step for vMF on S²: x is (M, 3)."""
    egrad = -kappa * mu
    rgrad = egrad - (x @ egrad)[:, None] * x
    z = rng.standard_normal(x.shape)
    xi = z - np.sum(x * z, axis=1)[:, None] * x
    v = -delta * rgrad + np.sqrt(2 * delta) * xi
    r = np.linalg.norm(v, axis=1)[:, None]
    safe = np.where(r < 1e-12, 1.0, r)
    y = np.cos(r) * x + np.where(r < 1e-12, 1.0, np.sin(r) / safe) * v
    y /= np.linalg.norm(y, axis=1)[:, None]
    return y, float(np.mean(y @ mu))


def _sym_fn(w, q, f):
    """Q f(Λ) Qᵀ for batched eigendecompositions (w: (M, 2), q: (M, 2, 2))."""
    return np.einsum("mij,mj,mkj->mik", q, f(w), q)


def spd_step(x, sigma, delta, rng):
    """One GLMC step for the Riemannian Gaussian on SPD(2), affine-invariant metric: x is (M, 2, 2)."""
    w, q = np.linalg.eigh(x)
    egrad = _sym_fn(w, q, lambda lam: np.log(lam) / (lam * sigma**2))
    rgrad = x @ egrad @ x
    half = _sym_fn(w, q, np.sqrt)
    inv_half = _sym_fn(w, q, lambda lam: 1 / np.sqrt(lam))
    m = x.shape[0]
    s = np.empty((m, 2, 2))
    s[:, 0, 0] = rng.standard_normal(m)
    s[:, 1, 1] = rng.standard_normal(m)
    off = rng.standard_normal(m) * np.sqrt(0.5)
    s[:, 0, 1] = off
    s[:, 1, 0] = off
    xi = half @ s @ half
    v = -delta * rgrad + np.sqrt(2 * delta) * xi
    inner = inv_half @ v @ inv_half
    inner = 0.5 * (inner + np.swapaxes(inner, 1, 2))
    wi, qi = np.linalg.eigh(inner)
    y = half @ _sym_fn(wi, qi, np.exp) @ half
    y = 0.5 * (y + np.swapaxes(y, 1, 2))
    logs = np.log(np.linalg.eigvalsh(y))
    return y, float(np.mean(np.sum(logs**2, axis=1)))


def sphere_start(m, rng):
    x = rng.standard_normal((m, 3))
    return x / np.linalg.norm(x, axis=1)[:, None]


def spd_start(m):
    return np.broadcast_to(np.eye(2), (m, 2, 2)).copy()


def self_check():
    """The NumPy steps sample the right laws: E[μᵀx] ≈ 0.8001 (vMF, κ = 5) and E‖logm X‖² ≈ 0.7710 (σ = 0.5)."""
    rng = np.random.default_rng(3)
    mu = np.array([1.0, 2.0, 2.0]) / 3
    x = sphere_start(4000, rng)
    values = []
    for k in range(1500):
        x, stat = sphere_step(x, mu, 5.0, 0.002, rng)
        if k >= 500:
            values.append(stat)
    y = spd_start(4000)
    spd_values = []
    for k in range(1500):
        y, stat = spd_step(y, 0.5, 0.00125, rng)
        if k >= 500:
            spd_values.append(stat)
    return float(np.mean(values)), float(np.mean(spd_values))
