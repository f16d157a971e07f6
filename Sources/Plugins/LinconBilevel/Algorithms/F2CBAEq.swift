import CatalogueSDK
import LinearAlgebra

/// `f2cba-eq`: Algorithm 1-EQ (spec §4.2), the fully first-order hypergradient for linear equality constraints,
/// with gradient descent x ← x − η v(x) on top, stopping once ‖v‖ ≤ ε/2.
enum F2CBAEq {
  static let algorithm = Algorithm(
    id: "f2cba-eq",
    name: "F2CBA for linear equality constraints (Algorithm 1-EQ)",
    summary: "Value-function penalty hypergradient with least-squares multipliers for h(x, y) = 0, gradient descent",
    provenance: .reconstructed(
      "Reconstructed from the paper's statement (value-function penalty, envelope theorem, no dual oracle) in the "
        + "spec's notation: the multiplier-corrected formula v = ∇ₓf(y_λ) + λ[∇ₓg(y_λ) − ∇ₓg(y*)] + "
        + "Bᵀ(ν_λ − λμ*) was checked numerically (error O(1/λ)), not against code, which has no equality "
        + "experiment. The default λ, step size and stopping rule are this catalogue's choices, not the paper's."),
    accepts: [.bilevel],
    needs: [.euclidean],
    defaultProblem: "lincon-eq",
    defaultMaxIterations: 500,
    parameters: [
      .real("lambda", default: 1000, above: 0, logScale: true, help: "penalty λ (theory: Θ(1/ε)); error O(1/λ)"),
      .real("step_size", default: 1, above: 0, logScale: true, help: "gradient step η (theory: 1/L_F)"),
      .real("epsilon", default: 1e-4, min: 0, logScale: true, help: "stop once ‖v(x)‖ ≤ ε/2 (0: never)"),
      F2CBAParameters.trackError,
    ] + F2CBAParameters.innerSolver
  ) { run in try body(run) }

  static func body(_ run: Run) throws {
    let problem = try run.problem.bilevel()
    let parameters = run.parameters
    let oracle = try EqualityOracle(problem, lambda: try parameters.real("lambda"))
    try F2CBAParameters.configure(oracle.penaltySolver, parameters)
    let estimator = EqualityEstimator(oracle)
    let eta = try parameters.real("step_size")
    let epsilon = try parameters.real("epsilon")
    let trace = try HypergradientTrace(
      run, problem, trackError: try parameters.bool("track_error"), sharing: oracle.lowerSolver)
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
      if ArrayMath.norm(estimate.gradient) <= epsilon / 2 {
        run.finish(.converged, "‖v(x)‖ ≤ ε/2 = \(epsilon / 2)")
        break
      }
      let update = Stopwatch.now()
      let updateCPU = Stopwatch.cpuNow()
      x = ArrayMath.axpy(x, -eta, estimate.gradient)
      stepTime.record(estimated + Stopwatch.now() - update)
      stepCPU.record(estimatedCPU + Stopwatch.cpuNow() - updateCPU)
      steps += 1
    }
    try run.result("f_final", try trace.value(at: x, lower: nil))
    try run.result("x", vector: x)
    try Timings.record(run, estimator.timings, steps: stepTime, cpu: stepCPU, evaluations: steps + 1)
  }
}
