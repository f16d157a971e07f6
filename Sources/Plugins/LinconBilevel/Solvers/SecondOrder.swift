import CatalogueSDK
import LinearAlgebra

/// Second derivatives of the lower-level objective g, from the problem's Hessian oracles when it has them (the dense
/// matrix of ABI 1.2 in one call, else one Hessian-vector product per column) and otherwise from differences of its
/// gradient oracle (exact up to round-off when g is quadratic in y, as in every problem of this plugin).
///
/// The first-order methods use ∇²_yy g only as the metric of their inner solvers, where any positive definite
/// approximation converges (to the exact answer, because the iterations use true gradients); the implicit-KKT
/// baseline and the exact-hypergradient metric need it exactly.
enum SecondOrder {
  /// ∇²_yy g(x, y) as a dense n_y × n_y matrix: the problem's dense Hessian (one call, counted by the host as n_y
  /// products), else n_y Hessian-vector products with the coordinate vectors, or n_y + 1 gradient calls, each column
  /// written straight into one column-major buffer. The first two give the same matrix (column j is H·eⱼ either
  /// way), so the choice changes the cost, not the result. `useMatrix: false` forces the products (for tests).
  static func lowerHessian(_ problem: any BilevelProblem, _ x: [Double], _ y: [Double], useMatrix: Bool = true)
    throws -> Matrix
  {
    let n = y.count
    if useMatrix && problem.hasLowerHessianMatrix {
      // Symmetric by the ABI's contract, and everything here reads only its lower triangle (Cholesky, `dsymv`), as
      // LAPACK does: so only that triangle is checked, and there is nothing to symmetrise (for an exactly symmetric
      // matrix, symmetrising changes no entry).
      let hessian = try HugePageMatrix.make(rows: n, cols: n) { try problem.lowerHessianYYMatrix(x, y, into: $0) }
      guard DenseHelpers.isLowerTriangleFinite(hessian) else {
        throw PluginError(.numerical, "the lower-level Hessian oracle returned a non-finite matrix")
      }
      return hessian
    }
    var hessian = try HugePageMatrix.make(rows: n, cols: n) { out in
      func store(_ column: [Double], _ j: Int) throws {
        guard column.count == n, ArrayMath.isFinite(column) else {
          throw PluginError(.numerical, "the lower-level Hessian oracle returned a non-finite or mis-sized column")
        }
        column.withUnsafeBufferPointer { (out.baseAddress! + j * n).update(from: $0.baseAddress!, count: n) }
      }
      if problem.hasLowerHessian {
        var e = [Double](repeating: 0, count: n)
        for j in 0..<n {
          e[j] = 1
          try store(try problem.lowerHessianYY(x, y, e), j)
          e[j] = 0
        }
      } else {
        let base = try problem.lowerGradient(x, y, samples: nil, parts: .y).y
        for j in 0..<n {
          let t = 1e-4 * max(1, abs(y[j]))
          var shifted = y
          shifted[j] += t
          let g = try problem.lowerGradient(x, shifted, samples: nil, parts: .y).y
          try store((0..<n).map { (g[$0] - base[$0]) / t }, j)
        }
      }
    }
    hessian.symmetrize()
    return hessian
  }

  /// ∇²_xy g(x, y)·v ∈ ℝ^{d_x}: the oracle, or a central difference of ∇ₓg along v.
  static func mixedProduct(_ problem: any BilevelProblem, _ x: [Double], _ y: [Double], _ v: [Double]) throws
    -> [Double]
  {
    if problem.hasLowerHessian { return try problem.lowerHessianXY(x, y, v) }
    let t = 1e-4 * max(1, ArrayMath.maxAbs(y)) / max(ArrayMath.maxAbs(v), 1e-300)
    let plus = try problem.lowerGradient(x, ArrayMath.axpy(y, t, v), samples: nil).x
    let minus = try problem.lowerGradient(x, ArrayMath.axpy(y, -t, v), samples: nil).x
    return (0..<plus.count).map { (plus[$0] - minus[$0]) / (2 * t) }
  }

  /// A Cholesky factor of a matrix that must be positive definite, with an error naming what it was. The caller keeps
  /// `matrix`, so the factor is computed in a copy, made in huge pages (``HugePageMatrix``) and factored in place.
  /// `knownFinite`: the lower triangle was checked where it entered (``lowerHessian(_:_:_:useMatrix:)`` does for a
  /// dense Hessian).
  static func factor(_ matrix: Matrix, _ what: String, knownFinite: Bool = false) throws -> Cholesky {
    try factor(consuming: HugePageMatrix.copy(matrix), what, knownFinite: knownFinite)
  }

  /// The same factor computed in `matrix`'s own storage, for a caller that does not keep the matrix (no copy when
  /// nothing else references it).
  static func factor(consuming matrix: consuming Matrix, _ what: String, knownFinite: Bool = false) throws -> Cholesky {
    do {
      return try Cholesky(consuming: consume matrix, knownFinite: knownFinite)
    } catch {
      throw PluginError(.numerical, "\(what) is not positive definite (is g strongly convex in y?): \(error)")
    }
  }
}
