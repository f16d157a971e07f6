"""PyTorch reference of one Memformer training step, written for this catalogue in the style of the paper's official
code (SanchayanDutta/LinearTransformer, 'Memformer with Gamma.py'): prompts token-major as a (B, n+1, d+1) tensor,
each layer's attention formed as the (n+1)x(n+1) score matrix with einsum, P and Q padded to (d+1)x(d+1) with
torch.cat, all weights in one `allparam` tensor (layer, head, P/Q, d, d) with the P blocks held at zero (the
sparse parametrisation), the CG-like memory R = gamma_l R + Attn(Z), Z = Z + R, the in-context loss, autograd for
the backward pass, per-matrix clipping and torch.optim.Adam.

In this orientation the score of token i on key j is z_i^T Q_code z_j, so Q_code is the transpose of the catalogue's
(paper-orientation) Q = -[[A, 0], [0, 0]]: Q_code's block is -A^T. `self_check` compares the loss and gradients with
the NumPy reference (reference.py) in float64.
"""

import numpy as np
import torch


def attention(p, q, z):
    """(1/n) sum_j (z_i^T Q z_j) P z_j over the context tokens j < n, for every token i (official-code style)."""
    batch, tokens, width = z.shape
    n, d = tokens - 1, width - 1
    p_full = torch.cat([p, torch.zeros(1, d, dtype=z.dtype)], dim=0)
    p_full = torch.cat([p_full, torch.zeros(d + 1, 1, dtype=z.dtype)], dim=1)
    p_full[d, d] = 1
    q_full = torch.cat([q, torch.zeros(1, d, dtype=z.dtype)], dim=0)
    q_full = torch.cat([q_full, torch.zeros(d + 1, 1, dtype=z.dtype)], dim=1)
    mask = torch.eye(tokens, dtype=z.dtype)
    mask[n, n] = 0
    scores = torch.einsum("BNi, ij, BMj -> BNM", (z, q_full, z))
    values = torch.einsum("ij, BNj -> BNi", (p_full, z))
    return torch.einsum("BNM, ML, BLi -> BNi", (scores, mask, values)) / n


class Memformer(torch.nn.Module):
    """L layers of linear attention with the CG-like memory; P blocks zero (sparse), Q blocks and gamma learned."""

    def __init__(self, layers, heads, d, std, dtype):
        super().__init__()
        self.allparam = torch.nn.Parameter(torch.zeros(layers, heads, 2, d, d, dtype=dtype))
        self.gamma = torch.nn.Parameter(torch.zeros(layers, dtype=dtype))
        with torch.no_grad():
            self.allparam.normal_(0, std)
            self.allparam[:, :, 0].zero_()
        self.layers, self.heads = layers, heads

    def forward(self, z):
        r = torch.zeros_like(z)
        for i in range(self.layers):
            out = torch.zeros_like(z)
            for j in range(self.heads):
                out = out + attention(self.allparam[i, j, 0], self.allparam[i, j, 1], z)
            r = self.gamma[i] * r + out
            z = z + r
        return z


def in_context_loss(model, z, y):
    out = model(z)
    n, d = z.shape[1] - 1, z.shape[2] - 1
    return ((out[:, n, d] + y) ** 2).mean()


def clip_per_matrix(model, clip):
    """Each learned Q block and the gamma vector scaled down to norm `clip` (the plugin's per-tensor clipping);
    the P blocks get no gradient (held at zero)."""
    with torch.no_grad():
        grad = model.allparam.grad
        grad[:, :, 0].zero_()
        norms = grad[:, :, 1].flatten(2).norm(dim=2)
        scale = torch.clamp(clip / torch.clamp(norms, min=1e-300), max=1.0)
        grad[:, :, 1] *= scale[:, :, None, None]
        g = model.gamma.grad
        g[0] = 0
        norm = g[1:].norm()
        if norm > clip:
            g *= clip / norm


def make_step(layers, z_paper, y, dtype, lr=0.01, std=1e-4, clip=0.01):
    """A closure running one training step on the fixed batch (z_paper: NumPy (B, d+1, n+1), paper orientation)."""
    d = z_paper.shape[1] - 1
    torch.manual_seed(1)
    model = Memformer(layers, 1, d, std, dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.99, 0.9), eps=1e-8)
    z = torch.tensor(np.ascontiguousarray(z_paper.transpose(0, 2, 1)), dtype=dtype)
    target = torch.tensor(y, dtype=dtype)

    def step():
        optimizer.zero_grad()
        loss = in_context_loss(model, z, target)
        loss.backward()
        clip_per_matrix(model, clip)
        optimizer.step()
        return loss

    return step


def self_check(reference, seed=0):
    """Loss and gradients against the NumPy reference (float64); returns the largest relative difference."""
    rng = np.random.default_rng(seed)
    u = np.linalg.svd(rng.uniform(-1, 1, (5, 5)))[0]
    z, y = reference.sample(rng, 7, u, np.array([1, 1, 0.5, 0.25, 1.0]))
    a = [0.3 * rng.standard_normal((5, 5)) for _ in range(3)]
    gamma = np.concatenate([[0.0], 0.5 * rng.standard_normal(2)])
    loss, grads, dgamma = reference.loss_and_gradient(a, gamma, z, y)
    model = Memformer(3, 1, 5, 0.0, torch.float64)
    with torch.no_grad():
        for layer in range(3):
            model.allparam[layer, 0, 1] = torch.tensor(-a[layer].T)
        model.gamma.copy_(torch.tensor(gamma))
    torch_loss = in_context_loss(model, torch.tensor(z.transpose(0, 2, 1).copy()), torch.tensor(y))
    torch_loss.backward()
    ours = np.concatenate([-model.allparam.grad[layer, 0, 1].numpy().T.ravel() for layer in range(3)]
                          + [model.gamma.grad[1:].numpy()])
    theirs = np.concatenate([g.ravel() for g in grads] + [dgamma])
    return max(abs(torch_loss.item() - loss) / loss, np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs)))
