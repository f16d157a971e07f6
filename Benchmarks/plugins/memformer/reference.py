"""NumPy reference of one Memformer training step: forward, loss and analytic backward of the CG-like Memformer.

Written for this catalogue (not copied): the same model as the Swift module LinearAttention, in paper orientation,
with prompts stacked as a (B, d+1, n+1) array and every product a batched `np.matmul`:

    K = Z M Z^T,  W = (1/n) P K Q,  F = W Z,  R_l = F_l + gamma_l R_(l-1),  Z_(l+1) = Z_l + R_l,
    loss = mean_b ([Z_L]_(d+1, n+1) + y_b)^2.

The backward pass is the one of common-incontext-regression.md section 6 extended through the memory:
dW = G Z^T, dZ += W^T G, dP += (1/n) dW Q^T K, dQ += (1/n) (P K)^T dW, dK = (1/n) P^T dW Q^T, dZ += (dK + dK^T) Z M,
with G = rho_l = dZ_(l+1) + gamma_(l+1) rho_(l+1), d gamma_l = <rho_l, R_(l-1)>.
"""

import numpy as np


def sparse_matrices(a):
    """P = e e^T and Q = -[[A, 0], [0, 0]] (parametrisation (a))."""
    d = a.shape[0]
    p = np.zeros((d + 1, d + 1))
    p[d, d] = 1.0
    q = np.zeros((d + 1, d + 1))
    q[:d, :d] = -a
    return p, q


def loss_and_gradient(preconditioners, gamma, z0, y):
    """Loss and gradients (dA per layer, d gamma) of a CG-like Memformer on a batch z0 (B, d+1, n+1)."""
    batch, rows, cols = z0.shape
    d, n = rows - 1, cols - 1
    layers = len(preconditioners)
    mats = [sparse_matrices(a) for a in preconditioners]
    zs, zms, ks, ws, rs = [z0], [], [], [], []
    r = None
    for l in range(layers):
        p, q = mats[l]
        z = zs[-1]
        zm = z.copy()
        zm[:, :, n] = 0.0
        k = zm @ zm.transpose(0, 2, 1)
        w = (p @ k @ q) / n
        f = w @ z
        r = f if r is None else f + gamma[l] * r
        zms.append(zm)
        ks.append(k)
        ws.append(w)
        rs.append(r)
        zs.append(z + r)
    error = zs[-1][:, d, n] + y
    loss = np.mean(error ** 2)
    dz = np.zeros_like(z0)
    dz[:, d, n] = 2.0 * error / batch
    grads = [None] * layers
    dgamma = np.zeros(layers)
    rho = None
    for l in reversed(range(layers)):
        p, q = mats[l]
        rho = dz if rho is None else dz + gamma[l + 1] * rho
        if l > 0:
            dgamma[l] = np.sum(rho * rs[l - 1])
        g = rho
        dw = g @ zs[l].transpose(0, 2, 1)
        dq = np.einsum("bki,bkj->ij", p @ ks[l], dw) / n
        grads[l] = -dq[:d, :d]
        if l > 0:
            dk = (p.T @ dw @ q.T) / n
            dz = dz + ws[l].transpose(0, 2, 1) @ g + (dk + dk.transpose(0, 2, 1)) @ zms[l]
    return loss, grads, dgamma[1:]


def sample(rng, batch, u, scales, d=5, n=20):
    """Prompts of the code's rotated problem: x = U D z, w = U D^-1 w0, query label slot 0."""
    w0 = rng.standard_normal((batch, d))
    xi = rng.standard_normal((batch, d, n + 1))
    x = (u * scales) @ xi
    w = w0 @ np.diag(1.0 / scales) @ u.T
    labels = np.einsum("bi,bij->bj", w, x)
    z = np.zeros((batch, d + 1, n + 1))
    z[:, :d, :] = x
    z[:, d, :n] = labels[:, :n]
    return z, labels[:, n]


def adam_step(params, grads, state, lr=0.01, beta1=0.99, beta2=0.9, eps=1e-8, clip=0.01):
    """Per-matrix clipping at `clip`, then Adam with bias correction (the plugin's defaults)."""
    state["t"] += 1
    t = state["t"]
    for i, g in enumerate(grads):
        norm = np.linalg.norm(g)
        if norm > clip:
            g = g * (clip / norm)
        state["m"][i] = beta1 * state["m"][i] + (1 - beta1) * g
        state["v"][i] = beta2 * state["v"][i] + (1 - beta2) * g * g
        m_hat = state["m"][i] / (1 - beta1 ** t)
        v_hat = state["v"][i] / (1 - beta2 ** t)
        params[i] = params[i] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return params


def self_check(seed=0):
    """Central differences against the analytic gradient on a small batch; returns the largest relative error."""
    rng = np.random.default_rng(seed)
    u = np.linalg.svd(rng.uniform(-1, 1, (5, 5)))[0]
    z, y = sample(rng, 7, u, np.array([1, 1, 0.5, 0.25, 1.0]))
    a = [0.3 * rng.standard_normal((5, 5)) for _ in range(3)]
    gamma = 0.5 * rng.standard_normal(3)
    _, grads, dgamma = loss_and_gradient(a, gamma, z, y)
    analytic = np.concatenate([g.ravel() for g in grads] + [dgamma])
    theta = np.concatenate([m.ravel() for m in a] + [gamma[1:]])

    def loss_at(flat):
        mats = [flat[25 * i:25 * (i + 1)].reshape(5, 5) for i in range(3)]
        return loss_and_gradient(mats, np.concatenate([[0.0], flat[75:]]), z, y)[0]

    numeric = np.zeros_like(theta)
    h = 1e-6
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += h
        minus[i] -= h
        numeric[i] = (loss_at(plus) - loss_at(minus)) / (2 * h)
    return np.max(np.abs(analytic - numeric)) / np.max(np.abs(numeric))
