import CatalogueSDK
import Manifolds
import SeededRandom

/// The Watson density ∝ exp(κ (μᵀx)²) on S² (spec riemannian-langevin.md §4.3, V2): bipolar, with the
/// nonconvex potential h = −κ(μᵀx)² whose two wells at ±μ test mixing between modes.
///
/// Statistics: t² (target, E[t²] = ∫t²e^{κt²}/∫e^{κt²} over [−1, 1] by Simpson's rule) and t = μᵀx (1-Lipschitz,
/// E[t] = 0 by symmetry, its sign labels the mode). grad h = −2κ(μᵀx)(μ − (μᵀx)x) is the sphere's projection of the
/// Euclidean gradient −2κ(μᵀx)μ.
struct Watson: SamplingProblem {
  let sphere: Sphere
  let kappa: Double
  let mu: [Double]

  init(kappa: Double) throws {
    sphere = try Sphere(3)
    self.kappa = kappa
    mu = VonMisesFisher.normalized([1, 2, 2])
  }

  var dimension: Int { 3 }
  var geometry: (any Geometry)? { sphere }
  var statisticNames: [String] { ["t_squared", "t"] }

  func initialPoint(chain: Int, rng: inout CatalogueRandom) throws -> [Double] {
    rng.unitVector(3)
  }

  private func cosine(_ x: [Double]) -> Double { mu[0] * x[0] + mu[1] * x[1] + mu[2] * x[2] }

  func potential(_ x: [Double], samples: [Int]?) throws -> Double {
    try rejectSamples(samples)
    let t = cosine(x)
    return -kappa * t * t
  }

  func potentialGradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try rejectSamples(samples)
    let t = cosine(x)
    return (-kappa * t * t, mu.map { -2 * kappa * t * $0 })
  }

  func statistics(_ x: [Double]) throws -> [Double] {
    let t = cosine(x)
    return [t * t, t]
  }

  // Batched oracles (ABI 1.1): the per-point formulas above over flat buffers, bit for bit.

  func potentialBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>
  ) throws {
    try rejectSamples(samples)
    for p in 0..<count {
      let t = mu[0] * x[3 * p] + mu[1] * x[3 * p + 1] + mu[2] * x[3 * p + 2]
      h[p] = -kappa * t * t
    }
  }

  func potentialGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>?, _ gradient: UnsafeMutablePointer<Double>
  ) throws {
    try rejectSamples(samples)
    let (m0, m1, m2) = (mu[0], mu[1], mu[2])
    for p in 0..<count {
      let t = m0 * x[3 * p] + m1 * x[3 * p + 1] + m2 * x[3 * p + 2]
      h?[p] = -kappa * t * t
      gradient[3 * p] = -2 * kappa * t * m0
      gradient[3 * p + 1] = -2 * kappa * t * m1
      gradient[3 * p + 2] = -2 * kappa * t * m2
    }
  }

  func statisticsBatch(count: Int, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws {
    for p in 0..<count {
      let t = mu[0] * x[3 * p] + mu[1] * x[3 * p + 1] + mu[2] * x[3 * p + 2]
      out[2 * p] = t * t
      out[2 * p + 1] = t
    }
  }

  func referenceExpectations() throws -> [Double] {
    [marginal.expectation { $0 * $0 }, 0]
  }

  /// The marginal of t: ∝ e^{κt²} on [−1, 1].
  var marginal: MarginalDensity {
    let k = kappa
    return MarginalDensity(lower: -1, upper: 1) { t in k * t * t }
  }

  var references: SamplingReferences {
    var refs = SamplingReferences(lipschitz: 2 * kappa, modeStatistic: 1, modeThreshold: 0.5)
    refs.addCDF("t", marginal)
    return refs
  }
}

extension SamplingProblem {
  /// Problems without a finite-sum structure refuse a sample set (the ABI's rule for non-finite-sum oracles).
  func rejectSamples(_ samples: [Int]?) throws {
    if samples != nil {
      throw PluginError(.unsupported, "this problem is not a finite sum; use glmc instead of sg-glmc")
    }
  }

  /// The batched oracles' form of ``rejectSamples(_:)``.
  func rejectSamples(_ samples: UnsafePointer<UInt64>?) throws {
    try rejectSamples(samples.map { _ in [] })
  }
}
