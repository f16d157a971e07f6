import CatalogueSDK
import SeededRandom

/// The unit sphere S^{n−1} = {x ∈ ℝⁿ : ‖x‖ = 1} with the induced metric, curvature +1 (spec §2.2).
///
/// Layout: n doubles; intrinsic dimension n − 1. Angles are computed as atan2(‖w‖, xᵀy) with w = y − (xᵀy)x,
/// which equals the spec's arccos(clamp(xᵀy)) but keeps full relative accuracy for nearby points (arccos loses
/// half the digits there). Exp and the retraction renormalise their output, so iterates never drift off the
/// sphere.
public struct Sphere: Geometry, Hashable {
  /// The ambient dimension n (the sphere is S^{n−1}).
  public let n: Int

  /// Below this ‖v‖, exp uses x + v and renormalises (spec §2.2).
  static let smallStep = 1e-12
  /// Below this 1 + xᵀy the points are (nearly) antipodal: the minimising geodesic is not unique, so transport
  /// falls back to projection, which stays well defined and tangent.
  static let antipodalGap = 1e-8

  /// S^{n−1} ⊂ ℝⁿ; throws `.invalidArgument` unless n ≥ 2.
  public init(_ n: Int) throws {
    guard n >= 2 else { throw PluginError(.invalidArgument, "sphere(n) needs n >= 2, got \(n)") }
    self.n = n
  }

  /// The manifold and its dimensions, e.g. for traces and error messages.
  public var name: String { "sphere(\(n))" }
  /// Doubles per point and per tangent vector in the ambient layout.
  public var pointSize: Int { n }
  /// The intrinsic dimension (the tangent Gaussian's E‖ξ‖²).
  public var dimension: Int { n - 1 }
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

  /// u − (xᵀu)·x.
  public func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "project")
    try requireSize(u, "u", "project")
    return ArrayKernels.combine(1, u, -ArrayKernels.dot(x, u), x)
  }

  /// proj(x, ∇f).
  public func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    try project(x, egrad)
  }

  /// (x + v)/‖x + v‖, a second-order retraction.
  public func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "retract")
    try requireSize(v, "v", "retract")
    return try normalized(ArrayKernels.add(x, v), "retract")
  }

  /// cos‖v‖·x + sin‖v‖·v/‖v‖, renormalised; x + v renormalised when ‖v‖ < 1e-12.
  public func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "exp")
    try requireSize(v, "v", "exp")
    let r = ArrayKernels.dot(v, v).squareRoot()
    if r < Self.smallStep { return try normalized(ArrayKernels.add(x, v), "exp") }
    return try normalized(ArrayKernels.combine(_cos(r), x, _sin(r) / r, v), "exp")
  }

  /// θ·w/‖w‖ with w = y − (xᵀy)x and θ the angle; throws `.invalidArgument` for exactly antipodal points, where
  /// the logarithm is not unique.
  public func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    try requireSize(x, "x", "log")
    try requireSize(y, "y", "log")
    let c = ArrayKernels.dot(x, y)
    let w = ArrayKernels.combine(1, y, -c, x)
    let wn = ArrayKernels.dot(w, w).squareRoot()
    if wn == 0 {
      if c > 0 { return [Double](repeating: 0, count: n) }
      throw PluginError(.invalidArgument, "\(name).log: y is antipodal to x, so Log_x(y) is not unique")
    }
    return ArrayKernels.scale(_atan2(wn, c) / wn, w)
  }

  /// Parallel transport along the minimising geodesic, u − [(yᵀu)/(1 + xᵀy)]·(x + y); projection transport
  /// proj(y, u) when x and y are (nearly) antipodal.
  public func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "transport")
    try requireSize(y, "y", "transport")
    try requireSize(u, "u", "transport")
    let gap = 1 + ArrayKernels.dot(x, y)
    let yu = ArrayKernels.dot(y, u)
    if gap < Self.antipodalGap { return ArrayKernels.combine(1, u, -yu, y) }
    let c = yu / gap
    return u.withUnsafeBufferPointer { u in
      x.withUnsafeBufferPointer { x in
        y.withUnsafeBufferPointer { y in
          [Double](unsafeUninitializedCapacity: n) { out, count in
            for i in 0..<n { out[i] = u[i] - c * (x[i] + y[i]) }
            count = n
          }
        }
      }
    }
  }

  /// The angle atan2(‖y − (xᵀy)x‖, xᵀy) ∈ [0, π].
  public func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    try requireSize(x, "x", "distance")
    try requireSize(y, "y", "distance")
    let c = ArrayKernels.dot(x, y)
    let w = ArrayKernels.combine(1, y, -c, x)
    return _atan2(ArrayKernels.dot(w, w).squareRoot(), c)
  }

  /// A uniform point: a normalised Gaussian vector (`rng.unitVector(n)`).
  public func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    rng.unitVector(n)
  }

  /// proj(x, z) with z ~ N(0, Iₙ) (n draws); standard on the (n − 1)-dimensional tangent space.
  public func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    try requireSize(x, "x", "tangentGaussian")
    return try project(x, rng.normals(n))
  }

  /// |‖x‖ − 1|.
  public func manifoldError(_ x: [Double]) throws -> Double {
    try requireSize(x, "x", "manifoldError")
    return abs(ArrayKernels.dot(x, x).squareRoot() - 1)
  }

  /// y/‖y‖; throws `.numerical` for a zero or non-finite vector (x + v = 0 only for a non-tangent v = −x).
  func normalized(_ y: consuming [Double], _ operation: StaticString) throws -> [Double] {
    var y = y
    let r = ArrayKernels.dot(y, y).squareRoot()
    guard r > 0 && r.isFinite else {
      throw PluginError(.numerical, "\(name).\(operation): the result has norm \(r) and cannot be normalised")
    }
    ArrayKernels.scaleInPlace(1 / r, &y)
    return y
  }
}
