import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// The Stiefel manifold St(n, p) = {X ∈ ℝ^{n×p} : XᵀX = I} with the embedded (Frobenius) metric (spec §2.3).
///
/// Layout: n·p doubles, column-major (the p orthonormal columns one after another). Log and distance have no
/// closed form, so ``hasLog`` and ``hasDistance`` are false and those calls throw `.unsupported`. Transport is
/// projection onto the new tangent space.
public struct Stiefel: Geometry, Hashable {
  /// Which retraction ``retract(_:_:)`` uses.
  public enum Retraction: String, Sendable, Hashable, CaseIterable {
    /// qf(X + V): the Q factor with diag(R) > 0. First order; the default for rf2sa (spec §4).
    case qr
    /// The polar factor (X + V)(I + VᵀV)^{−1/2}. Second order, a little dearer.
    case polar
  }

  /// Rows n.
  public let n: Int
  /// Columns p ≤ n.
  public let p: Int
  /// The retraction in use.
  public let retraction: Retraction

  /// St(n, p); throws `.invalidArgument` unless 1 ≤ p ≤ n.
  public init(n: Int, p: Int, retraction: Retraction = .qr) throws {
    guard p >= 1 && p <= n else {
      throw PluginError(.invalidArgument, "stiefel(n,p) needs 1 <= p <= n, got n = \(n), p = \(p)")
    }
    self.n = n
    self.p = p
    self.retraction = retraction
  }

  /// The manifold and its dimensions, e.g. for traces and error messages.
  public var name: String { "stiefel(\(n),\(p))" }
  /// Doubles per point and per tangent vector in the ambient layout.
  public var pointSize: Int { n * p }
  /// The intrinsic dimension (the tangent Gaussian's E‖ξ‖²).
  public var dimension: Int { n * p - p * (p + 1) / 2 }
  /// Whether ``exp(_:_:)`` is available in closed form.
  public var hasExp: Bool { true }
  /// Whether ``log(_:_:)`` is available in closed form.
  public var hasLog: Bool { false }
  /// Whether ``distance(_:_:)`` is available.
  public var hasDistance: Bool { false }

  /// Wraps a layout array as an n×p matrix (no copy).
  @inline(__always)
  func matrix(_ a: [Double]) -> Matrix { Matrix(rows: n, cols: p, elements: a) }

  /// tr(UᵀV).
  public func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double {
    try requireSize(x, "x", "inner")
    try requireSize(u, "u", "inner")
    try requireSize(v, "v", "inner")
    return matrix(u).frobeniusInner(matrix(v))
  }

  /// Z − X·sym(XᵀZ).
  public func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "project")
    try requireSize(u, "u", "project")
    return projectUnchecked(matrix(x), matrix(u)).elements
  }

  /// Z − X·sym(XᵀZ) on matrices, shared by projection, gradient, transport and the Gaussian.
  func projectUnchecked(_ x: Matrix, _ z: Matrix) -> Matrix {
    let s = Matrix.product(x, z, transposeA: true).symmetrized()
    var result = z
    result.addProduct(x, s, alpha: -1, beta: 1)
    return result
  }

  /// proj(X, ∇f): the embedded metric makes the Riemannian gradient the projected Euclidean one.
  public func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    try project(x, egrad)
  }

  /// qf(X + V) or the polar factor of X + V, per ``retraction``.
  ///
  /// The polar factor is computed as Y(YᵀY)^{−1/2} with Y = X + V, which equals the spec's (X + V)(I + VᵀV)^{−1/2}
  /// for tangent V and stays orthonormal even when V is tangent only up to round-off.
  public func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "retract")
    try requireSize(v, "v", "retract")
    let y = matrix(x) + matrix(v)
    return try numerical("retract") {
      switch retraction {
      case .qr:
        return try QR(y).q.elements
      case .polar:
        return (y * (try Matrix.gram(y).symmetricInverseSqrt())).elements
      }
    }
  }

  /// The embedded-metric geodesic (Edelman, Arias & Smith 1998): with A = XᵀV and S = VᵀV,
  /// Exp_X(V) = [X V]·expm([[A, −S], [I, A]])·[I; 0]·expm(−A) (spec §2.3), through the Padé exponential.
  public func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "exp")
    try requireSize(v, "v", "exp")
    let xm = matrix(x)
    let vm = matrix(v)
    let a = Matrix.product(xm, vm, transposeA: true)
    let s = Matrix.gram(vm)
    let twoP = 2 * p
    let block = Matrix(rows: twoP, cols: twoP) { i, j in
      switch (i < p, j < p) {
      case (true, true): return a[i, j]
      case (true, false): return -s[i, j - p]
      case (false, true): return i - p == j ? 1 : 0
      case (false, false): return a[i - p, j - p]
      }
    }
    return try numerical("exp") {
      let head = try block.exponential().columns(0..<p)
      let xv = Matrix(rows: n, cols: twoP, elements: x + v)  // [X V], column-major concatenation
      return (xv * head * (try (-a).exponential())).elements
    }
  }

  /// Unsupported: St(n, p) has no closed-form logarithm (spec §2.3).
  public func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    throw unsupported("log", flag: "hasLog")
  }

  /// Projection transport proj(Y, U).
  public func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "transport")
    try requireSize(y, "y", "transport")
    try requireSize(u, "u", "transport")
    return projectUnchecked(matrix(y), matrix(u)).elements
  }

  /// Unsupported: St(n, p) has no closed-form distance (spec §2.3).
  public func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    throw unsupported("distance", flag: "hasDistance")
  }

  /// qf(Z) for Z an n×p matrix of n·p standard normals (column-major draws): Haar-uniform on St(n, p) thanks to
  /// the diag(R) > 0 convention.
  public func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    let z = Matrix(rows: n, cols: p, elements: rng.normals(n * p))
    return try numerical("randomPoint") { try QR(z).q.elements }
  }

  /// proj(X, Z) with Z of n·p standard normals (column-major draws); standard on the tangent space because the
  /// projection is orthogonal for the Frobenius metric.
  public func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    try requireSize(x, "x", "tangentGaussian")
    return projectUnchecked(matrix(x), Matrix(rows: n, cols: p, elements: rng.normals(n * p))).elements
  }

  /// ‖XᵀX − I‖_F.
  public func manifoldError(_ x: [Double]) throws -> Double {
    try requireSize(x, "x", "manifoldError")
    return (Matrix.gram(matrix(x)) - Matrix.identity(p)).frobeniusNorm
  }
}
