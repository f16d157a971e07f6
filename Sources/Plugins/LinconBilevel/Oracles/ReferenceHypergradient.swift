import CatalogueSDK

/// The exact hyperobjective F(x) = f(x, y*(x)) and hypergradient ∇F(x), for the trace's error metric (spec §7.3:
/// the gradient error against the exact gradient at the same x, not across two runs as the paper's analysis does).
///
/// It keeps its own lower-level solver with the exact Hessian at every x, so computing the metric never changes the
/// state (warm starts, metrics) of the method being measured: a run gives the same trace with or without it.
final class ReferenceHypergradient {
  let problem: any BilevelProblem
  private let solver: LowerLevelSolver

  /// A reference for `problem`.
  init(_ problem: any BilevelProblem) throws {
    self.problem = problem
    solver = try LowerLevelSolver(problem, exactHessian: true)
  }

  /// F(x), ∇F(x) and the lower level at x.
  func evaluate(at x: [Double]) throws -> (value: Double, gradient: [Double], lower: LowerLevelPoint) {
    let lower = try solver.solve(at: x)
    let (gradient, _) = try KKTHypergradient.compute(problem, lower, factor: solver.factor!)
    let value = try problem.upperValue(x, lower.y, samples: nil)
    return (value, gradient, lower)
  }
}
