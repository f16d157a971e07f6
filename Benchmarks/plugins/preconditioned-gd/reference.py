"""NumPy implementation of one lt-pgd training step: the L-layer linear transformer of parametrisation (b)
(P = [[B, 0], [0, 1]], Q = [[A, 0], [0, 0]]), loss, analytic backward, per-matrix clipping and Adam.

Paper orientation (common-incontext-regression.md §2-§6): Z is (batch, d+1, n+1), the last column is the query with
label 0, each layer adds (1/n) P Z M Z^T Q Z with M = diag(1, ..., 1, 0), the loss is mean((Z_L[d, n] + y)^2).
Batched with matmul over the prompt axis; written independently of the Swift code.
"""

import numpy as np


def sample(rng, batch, d, n):
    """Isotropic prompts with w ~ N(0, I): Z (batch, d+1, n+1) with zero query label, and the query labels."""
    x = rng.standard_normal((batch, d, n + 1))
    w = rng.standard_normal((batch, d))
    y = np.einsum("bd,bdj->bj", w, x)
    z = np.concatenate([x, y[:, None, :]], axis=1)
    target = z[:, d, n].copy()
    z[:, d, n] = 0
    return z, target


def full(a_block, b_block):
    d = a_block.shape[0]
    p = np.zeros((d + 1, d + 1))
    q = np.zeros((d + 1, d + 1))
    p[:d, :d] = b_block
    p[d, d] = 1
    q[:d, :d] = a_block
    return p, q


def loss_and_gradient(a_blocks, b_blocks, z0, target):
    """The loss and the gradients with respect to every A_l and B_l."""
    batch, rows, cols = z0.shape
    n = cols - 1
    layers = len(a_blocks)
    zs, ks, ws = [z0], [], []
    for l in range(layers):
        p, q = full(a_blocks[l], b_blocks[l])
        z = zs[-1]
        zm = z[:, :, :n]
        k = zm @ zm.transpose(0, 2, 1)
        w = (p @ k @ q) / n
        ks.append(k)
        ws.append(w)
        zs.append(z + w @ z)
    error = zs[-1][:, rows - 1, n] + target
    loss = float(np.mean(error * error))
    dz = np.zeros_like(z0)
    dz[:, rows - 1, n] = 2 * error / batch
    grads_a, grads_b = [None] * layers, [None] * layers
    d = rows - 1
    for l in reversed(range(layers)):
        p, q = full(a_blocks[l], b_blocks[l])
        z, k, w = zs[l], ks[l], ws[l]
        dw = dz @ z.transpose(0, 2, 1)
        dp = np.sum(dw @ q.T @ k, axis=0) / n
        dq = np.sum(k @ p.T @ dw, axis=0) / n
        grads_a[l] = dq[:d, :d]
        grads_b[l] = dp[:d, :d]
        if l > 0:
            dk = (p.T @ dw @ q.T) / n
            dzm = (dk + dk.transpose(0, 2, 1)) @ z[:, :, :n]
            dz = dz + w.transpose(0, 2, 1) @ dz
            dz[:, :, :n] += dzm
    return loss, grads_a, grads_b


def clip_per_matrix(grads, threshold):
    out = []
    for g in grads:
        norm = np.linalg.norm(g)
        out.append(g * (threshold / norm) if norm > threshold else g)
    return out


def adam_step(params, grads, state, lr=0.01, beta1=0.99, beta2=0.9, eps=1e-8):
    state["t"] += 1
    t = state["t"]
    out = []
    for i, (p, g) in enumerate(zip(params, grads)):
        state["m"][i] = beta1 * state["m"][i] + (1 - beta1) * g
        state["v"][i] = beta2 * state["v"][i] + (1 - beta2) * g * g
        mhat = state["m"][i] / (1 - beta1**t)
        vhat = state["v"][i] / (1 - beta2**t)
        out.append(p - lr * mhat / (np.sqrt(vhat) + eps))
    return out


def training_step(params, state, z, target, layers, clip=0.01):
    """One step: loss, gradient, per-matrix clipping, Adam. params = [B_0, A_0, B_1, A_1, ...] (the plugin's order)."""
    a_blocks = params[1::2]
    b_blocks = params[0::2]
    loss, ga, gb = loss_and_gradient(a_blocks, b_blocks, z, target)
    grads = [g for pair in zip(gb, ga) for g in pair]
    return loss, adam_step(params, clip_per_matrix(grads, clip), state)


def self_check(seed=0, layers=3, d=5, n=20, batch=7, h=1e-6):
    """Largest relative error of the analytic gradient against central differences."""
    rng = np.random.default_rng(seed)
    z, target = sample(rng, batch, d, n)
    a = [0.3 * rng.standard_normal((d, d)) for _ in range(layers)]
    b = [0.3 * rng.standard_normal((d, d)) for _ in range(layers)]
    _, ga, gb = loss_and_gradient(a, b, z, target)
    worst = 0.0
    for blocks, grads in ((a, ga), (b, gb)):
        for l in range(layers - 1 if blocks is b else layers):
            for i in range(d):
                for j in range(d):
                    saved = blocks[l][i, j]
                    blocks[l][i, j] = saved + h
                    up = loss_and_gradient(a, b, z, target)[0]
                    blocks[l][i, j] = saved - h
                    down = loss_and_gradient(a, b, z, target)[0]
                    blocks[l][i, j] = saved
                    numeric = (up - down) / (2 * h)
                    worst = max(worst, abs(numeric - grads[l][i, j]) / max(1.0, abs(numeric)))
    return worst
