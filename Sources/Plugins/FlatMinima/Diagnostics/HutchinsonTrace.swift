import LinearAlgebra
import SeededRandom

/// Hutchinson's estimator of tr ∇²f(x) with Rademacher probes and finite-difference Hessian-vector products
/// (spec §4.4): tr H ≈ (1/m) Σₖ zₖᵀ H zₖ, with H z ≈ [∇f(x + hz) − ∇f(x − hz)]/(2h).
///
/// It needs only a gradient oracle, so it gives the flatness metric tr̄ = tr H / d on any objective problem, from
/// any plugin, as the paper does for networks too large for an exact trace. For Rademacher z, E[zzᵀ] = I makes
/// each term unbiased, with variance 2 Σ_{i≠j} H_ij² (so it is exact for a diagonal H). The probes are drawn once
/// and kept, so successive iterates are compared with common random numbers and the metric is a deterministic
/// function of x.
struct HutchinsonTrace: Sendable {
  /// The probes z₁, …, z_m, each with entries ±1.
  let probes: [[Double]]
  /// The finite-difference step h.
  let step: Double

  /// Draws `count` Rademacher probes of `dimension` entries from `rng`.
  init(count: Int, dimension: Int, step: Double = 1e-4, rng: inout CatalogueRandom) {
    probes = (0..<count).map { _ in (0..<dimension).map { _ in rng.sign() } }
    self.step = step
  }

  /// Uses the given probes.
  init(probes: [[Double]], step: Double = 1e-4) {
    self.probes = probes
    self.step = step
  }

  /// The m single-probe estimates zₖᵀ H zₖ (their mean is the estimate; their spread its Monte Carlo error).
  func probeValues(at x: [Double], gradient: ([Double]) throws -> [Double]) rethrows -> [Double] {
    try probes.map { z in
      let plus = try gradient(ArrayMath.axpy(x, step, z))
      let minus = try gradient(ArrayMath.axpy(x, -step, z))
      return (ArrayMath.dot(z, plus) - ArrayMath.dot(z, minus)) / (2 * step)
    }
  }

  /// The estimate of tr ∇²f(x).
  func estimate(at x: [Double], gradient: ([Double]) throws -> [Double]) rethrows -> Double {
    let values = try probeValues(at: x, gradient: gradient)
    return values.reduce(0, +) / Double(values.count)
  }
}
