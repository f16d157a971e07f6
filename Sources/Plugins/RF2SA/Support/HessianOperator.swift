import CatalogueSDK
import Glibc
import LinearAlgebra

/// u ↦ Hess_y g(x, y)[u] at a fixed (x, y), with the solvers of the hypergradient system.
///
/// Each application is one `lower_hessian_yy` call (counted by the host as a Hessian-vector product) and a
/// conversion by ``RiemannianHessian``. The operator is self-adjoint in the metric at y, so CG applies; g is
/// geodesically strongly convex in y (spec §3), so it is positive definite near y*.
struct HessianOperator {
  let problem: any BilevelProblem
  let manifold: VariableManifold
  let x: [Double]
  let y: [Double]
  /// ∇_y g(x, y), needed by the curvature term of every manifold but ℝⁿ.
  let lowerGradient: [Double]

  /// The operator at (x, y); evaluates ∇_y g(x, y) once when the manifold needs it.
  init(problem: any BilevelProblem, manifold: VariableManifold, x: [Double], y: [Double]) throws {
    self.problem = problem
    self.manifold = manifold
    self.x = x
    self.y = y
    if case .euclidean = manifold.kind {
      lowerGradient = []
    } else {
      lowerGradient = try problem.lowerGradient(x, y, samples: nil).y
    }
  }

  /// Hess[u].
  func apply(_ u: [Double]) throws -> [Double] {
    let h = try problem.lowerHessianYY(x, y, u)
    return try RiemannianHessian.apply(
      manifold.kind, at: y, euclideanGradient: lowerGradient, euclideanHessian: h, direction: u)
  }

  /// Solves Hess[v] = b with `method`.
  func solve(_ b: [Double], method: HypergradientMethod) throws -> (v: [Double], steps: Int) {
    switch method {
    case .auto:
      if case .spd = manifold.kind, let v = try lyapunovSolve(b) { return (v, 0) }
      if manifold.geometry.dimension <= HypergradientMethod.denseLimit { return (try denseSolve(b), 0) }
      return try conjugateGradient(b, iterations: manifold.geometry.dimension, tolerance: 1e-13)
    case .lyapunov:
      guard case .spd = manifold.kind else {
        throw PluginError(
          .invalidArgument,
          "hypergradient=lyapunov needs an SPD lower variable, this one lives on \(manifold.geometry.name); "
            + "use hypergradient=dense or cg")
      }
      guard let v = try lyapunovSolve(b) else {
        throw PluginError(
          .invalidArgument,
          "hypergradient=lyapunov: the whitened Hessian of this problem's g is not V ↦ CV + VC; "
            + "use hypergradient=dense or cg")
      }
      return (v, 0)
    case .dense:
      return (try denseSolve(b), 0)
    case .cg(let iterations, let tolerance):
      return try conjugateGradient(b, iterations: iterations, tolerance: tolerance)
    case .neumann(let iterations, let step):
      return try neumann(b, iterations: iterations, step: step)
    }
  }

  /// ⟨u, v⟩_y.
  private func inner(_ u: [Double], _ v: [Double]) throws -> Double {
    try manifold.geometry.inner(y, u, v)
  }

  /// The Lyapunov closed form on SPD(n), or nil when the Hessian does not have that structure.
  ///
  /// With y = LLᵀ, the whitened operator Ĥ(V) = L⁻¹·Hess[LVLᵀ]·L⁻ᵀ is an isometric copy of Hess. When Ĥ(V) = CV + VC
  /// for a symmetric C, then C = ½Ĥ(I) = ½L⁻¹·Hess[y]·L⁻ᵀ; one more product on a fixed irregular probe P checks
  /// the structure (relative residual ≤ 1e-8) before the solve CV + VC = L⁻¹bL⁻ᵀ, v = LVLᵀ.
  func lyapunovSolve(_ b: [Double]) throws -> [Double]? {
    guard case .spd(let n) = manifold.kind else { return nil }
    return try numerical("hypergradient (lyapunov)") {
      let cholesky = try Cholesky(Matrix(rows: n, cols: n, elements: y))
      let image = try apply(y)
      let c = 0.5 * cholesky.inverseCongruence(Matrix(rows: n, cols: n, elements: image))
      let probe = Matrix(rows: n, cols: n) { i, j in
        sin(Double(1 + i + 2 * j)) + sin(Double(1 + j + 2 * i))
      }
      let expected = c * probe + probe * c
      let actual = cholesky.inverseCongruence(
        Matrix(rows: n, cols: n, elements: try apply(cholesky.congruence(probe).elements)))
      guard (actual - expected).frobeniusNorm <= 1e-8 * expected.frobeniusNorm else { return nil }
      let whitened = cholesky.inverseCongruence(Matrix(rows: n, cols: n, elements: b))
      let solution = try SymmetricLyapunov(c).solve(whitened)
      return cholesky.congruence(solution).elements
    }
  }

  /// An orthonormal basis of T_y in the metric at y.
  ///
  /// ℝⁿ: the unit vectors. SPD: L·Eᵢⱼ·Lᵀ with Eᵢᵢ and (Eᵢⱼ + Eⱼᵢ)/√2, orthonormal because ⟨LELᵀ, LFLᵀ⟩_y = ⟨E, F⟩_F.
  /// Otherwise: modified Gram–Schmidt, twice, of the projected ambient unit vectors.
  func tangentBasis() throws -> [[Double]] {
    let size = manifold.geometry.pointSize
    switch manifold.kind {
    case .euclidean:
      return (0..<size).map { i in (0..<size).map { $0 == i ? 1 : 0 } }
    case .spd(let n):
      let cholesky = try numerical("hypergradient (dense)") { try Cholesky(Matrix(rows: n, cols: n, elements: y)) }
      var basis: [[Double]] = []
      for j in 0..<n {
        for i in j..<n {
          let value = i == j ? 1 : 0.5.squareRoot()
          var e = Matrix(rows: n, cols: n)
          e[i, j] = value
          e[j, i] = value
          basis.append(cholesky.congruence(e).elements)
        }
      }
      return basis
    default:
      var basis: [[Double]] = []
      for i in 0..<size where basis.count < manifold.geometry.dimension {
        var u = try manifold.geometry.project(y, (0..<size).map { $0 == i ? 1 : 0 })
        for _ in 0..<2 {
          for e in basis { u = ArrayMath.axpy(u, -(try inner(e, u)), e) }
        }
        let norm = try inner(u, u).squareRoot()
        if norm > 1e-8 { basis.append(ArrayMath.scale(1 / norm, u)) }
      }
      return basis
    }
  }

  /// The exact solution from the Hessian matrix in an orthonormal basis: Cholesky, or LU when the lower problem is
  /// not convex at y.
  func denseSolve(_ b: [Double]) throws -> [Double] {
    let basis = try tangentBasis()
    let m = basis.count
    let images = try basis.map(apply)
    var hessian = Matrix(rows: m, cols: m)
    for j in 0..<m {
      for i in 0..<m { hessian[i, j] = try inner(basis[i], images[j]) }
    }
    hessian = hessian.symmetrized()
    let rhs = Matrix(rows: m, cols: 1, elements: try basis.map { try inner($0, b) })
    let coefficients = try numerical("hypergradient (dense)") {
      if let factor = try? Cholesky(hessian) { return try factor.solve(rhs) }
      return try hessian.solve(rhs)
    }
    var v = [Double](repeating: 0, count: b.count)
    for i in 0..<m { v = ArrayMath.axpy(v, coefficients[i, 0], basis[i]) }
    return v
  }

  /// Conjugate gradients from v = 0 until ‖r‖ ≤ tolerance·‖b‖ or `iterations` steps; stops early at non-positive
  /// curvature (the lower problem is not convex there).
  func conjugateGradient(_ b: [Double], iterations: Int, tolerance: Double) throws -> (v: [Double], steps: Int) {
    var v = [Double](repeating: 0, count: b.count)
    var r = b
    var p = r
    var rr = try inner(r, r)
    let stop = tolerance * rr.squareRoot()
    var steps = 0
    while steps < iterations && rr.squareRoot() > stop {
      let hp = try apply(p)
      let curvature = try inner(p, hp)
      guard curvature > 0 else { break }
      let step = rr / curvature
      v = ArrayMath.axpy(v, step, p)
      r = ArrayMath.axpy(r, -step, hp)
      let next = try inner(r, r)
      p = ArrayMath.axpy(r, next / rr, p)
      rr = next
      steps += 1
    }
    return (v, steps)
  }

  /// The Neumann series v = η Σ_{j=0}^{K} (I − ηH)ʲ b, K = `iterations` (one product each).
  func neumann(_ b: [Double], iterations: Int, step: Double) throws -> (v: [Double], steps: Int) {
    var term = b
    var v = ArrayMath.scale(step, b)
    for _ in 0..<iterations {
      term = ArrayMath.axpy(term, -step, try apply(term))
      v = ArrayMath.axpy(v, step, term)
    }
    return (v, iterations)
  }
}
