"""NumPy/SciPy implementation of one invex-gd iteration on the Gaussian NLL (kernel k2, Euclidean gradient, constant
step), doing the same work per iteration as the plugin:

* gradient and value at Σ:  ∇f = Σ⁻¹ − Σ⁻¹SΣ⁻¹, f = log det Σ + tr(Σ⁻¹S)   (Cholesky, inverse)
* metric gradient Σ∇fΣ (for the kernel-metric gradient norm ⟨∇f, Σ∇fΣ⟩)
* trace metric dist_to_opt = d(Σ, S)                                       (Cholesky, eigvalsh of L⁻¹SL⁻ᵀ)
* step Exp_Σ(−α∇f) = L Q e^{Λ} Qᵀ Lᵀ with L⁻¹VL⁻ᵀ = QΛQᵀ                      (Cholesky, eigh)
* value at the trial point (the SPD safeguard: a non-finite value would halve the step)
"""

import numpy as np
from scipy.linalg import cho_factor, cho_solve, solve_triangular


def value(sigma, s):
    lower = np.linalg.cholesky(sigma)
    w = solve_triangular(lower, s, lower=True)
    w = solve_triangular(lower, w.T, lower=True)
    return 2.0 * np.log(np.diag(lower)).sum() + np.trace(w)


def gradient(sigma, s):
    factor = cho_factor(sigma, lower=True)
    inverse = cho_solve(factor, np.eye(sigma.shape[0]))
    g = inverse - inverse @ s @ inverse
    return value(sigma, s), 0.5 * (g + g.T)


def exp_map(sigma, v):
    lower = np.linalg.cholesky(sigma)
    w = solve_triangular(lower, v, lower=True)
    w = solve_triangular(lower, w.T, lower=True)
    values, vectors = np.linalg.eigh(0.5 * (w + w.T))
    b = (lower @ vectors) * np.exp(0.5 * values)
    return b @ b.T


def distance(sigma, s):
    lower = np.linalg.cholesky(sigma)
    w = solve_triangular(lower, s, lower=True)
    w = solve_triangular(lower, w.T, lower=True)
    return float(np.sqrt((np.log(np.linalg.eigvalsh(0.5 * (w + w.T))) ** 2).sum()))


def run(s, step, iterations):
    """invex-gd from Σ₀ = I for `iterations` steps; returns the final Σ and the trace of f."""
    sigma = np.eye(s.shape[0])
    f, g = gradient(sigma, s)
    trace = []
    for _ in range(iterations):
        md = sigma @ g @ sigma
        trace.append((f, float(np.sqrt(max(0.0, (g * md).sum()))), distance(sigma, s)))
        trial = exp_map(sigma, -step * g)
        if not np.isfinite(value(trial, s)):
            raise RuntimeError("the constant step left the domain")
        sigma = trial
        f, g = gradient(sigma, s)
    return sigma, trace
