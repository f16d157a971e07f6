import CatalogueSDK
import Manifolds
import SeededRandom

/// The von Mises–Fisher density ∝ exp(κ μᵀx) on S^{d−1} (spec riemannian-langevin.md §4.2, V1), written as a
/// finite sum so the stochastic-gradient sampler can use it (§4.6, V5).
///
/// h = Σᵢ hᵢ with hᵢ(x) = −(κ/N) μᵢᵀx. With one term (N = 1, μ₁ = μ) this is plain vMF; with N terms the target is
/// vMF with mean direction μ̄ = Σμᵢ/‖Σμᵢ‖ and concentration κ_eff = κ‖Σμᵢ‖/N. The potential over a sample set S
/// is the unbiased estimate (N/|S|) Σ_{i∈S} hᵢ, so the full set gives h exactly.
///
/// Statistic: t = μ̄ᵀx, with E[t] = A_d(κ_eff) = I_{d/2}(κ_eff)/I_{d/2−1}(κ_eff); t is 1-Lipschitz on the sphere
/// and its marginal density is ∝ e^{κ_eff t}(1 − t²)^{(d−3)/2} on [−1, 1].
struct VonMisesFisher: SamplingProblem {
  let sphere: Sphere
  let kappa: Double
  /// Term directions μᵢ, N × d row-major (one unit vector per term).
  let directions: [Double]
  let terms: Int
  /// μ̄ and κ_eff of the exact target.
  let meanDirection: [Double]
  let effectiveKappa: Double

  /// Plain vMF with the fixed mean direction μ ∝ (1, 2, …, d).
  init(ambientDimension d: Int, kappa: Double) throws {
    let mu = Self.normalized((1...d).map(Double.init))
    try self.init(ambientDimension: d, kappa: kappa, directions: mu, terms: 1)
  }

  /// The finite sum over `terms` unit directions (row-major).
  init(ambientDimension d: Int, kappa: Double, directions: [Double], terms: Int) throws {
    sphere = try Sphere(d)
    self.kappa = kappa
    self.directions = directions
    self.terms = terms
    var sum = [Double](repeating: 0, count: d)
    for i in 0..<terms {
      for j in 0..<d { sum[j] += directions[i * d + j] }
    }
    let length = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
    meanDirection = sum.map { $0 / length }
    effectiveKappa = kappa * length / Double(terms)
  }

  static func normalized(_ v: [Double]) -> [Double] {
    let r = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return v.map { $0 / r }
  }

  var dimension: Int { sphere.n }
  var sampleCount: Int { terms > 1 ? terms : 0 }
  var geometry: (any Geometry)? { sphere }
  var statisticNames: [String] { ["mu_dot_x"] }

  /// Chains start uniformly on the sphere, so the burn-in is part of what is measured.
  func initialPoint(chain: Int, rng: inout CatalogueRandom) throws -> [Double] {
    rng.unitVector(sphere.n)
  }

  /// The weighted direction Σ_{i∈S} (κ/N)(N/|S|) μᵢ = (κ/|S|) Σ_{i∈S} μᵢ, so that h = −wᵀx and ∇h = −w.
  private func weightedDirection(_ samples: [Int]?) throws -> [Double] {
    let d = sphere.n
    guard let samples else {
      return meanDirection.map { $0 * effectiveKappa }
    }
    guard !samples.isEmpty else { throw PluginError(.invalidArgument, "vmf: the sample set is empty") }
    var w = [Double](repeating: 0, count: d)
    let scale = kappa / Double(samples.count)
    for i in samples {
      guard i >= 0 && i < terms else {
        throw PluginError(.invalidArgument, "vmf: sample index \(i) is outside 0..<\(terms)")
      }
      for j in 0..<d { w[j] += scale * directions[i * d + j] }
    }
    return w
  }

  func potential(_ x: [Double], samples: [Int]?) throws -> Double {
    let w = try weightedDirection(samples)
    return -zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// h = −wᵀx and its Euclidean gradient −w; the sphere's projection gives grad h = −κ(μ − (μᵀx)x) (§4.2).
  func potentialGradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    let w = try weightedDirection(samples)
    return (-zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }, w.map { -$0 })
  }

  func statistics(_ x: [Double]) throws -> [Double] {
    [zip(meanDirection, x).reduce(0) { $0 + $1.0 * $1.1 }]
  }

  // Batched oracles (ABI 1.1): the per-point formulas above over flat buffers, bit for bit; the weighted
  // direction of the full potential is formed once per call, that of a sample set once per point.

  /// The weighted direction of point p's sample set (or of the full potential) into `w`.
  @inline(__always)
  private func weightedDirection(
    _ samples: UnsafePointer<UInt64>?, _ size: Int, point p: Int, full: [Double], into w: inout [Double]
  ) throws {
    guard let samples else {
      w = full
      return
    }
    guard size > 0 else { throw PluginError(.invalidArgument, "vmf: the sample set is empty") }
    let d = sphere.n
    for j in 0..<d { w[j] = 0 }
    let scale = kappa / Double(size)
    for s in 0..<size {
      let i = Int(samples[p * size + s])
      guard i >= 0 && i < terms else {
        throw PluginError(.invalidArgument, "vmf: sample index \(i) is outside 0..<\(terms)")
      }
      for j in 0..<d { w[j] += scale * directions[i * d + j] }
    }
  }

  func potentialBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>
  ) throws {
    let d = sphere.n
    let full = meanDirection.map { $0 * effectiveKappa }
    var w = full
    for p in 0..<count {
      try weightedDirection(samples, sampleSetSize, point: p, full: full, into: &w)
      var s = 0.0
      for j in 0..<d { s += w[j] * x[p * d + j] }
      h[p] = -s
    }
  }

  func potentialGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, samples: UnsafePointer<UInt64>?, sampleSetSize: Int,
    _ h: UnsafeMutablePointer<Double>?, _ gradient: UnsafeMutablePointer<Double>
  ) throws {
    let d = sphere.n
    let full = meanDirection.map { $0 * effectiveKappa }
    var w = full
    for p in 0..<count {
      try weightedDirection(samples, sampleSetSize, point: p, full: full, into: &w)
      var s = 0.0
      for j in 0..<d {
        s += w[j] * x[p * d + j]
        gradient[p * d + j] = -w[j]
      }
      h?[p] = -s
    }
  }

  func statisticsBatch(count: Int, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) throws {
    let d = sphere.n
    for p in 0..<count {
      var s = 0.0
      for j in 0..<d { s += meanDirection[j] * x[p * d + j] }
      out[p] = s
    }
  }

  func referenceExpectations() throws -> [Double] {
    [BesselRatio.meanResultantLength(ambientDimension: sphere.n, kappa: effectiveKappa)]
  }

  /// The marginal of t = μ̄ᵀx: ∝ e^{κt}(1 − t²)^{(d−3)/2} on [−1, 1].
  var marginal: MarginalDensity {
    let k = effectiveKappa
    let power = Double(sphere.n - 3) / 2
    return MarginalDensity(lower: -1, upper: 1) { t in
      power == 0 ? k * t : k * t + power * _log(max(1 - t * t, 0))
    }
  }

  /// On S² t = μ̄ᵀx can be drawn exactly (``ExactMarginalSampler``), so the problem declares it.
  var references: SamplingReferences {
    var refs = SamplingReferences(lipschitz: kappa)
    refs.addCDF("mu_dot_x", marginal)
    if sphere.n == 3 { refs.exactVMFOnS2 = ("mu_dot_x", effectiveKappa) }
    return refs
  }
}
