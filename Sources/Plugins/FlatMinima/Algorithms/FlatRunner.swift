import CatalogueSDK

/// The body RS and SA share: read the parameters, run ``FlatSearch`` with the method's perturbation, report every
/// iterate, stop at an optional target on a trace column, and record the results.
enum FlatRunner {
  /// The parameters both methods add to ``FlatSettings``'s: the stopping target and the fallback trace estimator.
  static let commonParameters: [Parameter] = [
    .real("target", default: 0, min: 0, help: "stop once target_metric ≤ target, recording iters_to_target (0 = off)"),
    .string("target_metric", default: "trace_norm", help: "the trace column the target applies to"),
    .int(
      "hutchinson_probes", default: 10, in: 0...100_000, unit: "probes",
      help: "probes for a Hutchinson trace_norm column on problems that lack one (0 = none)"),
  ]

  /// Runs the method with perturbation `rule` on the run's problem.
  static func run(_ run: Run, rule: Perturbation) throws {
    let f = try run.problem.objective()
    let settings = try FlatSettings(run.parameters)
    if case .sharpnessAware(let batchSize, _) = rule, batchSize > 0 && f.sampleCount == 0 {
      throw PluginError(
        .invalidArgument, "batch_size=\(batchSize) needs a finite-sum problem; this one has no samples (use 0)")
    }
    if case .sharpnessAware(let batchSize, _) = rule, batchSize > f.sampleCount && f.sampleCount > 0 {
      throw PluginError(
        .invalidArgument, "batch_size=\(batchSize) exceeds the problem's \(f.sampleCount) samples; use at most that")
    }
    let target = try run.parameters.real("target")
    let targetMetric = try run.parameters.string("target_metric")
    // Always drawn, so the method's random stream does not depend on the options.
    let probeSeed = run.rng.next()
    let trace = try FlatTrace(
      run, f, probes: try run.parameters.int("hutchinson_probes"), probeSeed: probeSeed)
    var targetColumn: Int? = nil
    if target > 0 {
      guard let column = trace.columns.firstIndex(of: targetMetric) else {
        let columns = trace.columns.joined(separator: ", ")
        throw PluginError(
          .invalidArgument, "target_metric=\(targetMetric) is not a trace column here; use one of \(columns)")
      }
      targetColumn = column
    }
    var targetIteration: Int? = nil
    var lastIteration = 0
    let search = FlatSearch(function: f, rule: rule, settings: settings)
    let outcome = try search.run(rng: &run.rng) { iterate in
      lastIteration = iterate.iteration
      let (proceed, row) = try trace.report(iterate)
      if let targetColumn, row[targetColumn] <= target {
        targetIteration = iterate.iteration
        return false
      }
      return proceed
    }
    try run.result("f_final", try run.uncounted { try f.value(outcome.point) })
    try run.result("x", vector: outcome.point)
    try run.result("x_last", vector: outcome.last)
    try run.result("x_random", vector: outcome.random)
    if outcome.maxValue.isFinite { try run.result("f_max", outcome.maxValue) }
    try run.result("perturbed_steps", Double(outcome.perturbedSteps))
    if target > 0 {
      // Not reached: the iterations run, a lower bound, so a ratio claim against this run stays conservative.
      try run.result("iters_to_target", Double(targetIteration ?? lastIteration))
      try run.result("target_reached", targetIteration == nil ? 0 : 1)
      if let targetIteration {
        run.finish(.converged, "\(targetMetric) ≤ \(target) at iteration \(targetIteration)")
        return
      }
    }
    switch outcome.ending {
    case .converged: run.finish(.converged, "final gradient descent reached ‖∇f‖ < \(settings.finalTolerance)")
    case .completed:
      run.finish(
        .completed, "schedule finished: \(settings.steps) steps\(settings.finalDescent ? " and final GD" : "")")
    case .stopped: break
    }
  }
}
