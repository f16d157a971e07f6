import Glibc

/// The scale-invariant loss of a polynomial Laplacian solver h(L)·Ψ, evaluated exactly in each graph's eigenbasis.
///
/// Plain GD from Φ = 0 after ℓ steps is h(λ) = (1 − (1 − ηλ)^ℓ)/λ, and the repeated-squaring product
/// η·Π_{j<K}(I + M^{2^j}), M = I − ηL, is the same polynomial with ℓ = 2^K (electric-flow.md §3.3). With demands
/// c = QᵀΨ and target f(λ) the loss is Σ_i s_i·(h_i/‖h‖_s − f_i/‖f‖_s)², s_i = ‖c_i‖², ‖h‖²_s = Σ h_i² s_i (the
/// difference form keeps full relative accuracy down to round-off), so an η grid costs O(n)
/// per graph instead of ℓ matrix products; the tests check it against the matrix iterations. A polynomial that
/// overflows (|1 − ηλ| > 1 raised to a high power, the spec's §7 warning) gives a non-finite loss, which callers
/// treat as "η not admissible".
struct SpectralFilterLoss {
  let batch: GraphBatch
  /// s_i per graph, the null direction zeroed: the references always see centred demands P⊥Ψ (GD on the constant
  /// direction grows without bound and solves nothing); the target L^†Ψ = L^†P⊥Ψ is the same.
  let weights: [Double]

  init(_ batch: GraphBatch) {
    self.batch = batch
    var w = batch.spectralWeights()
    for g in 0..<batch.count { w[g * batch.nodes] = 0 }
    weights = w
  }

  /// The per-graph losses of the filter h(λ, graph) against the target f.
  func losses(target: LaplacianTarget, filter h: (Double, Int) -> Double) -> [Double] {
    let n = batch.nodes
    return (0..<batch.count).map { g in
      var hh = 0.0
      var ff = 0.0
      for i in 1..<n {
        let lambda = batch.eigenvalues[g * n + i]
        let s = weights[g * n + i]
        let (hi, fi) = (h(lambda, g), target.spectral(lambda))
        hh += hi * hi * s
        ff += fi * fi * s
      }
      guard hh.isFinite else { return .nan }
      let (rh, rf) = (1 / hh.squareRoot(), 1 / ff.squareRoot())
      var loss = 0.0
      for i in 1..<n {
        let lambda = batch.eigenvalues[g * n + i]
        let diff = h(lambda, g) * rh - target.spectral(lambda) * rf
        loss += diff * diff * weights[g * n + i]
      }
      return loss
    }
  }

  /// GD after `steps` steps with step `eta` (per graph).
  static func gradientDescent(steps: Int, eta: Double) -> (Double, Int) -> Double {
    { lambda, _ in (1 - pow(1 - eta * lambda, Double(steps))) / lambda }
  }

  /// The repeated-squaring product with `factors` factors: GD with 2^factors steps.
  static func repeatedSquaring(factors: Int, eta: Double) -> (Double, Int) -> Double {
    gradientDescent(steps: 1 << factors, eta: eta)
  }

  /// The spec's η grid: 80 points evenly spaced on [0.005, 0.4] (electric-flow.md §5.2).
  static let etaGrid: [Double] = (0..<80).map { 0.005 + (0.4 - 0.005) * Double($0) / 79 }

  /// The η of `grid` with the smallest ln mean loss for `filter`, skipping η whose loss is not finite; nil when none is.
  func best(
    target: LaplacianTarget, grid: [Double] = etaGrid, filter: (Double) -> (Double, Int) -> Double
  ) -> (eta: Double, logLoss: Double)? {
    var best: (eta: Double, logLoss: Double)?
    for eta in grid {
      let value = ScaleInvariantLoss.logMean(losses(target: target, filter: filter(eta)))
      guard value.isFinite else { continue }
      if best == nil || value < best!.logLoss { best = (eta, value) }
    }
    return best
  }
}
