"""NumPy reference for one SA iteration on the diagonal linear network, with the same per-iteration metrics.

Written for the flat-minima benchmark (not a port of the Swift code): the problem of spec §4.3
(p_i(u, v) = <a_i, u*u - v*v>, f = (1/n) sum 1/2 (p_i - y_i)^2, sharp start u = sqrt(b0+ + s), v = sqrt(b0- + s)),
the SA step of spec §3.3 (batch 1, random sign, projection, gate), and the metrics the plugin reports every iteration:
the exact normalised Hessian trace, Phi(x) by Newton's method on the concave dual of the conserved flow, the
flatness residual through an SVD of the output Jacobian, ||beta - beta*|| and the test MSE.
"""

import numpy as np


class DiagonalNetwork:
    def __init__(self, seed, width=40, samples=20, sparsity=3, offset=1.0, test_samples=1000):
        rng = np.random.default_rng(seed)
        self.m, self.n = width, samples
        self.A = rng.standard_normal((samples, width))
        self.beta_star = np.zeros(width)
        support = rng.choice(width, sparsity, replace=False)
        self.beta_star[support] = rng.choice([-1.0, 1.0], sparsity)
        self.y = self.A @ self.beta_star
        b0 = np.linalg.lstsq(self.A, self.y, rcond=None)[0]
        self.x0 = np.concatenate([np.sqrt(np.maximum(b0, 0) + offset), np.sqrt(np.maximum(-b0, 0) + offset)])
        test = rng.standard_normal((test_samples, width))
        self.test_gram = test.T @ test / test_samples
        self.col_sq = np.mean(self.A * self.A, axis=0)

    def split(self, x):
        return x[: self.m], x[self.m :]

    def gradient(self, x, rows=None):
        u, v = self.split(x)
        A = self.A if rows is None else self.A[rows]
        y = self.y if rows is None else self.y[rows]
        r = A @ (u * u - v * v) - y
        q = A.T @ r * (2.0 / len(y))
        return 0.5 * np.mean(r * r), np.concatenate([q * u, -q * v])

    def jacobian(self, x):
        u, v = self.split(x)
        return np.hstack([2 * self.A * u, -2 * self.A * v])

    def trace_norm(self, x):
        u, v = self.split(x)
        return 4 * np.sum(self.col_sq * (u * u + v * v)) / (2 * self.m)

    def flow_limit(self, x):
        u, v = self.split(x)
        lam = np.zeros(self.n)

        def state(lam):
            s = self.A.T @ lam
            down, up = u * u * np.exp(-2 * s), v * v * np.exp(2 * s)
            return -0.5 * np.sum(down + up) - self.y @ lam, self.A @ (down - up) - self.y, down + up, s

        psi, F, w, s = state(lam)
        for _ in range(100):
            rounding = max(1 + np.max(np.abs(self.y)), np.max(np.abs(self.A) @ w))
            if np.max(np.abs(F)) <= 1e-13 * rounding:
                break
            M = 2 * (self.A * w) @ self.A.T
            step = np.linalg.solve(M, F)
            t = 1.0
            for _ in range(30):
                trial = state(lam + t * step)
                if trial[0] >= psi + 1e-4 * t * (F @ step) or np.max(np.abs(trial[1])) < np.max(np.abs(F)):
                    lam = lam + t * step
                    psi, F, w, s = trial
                    break
                t /= 2
            else:
                break
        return np.concatenate([u * np.exp(-s), v * np.exp(s)])

    def flat_residual(self, x_star):
        u, v = self.split(x_star)
        J = self.jacobian(x_star)
        # sum_i Hess(p_i) grad(p_i) with Hess(p_i) = 2 diag(a_i, -a_i)
        g = np.concatenate([np.sum(4 * self.A * self.A * u, axis=0), np.sum(4 * self.A * self.A * v, axis=0)])
        g *= 2.0 / (self.n * 2 * self.m)
        _, sv, vt = np.linalg.svd(J, full_matrices=False)
        basis = vt[sv > 1e-10 * sv[0]]
        return np.linalg.norm(g - basis.T @ (basis @ g))

    def metrics(self, x):
        u, v = self.split(x)
        err = u * u - v * v - self.beta_star
        return [self.trace_norm(x), self.flat_residual(self.flow_limit(x)), np.linalg.norm(err),
                err @ self.test_gram @ err]


def sa_step(problem, x, rng, eta=1e-3, eta_gd=0.02, rho=0.2, gate=1.0):
    f, g = problem.gradient(x)
    if np.linalg.norm(g) > gate:
        return x - eta_gd * g, f, g
    i = [rng.integers(problem.n)]
    _, gi = problem.gradient(x, i)
    norm = np.linalg.norm(gi)
    if norm == 0:
        xi = rng.standard_normal(x.size)
        xi *= 1e-6 / np.linalg.norm(xi)
        _, gi = problem.gradient(x + xi, i)
        norm = np.linalg.norm(gi)
    u = gi / norm
    _, w = problem.gradient(x + rho * rng.choice([-1.0, 1.0]) * u, i)
    gg = g @ g
    v = w - (w @ g) / gg * g if gg > 0 else w
    return x - eta * (g + v), f, g
