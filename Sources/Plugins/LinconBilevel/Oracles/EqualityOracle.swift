import CatalogueSDK
import LinearAlgebra

/// Algorithm 1-EQ's fully first-order hypergradient for linear equality constraints (spec §4.2): the exact
/// gradient of F_λ(x) = min_{Y(x)}(f + λg) − λ·min_{Y(x)} g, which is within O(1/λ) of ∇F.
///
/// Steps: y* on Y(x) = {y : h(x, y) = 0}; μ* from the least-squares KKT condition (J_yJ_yᵀ)μ* = −J_y∇_y g(x, y*)
/// (no dual oracle); y_λ = argmin over Y(x) of f + λg; ν_λ from (J_yJ_yᵀ)ν_λ = −J_y[∇_y f + λ∇_y g](x, y_λ); and
///   v = ∇ₓf(x, y_λ) + λ[∇ₓg(x, y_λ) − ∇ₓg(x, y*)] + J_x(x, y_λ)ᵀν_λ − λJ_x(x, y*)ᵀμ*,
/// which for h = Ay + Bx − b is the spec's Bᵀ(ν_λ − λμ*); then the difference ν_λ − λμ* (O(1) although each term
/// is O(λ)) is formed first, as the spec asks, to limit cancellation.
final class EqualityOracle {
  let problem: any BilevelProblem
  /// The penalty λ.
  let lambda: Double
  let lowerSolver: LowerLevelSolver
  let penaltySolver: PenaltySolver
  /// Time in lower-level solves.
  var lowerTime = Stopwatch()
  /// Time in penalty solves.
  var penaltyTime = Stopwatch()

  /// An oracle with penalty λ; the problem must have equality constraints (or none).
  init(_ problem: any BilevelProblem, lambda: Double) throws {
    guard problem.constraintForm != .inequality else {
      throw PluginError(
        .invalidArgument, "f2cba-eq needs equality constraints h(x, y) = 0; use f2cba for inequality constraints")
    }
    self.problem = problem
    self.lambda = lambda
    lowerSolver = try LowerLevelSolver(problem, keepsHessian: true)
    penaltySolver = PenaltySolver(problem)
  }

  /// v(x) and the lower level at x.
  func evaluate(at x: [Double]) throws -> (gradient: [Double], lower: LowerLevelPoint, innerSteps: Int) {
    let lower = try lowerTime.time { try lowerSolver.solve(at: x) }
    let objective = PenaltySolver.Objective(
      gWeight: lambda, bracketMultipliers: nil, penaltyWeight: 0, penaltyRows: [], keepConstraints: true)
    let point = try penaltyTime.time {
      try penaltySolver.solve(
        objective, lower: lower, hessian: lowerSolver.hessian!, hessianVersion: lowerSolver.hessianVersion)
    }
    var v = ArrayMath.axpy(point.upper.x, lambda, ArrayMath.subtract(point.lower.x, lower.gradientX))
    let m = lower.h.count
    if m > 0 {
      let jacobian = lower.jacobianY
      let normal = try SecondOrder.factor(Matrix.gram(jacobian, transpose: true), "J_y J_yᵀ (LICQ)")
      let mu = try normal.solve(Matrix.product(jacobian, Vector(lower.gradientY.map { -$0 }))).elements
      let combined = ArrayMath.axpy(point.upper.y, lambda, point.lower.y)
      let nu = try normal.solve(Matrix.product(jacobian, Vector(combined.map { -$0 }))).elements
      let atPenalty = try lowerSolver.constraintData(x, point.y, m).jacobianX
      if atPenalty == lower.jacobianX {
        let difference = ArrayMath.axpy(nu, -lambda, mu)
        v = ArrayMath.add(v, Matrix.product(atPenalty, Vector(difference), transpose: true).elements)
      } else {
        v = ArrayMath.add(v, Matrix.product(atPenalty, Vector(nu), transpose: true).elements)
        v = ArrayMath.axpy(v, -lambda, Matrix.product(lower.jacobianX, Vector(mu), transpose: true).elements)
      }
    }
    return (v, lower, lower.steps + point.iterations)
  }
}
