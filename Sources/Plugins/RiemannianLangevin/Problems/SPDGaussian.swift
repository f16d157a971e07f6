import CatalogueSDK
import SeededRandom

/// The Riemannian Gaussian ∝ exp(−‖logm X‖²_F/(2σ²)) on SPD(2) with the affine-invariant metric, density with
/// respect to the Riemannian volume (spec riemannian-langevin.md §4.5, V4).
///
/// h(X) = ‖logm X‖²_F/(2σ²); its Euclidean gradient is X⁻¹ logm(X)/σ² (X and logm X commute), which the SPD
/// geometry turns into grad h = X·sym(∇h)·X = X logm(X)/σ². With r₁ ≥ r₂ the eigenvalues of logm X, a = (r₁+r₂)/√2
/// is N(0, σ²) and independent of b = (r₁−r₂)/√2 ≥ 0, whose density is ∝ e^{−b²/(2σ²)} sinh(b/√2) (the
/// eigenvalue Jacobian 2 sinh(|r₁ − r₂|/2)). Statistics: ‖logm X‖²_F = a² + b² (target, σ² + E[b²]) and b, which
/// is 1-Lipschitz because sorted log-eigenvalues are (d(X, Y) ≥ ‖λ(logm X) − λ(logm Y)‖).
struct SPDGaussian: SamplingProblem {
  /// SPD(2) in closed form (the Manifolds module's `SPD(2)` with 2×2 formulas instead of LAPACK calls).
  let space = SPDTwo()
  let sigma: Double

  init(sigma: Double) throws {
    self.sigma = sigma
  }

  var dimension: Int { 4 }
  var geometry: (any Geometry)? { space }
  var statisticNames: [String] { ["logm_norm_squared", "log_eig_spread"] }

  /// Chains start at Exp_I(σξ) = expm(σξ) for a tangent Gaussian ξ at the identity.
  func initialPoint(chain: Int, rng: inout CatalogueRandom) throws -> [Double] {
    let identity: [Double] = [1, 0, 0, 1]
    let xi = try space.tangentGaussian(identity, &rng).map { $0 * sigma }
    return try space.exp(identity, xi)
  }

  private func logEigenvalues(_ x: [Double]) throws -> (Double, Double) {
    try logEigenvalues(SymmetricTwoByTwo(x))
  }

  private func logEigenvalues(_ e: SymmetricTwoByTwo) throws -> (Double, Double) {
    guard e.smaller > 0 && e.larger.isFinite else {
      throw PluginError(.numerical, "spd-gaussian: the point is not positive definite (eigenvalue \(e.smaller))")
    }
    return (_log(e.larger), _log(e.smaller))
  }

  func potential(_ x: [Double], samples: [Int]?) throws -> Double {
    try rejectSamples(samples)
    let (r1, r2) = try logEigenvalues(x)
    return (r1 * r1 + r2 * r2) / (2 * sigma * sigma)
  }

  func potentialGradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try rejectSamples(samples)
    let e = SymmetricTwoByTwo(x)
    guard e.smaller > 0 else {
      throw PluginError(.numerical, "spd-gaussian: the point is not positive definite (eigenvalue \(e.smaller))")
    }
    let s2 = sigma * sigma
    let r1 = _log(e.larger)
    let r2 = _log(e.smaller)
    let gradient = e.apply { lambda in _log(lambda) / (lambda * s2) }
    return ((r1 * r1 + r2 * r2) / (2 * s2), gradient)
  }

  func statistics(_ x: [Double]) throws -> [Double] {
    let (r1, r2) = try logEigenvalues(x)
    return [r1 * r1 + r2 * r2, (r1 - r2) / 2.0.squareRoot()]
  }

  // Batched oracles (ABI 1.1): the per-point formulas above over flat buffers, bit for bit.

  func potentialBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>
  ) throws {
    try rejectSamples(samples)
    for p in 0..<count {
      let (r1, r2) = try logEigenvalues(SymmetricTwoByTwo(x + 4 * p))
      h[p] = (r1 * r1 + r2 * r2) / (2 * sigma * sigma)
    }
  }

  func potentialGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>?, _ gradient: UnsafeMutablePointer<Double>
  ) throws {
    try rejectSamples(samples)
    let s2 = sigma * sigma
    for p in 0..<count {
      let e = SymmetricTwoByTwo(x + 4 * p)
      guard e.smaller > 0 else {
        throw PluginError(.numerical, "spd-gaussian: the point is not positive definite (eigenvalue \(e.smaller))")
      }
      let r1 = _log(e.larger)
      let r2 = _log(e.smaller)
      e.apply({ lambda in _log(lambda) / (lambda * s2) }, into: gradient + 4 * p)
      h?[p] = (r1 * r1 + r2 * r2) / (2 * s2)
    }
  }

  func statisticsBatch(count: Int, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws {
    for p in 0..<count {
      let (r1, r2) = try logEigenvalues(SymmetricTwoByTwo(x + 4 * p))
      out[2 * p] = r1 * r1 + r2 * r2
      out[2 * p + 1] = (r1 - r2) / 2.0.squareRoot()
    }
  }

  func referenceExpectations() throws -> [Double] {
    let m = marginal
    return [sigma * sigma + m.expectation { $0 * $0 }, m.expectation { $0 }]
  }

  /// The density of b = (r₁ − r₂)/√2 ≥ 0: ∝ e^{−b²/(2σ²)} sinh(b/√2) on [0, 14σ].
  var marginal: MarginalDensity {
    let s = sigma
    return MarginalDensity(lower: 0, upper: 14 * s + 2 * s * s) { b in
      b == 0 ? -.infinity : _log(_sinh(b / 2.0.squareRoot())) - b * b / (2 * s * s)
    }
  }

  var references: SamplingReferences {
    var refs = SamplingReferences(lipschitz: 1 / (sigma * sigma))
    refs.addCDF("log_eig_spread", marginal)
    return refs
  }
}
