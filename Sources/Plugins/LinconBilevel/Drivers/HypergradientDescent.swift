import CatalogueSDK

/// The outer loop of the official code (spec §5.3): x.grad = v(x); optimizer.step(), once per iteration, with
/// F(x) and the gradient error reported before each step.
enum HypergradientDescent {
  /// Runs until the host's budget ends; records the final point, F and the split timings.
  static func run(_ run: Run, _ estimator: any HypergradientEstimator) throws {
    let problem = try run.problem.bilevel()
    let trace = try HypergradientTrace(
      run, problem, trackError: try run.parameters.bool("track_error"), sharing: estimator.lowerSolver)
    var optimizer = try UpperOptimizer(run.parameters, dimension: problem.dimensionX)
    var x = try problem.initialPoint().x
    var steps = 0
    var stepTime = Stopwatch()
    var stepCPU = Stopwatch()
    while true {
      let start = Stopwatch.now()
      let startCPU = Stopwatch.cpuNow()
      let estimate = try estimator.estimate(at: x, rng: &run.rng)
      let estimated = Stopwatch.now() - start
      let estimatedCPU = Stopwatch.cpuNow() - startCPU
      run.count(.innerStep, estimate.innerSteps)
      guard try trace.report(iteration: steps, x, estimate) else { break }
      let update = Stopwatch.now()
      let updateCPU = Stopwatch.cpuNow()
      optimizer.step(&x, gradient: estimate.gradient)
      stepTime.record(estimated + Stopwatch.now() - update)
      stepCPU.record(estimatedCPU + Stopwatch.cpuNow() - updateCPU)
      steps += 1
    }
    try run.result("f_final", try trace.value(at: x, lower: nil))
    try run.result("x", vector: x)
    try Timings.record(run, estimator.timings, steps: stepTime, cpu: stepCPU, evaluations: steps + 1)
  }
}

/// Split timings in result.json (never in the trace, which must be identical for one seed).
enum Timings {
  /// Each accumulated time as `key` and per oracle evaluation as `key` with `_s` replaced by `_per_step_s`; the
  /// method's own time per step (estimate and update, without the uncounted trace metrics) as `time_step_s`, the
  /// median over the steps after the first, and the first step (which builds the lower-level Hessian) as
  /// `time_first_step_s`; the same two in thread CPU time as `time_step_cpu_s` and `time_first_step_cpu_s`.
  static func record(
    _ run: Run, _ timings: [(key: String, seconds: Double)], steps: Stopwatch, cpu: Stopwatch, evaluations: Int
  ) throws {
    let n = Double(max(evaluations, 1))
    for (key, seconds) in timings {
      try run.result(key, seconds)
      try run.result(String(key.dropLast(2)) + "_per_step_s", seconds / n)
    }
    if steps.count > 0 {
      try run.result("time_step_s", steps.steadyMedian)
      try run.result("time_first_step_s", steps.first)
      try run.result("time_step_cpu_s", cpu.steadyMedian)
      try run.result("time_first_step_cpu_s", cpu.first)
    }
  }
}
