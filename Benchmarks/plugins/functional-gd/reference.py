"""NumPy implementation of one training step of the functional-gd kernel-attention transformer.

Same model as Sources/Plugins/Shared/LinearAttention/KernelAttentionKernel.swift (functional-gd.md §2.1): per layer
and head S = α·(B X_c)ᵀ(C X), H = h(S) (softmax over the n context keys per query), F = (1/n)·blockdiag(A, r)·Z·M·H,
Z ← Z + F; loss mean((Z_L[d, n] + y_q)²); analytic backward, global-norm clipping at 1, Adam (0.9, 0.999), lr 1e-3.
Vectorised over the batch with einsum, the natural NumPy form of the same step.
"""

import numpy as np


def activate(s, h):
    if h == "linear":
        return s
    if h == "relu":
        return np.maximum(s, 0)
    if h == "exp":
        return np.exp(s)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def score_gradient(table, dh, h, alpha):
    if h == "linear":
        return alpha * dh
    if h == "relu":
        return alpha * dh * (table > 0)
    if h == "exp":
        return alpha * dh * table
    return alpha * table * (dh - (table * dh).sum(axis=1, keepdims=True))


def loss_and_gradient(params, z0, targets, h, alpha=1.0):
    """params: list over layers of (A, B, C, r); z0: (batch, d+1, n+1); returns loss and gradient list."""
    batch, d1, p = z0.shape
    d, n = d1 - 1, p - 1
    c = 1.0 / n
    states, tables = [z0], []
    z = z0
    for a, b, cm, r in params:
        x = z[:, :d, :]
        u = np.einsum("ab,kbi->kai", b, x[:, :, :n])
        w = np.einsum("ab,kbj->kaj", cm, x)
        table = activate(alpha * np.einsum("kai,kaj->kij", u, w), h)
        t = np.einsum("kai,kij->kaj", x[:, :, :n], table)
        ty = np.einsum("ki,kij->kj", z[:, d, :n], table)
        out = z.copy()
        out[:, :d, :] += c * np.einsum("ab,kbj->kaj", a, t)
        out[:, d, :] += c * r * ty
        states.append(out)
        tables.append(table)
        z = out
    error = z[:, d, n] + targets
    loss = float(np.mean(error**2))
    g = np.zeros_like(z)
    g[:, d, n] = 2 * error / batch
    grads = [None] * len(params)
    for layer in range(len(params) - 1, -1, -1):
        a, b, cm, r = params[layer]
        zin, table = states[layer], tables[layer]
        x, y = zin[:, :d, :], zin[:, d, :n]
        u = np.einsum("ab,kbi->kai", b, x[:, :, :n])
        w = np.einsum("ab,kbj->kaj", cm, x)
        t = np.einsum("kai,kij->kaj", x[:, :, :n], table)
        ty = np.einsum("ki,kij->kj", y, table)
        gx, gy = g[:, :d, :], g[:, d, :]
        da = c * np.einsum("kaj,kbj->ab", gx, t)
        dr = c * float(np.sum(gy * ty))
        dt = c * np.einsum("ab,kaj->kbj", a, gx)
        dty = c * r * gy
        gin = g.copy()
        gin[:, :d, :n] += np.einsum("kaj,kij->kai", dt, table)
        gin[:, d, :n] += np.einsum("kj,kij->ki", dty, table)
        dh = np.einsum("kai,kaj->kij", x[:, :, :n], dt) + y[:, :, None] * dty[:, None, :]
        ds = score_gradient(table, dh, h, alpha)
        du = np.einsum("kij,kaj->kai", ds, w)
        dw = np.einsum("kij,kai->kaj", ds, u)
        db = np.einsum("kai,kbi->ab", du, x[:, :, :n])
        dc = np.einsum("kaj,kbj->ab", dw, x)
        gin[:, :d, :n] += np.einsum("ab,kai->kbi", b, du)
        gin[:, :d, :] += np.einsum("ab,kaj->kbj", cm, dw)
        grads[layer] = (da, db, dc, dr)
        g = gin
    return loss, grads


def clip_and_adam(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, clip=1.0):
    flat = [np.atleast_1d(np.asarray(x, dtype=float)) for layer in grads for x in layer]
    norm = np.sqrt(sum(float(np.sum(x * x)) for x in flat))
    scale = clip / norm if norm > clip else 1.0
    state["t"] += 1
    t = state["t"]
    out = []
    k = 0
    for layer in params:
        new = []
        for value in layer:
            g = flat[k] * scale
            state["m"][k] = beta1 * state["m"][k] + (1 - beta1) * g
            state["v"][k] = beta2 * state["v"][k] + (1 - beta2) * g * g
            step = lr * (state["m"][k] / (1 - beta1**t)) / (np.sqrt(state["v"][k] / (1 - beta2**t)) + eps)
            v = np.atleast_1d(np.asarray(value, dtype=float)) - step
            new.append(float(v[0]) if np.ndim(value) == 0 else v)
            k += 1
        out.append(tuple(new))
    return out


def init(rng, d, layers, std=0.1):
    return [
        (std * rng.standard_normal((d, d)), std * rng.standard_normal((d, d)), std * rng.standard_normal((d, d)),
         float(std * rng.standard_normal()))
        for _ in range(layers)
    ]


def sample(rng, batch, d, n):
    """Prompts with x on the unit sphere and N(0, 1) labels (the step's cost does not depend on the label law)."""
    x = rng.standard_normal((batch, d, n + 1))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    z = np.concatenate([x, rng.standard_normal((batch, 1, n + 1))], axis=1)
    targets = z[:, d, n].copy()
    z[:, d, n] = 0
    return z, targets


def self_check():
    """Max relative error of the analytic gradient against central differences, over every h."""
    rng = np.random.default_rng(0)
    worst = 0.0
    for h in ["linear", "relu", "exp", "softmax"]:
        params = init(rng, 3, 2, std=0.5)
        z, y = sample(rng, 4, 3, 4)
        _, grads = loss_and_gradient(params, z, y, h)
        for layer in range(2):
            for which in range(4):
                value = params[layer][which]
                shape = np.shape(value)
                for index in np.ndindex(*shape) if shape else [()]:
                    def shifted(delta):
                        copy = [list(p) for p in params]
                        v = np.array(copy[layer][which], dtype=float)
                        v[index] += delta
                        copy[layer][which] = v if shape else float(v)
                        return loss_and_gradient([tuple(p) for p in copy], z, y, h)[0]
                    numeric = (shifted(1e-6) - shifted(-1e-6)) / 2e-6
                    analytic = np.asarray(grads[layer][which])[index] if shape else grads[layer][which]
                    worst = max(worst, abs(numeric - analytic) / max(1.0, abs(numeric)))
    return worst
