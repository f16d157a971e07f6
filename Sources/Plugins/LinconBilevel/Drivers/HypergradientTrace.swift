import CatalogueSDK
import LinearAlgebra

/// The trace of the hypergradient methods (spec §7.3): the hyperobjective `f` = F(x) = f(x, y*(x)), `grad_norm`
/// = ‖v‖ of the method's estimate, `grad_error` = ‖v − ∇F(x)‖ against the exact KKT hypergradient at the same x
/// and `grad_error_rel` = that over ‖∇F(x)‖ (only with `track_error`: the host ends a run at the first non-finite
/// value, so untracked columns are left out rather than filled with NaN), and `active` = the rows the estimate
/// treated as active. The host adds the oracle counters (`n_value`, `n_grad`, `n_hvp`, `n_inner`). Everything here
/// is computed uncounted.
final class HypergradientTrace {
  /// The columns with and without the error metric.
  static func columns(trackError: Bool) -> [String] {
    trackError ? ["f", "grad_norm", "grad_error", "grad_error_rel", "active"] : ["f", "grad_norm", "active"]
  }

  let run: Run
  let problem: any BilevelProblem
  let reference: ReferenceHypergradient?
  private let valueSolver: LowerLevelSolver
  /// The method's own lower-level solver, whose H̃ the value solver reuses.
  private let methodSolver: LowerLevelSolver?

  /// Declares the columns; with `trackError` false there are no error columns and no reference is computed.
  /// `sharing` is the method's lower-level solver: F(x) at a point the method did not solve at reuses its H̃.
  init(_ run: Run, _ problem: any BilevelProblem, trackError: Bool, sharing: LowerLevelSolver? = nil) throws {
    self.run = run
    self.problem = problem
    reference = trackError ? try ReferenceHypergradient(problem) : nil
    valueSolver = try LowerLevelSolver(problem)
    methodSolver = sharing
    try run.declareTrace(Self.columns(trackError: trackError))
  }

  /// F(x), from `lower` when it was solved at x, else by a separate solve.
  func value(at x: [Double], lower: LowerLevelPoint?) throws -> Double {
    try run.uncounted {
      if let lower, lower.x == x { return try problem.upperValue(x, lower.y, samples: nil) }
      if let methodSolver { valueSolver.adoptHessian(from: methodSolver) }
      return try problem.upperValue(x, valueSolver.solve(at: x).y, samples: nil)
    }
  }

  /// The row for iterate x with estimate `estimate`; returns whether to continue.
  func report(iteration: Int, _ x: [Double], _ estimate: HypergradientEstimate) throws -> Bool {
    guard ArrayMath.isFinite(estimate.gradient) else {
      throw PluginError(.numerical, "the hypergradient estimate is not finite at iteration \(iteration)")
    }
    var row = [try value(at: x, lower: estimate.lower), ArrayMath.norm(estimate.gradient)]
    if let reference {
      let exact = try run.uncounted { try reference.evaluate(at: x).gradient }
      let error = ArrayMath.distance(estimate.gradient, exact)
      row += [error, error / max(ArrayMath.norm(exact), .leastNormalMagnitude)]
    }
    return run.report(iteration: iteration, row + [Double(estimate.activeCount)])
  }
}
