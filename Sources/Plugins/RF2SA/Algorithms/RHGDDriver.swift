import CatalogueSDK
import LinearAlgebra

/// The body of `rhgd`. Row k describes xₖ after its lower solve: F(xₖ), the exact ‖grad F(xₖ)‖, d(y, y*(xₖ)) and
/// the error ‖ĝₖ − grad F(xₖ)‖ of the hypergradient it steps with (the quantities logged by andyjm3/rhgd, whose
/// epoch 0 also follows the first lower solve). Lower steps and CG/Neumann iterations are added to `n_inner`.
enum RHGDDriver {
  /// Builds the iteration from a run's parameters.
  static func iteration(_ problem: any BilevelProblem, _ parameters: ParameterValues) throws -> RHGDIteration {
    guard problem.constraintForm == .none else {
      throw PluginError(
        .invalidArgument, "rhgd handles unconstrained lower levels only; this problem has lower-level constraints")
    }
    let map = try StepMap(parameters)
    let exactLower = try parameters.string("lower_solver") == "exact"
    if exactLower && !problem.hasLowerSolution {
      throw PluginError(
        .invalidArgument, "lower_solver=exact needs the problem's closed-form y*(x); this one has none, use gd")
    }
    let method: HypergradientMethod
    switch try parameters.string("hypergradient") {
    case "auto": method = .auto
    case "lyapunov": method = .lyapunov
    case "dense": method = .dense
    case "cg": method = .cg(iterations: try parameters.int("cg_iters"), tolerance: try parameters.real("cg_tol"))
    case "neumann":
      method = .neumann(iterations: try parameters.int("neumann_iters"), step: try parameters.real("neumann_step"))
    case let other:
      throw PluginError(.invalidArgument, "hypergradient=\(other) is not one of auto, lyapunov, dense, cg, neumann")
    }
    return try RHGDIteration(
      problem: problem,
      manifoldX: VariableManifold(problem.geometryX, dimension: problem.dimensionX, map: map, variable: "x"),
      manifoldY: VariableManifold(problem.geometryY, dimension: problem.dimensionY, map: map, variable: "y"),
      stepX: parameters.real("eta_x"), stepY: parameters.real("eta_y"), lowerSteps: parameters.int("lower_iters"),
      exactLower: exactLower, method: method)
  }

  /// Runs to the end of the budget.
  static func run(_ run: Run) throws {
    let instance = run.problem
    let parameters = run.parameters
    let problem = try instance.bilevel()
    var iteration = try Self.iteration(problem, parameters)
    let diagnose = try parameters.bool("diagnostics")
    var diagnostics = BilevelDiagnostics(
      problem: problem, manifoldX: iteration.manifoldX, manifoldY: iteration.manifoldY, start: iteration.y)
    let distance = diagnose && iteration.manifoldY.geometry.hasDistance
    let exact = diagnose && diagnostics.hasExactGradient
    let columns =
      (distance ? ["dist_y"] : []) + (exact ? ["hypergrad_error"] : []) + (diagnose ? ["manifold_error"] : [])
    var trace = try BilevelTrace(
      run, instance, diagnostics: diagnose, exactGradient: diagnostics.hasExactGradient, extraColumns: columns)
    var largestError = 0.0
    while true {
      run.count(.innerStep, try iteration.solveLower())
      let estimate = try iteration.hypergradient()
      run.count(.innerStep, estimate.innerSteps)
      var extra: [String: Double] = [:]
      var truth: BilevelDiagnostics.Truth?
      var surrogate = Double.nan
      if diagnose {
        truth = try run.uncounted {
          let truth = try diagnostics.truth(iteration.x)
          if distance { extra["dist_y"] = try iteration.manifoldY.distance(iteration.y, truth.lowerSolution) }
          if let exact = truth.gradient {
            extra["hypergrad_error"] = try iteration.manifoldX.norm(
              iteration.x, ArrayMath.subtract(estimate.gradient, exact))
          }
          let error = max(
            try iteration.manifoldX.manifoldError(iteration.x), try iteration.manifoldY.manifoldError(iteration.y))
          extra["manifold_error"] = error
          largestError = max(largestError, error)
          return truth
        }
      } else {
        surrogate = try run.uncounted { try problem.upperValue(iteration.x, iteration.y, samples: nil) }
      }
      let proceed = try trace.report(
        iteration: iteration.k, iteration.x, truth: truth, surrogate: surrogate, extra: extra)
      guard proceed else { break }
      try iteration.step(along: estimate)
    }
    try trace.finish(x: iteration.x, y: iteration.y)
    if diagnose { try run.result("max_manifold_error", largestError) }
  }
}
