import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// Per-prompt solvers the transformers are compared with (preconditioned-gd.md §2.4, §3.3–3.4): Σ⁻¹-preconditioned
/// GD with tuned steps and ordinary least squares. Plain GD and CG are the memformer plugin's `icl-gd` and `icl-cg`.
///
/// Both use **all n** context points (the official baselines drop one, common-incontext-regression.md §8) and draw
/// the test set first from the run's stream, so with one seed they see the same test prompts as `lt-pgd`,
/// `lt-pgd-construct`, `icl-gd` and `icl-cg`. Iteration k reports the test loss after k steps (k = 0 is the zero
/// predictor), with the same result keys `test_loss_l<k>` as the transformers' depths.
enum SolverBaselines {
  static let preconditioned = Algorithm(
    id: "icl-pgd",
    name: "Per-prompt Σ⁻¹-preconditioned gradient descent, tuned step",
    summary: "w ← w − η Σ⁻¹ ∇R(w) on each prompt from w = 0, with the best constant (or per-step) η for each k: "
      + "what a sparse transformer with A_l = a_l Σ⁻¹ implements (Theorem 3)",
    provenance: .standard(
      "exact change of variables to GD on Σ^{-1/2}-whitened prompts; on isotropic data equal to GD, which matches "
        + "the reference tables of common-incontext-regression.md §9.2"),
    accepts: [.regressionTasks],
    defaultProblem: "icl-regression",
    defaultMaxIterations: 100,
    parameters: [
      .int("steps", default: 4, in: 1...100, help: "steps k reported (the transformers' layers)"),
      .int("test_size", default: 10_000, in: 1...10_000_000, help: "prompts in the fixed test set"),
      .int("tune_size", default: 10_000, in: 1...10_000_000, help: "prompts used to tune step sizes"),
      .choice(
        "tuning", default: "constant", choices: ["constant", "per-step", "none"],
        help: "constant: best eta per k on the reference grid [0.05, 1.6]; per-step: best eta_1…eta_k (what a "
          + "sparse transformer with A_l = a_l Σ⁻¹ represents); none: step_size"),
      .real("step_size", default: 0.8, above: 0, help: "eta when tuning=none"),
    ]
  ) { run in try runPreconditioned(run, problem: run.problem, parameters: run.parameters) }

  static let leastSquares = Algorithm(
    id: "icl-ols",
    name: "Per-prompt ordinary least squares",
    summary: "The least-squares (minimum-norm when n < d) fit of each prompt's n context points, evaluated on its "
      + "query: the limit of preconditioned GD and the Bayes-optimal predictor without noise for n ≥ d",
    provenance: .standard("LAPACK dgels per prompt; with noise σ its test loss is σ²(1 + d/(n − d − 1)) (tested)"),
    accepts: [.regressionTasks],
    defaultProblem: "icl-regression",
    defaultMaxIterations: 10,
    parameters: [
      .int("test_size", default: 10_000, in: 1...10_000_000, help: "prompts in the fixed test set")
    ]
  ) { run in try runLeastSquares(run, problem: run.problem, parameters: run.parameters) }

  static func runPreconditioned(
    _ run: Run, problem: ProblemInstance, parameters p: ParameterValues
  ) throws {
    let sampler = try problem.regressionTasks()
    let d = sampler.featureDimension
    guard let sigma = try sampler.covariance() else {
      throw PluginError(.invalidArgument, "icl-pgd needs a problem with a fixed covariance Σ (this one has none)")
    }
    let whitening = try PromptWhitening(covariance: Matrix(rows: d, cols: d, elements: sigma).symmetrized())
    let steps = try p.int("steps")
    let tuning = try p.string("tuning")
    let testSet = try PromptBatch.draw(try p.int("test_size"), from: sampler, rng: &run.rng)
    let test = try NormalEquations(whitening.apply(testSet))
    var curve: [TestLoss]
    var stepSizes: [[Double]]
    if tuning == "none" {
      let eta = try p.real("step_size")
      curve = test.losses(.gradientDescent([eta]), steps: steps)
      stepSizes = (1...steps).map { _ in [eta] }
    } else {
      run.progress(0, "tuning step sizes on \(try p.int("tune_size")) prompts")
      let tuneBatch = try PromptBatch.draw(try p.int("tune_size"), from: sampler, rng: &run.rng)
      let tune = try NormalEquations(whitening.apply(tuneBatch))
      let best = StepSizeSearch.bestConstant(tune, steps: steps)
      curve = []
      stepSizes = []
      for k in 1...steps {
        run.progress(Double(k - 1) / Double(steps), "tuning k = \(k)")
        var etas = [best[k - 1].step]
        if tuning == "per-step" {
          etas = StepSizeSearch.bestPerStep(tune, steps: k, start: [Double](repeating: etas[0], count: k))
        }
        curve.append(test.losses(.gradientDescent(etas), steps: k)[k - 1])
        stepSizes.append(etas)
      }
    }
    try run.declareTrace(["test_loss", "ln_test_loss"])
    let zero = TestLoss(squaredErrors: testSet.queryTargets.map { $0 * $0 })
    _ = run.report(iteration: 0, [zero.mean, zero.logMean])
    for k in 1...steps {
      let loss = curve[k - 1]
      try run.result("test_loss_l\(k)", loss.mean)
      try run.result("ln_test_loss_l\(k)", loss.logMean)
      try run.result("test_loss_se_l\(k)", loss.standardError)
      try run.result("step_sizes_l\(k)", vector: stepSizes[k - 1])
      guard run.report(iteration: k, [loss.mean, loss.logMean]) else { return }
    }
    run.finish(.completed, "\(steps) steps on \(testSet.count) test prompts")
  }

  static func runLeastSquares(
    _ run: Run, problem: ProblemInstance, parameters p: ParameterValues
  ) throws {
    let sampler = try problem.regressionTasks()
    let testSet = try PromptBatch.draw(try p.int("test_size"), from: sampler, rng: &run.rng)
    let (d, n) = (testSet.featureDimension, testSet.contextLength)
    var errors: [Double] = []
    errors.reserveCapacity(testSet.count)
    for b in 0..<testSet.count {
      let z = testSet.prompts[b]
      let design = Matrix(rows: n, cols: d) { i, j in z[j, i] }
      let labels = Matrix(rows: n, cols: 1) { i, _ in z[d, i] }
      let w = try design.leastSquares(labels)
      var prediction = 0.0
      for i in 0..<d { prediction += w[i, 0] * z[i, n] }
      errors.append((prediction - testSet.queryTargets[b]) * (prediction - testSet.queryTargets[b]))
    }
    let loss = TestLoss(squaredErrors: errors)
    let zero = TestLoss(squaredErrors: testSet.queryTargets.map { $0 * $0 })
    try run.declareTrace(["test_loss", "ln_test_loss"])
    _ = run.report(iteration: 0, [zero.mean, zero.logMean])
    _ = run.report(iteration: 1, [loss.mean, loss.logMean])
    try run.result("test_loss", loss.mean)
    try run.result("ln_test_loss", loss.logMean)
    try run.result("test_loss_se", loss.standardError)
    run.finish(.completed, "least squares on \(testSet.count) test prompts")
  }
}
