import CatalogueSDK
import SeededRandom

/// Hyperbolic space Hⁿ in the Lorentz (hyperboloid) model, curvature −1 (spec §2.5).
///
/// Layout: n + 1 doubles x = (x₀, x₁, …, xₙ) with ⟨x, x⟩_L = −1 and x₀ > 0, where
/// ⟨u, v⟩_L = −u₀v₀ + Σ_{i≥1} uᵢvᵢ. Round-off pulls points off the hyperboloid, so exp (which is also the
/// retraction) renormalises x ← x/√(−⟨x, x⟩_L) after every step. Distances use 2·asinh(½√⟨y − x, y − x⟩_L), which
/// equals the spec's arcosh(−⟨x, y⟩_L) but stays accurate for nearby points, where arcosh near 1 loses half the
/// digits.
public struct Hyperbolic: Geometry, Hashable {
  /// The intrinsic dimension n (points live in ℝⁿ⁺¹).
  public let n: Int

  /// Below this Lorentz norm, exp uses x + v and renormalises (spec §2.5).
  static let smallStep = 1e-12

  /// Hⁿ ⊂ ℝⁿ⁺¹; throws `.invalidArgument` unless n ≥ 1.
  public init(_ n: Int) throws {
    guard n >= 1 else { throw PluginError(.invalidArgument, "hyperbolic(n) needs n >= 1, got \(n)") }
    self.n = n
  }

  /// The manifold and its dimensions, e.g. for traces and error messages.
  public var name: String { "hyperbolic(\(n))" }
  /// Doubles per point and per tangent vector in the ambient layout.
  public var pointSize: Int { n + 1 }
  /// The intrinsic dimension (the tangent Gaussian's E‖ξ‖²).
  public var dimension: Int { n }
  /// Whether ``exp(_:_:)`` is available in closed form.
  public var hasExp: Bool { true }
  /// Whether ``log(_:_:)`` is available in closed form.
  public var hasLog: Bool { true }
  /// Whether ``distance(_:_:)`` is available.
  public var hasDistance: Bool { true }

  /// The origin o = (1, 0, …, 0), where the tangent Gaussian is first drawn.
  public var origin: [Double] {
    var o = [Double](repeating: 0, count: n + 1)
    o[0] = 1
    return o
  }

  /// ⟨u, v⟩_L, positive definite on the tangent space.
  public func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double {
    try requireSize(x, "x", "inner")
    try requireSize(u, "u", "inner")
    try requireSize(v, "v", "inner")
    return ArrayKernels.minkowski(u, v)
  }

  /// u + ⟨x, u⟩_L·x, the Minkowski-orthogonal projection onto T_x.
  public func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "project")
    try requireSize(u, "u", "project")
    return ArrayKernels.combine(1, u, ArrayKernels.minkowski(x, u), x)
  }

  /// proj(x, J∇f) with J = diag(−1, 1, …, 1): J turns the Euclidean gradient into the Minkowski one.
  public func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    try requireSize(x, "x", "riemannianGradient")
    try requireSize(egrad, "egrad", "riemannianGradient")
    var g = egrad
    g[0] = -g[0]
    return ArrayKernels.combine(1, g, ArrayKernels.minkowski(x, g), x)
  }

  /// The exponential map: it is cheap here, so it is the retraction too (spec §2.5).
  public func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try exp(x, v)
  }

  /// cosh(r)·x + sinh(r)·v/r with r = √⟨v, v⟩_L, then renormalised; x + v renormalised when r < 1e-12.
  public func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "exp")
    try requireSize(v, "v", "exp")
    let r = Swift.max(ArrayKernels.minkowski(v, v), 0).squareRoot()
    if r < Self.smallStep { return try renormalized(ArrayKernels.add(x, v), "exp") }
    return try renormalized(ArrayKernels.combine(_cosh(r), x, _sinh(r) / r, v), "exp")
  }

  /// d·u/√⟨u, u⟩_L with u = y + ⟨x, y⟩_L·x and d the distance.
  public func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    try requireSize(x, "x", "log")
    try requireSize(y, "y", "log")
    let u = ArrayKernels.combine(1, y, ArrayKernels.minkowski(x, y), x)
    let un = Swift.max(ArrayKernels.minkowski(u, u), 0).squareRoot()
    if un == 0 { return [Double](repeating: 0, count: n + 1) }
    return ArrayKernels.scale(distanceUnchecked(x, y) / un, u)
  }

  /// Parallel transport along the geodesic, v + [⟨y, v⟩_L/(1 − ⟨x, y⟩_L)]·(x + y); the denominator is ≥ 2.
  public func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "transport")
    try requireSize(y, "y", "transport")
    try requireSize(u, "u", "transport")
    let c = ArrayKernels.minkowski(y, u) / (1 - ArrayKernels.minkowski(x, y))
    let count = n + 1
    return u.withUnsafeBufferPointer { u in
      x.withUnsafeBufferPointer { x in
        y.withUnsafeBufferPointer { y in
          [Double](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count { out[i] = u[i] + c * (x[i] + y[i]) }
            initialized = count
          }
        }
      }
    }
  }

  /// The geodesic distance arcosh(−⟨x, y⟩_L), computed as 2·asinh(½√⟨y − x, y − x⟩_L).
  public func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    try requireSize(x, "x", "distance")
    try requireSize(y, "y", "distance")
    return distanceUnchecked(x, y)
  }

  /// The distance without size checks, shared by ``log(_:_:)``.
  func distanceUnchecked(_ x: [Double], _ y: [Double]) -> Double {
    let d = ArrayKernels.subtract(y, x)
    return 2 * _asinh(0.5 * Swift.max(ArrayKernels.minkowski(d, d), 0).squareRoot())
  }

  /// The wrapped normal: Exp at the origin of a standard tangent Gaussian there (n draws).
  public func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    var v = [Double](repeating: 0, count: n + 1)
    for i in 1...n { v[i] = rng.normal() }
    return try exp(origin, v)
  }

  /// A standard Gaussian at x: v = (0, z) with z ~ N(0, Iₙ) at the origin (n draws), parallel-transported to x by
  /// v + [⟨x, v⟩_L/(1 + x₀)]·(o + x) (spec §2.5).
  public func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    try requireSize(x, "x", "tangentGaussian")
    var v = [Double](repeating: 0, count: n + 1)
    var xv = 0.0
    for i in 1...n {
      let z = rng.normal()
      v[i] = z
      xv += x[i] * z
    }
    let c = xv / (1 + x[0])
    v[0] = c * (1 + x[0])
    for i in 1...n { v[i] += c * x[i] }
    return v
  }

  /// |⟨x, x⟩_L + 1| + max(0, −x₀): zero exactly on the upper sheet, positive on the lower one.
  public func manifoldError(_ x: [Double]) throws -> Double {
    try requireSize(x, "x", "manifoldError")
    return abs(ArrayKernels.minkowski(x, x) + 1) + Swift.max(0, -x[0])
  }

  /// x/√(−⟨x, x⟩_L); throws `.numerical` if x is not timelike on the upper sheet (the step was too large or not
  /// finite).
  func renormalized(_ x: consuming [Double], _ operation: StaticString) throws -> [Double] {
    var x = x
    let q = -ArrayKernels.minkowski(x, x)
    guard q > 0 && q.isFinite && x[0] > 0 else {
      throw PluginError(.numerical, "\(name).\(operation): the result left the hyperboloid (⟨x,x⟩_L = \(-q))")
    }
    ArrayKernels.scaleInPlace(1 / q.squareRoot(), &x)
    return x
  }
}
