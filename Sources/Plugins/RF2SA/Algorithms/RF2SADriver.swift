import CatalogueSDK
import SeededRandom

/// The body of `rf2sa` and `rf2sa-stochastic`: reads parameters, runs ``RF2SAIteration`` until the host's budget
/// ends, and writes the trace and results.
///
/// Row k describes xₖ, yₖ, zₖ and λₖ: F(xₖ) and ‖grad F(xₖ)‖ (exact, `grad_norm_sq` too since F²SA's ε refers to
/// the squared norm, spec §9.5), d(zₖ, y*(xₖ)), d(yₖ, y*_λₖ(xₖ)), the schedule, and the largest distance of the
/// three iterates from their manifolds. These metrics are computed without counting their oracle calls; the host
/// counts the method's own calls, and each tracker step is added to `n_inner`. Outputs: the last iterate, and x_R
/// with R drawn with probability ∝ α_R among the iterates a step was taken from (spec §4.3, output).
enum RF2SADriver {
  /// Parameters shared by both variants (the schedule's come from ``StepSchedule``), with the default ξₓ.
  static func commonParameters(xStepRatio: Double) -> [Parameter] {
    [
      .real(
        "xi_x", default: xStepRatio, above: 0, logScale: true,
        help: "ξₓ: the x step is ξₓαₖ (spec §4.3 step 4); with c_α it sets λ₀ and the x step separately"),
      .int("inner_steps", default: 1, in: 1...10_000, help: "T tracker steps per outer step (1 = single loop)"),
      StepMap.parameter,
      .bool(
        "diagnostics", default: true,
        help: "compute F, the exact ‖grad F‖ and tracker distances (false, for timing: only f = f(xₖ, yₖ))"),
    ]
  }

  /// Builds the iteration from a run's parameters.
  static func iteration(
    _ problem: any BilevelProblem, _ parameters: ParameterValues, stochastic: Bool
  ) throws -> RF2SAIteration {
    guard problem.constraintForm == .none else {
      throw PluginError(
        .invalidArgument, "rf2sa handles unconstrained lower levels only; this problem has lower-level constraints")
    }
    let map = try StepMap(parameters)
    return try RF2SAIteration(
      problem: problem,
      manifoldX: VariableManifold(problem.geometryX, dimension: problem.dimensionX, map: map, variable: "x"),
      manifoldY: VariableManifold(problem.geometryY, dimension: problem.dimensionY, map: map, variable: "y"),
      schedule: StepSchedule(parameters), xStepRatio: parameters.real("xi_x"),
      innerSteps: parameters.int("inner_steps"),
      sampler: stochastic ? MinibatchSampler(parameters, problem: problem) : nil)
  }

  /// Runs to the end of the budget.
  static func run(_ run: Run, stochastic: Bool) throws {
    let instance = run.problem
    let parameters = run.parameters
    let problem = try instance.bilevel()
    var iteration = try Self.iteration(problem, parameters, stochastic: stochastic)
    let diagnose = try parameters.bool("diagnostics")
    var diagnostics = BilevelDiagnostics(
      problem: problem, manifoldX: iteration.manifoldX, manifoldY: iteration.manifoldY, start: iteration.y)
    let distances = diagnose && iteration.manifoldY.geometry.hasDistance
    let columns =
      (distances ? ["dist_z", "dist_y"] : []) + ["lambda", "alpha", "gamma"] + (diagnose ? ["manifold_error"] : [])
    var trace = try BilevelTrace(
      run, instance, diagnostics: diagnose, exactGradient: diagnostics.hasExactGradient, extraColumns: columns)
    var output = WeightedReservoir(seedingFrom: run.rng)
    var largestError = 0.0
    while true {
      var extra = ["lambda": iteration.lambda, "alpha": iteration.alpha, "gamma": iteration.gamma]
      var truth: BilevelDiagnostics.Truth?
      var surrogate = Double.nan
      if diagnose {
        truth = try run.uncounted {
          let truth = try diagnostics.truth(iteration.x)
          if distances {
            extra["dist_z"] = try iteration.manifoldY.distance(iteration.z, truth.lowerSolution)
            extra["dist_y"] = try diagnostics.penaltyDistance(iteration.x, iteration.y, lambda: iteration.lambda)
          }
          let error = max(
            try iteration.manifoldX.manifoldError(iteration.x), try iteration.manifoldY.manifoldError(iteration.y),
            try iteration.manifoldY.manifoldError(iteration.z))
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
      output.offer(iteration.x, weight: iteration.alpha, index: iteration.k)
      try iteration.step(&run.rng)
      run.count(.innerStep, iteration.innerSteps)
    }
    try trace.finish(x: iteration.x, y: iteration.y)
    try run.result("z", vector: iteration.z)
    try run.result("lambda_final", iteration.lambda)
    if diagnose { try run.result("max_manifold_error", largestError) }
    if let chosen = output.chosen {
      try run.result("x_random", vector: chosen.point)
      try run.result("random_iteration", Double(chosen.index))
    }
  }
}
