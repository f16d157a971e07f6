"""NumPy implementation of one lt-train step and one R_med evaluation (the plugin's workloads).

Model (common-incontext-regression.md §2-§4 (b), §6): Z in R^{B x (d+1) x (n+1)}, per layer
Z <- Z + (1/n) P Z M Z^T Q Z with P = [[B_l, 0], [0, 1]], Q = [[A_l, 0], [0, 0]], M = diag(1, ..., 1, 0);
loss = mean_b (Z_L[d, n] + y_b)^2. Backward pass written out by hand, batched with einsum/matmul.
"""

import numpy as np


def sample(rng, batch, d=5, n=20):
    """Isotropic prompts: w ~ N(0, I), x ~ N(0, I), noiseless labels; returns Z0 (query label 0) and y_query."""
    w = rng.standard_normal((batch, d))
    x = rng.standard_normal((batch, d, n + 1))
    y = np.einsum("bd,bdn->bn", w, x)
    z = np.concatenate([x, y[:, None, :]], axis=1)
    target = z[:, d, n].copy()
    z[:, d, n] = 0
    return z, target


def full_matrices(params, d):
    """P_l and Q_l of every layer from the flat (B_0, A_0, B_1, A_1, ...) blocks (column-major d x d each)."""
    ps, qs = [], []
    for l in range(len(params) // 2):
        p = np.zeros((d + 1, d + 1))
        q = np.zeros((d + 1, d + 1))
        p[:d, :d] = params[2 * l]
        p[d, d] = 1
        q[:d, :d] = params[2 * l + 1]
        ps.append(p)
        qs.append(q)
    return ps, qs


def loss_and_gradient(params, z0, target):
    batch, size, points = z0.shape
    d, n = size - 1, points - 1
    ps, qs = full_matrices(params, d)
    zs, ks, ws = [z0], [], []
    for p, q in zip(ps, qs):
        z = zs[-1]
        zm = z[:, :, :n]
        k = zm @ zm.transpose(0, 2, 1)
        w = (p @ k @ q) / n
        ks.append(k)
        ws.append(w)
        zs.append(z + w @ z)
    error = zs[-1][:, d, n] + target
    loss = float(np.mean(error**2))
    g = np.zeros_like(z0)
    g[:, d, n] = 2 * error / batch
    grads = [None] * len(params)
    for l in reversed(range(len(ps))):
        z, k, w, p, q = zs[l], ks[l], ws[l], ps[l], qs[l]
        dw = g @ z.transpose(0, 2, 1)
        dp = np.tensordot(dw, k @ q, axes=([0, 2], [0, 2])) / n
        dq = np.tensordot(p @ k, dw, axes=([0, 1], [0, 1])) / n
        grads[2 * l] = dp[:d, :d]
        grads[2 * l + 1] = dq[:d, :d]
        if l > 0:
            dk = p.T @ dw @ q.T / n
            s = dk + dk.transpose(0, 2, 1)
            zm = z.copy()
            zm[:, :, n] = 0
            g = g + w.transpose(0, 2, 1) @ g + s @ zm
    return loss, grads


def clip_and_adam(params, grads, state, lr, clip=1.0, beta1=0.9, beta2=0.9, eps=1e-8):
    norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads))
    scale = min(1.0, clip / norm) if norm > 0 else 1.0
    state["t"] += 1
    t = state["t"]
    out = []
    for i, (p, g) in enumerate(zip(params, grads)):
        g = g * scale
        state["m"][i] = beta1 * state["m"][i] + (1 - beta1) * g
        state["v"][i] = beta2 * state["v"][i] + (1 - beta2) * g * g
        mhat = state["m"][i] / (1 - beta1**t)
        vhat = state["v"][i] / (1 - beta2**t)
        out.append(p - lr * mhat / (np.sqrt(vhat) + eps))
    return out


def hessian_diagonal(params, z, target, h=1e-4):
    """Central differences of the analytic gradient, one coordinate at a time (2P gradients), as the plugin."""
    flat = np.concatenate([p.ravel(order="F") for p in params])
    shapes = [p.shape for p in params]

    def unflatten(v):
        out, offset = [], 0
        for shape in shapes:
            size = shape[0] * shape[1]
            out.append(v[offset:offset + size].reshape(shape, order="F"))
            offset += size
        return out

    def gradient(v):
        return np.concatenate([g.ravel(order="F") for g in loss_and_gradient(unflatten(v), z, target)[1]])

    diagonal = np.zeros_like(flat)
    for j in range(flat.size):
        probe = flat.copy()
        probe[j] += h
        plus = gradient(probe)[j]
        probe[j] -= 2 * h
        minus = gradient(probe)[j]
        diagonal[j] = (plus - minus) / (2 * h)
    return diagonal


def r_med(diagonal):
    magnitudes = np.sort(np.abs(diagonal))
    return magnitudes[-1] / magnitudes[(magnitudes.size - 1) // 2]


def self_check(seed=0):
    """Max relative error of the analytic gradient against central differences of the loss (small batch)."""
    rng = np.random.default_rng(seed)
    z, y = sample(rng, 8, d=3, n=4)
    params = [0.3 * rng.standard_normal((3, 3)) for _ in range(6)]
    _, grads = loss_and_gradient(params, z, y)
    worst = 0.0
    for i, p in enumerate(params):
        for index in np.ndindex(p.shape):
            shifted = [q.copy() for q in params]
            shifted[i][index] += 1e-6
            plus = loss_and_gradient(shifted, z, y)[0]
            shifted[i][index] -= 2e-6
            minus = loss_and_gradient(shifted, z, y)[0]
            numeric = (plus - minus) / 2e-6
            worst = max(worst, abs(numeric - grads[i][index]) / max(1.0, abs(numeric)))
    return worst
