import CatalogueSDK
import Manifolds
import SeededRandom

/// The Riemannian Gaussian ∝ exp(−d(x, o)²/(2σ²)) on H² in the Lorentz model (spec riemannian-langevin.md §4.4,
/// V3), curvature −1.
///
/// With d = arcosh(x₀) the ambient potential is h(x) = arcosh(x₀)²/(2σ²), whose Euclidean gradient is
/// (d/(σ² sinh d)) e₀; the hyperbolic geometry turns it into grad h = −Log_x(o)/σ² (checked in the tests).
/// The radius r = d(x, o) has density ∝ sinh(r) e^{−r²/(2σ²)} (polar coordinates on H²). Statistics: r² (target)
/// and r (1-Lipschitz), both by quadrature.
struct HyperbolicGaussian: SamplingProblem {
  let space: Hyperbolic
  let sigma: Double

  init(sigma: Double) throws {
    space = try Hyperbolic(2)
    self.sigma = sigma
  }

  var dimension: Int { 3 }
  var geometry: (any Geometry)? { space }
  var statisticNames: [String] { ["r_squared", "r"] }

  /// Chains start at Exp_o(σξ) for a tangent Gaussian ξ at the origin.
  func initialPoint(chain: Int, rng: inout CatalogueRandom) throws -> [Double] {
    let o = space.origin
    let xi = try space.tangentGaussian(o, &rng).map { $0 * sigma }
    return try space.exp(o, xi)
  }

  private func radius(_ x: [Double]) -> Double {
    let c = max(x[0], 1)
    return _log(c + (c * c - 1).squareRoot())
  }

  func potential(_ x: [Double], samples: [Int]?) throws -> Double {
    try rejectSamples(samples)
    let r = radius(x)
    return r * r / (2 * sigma * sigma)
  }

  func potentialGradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try rejectSamples(samples)
    let r = radius(x)
    // d/dx₀ arcosh(x₀) = 1/sinh(r); r/sinh(r) → 1 as r → 0.
    let ratio = r < 1e-8 ? 1 : r / _sinh(r)
    return (r * r / (2 * sigma * sigma), [ratio / (sigma * sigma), 0, 0])
  }

  func statistics(_ x: [Double]) throws -> [Double] {
    let r = radius(x)
    return [r * r, r]
  }

  // Batched oracles (ABI 1.1): the per-point formulas above over flat buffers, bit for bit.

  /// ``radius(_:)`` of the point at x.
  @inline(__always)
  private func radius(_ x: UnsafePointer<Double>) -> Double {
    let c = max(x[0], 1)
    return _log(c + (c * c - 1).squareRoot())
  }

  func potentialBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>
  ) throws {
    try rejectSamples(samples)
    for p in 0..<count {
      let r = radius(x + 3 * p)
      h[p] = r * r / (2 * sigma * sigma)
    }
  }

  func potentialGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>?, _ gradient: UnsafeMutablePointer<Double>
  ) throws {
    try rejectSamples(samples)
    for p in 0..<count {
      let r = radius(x + 3 * p)
      let ratio = r < 1e-8 ? 1 : r / _sinh(r)
      h?[p] = r * r / (2 * sigma * sigma)
      gradient[3 * p] = ratio / (sigma * sigma)
      gradient[3 * p + 1] = 0
      gradient[3 * p + 2] = 0
    }
  }

  func statisticsBatch(count: Int, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws {
    for p in 0..<count {
      let r = radius(x + 3 * p)
      out[2 * p] = r * r
      out[2 * p + 1] = r
    }
  }

  func referenceExpectations() throws -> [Double] {
    let m = marginal
    return [m.expectation { $0 * $0 }, m.expectation { $0 }]
  }

  /// The radial density ∝ sinh(r) e^{−r²/(2σ²)} on [0, σ² + 12σ] (the tail beyond is below 1e-30).
  var marginal: MarginalDensity {
    let s = sigma
    return MarginalDensity(lower: 0, upper: s * s + 12 * s) { r in
      r == 0 ? -.infinity : _log(_sinh(r)) - r * r / (2 * s * s)
    }
  }

  var references: SamplingReferences {
    var refs = SamplingReferences(lipschitz: 1 / (sigma * sigma))
    refs.addCDF("r", marginal)
    return refs
  }
}
