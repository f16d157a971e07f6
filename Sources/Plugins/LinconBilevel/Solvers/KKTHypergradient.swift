import CatalogueSDK
import LinearAlgebra

/// The exact hypergradient ∇F(x) by implicit differentiation of the KKT system on the active set (spec §7.2), the
/// "cvxpylayer" baseline and the reference every trace compares against.
///
/// With active rows I (strict complementarity assumed), differentiating ∇_y g + J_yᵀλ = 0 and h_I = 0 in x and
/// solving the adjoint system [[H, J_Iᵀ], [J_I, 0]]·[p; r] = [∇_y f; 0] gives
///   ∇F = ∇ₓf − ∇²_xy g·p − Σᵢ λᵢ ∇²_xy hᵢ·p − J_{x,I}ᵀ r,
/// where H = ∇²_yy g (h is affine in y, so it adds no curvature). The adjoint system is solved through the Schur
/// complement: p = H⁻¹(∇_y f − J_Iᵀr) with (J_I H⁻¹ J_Iᵀ) r = J_I H⁻¹ ∇_y f, two Cholesky factorisations. For
/// constraints affine in y the term Σ λᵢ ∇²_xy hᵢ·p equals J_x(x, y* + p)ᵀλ − J_x(x, y*)ᵀλ exactly (zero for the
/// toy's h = Ay − b, A_iᵀp for the bilinear variant), so no second derivatives of h are needed.
enum KKTHypergradient {
  /// ∇F(x) and F(x) = f(x, y*) at a solved lower level; `factor` must factor ∇²_yy g(x, y*) = LLᵀ. `cached`, when
  /// given, supplies Z_I = L⁻¹J_Iᵀ and J_I H⁻¹J_Iᵀ = Z_IᵀZ_I for the active rows
  /// (``LowerLevelSolver/cachedInverseProducts(rows:jacobian:)``); then, with w = L⁻¹∇_y f, the Schur system is
  /// (Z_IᵀZ_I) r = Z_Iᵀw and p = L⁻ᵀ(w − Z_I r), with no solve against the factor for |I| right-hand sides.
  static func compute(
    _ problem: any BilevelProblem, _ lower: LowerLevelPoint, factor: Cholesky,
    cached: ((_ rows: [Int]) -> (whitenedJT: Matrix, schur: Matrix)?)? = nil
  ) throws -> (gradient: [Double], upper: (x: [Double], y: [Double])) {
    let x = lower.x
    let upper = try problem.upperGradient(x, lower.y, samples: nil)
    let active = lower.activeRows
    var p: [Double]
    var r: [Double] = []
    if active.isEmpty {
      p = try factor.solve(vector: upper.y)
    } else if let (whitened, schur) = cached?(active) {
      let w = factor.solveLower(vector: upper.y)
      r = try schurSolve(schur, Matrix.product(whitened, Vector(w), transpose: true))
      let correction = Matrix.product(whitened, Vector(r)).elements
      p = factor.solveLower(vector: ArrayMath.subtract(w, correction), transpose: true)
    } else {
      let jacobian = Matrix(rows: active.count, cols: lower.y.count) { i, j in lower.jacobianY[active[i], j] }
      let hInvJT = try factor.solve(jacobian.transposed())
      let schur = Matrix.product(jacobian, hInvJT).symmetrized()
      let hInvFy = try factor.solve(vector: upper.y)
      r = try schurSolve(schur, Matrix.product(jacobian, Vector(hInvFy)))
      let correction = Matrix.product(hInvJT, Vector(r)).elements
      p = ArrayMath.subtract(hInvFy, correction)
    }
    var gradient = ArrayMath.subtract(upper.x, try SecondOrder.mixedProduct(problem, x, lower.y, p))
    if !lower.multipliers.isEmpty {
      let lambda = Vector(lower.multipliers)
      let shifted = try problem.constraints(x, ArrayMath.add(lower.y, p)).jacobianX
      let moved = Matrix(rows: lower.h.count, cols: x.count, elements: shifted)
      let cross = ArrayMath.subtract(
        Matrix.product(moved, lambda, transpose: true).elements,
        Matrix.product(lower.jacobianX, lambda, transpose: true).elements)
      gradient = ArrayMath.subtract(gradient, cross)
      if !active.isEmpty {
        var full = [Double](repeating: 0, count: lower.h.count)
        for (k, i) in active.enumerated() { full[i] = r[k] }
        let jxr = Matrix.product(lower.jacobianX, Vector(full), transpose: true).elements
        gradient = ArrayMath.subtract(gradient, jxr)
      }
    }
    return (gradient, upper)
  }

  /// r with (J_I H⁻¹J_Iᵀ)·r = rhs; a singular Schur complement means the active rows are dependent.
  private static func schurSolve(_ schur: Matrix, _ rhs: Vector) throws -> [Double] {
    do {
      return try Cholesky(schur).solve(rhs).elements
    } catch {
      throw PluginError(.numerical, "the active constraint rows are linearly dependent (LICQ fails): \(error)")
    }
  }
}
