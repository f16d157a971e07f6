import CatalogueSDK
import SeededRandom

/// Euclidean space ℝⁿ with the standard inner product (spec §2.1).
///
/// Every operation is the flat one (exp = retract = x + v, transport = identity), so an algorithm run on ℝⁿ
/// reproduces its Euclidean parent iterate for iterate (spec §3, test 9). Layout: n doubles.
public struct Euclidean: Geometry, Hashable {
  /// The dimension n.
  public let n: Int

  /// ℝⁿ; throws `.invalidArgument` unless n ≥ 1.
  public init(_ n: Int) throws {
    guard n >= 1 else { throw PluginError(.invalidArgument, "euclidean(n) needs n >= 1, got \(n)") }
    self.n = n
  }

  /// The manifold and its dimensions, e.g. for traces and error messages.
  public var name: String { "euclidean(\(n))" }
  /// Doubles per point and per tangent vector in the ambient layout.
  public var pointSize: Int { n }
  /// The intrinsic dimension (the tangent Gaussian's E‖ξ‖²).
  public var dimension: Int { n }
  /// Whether ``exp(_:_:)`` is available in closed form.
  public var hasExp: Bool { true }
  /// Whether ``log(_:_:)`` is available in closed form.
  public var hasLog: Bool { true }
  /// Whether ``distance(_:_:)`` is available.
  public var hasDistance: Bool { true }

  /// uᵀv.
  public func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double {
    try requireSize(x, "x", "inner")
    try requireSize(u, "u", "inner")
    try requireSize(v, "v", "inner")
    return ArrayKernels.dot(u, v)
  }

  /// u (every vector is tangent).
  public func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "project")
    try requireSize(u, "u", "project")
    return u
  }

  /// ∇f itself.
  public func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    try requireSize(x, "x", "riemannianGradient")
    try requireSize(egrad, "egrad", "riemannianGradient")
    return egrad
  }

  /// x + v.
  public func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "retract")
    try requireSize(v, "v", "retract")
    return ArrayKernels.add(x, v)
  }

  /// x + v.
  public func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "exp")
    try requireSize(v, "v", "exp")
    return ArrayKernels.add(x, v)
  }

  /// y − x.
  public func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    try requireSize(x, "x", "log")
    try requireSize(y, "y", "log")
    return ArrayKernels.subtract(y, x)
  }

  /// u (parallel transport is the identity).
  public func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "transport")
    try requireSize(y, "y", "transport")
    try requireSize(u, "u", "transport")
    return u
  }

  /// ‖x − y‖₂.
  public func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    try requireSize(x, "x", "distance")
    try requireSize(y, "y", "distance")
    let d = ArrayKernels.subtract(x, y)
    return ArrayKernels.dot(d, d).squareRoot()
  }

  /// A standard Gaussian N(0, Iₙ) point (n draws of `rng.normal()`).
  public func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    rng.normals(n)
  }

  /// N(0, Iₙ): n draws of `rng.normal()`, the same stream a Euclidean parent algorithm would consume.
  public func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    try requireSize(x, "x", "tangentGaussian")
    return rng.normals(n)
  }

  /// 0 for a finite point, ∞ if any coordinate is NaN or infinite.
  public func manifoldError(_ x: [Double]) throws -> Double {
    try requireSize(x, "x", "manifoldError")
    return x.allSatisfy(\.isFinite) ? 0 : .infinity
  }
}
