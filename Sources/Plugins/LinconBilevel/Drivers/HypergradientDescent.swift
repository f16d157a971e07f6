import CatalogueSDK

/// The outer loop of the official code (spec §5.3): x.grad = v(x); optimizer.step(), once per iteration, with
/// F(x) and the gradient error reported before each step.
enum HypergradientDescent {
  /// Runs until the host's budget ends; records the final point, F and the split timings.
  static func run(_ session: any RunSession, _ estimator: any HypergradientEstimator) throws {
    let problem = try session.problem.bilevel()
    let trace = try HypergradientTrace(
      session, problem, trackError: try session.parameters.bool("track_error"))
    var optimizer = try UpperOptimizer(session.parameters, dimension: problem.dimensionX)
    var x = try problem.initialPoint().x
    var steps = 0
    var stepTime = Stopwatch()
    while true {
      let start = Stopwatch.now()
      let estimate = try estimator.estimate(at: x, rng: &session.rng)
      let estimated = Stopwatch.now() - start
      session.count(.innerStep, estimate.innerSteps)
      guard try trace.report(iteration: steps, x, estimate) else { break }
      let update = Stopwatch.now()
      optimizer.step(&x, gradient: estimate.gradient)
      stepTime.record(estimated + Stopwatch.now() - update)
      steps += 1
    }
    try session.result("f_final", try trace.value(at: x, lower: nil))
    try session.result("x", vector: x)
    try Timings.record(session, estimator.timings, steps: stepTime, evaluations: steps + 1)
  }
}

/// Split timings in result.json (never in the trace, which must be identical for one seed).
enum Timings {
  /// Each accumulated time as `key` and per oracle evaluation as `key` with `_s` replaced by `_per_step_s`; the
  /// method's own time per step (estimate and update, without the uncounted trace metrics) as `time_step_s`, the
  /// median over the steps after the first, and the first step (which builds the lower-level Hessian) as
  /// `time_first_step_s`.
  static func record(
    _ session: any RunSession, _ timings: [(key: String, seconds: Double)], steps: Stopwatch, evaluations: Int
  ) throws {
    let n = Double(max(evaluations, 1))
    for (key, seconds) in timings {
      try session.result(key, seconds)
      try session.result(String(key.dropLast(2)) + "_per_step_s", seconds / n)
    }
    if steps.count > 0 {
      try session.result("time_step_s", steps.steadyMedian)
      try session.result("time_first_step_s", steps.first)
    }
  }
}
