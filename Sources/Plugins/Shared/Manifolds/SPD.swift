import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// Symmetric positive definite n×n matrices with the affine-invariant metric ⟨U, V⟩_X = tr(X⁻¹UX⁻¹V)
/// (spec §2.4). A Hadamard manifold, sectional curvature in [−½, 0].
///
/// Layout: n² doubles, column-major (both triangles stored); tangent vectors are symmetric matrices.
///
/// Implementation note. Every formula of the spec is invariant under X^{1/2} ↦ X^{1/2}Q for orthogonal Q, so
/// exp, log, distance, inner product, retraction and transport use the Cholesky factor X = LLᵀ (one `dpotrf`, a
/// fraction of an eigendecomposition) in place of the symmetric square root:
/// Exp_X(V) = L·expm(L⁻¹VL⁻ᵀ)·Lᵀ, and likewise for the others. Only the tangent Gaussian uses X^{1/2} itself,
/// because there the choice of root changes which sample a given random stream produces. Outputs are exactly
/// symmetric.
public struct SPD: Geometry, Hashable {
  /// The matrix order n.
  public let n: Int
  /// How ``exp(_:_:)`` evaluates the matrix exponential of the whitened tangent vector.
  public let exponential: Exponential

  /// SPD(n); throws `.invalidArgument` unless n ≥ 1.
  public init(_ n: Int, exponential: Exponential = .eigen) throws {
    guard n >= 1 else { throw PluginError(.invalidArgument, "spd(n) needs n >= 1, got \(n)") }
    self.n = n
    self.exponential = exponential
  }

  /// The manifold and its dimensions, e.g. for traces and error messages.
  public var name: String { "spd(\(n))" }
  /// Doubles per point and per tangent vector in the ambient layout.
  public var pointSize: Int { n * n }
  /// The intrinsic dimension (the tangent Gaussian's E‖ξ‖²).
  public var dimension: Int { n * (n + 1) / 2 }
  /// Whether ``exp(_:_:)`` is available in closed form.
  public var hasExp: Bool { true }
  /// Whether ``log(_:_:)`` is available in closed form.
  public var hasLog: Bool { true }
  /// Whether ``distance(_:_:)`` is available.
  public var hasDistance: Bool { true }

  /// Wraps a layout array as an n×n matrix (no copy).
  @inline(__always)
  func matrix(_ a: [Double]) -> Matrix { Matrix(rows: n, cols: n, elements: a) }

  /// The Cholesky factor of a point, reporting a non-SPD point as `.invalidArgument` (it is the caller's input
  /// that is off the manifold, not a numerical breakdown of ours).
  func cholesky(_ x: [Double], _ role: StaticString, _ operation: StaticString) throws -> Cholesky {
    do {
      return try Cholesky(matrix(x))
    } catch let error as LinearAlgebraError {
      throw PluginError(.invalidArgument, "\(name).\(operation): \(role) is not positive definite (\(error))")
    }
  }

  /// tr(X⁻¹UX⁻¹V) = ⟨L⁻¹UL⁻ᵀ, L⁻¹VL⁻ᵀ⟩_F (one whitening when u and v are the same array, as in ``norm``).
  public func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double {
    try requireSize(x, "x", "inner")
    try requireSize(u, "u", "inner")
    try requireSize(v, "v", "inner")
    let c = try cholesky(x, "x", "inner")
    let wu = c.inverseCongruence(matrix(u))
    if u == v { return wu.frobeniusInner(wu) }
    return wu.frobeniusInner(c.inverseCongruence(matrix(v)))
  }

  /// sym(U) = (U + Uᵀ)/2.
  public func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "project")
    try requireSize(u, "u", "project")
    return matrix(u).symmetrized().elements
  }

  /// X·sym(∇f)·X.
  public func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    try requireSize(x, "x", "riemannianGradient")
    try requireSize(egrad, "egrad", "riemannianGradient")
    let xm = matrix(x)
    return (xm * (matrix(egrad).symmetrized() * xm)).symmetrized().elements
  }

  /// The second-order retraction R_X(V) = X + V + ½·VX⁻¹V, computed as X + V + ½·(L⁻¹V)ᵀ(L⁻¹V) so the
  /// correction is an exact Gram matrix: the result is SPD for every symmetric V (it equals
  /// ½X + ½(X + V)X⁻¹(X + V)). It agrees with Exp to second order but is not Exp (spec §2.4).
  public func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "retract")
    try requireSize(v, "v", "retract")
    let c = try cholesky(x, "x", "retract")
    let vm = matrix(v).symmetrized()
    var result = (matrix(x).symmetrized() + vm)
    result.add(Matrix.gram(c.solveLower(vm)), scaledBy: 0.5)
    return result.elements
  }

  /// Exp_X(V) = X^{1/2}expm(X^{−1/2}VX^{−1/2})X^{1/2}, computed as B·Bᵀ with B = L·e^{S/2}, S = L⁻¹VL⁻ᵀ: SPD by
  /// construction. With ``Exponential/eigen`` e^{S/2} = Q·e^{Λ/2} (S = QΛQᵀ, the orthogonal factor dropping out of
  /// B·Bᵀ); with ``Exponential/pade`` it is the symmetric Padé exponential of S/2.
  public func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try requireSize(x, "x", "exp")
    try requireSize(v, "v", "exp")
    let c = try cholesky(x, "x", "exp")
    return try numerical("exp") {
      let b: Matrix
      switch exponential {
      case .eigen:
        let e = try SymmetricEigen(c.inverseCongruence(matrix(v)))
        b = c.multiplyLower(e.vectors).scalingColumns(by: e.values.map { _exp(0.5 * $0) })
      case .pade:
        b = c.multiplyLower(try (0.5 * c.inverseCongruence(matrix(v))).symmetricExpPade())
      }
      return Matrix.gram(b, transpose: true).elements
    }
  }

  /// Log_X(Y) = X^{1/2}logm(X^{−1/2}YX^{−1/2})X^{1/2}, computed as L·Q·log(Λ)·QᵀLᵀ with L⁻¹YL⁻ᵀ = QΛQᵀ.
  public func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    try requireSize(x, "x", "log")
    try requireSize(y, "y", "log")
    let c = try cholesky(x, "x", "log")
    let e = try whitenedEigen(c, y, "log")
    let b = c.multiplyLower(e.vectors)
    let logs = e.values.map(_log)
    return Matrix.product(b.scalingColumns(by: logs), b, transposeB: true).symmetrized().elements
  }

  /// Parallel transport Γ(U) = EUEᵀ with E = X^{1/2}(X^{−1/2}YX^{−1/2})^{1/2}X^{−1/2} = (YX⁻¹)^{1/2}, computed
  /// as L·(W^{1/2}·L⁻¹UL⁻ᵀ·W^{1/2})·Lᵀ with W = L⁻¹YL⁻ᵀ (E does not depend on the choice of root). An isometry
  /// from T_X to T_Y (spec §2.4).
  public func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    try requireSize(x, "x", "transport")
    try requireSize(y, "y", "transport")
    try requireSize(u, "u", "transport")
    let c = try cholesky(x, "x", "transport")
    let e = try whitenedEigen(c, y, "transport")
    let root = e.reconstructed(values: e.values.map { $0.squareRoot() })
    let middle = root * (c.inverseCongruence(matrix(u)) * root)
    return c.congruence(middle).elements
  }

  /// d(X, Y) = ‖logm(X^{−1/2}YX^{−1/2})‖_F = √Σ log²λᵢ over the eigenvalues of L⁻¹YL⁻ᵀ (eigenvalues only).
  public func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    try requireSize(x, "x", "distance")
    try requireSize(y, "y", "distance")
    let c = try cholesky(x, "x", "distance")
    let w = c.inverseCongruence(matrix(y))
    let values = try numerical("distance") { try SymmetricEigen.values(of: w) }
    guard values.allSatisfy({ $0 > 0 }) else {
      throw PluginError(.invalidArgument, "\(name).distance: y is not positive definite")
    }
    return values.reduce(0) { $0 + _log($1) * _log($1) }.squareRoot()
  }

  /// expm(S) with S the symmetric Gaussian of ``tangentGaussian(_:_:)`` at the identity (n(n+1)/2 draws): the
  /// image of a standard tangent Gaussian at I under Exp_I.
  public func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    let s = symmetricGaussian(&rng)
    return try numerical("randomPoint") { try s.symmetricExp().elements }
  }

  /// V = X^{1/2}·S·X^{1/2} with S symmetric, S_ii ~ N(0, 1) and S_ij = S_ji ~ N(0, ½) (spec §2.4), so that
  /// ⟨V, V⟩_X = ‖S‖²_F and E⟨V, V⟩_X = n(n+1)/2. Draw order: column by column over the lower triangle,
  /// diagonal first (n(n+1)/2 draws).
  public func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    try requireSize(x, "x", "tangentGaussian")
    let s = symmetricGaussian(&rng)
    return try numerical("tangentGaussian") {
      let root = try matrix(x).symmetricSqrt()
      return (root * (s * root)).symmetrized().elements
    }
  }

  /// ‖X − Xᵀ‖_F when sym(X) is positive definite; otherwise that plus |λ_min| (and at least the smallest normal
  /// double), so a point off the cone never reads as 0.
  public func manifoldError(_ x: [Double]) throws -> Double {
    try requireSize(x, "x", "manifoldError")
    let xm = matrix(x)
    let asymmetry = (xm - xm.transposed()).frobeniusNorm
    let values = try numerical("manifoldError") { try SymmetricEigen.values(of: xm.symmetrized()) }
    let smallest = values.first ?? 0
    if smallest > 0 { return asymmetry }
    return asymmetry + Swift.max(abs(smallest), Double.leastNormalMagnitude)
  }

  /// A symmetric matrix with S_ii ~ N(0, 1), S_ij = S_ji ~ N(0, ½), drawn column-major over the lower triangle.
  func symmetricGaussian(_ rng: inout CatalogueRandom) -> Matrix {
    let halfRoot = 0.5.squareRoot()
    var s = Matrix(rows: n, cols: n)
    for j in 0..<n {
      s[j, j] = rng.normal()
      for i in (j + 1)..<n {
        let z = halfRoot * rng.normal()
        s[i, j] = z
        s[j, i] = z
      }
    }
    return s
  }

  /// The eigendecomposition of L⁻¹YL⁻ᵀ, requiring Y to be SPD.
  func whitenedEigen(_ c: Cholesky, _ y: [Double], _ operation: StaticString) throws -> SymmetricEigen {
    let e = try numerical(operation) { try SymmetricEigen(c.inverseCongruence(matrix(y))) }
    guard e.values.allSatisfy({ $0 > 0 }) else {
      throw PluginError(.invalidArgument, "\(name).\(operation): y is not positive definite")
    }
    return e
  }
}
