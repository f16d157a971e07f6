"""NumPy/SciPy reference of one outer step of `f2cba` and `implicit-kkt` on the lincon-toy problem.

The same algorithm as the Swift plugin, written directly on the problem data (Q, P, A, b, c) the way a NumPy user
would, so the benchmark compares implementations of one method rather than two methods:

* lower level: min 1/2 y'Qy + (P'x)'y s.t. Ay <= b by the dual active-set method (bound-constrained dual in the
  multipliers, warm-started), with Q factored once (scipy.linalg.cho_factor) and Q^-1 A' cached;
* F2CBA penalty solve (spec section 4.3): variable-metric projected steps with metric M = a1 Q + a2 A_I'A_I,
  refactored when the active set I changes, constraints kept, until the step is below 1e-11 (1 + |y|_inf);
* v = 0.02 x + a1 P (y_a - y*) (the toy's B = 0), then Adam with lr 1e-3;
* implicit-kkt: the Schur-complement solve of [[Q, A_I'], [A_I, 0]] [p; r] = [c + 0.02 y*; 0], grad = 0.02 x - P p.
"""

import numpy as np
from scipy.linalg import cho_factor as _cho_factor, cho_solve as _cho_solve


def cho_factor(a):
    return _cho_factor(a, check_finite=False)


def cho_solve(f, b):
    return _cho_solve(f, b, check_finite=False)


class Toy:
    """Problem L.1 data with the plugin's distributions (numpy's generator, so not the same numbers)."""

    def __init__(self, dx, dy, m, seed):
        rng = np.random.default_rng(seed)
        L = rng.random((dy, dy))
        self.Q = L.T @ L + np.eye(dy)
        c = rng.random(dy)
        self.c = c / np.linalg.norm(c)
        self.P = rng.random((dx, dy))
        self.A = rng.random((m, dy))
        self.b = rng.random(m)
        self.x0 = rng.random(dx)


class ActiveSetQP:
    """min 1/2 y'Hy + q'y s.t. Ay <= b via the dual: min 1/2 l'Gl + l'd over l >= 0, G = A H^-1 A'."""

    def __init__(self, factor, A, b):
        self.factor, self.A, self.b = factor, A, b
        self.W = cho_solve(factor, A.T)
        self.G = A @ self.W

    def solve(self, q, warm=None):
        m = len(self.b)
        u = cho_solve(self.factor, q)
        d = self.A @ u + self.b
        scale = np.abs(self.b) + np.abs(self.A @ u)
        lam = np.zeros(m) if warm is None else np.maximum(warm, 0.0)
        free = lam > 0
        entering = -1
        for _ in range(10 * m + 50):
            idx = np.flatnonzero(free)
            z = np.linalg.solve(self.G[np.ix_(idx, idx)], -d[idx]) if len(idx) else np.zeros(0)
            neg = z < 0
            if neg.any():
                t = lam[idx][neg] / (lam[idx][neg] - z[neg])
                k = np.argmin(t)
                step, blocking = t[k], idx[neg][k]
                lam[idx] += step * (z - lam[idx])
                if blocking == entering and step == 0:
                    lam[blocking], free[blocking] = 0.0, False
                    break
                drop = idx[(lam[idx] <= 0) | (idx == blocking)]
                lam[drop], free[drop] = 0.0, False
                entering = -1
                continue
            lam[idx] = z
            grad = self.G @ lam + d
            viol = np.where(~free & (-grad > 1e-12 * scale), -grad, 0.0)
            if not viol.any():
                break
            entering = int(np.argmax(viol))
            free[entering] = True
        y = -u - self.W @ lam
        return y, lam, free


class F2CBAStep:
    """State of the F2CBA method (warm starts, cached factorisations, Adam moments)."""

    def __init__(self, toy, alpha=0.1, lr=1e-3):
        self.t = toy
        self.a1, self.a2 = alpha ** -2, alpha ** -4
        self.lower = ActiveSetQP(cho_factor(toy.Q), toy.A, toy.b)
        self.lam = None
        self.metric_key, self.metric_qp = None, None
        self.nu = None
        self.lr, self.m, self.v, self.k = lr, np.zeros(len(toy.x0)), np.zeros(len(toy.x0)), 0

    def lower_solve(self, x):
        t = self.t
        y, lam, free = self.lower.solve(t.P.T @ x, self.lam)
        # KKT certificate with one gradient evaluation, as the plugin does.
        residual = t.Q @ y + t.P.T @ x + t.A.T @ lam
        assert np.abs(residual).max() <= 1e-10 * (np.abs(t.Q @ y).max() + np.abs(t.A.T @ lam).max() + 1e-300) + 1e-9
        self.lam = lam
        return y, lam

    def penalty_solve(self, x, y_star, lam):
        t = self.t
        h = t.A @ y_star - t.b
        active = (np.abs(h) < 1e-4) & (lam > 1e-4)
        key = tuple(np.flatnonzero(active))
        if key != self.metric_key:
            AI = t.A[active]
            M = self.a1 * t.Q + self.a2 * AI.T @ AI
            self.metric_M = M
            self.metric_qp = ActiveSetQP(cho_factor(M), t.A, t.b)
            self.metric_key = key
        M, qp = self.metric_M, self.metric_qp
        y = y_star.copy()
        previous = np.inf
        for _ in range(200):
            grad = (t.c + 0.02 * y) + self.a1 * (t.Q @ y + t.P.T @ x + t.A.T @ lam)
            if active.any():
                grad += self.a2 * t.A[active].T @ (t.A[active] @ y - t.b[active])
            z, nu, _ = qp.solve(grad - M @ y, self.nu)
            step = np.abs(z - y).max()
            y, self.nu = z, nu
            size = 1 + np.abs(y).max()
            if step <= 1e-11 * size or (step > 0.5 * previous and step <= 1e-9 * size):
                break
            previous = step
        return y

    def step(self, x):
        y_star, lam = self.lower_solve(x)
        y_alpha = self.penalty_solve(x, y_star, lam)
        v = 0.02 * x + self.a1 * self.t.P @ (y_alpha - y_star)
        return self.adam(x, v)

    def adam(self, x, g):
        self.k += 1
        self.m = 0.9 * self.m + 0.1 * g
        self.v = 0.999 * self.v + 0.001 * g * g
        mhat, vhat = self.m / (1 - 0.9 ** self.k), self.v / (1 - 0.999 ** self.k)
        return x - self.lr * mhat / (np.sqrt(vhat) + 1e-8)


class KKTStep(F2CBAStep):
    """The implicit-KKT method with the lower-level Hessian Q factored once (the plugin's hessian=once)."""

    def step(self, x):
        t = self.t
        y, lam = self.lower_solve(x)
        active = lam > 0
        fy = t.c + 0.02 * y
        factor = self.lower.factor
        if active.any():
            J = t.A[active]
            HJ = cho_solve(factor, J.T)
            Hf = cho_solve(factor, fy)
            r = np.linalg.solve(J @ HJ, J @ Hf)
            p = Hf - HJ @ r
        else:
            p = cho_solve(factor, fy)
        return self.adam(x, 0.02 * x - t.P @ p)
