import CatalogueSDK
import LinearAlgebra

/// The solution of a strongly convex QP with its multipliers and the rows held as equalities.
struct QPSolution: Sendable {
  /// The minimiser y.
  var y: [Double]
  /// Multipliers λ (≥ 0 on inequality rows, zero off the working set), so that Hy + q + Aᵀλ = 0.
  var multipliers: [Double]
  /// The final working set: equality rows and the inequality rows held at equality.
  var working: [Bool]
  /// Active-set iterations (subspace solves) used.
  var iterations: Int
}

/// min ½ yᵀHy + qᵀy subject to A y ≤ b (or = b row by row), H symmetric positive definite: the exact lower-level
/// solver of spec §7.2, built for many solves with one H and one A (warm-started across outer iterations).
///
/// The method is a primal active-set method on the dual, which is a bound-constrained QP in λ:
/// minimise ½ λᵀGλ + λᵀd over λᵢ ≥ 0 (inequality rows; equality rows are free), with G = A H⁻¹ Aᵀ and
/// d = A H⁻¹ q + b, and y(λ) = −H⁻¹(q + Aᵀλ). Its gradient Gλ + d = −(A y(λ) − b), so dual optimality is exactly
/// primal feasibility with complementarity. λ = 0 (or any warm start clipped to λ ≥ 0) is dual feasible, so no
/// phase one is needed, and each step solves one small |F| × |F| system with a Cholesky factor of G on the free
/// set F (LAPACK, via LinearAlgebra). The number of rows m is small (≤ d_y/5 in the paper), so G is formed once
/// per (H, A) pair, from Z = L⁻¹Aᵀ (H = LLᵀ, one triangular solve with m right-hand sides) as G = ZᵀZ (a symmetric
/// rank-k product). y(λ) needs H⁻¹Aᵀ = L⁻ᵀZ only in the columns of the final working set, where λ is nonzero; those
/// are solved for when a solution first needs them (``InverseColumns``). Each solve then costs one solve with H plus
/// O(n·m + m³).
struct ActiveSetQP: Sendable {
  /// Cholesky factor of H.
  let factor: Cholesky
  /// The rows.
  let constraints: LinearConstraints
  /// Z = L⁻¹Aᵀ, n × m.
  let whitenedAT: Matrix
  /// The columns of H⁻¹Aᵀ = L⁻ᵀZ computed so far.
  let inverseTimesAT: InverseColumns
  /// G = A H⁻¹ Aᵀ, m × m.
  let dualHessian: Matrix

  /// Relative tolerance on primal feasibility used to decide optimality (scaled per row).
  static let feasibilityTolerance = 1e-12

  /// Prepares the solver for H = `factor` and the given rows (Z and G; H⁻¹Aᵀ as solutions need it).
  init(factor: Cholesky, constraints: LinearConstraints) throws {
    precondition(constraints.count == 0 || constraints.matrix.cols == factor.n, "QP: A has the wrong width")
    self.factor = factor
    self.constraints = constraints
    if constraints.count > 0 {
      guard DenseHelpers.allFinite(constraints.matrix.elements) else {
        throw PluginError(.numerical, "QP: the constraint Jacobian has a non-finite entry")
      }
      whitenedAT = factor.solveLower(consuming: constraints.matrix.transposed())
      dualHessian = Matrix.gram(whitenedAT)
    } else {
      whitenedAT = Matrix(rows: factor.n, cols: 0)
      dualHessian = Matrix(rows: 0, cols: 0)
    }
    inverseTimesAT = InverseColumns(variables: factor.n, rows: constraints.count)
  }

  /// The same H and A with a new right-hand side b: G and H⁻¹Aᵀ do not depend on b, so nothing is refactored, and
  /// the columns of H⁻¹Aᵀ either solver computes serve both.
  init(reusing other: ActiveSetQP, bound: [Double]) {
    factor = other.factor
    constraints = LinearConstraints(
      matrix: other.constraints.matrix, bound: bound, isEquality: other.constraints.isEquality)
    whitenedAT = other.whitenedAT
    inverseTimesAT = other.inverseTimesAT
    dualHessian = other.dualHessian
  }

  /// Solves for the linear term q, starting from multipliers `warmStart` (clipped to be dual feasible).
  func solve(linear q: [Double], warmStart: [Double]? = nil) throws -> QPSolution {
    let n = factor.n
    let m = constraints.count
    precondition(q.count == n, "QP: q has \(q.count) entries, expected \(n)")
    let u = try factor.solve(vector: q)
    guard m > 0 else { return QPSolution(y: u.map { -$0 }, multipliers: [], working: [], iterations: 1) }
    let a = constraints.matrix
    let b = constraints.bound
    let au = Matrix.product(a, Vector(u)).elements
    let d = (0..<m).map { au[$0] + b[$0] }
    // Row scales for the feasibility test: |bᵢ| + |aᵢᵀu| bound the size of the terms cancelling in hᵢ.
    let scale = (0..<m).map { abs(b[$0]) + abs(au[$0]) }
    var lambda = [Double](repeating: 0, count: m)
    var free = constraints.isEquality
    if let warmStart {
      precondition(warmStart.count == m, "QP: warm start has the wrong length")
      for i in 0..<m where constraints.isEquality[i] || warmStart[i] > 0 {
        lambda[i] = warmStart[i]
        free[i] = true
      }
    }
    let limit = 10 * m + 50
    var iterations = 0
    var entering = -1
    while true {
      iterations += 1
      guard iterations <= limit else {
        throw PluginError(.numerical, "QP active-set method did not terminate in \(limit) steps (degenerate rows?)")
      }
      let indices = (0..<m).filter { free[$0] }
      let z = try subspaceMinimiser(indices, d)
      // Largest step toward z that keeps the inequality multipliers ≥ 0 (Lawson–Hanson).
      var step = 1.0
      var blocking = -1
      for (k, i) in indices.enumerated() where !constraints.isEquality[i] && z[k] < 0 {
        let t = lambda[i] / (lambda[i] - z[k])
        if t < step {
          step = t
          blocking = i
        }
      }
      for (k, i) in indices.enumerated() { lambda[i] += step * (z[k] - lambda[i]) }
      if blocking >= 0 {
        // A row released in the previous step that blocks at once is degenerate to round-off: stop there.
        if blocking == entering && step == 0 {
          lambda[blocking] = 0
          free[blocking] = false
          break
        }
        entering = -1
        for i in indices where !constraints.isEquality[i] && (i == blocking || lambda[i] <= 0) {
          lambda[i] = 0
          free[i] = false
        }
        continue
      }
      // Full step: λ is optimal on the subspace. Release the most violated constraint, if any.
      let gradient = dualGradient(lambda, d)
      entering = -1
      var worst = 0.0
      for i in 0..<m where !free[i] {
        let violation = -gradient[i]
        if violation > Self.feasibilityTolerance * scale[i] && violation > worst {
          worst = violation
          entering = i
        }
      }
      if entering < 0 { break }
      free[entering] = true
    }
    // One step of iterative refinement on the free rows: solve G_FF δ = h_F(y) with h computed from A and y directly.
    let indices = (0..<m).filter { free[$0] }
    var y = primal(u, lambda, free: indices)
    if !indices.isEmpty {
      let h = constraints.residual(y)
      let correction = try subspaceSolve(indices, indices.map { h[$0] })
      for (k, i) in indices.enumerated() {
        lambda[i] += correction[k]
        if !constraints.isEquality[i] { lambda[i] = max(lambda[i], 0) }
      }
      y = primal(u, lambda, free: indices)
    }
    return QPSolution(y: y, multipliers: lambda, working: free, iterations: iterations)
  }

  /// y(λ) = −u − H⁻¹Aᵀλ with u = H⁻¹q, for λ zero outside the rows `free`.
  private func primal(_ u: [Double], _ lambda: [Double], free: [Int]) -> [Double] {
    let w = inverseTimesAT.product(lambda, rows: free, factor: factor, whitened: whitenedAT)
    return (0..<u.count).map { -u[$0] - w[$0] }
  }

  /// Gλ + d.
  private func dualGradient(_ lambda: [Double], _ d: [Double]) -> [Double] {
    let g = Matrix.product(dualHessian, Vector(lambda)).elements
    return (0..<d.count).map { g[$0] + d[$0] }
  }

  /// The minimiser of the dual on the free rows with the others at zero: G_FF z = −d_F.
  private func subspaceMinimiser(_ indices: [Int], _ d: [Double]) throws -> [Double] {
    try subspaceSolve(indices, indices.map { -d[$0] })
  }

  /// Solves G_FF z = r by Cholesky; a singular G_FF means the working rows are linearly dependent (LICQ fails).
  private func subspaceSolve(_ indices: [Int], _ r: [Double]) throws -> [Double] {
    if indices.isEmpty { return [] }
    let k = indices.count
    do {
      return try Cholesky(consuming: DenseHelpers.principalSubmatrix(dualHessian, indices)).solve(Vector(r)).elements
    } catch {
      throw PluginError(
        .numerical, "QP: the \(k) working constraint rows are linearly dependent (LICQ fails): \(error)")
    }
  }
}
