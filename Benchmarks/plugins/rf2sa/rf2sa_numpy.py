"""NumPy reference of RF²SA on the synthetic Stiefel/SPD problem (T1), written for the catalogue's benchmark.

It regenerates the exact instance the catalogue builds for a seed (the catalogue's generator, xoshiro256** with
splitmix64 seeding and Box–Muller normals, ported below) and runs the same iteration as the `rf2sa` plugin
(rf2sa.md §4.3, deterministic schedule, T = 1, Exp on SPD(d), QR retraction on St(d, r)):

    z+ = Exp_z(-γ_k grad_y g(W, z))
    y+ = Exp_y(-α_k [grad_y f(W, y) + λ_k grad_y g(W, y)])
    q  = proj_W(∇_W f(W, y+) + λ_k [∇_W g(W, y+) − ∇_W g(W, z+)])
    W+ = qf(W − ξ α_k q)

with α_k = c_α (k+k0)^(-a), γ_k = c_γ (k+k0)^(-c), λ_k = c_λ γ_k / α_k. Run it as a script to print the final
iterate's F and hypergradient norm, or import `instance` and `run` (bench.py does).
"""

import argparse
import time

import numpy as np

MASK = (1 << 64) - 1


class CatalogueRandom:
    """The catalogue's generator (Sources/Registry/SeededRandom/CatalogueRandom.swift), bit for bit."""

    def __init__(self, seed, stream=0):
        x = (seed ^ (stream * 0x9E3779B97F4A7C15)) & MASK
        self.state = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & MASK
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            self.state.append(z ^ (z >> 31))
        self.cached = None

    def next(self):
        s = self.state
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0**-53

    def normal(self):
        if self.cached is not None:
            value, self.cached = self.cached, None
            return value
        u1 = 1.0 - self.uniform()
        u2 = self.uniform()
        r = np.sqrt(-2.0 * np.log(u1))
        theta = 2.0 * np.pi * u2
        self.cached = r * np.sin(theta)
        return r * np.cos(theta)

    def matrix(self, rows, cols):
        """A rows×cols Gaussian matrix filled column by column (the catalogue's column-major order)."""
        return np.array([self.normal() for _ in range(rows * cols)]).reshape(cols, rows).T


def sym(a):
    return 0.5 * (a + a.T)


def qf(a):
    """The Q factor of a thin QR with diag(R) > 0."""
    q, r = np.linalg.qr(a)
    signs = np.sign(np.diag(r))
    signs[signs == 0] = 1
    return q * signs


class SyntheticProblem:
    """T1: f(W, M) = −tr(M XᵀY Wᵀ), g(W, M) = ⟨M, XᵀX⟩ + ⟨M⁻¹, W YᵀY Wᵀ + νI⟩ (rf2sa.md §6.1)."""

    def __init__(self, x, y, nu, w0):
        self.d, self.r = x.shape[1], y.shape[1]
        self.nu = nu
        self.a = x.T @ x
        self.yy = y.T @ y
        self.xy = x.T @ y
        self.w0 = w0

    def b(self, w):
        return w @ self.yy @ w.T + self.nu * np.eye(self.d)

    def upper_gradient(self, w, m):
        return -m @ self.xy, -sym(w @ self.xy.T)

    def lower_gradient(self, w, m):
        mi = np.linalg.inv(m)
        return 2 * mi @ w @ self.yy, self.a - mi @ self.b(w) @ mi

    def lower_gradient_w(self, w, m):
        """∇_W g alone (the plugin, too, computes only the part each step uses)."""
        return 2 * np.linalg.solve(m, w @ self.yy)

    def lower_gradient_m(self, w, m):
        """∇_M g alone."""
        mi = np.linalg.inv(m)
        return self.a - mi @ self.b(w) @ mi

    def lower_solution(self, w):
        values, vectors = np.linalg.eigh(self.a)
        root = (vectors * np.sqrt(values)) @ vectors.T
        inverse_root = (vectors / np.sqrt(values)) @ vectors.T
        inner_values, inner_vectors = np.linalg.eigh(sym(root @ self.b(w) @ root))
        middle = (inner_vectors * np.sqrt(np.maximum(inner_values, 0))) @ inner_vectors.T
        return sym(inverse_root @ middle @ inverse_root)

    def value(self, w):
        return -np.sum(self.lower_solution(w) * (w @ self.xy.T))

    def hypergradient(self, w):
        """Exact grad F(W) by the Lyapunov solve (rf2sa.md §6.1), for checking only."""
        m = self.lower_solution(w)
        gw, gm = self.upper_gradient(w, m)
        low = np.linalg.cholesky(m)
        low_inv = np.linalg.inv(low)
        c = 0.5 * (low_inv @ self.b(w) @ low_inv.T + low.T @ self.a @ low)
        values, vectors = np.linalg.eigh(sym(c))
        rhs = vectors.T @ (low_inv @ (m @ sym(gm) @ m) @ low_inv.T) @ vectors
        v = low @ (vectors @ (rhs / (values[:, None] + values[None, :])) @ vectors.T) @ low.T
        mi = np.linalg.inv(m)
        e = gw + 2 * mi @ v @ mi @ w @ self.yy
        return e - w @ sym(w.T @ e)


def instance(seed, n=30, d=8, r=3, nu=0.01):
    """The instance `catalogue run ... --seed seed` builds (problem stream 1)."""
    rng = CatalogueRandom(seed, stream=1)
    x = rng.matrix(n, d)
    x /= np.linalg.norm(x)
    y = rng.matrix(n, r)
    y /= np.linalg.norm(y)
    w0 = qf(rng.matrix(d, r))
    return SyntheticProblem(x, y, nu, w0)


def spd_exp(m, v):
    """Exp_M(V) = M^{1/2} expm(M^{-1/2} V M^{-1/2}) M^{1/2}, via a Cholesky factor M = LLᵀ."""
    low = np.linalg.cholesky(m)
    low_inv = np.linalg.inv(low)
    values, vectors = np.linalg.eigh(sym(low_inv @ v @ low_inv.T))
    b = (low @ vectors) * np.exp(0.5 * values)
    return b @ b.T


def run(problem, iterations, a=1 / 3, c=0.0, c_alpha=0.025, c_gamma=0.25, c_lambda=1.0, k0=1.0, xi=40.0):
    """`iterations` steps of RF²SA from the problem's start (W₀, M₀ = I); returns W, y, z.

    Each gradient call computes only the partial gradient the step uses, as the plugin does.
    """
    w = problem.w0.copy()
    y = np.eye(problem.d)
    z = np.eye(problem.d)
    for k in range(iterations):
        alpha = c_alpha * (k + k0) ** -a
        gamma = c_gamma * (k + k0) ** -c
        lam = c_lambda * gamma / alpha
        gz = problem.lower_gradient_m(w, z)
        z_next = spd_exp(z, -gamma * (z @ sym(gz) @ z))
        fy = -sym(w @ problem.xy.T)
        gy = problem.lower_gradient_m(w, y)
        y = spd_exp(y, -alpha * (y @ sym(fy + lam * gy) @ y))
        z = z_next
        fx = -y @ problem.xy
        gxy = problem.lower_gradient_w(w, y)
        gxz = problem.lower_gradient_w(w, z)
        q = fx + lam * (gxy - gxz)
        q = q - w @ sym(w.T @ q)
        w = qf(w - xi * alpha * q)
    return w, y, z


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--d", type=int, default=8)
    parser.add_argument("--r", type=int, default=3)
    args = parser.parse_args()
    problem = instance(args.seed, args.n, args.d, args.r)
    start = time.perf_counter()
    w, _, _ = run(problem, args.iterations)
    elapsed = time.perf_counter() - start
    print(f"F(W_K) = {problem.value(w):.12g}")
    start_norm = np.linalg.norm(problem.hypergradient(problem.w0))
    print(f"|grad F(W_K)| = {np.linalg.norm(problem.hypergradient(w)):.6g} (start {start_norm:.6g})")
    print(f"time per iteration = {elapsed / args.iterations * 1e6:.1f} us")


if __name__ == "__main__":
    main()
