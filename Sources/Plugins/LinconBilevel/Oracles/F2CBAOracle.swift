import CatalogueSDK
import LinearAlgebra

/// The 1-INEQ-HG hypergradient oracle ("F2CBA", spec §4.3), read line by line against `main.py` (commit d5b8025)
/// of the official code for the toy.
///
/// At x: solve the lower level for (y*, λ*); pick the active rows I = {i : |hᵢ| < τ_h, λ*ᵢ > τ_λ}; minimise the
/// penalised Lagrangian
///   L(y) = f(x, y) + α₁[g(x, y) + λ*ᵀh(x, y) − g(x, y*) − λ*ᵀh(x, y*)] + (α₂/2)‖h_I(x, y)‖²
/// with y*, λ* frozen, over all y by default (the paper's oracle, and in effect the official code, whose penalty
/// problem gets the constraint list of another cvxpy variable); and return its x-gradient
///   v = ∇ₓf(x, y_α) + α₁[∇ₓg(x, y_α) − ∇ₓg(x, y*)] + α₁(J_x(x, y_α) − J_x(x, y*))ᵀλ* + α₂ J_{x,I}(x, y_α)ᵀh_I(x, y_α).
/// With `keepConstraints` (this catalogue's variant) L is minimised over h ≤ 0 and v gains J_x(x, y_α)ᵀν for the
/// penalty problem's own multipliers ν (the envelope theorem for the constrained problem); that term is zero on the
/// toy (J_x = 0), where v is 0.02x + α₁P(y_α − y*) in both forms.
final class F2CBAOracle {
  /// The weights and thresholds.
  struct Settings {
    /// α₁ (α⁻² in the code).
    var alpha1: Double
    /// α₂ (α⁻⁴ in the code).
    var alpha2: Double
    /// τ_h.
    var tauH: Double
    /// τ_λ.
    var tauLambda: Double
    /// Keep h ≤ 0 in the penalty subproblem.
    var keepConstraints: Bool
  }

  /// One evaluation.
  struct Estimate {
    /// v(x).
    var gradient: [Double]
    /// The lower level at x.
    var lower: LowerLevelPoint
    /// |I|.
    var activeCount: Int
    /// SQP steps of the lower level plus penalty iterations.
    var innerSteps: Int
  }

  let problem: any BilevelProblem
  let settings: Settings
  let lowerSolver: LowerLevelSolver
  let penaltySolver: PenaltySolver
  /// Time spent in lower-level solves.
  var lowerTime = Stopwatch()
  /// Time spent in penalty solves.
  var penaltyTime = Stopwatch()

  /// An oracle for `problem`.
  init(_ problem: any BilevelProblem, settings: Settings) throws {
    self.problem = problem
    self.settings = settings
    lowerSolver = try LowerLevelSolver(problem, keepsHessian: true)
    penaltySolver = PenaltySolver(problem)
  }

  /// v(x), spec §4.3 steps 1–5.
  func evaluate(at x: [Double]) throws -> Estimate {
    let lower = try lowerTime.time { try lowerSolver.solve(at: x) }
    let rows = lower.penaltyRows(tauH: settings.tauH, tauLambda: settings.tauLambda)
    let objective = PenaltySolver.Objective(
      gWeight: settings.alpha1, bracketMultipliers: lower.multipliers, penaltyWeight: settings.alpha2,
      penaltyRows: rows, keepConstraints: settings.keepConstraints)
    let point = try penaltyTime.time {
      try penaltySolver.solve(
        objective, lower: lower, hessian: lowerSolver.hessian!, hessianVersion: lowerSolver.hessianVersion)
    }
    var v = point.upper.x
    v = ArrayMath.axpy(v, settings.alpha1, ArrayMath.subtract(point.lower.x, lower.gradientX))
    let m = lower.h.count
    if m > 0 {
      let data = try lowerSolver.constraintData(x, point.y, m)
      let lambda = Vector(lower.multipliers)
      let moved = Matrix.product(data.jacobianX, lambda, transpose: true).elements
      let frozen = Matrix.product(lower.jacobianX, lambda, transpose: true).elements
      v = ArrayMath.axpy(v, settings.alpha1, ArrayMath.subtract(moved, frozen))
      if !rows.isEmpty {
        var residual = [Double](repeating: 0, count: m)
        for i in rows { residual[i] = data.h[i] }
        v = ArrayMath.axpy(
          v, settings.alpha2, Matrix.product(data.jacobianX, Vector(residual), transpose: true).elements)
      }
      if settings.keepConstraints && !point.multipliers.isEmpty {
        v = ArrayMath.add(v, Matrix.product(data.jacobianX, Vector(point.multipliers), transpose: true).elements)
      }
    }
    return Estimate(gradient: v, lower: lower, activeCount: rows.count, innerSteps: lower.steps + point.iterations)
  }
}
