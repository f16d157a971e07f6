import CatalogueSDK
import Glibc
import LinearAttention

/// Per-prompt first-order methods on the same prompts as the transformers: the curves the Memformer is compared
/// with (memformer.md §3, common-incontext-regression.md §9).
///
/// Each prompt's risk R(w) = (1/2n)·Σ_{i≤n} (⟨w, xᵢ⟩ − yᵢ)² uses **all n** context points (the official baselines
/// use n − 1, §8) and the 1/n-normalised gradient (the code's step sizes are for the unnormalised one; multiply them
/// by n). Iteration k reports the test loss after k steps from w₀ = 0, k = 0…steps. Step sizes are tuned for each k
/// on a separate tuning set drawn after the test set, which is the same test set a transformer run of the same
/// seed uses.
enum PromptBaselines {
  static let shared: [Parameter] = [
    .int("steps", default: 4, in: 1...100, help: "steps k reported (the transformers' layers)"),
    .int("test_size", default: 10_000, in: 1...10_000_000, help: "prompts in the fixed test set"),
    .int("tune_size", default: 10_000, in: 1...10_000_000, help: "prompts used to tune step sizes"),
  ]

  static let momentumParameters: [Parameter] = [
    .choice(
      "tuning", default: "constant", choices: ["constant", "none"],
      help: "constant: best step for each k on a geometric grid over [0.01, 2]; none: use step_size"),
    .real("momentum", default: 0.9, min: 0, below: 1, help: "momentum β (the code's 0.9)"),
  ]

  static let cg = Algorithm(
    id: "icl-cg",
    name: "Per-prompt conjugate gradient",
    summary: "Linear CG on each prompt's least squares (exact line search, Fletcher–Reeves β) over all n points",
    provenance: .standard(
      "exact after d steps (test loss 0 without noise); matches the reference table of "
        + "common-incontext-regression.md §9.2 within Monte Carlo error"),
    accepts: [.regressionTasks],
    defaultProblem: RegressionPrompts.id,
    defaultMaxIterations: 100,
    parameters: shared
  ) { run in try execute(run, method: "cg") }

  static let gd = Algorithm(
    id: "icl-gd",
    name: "Per-prompt gradient descent, tuned step",
    summary: "GD on each prompt's least squares from w = 0 with the best constant (or per-step) step for each k",
    provenance: .standard("matches the GD columns of the reference table (common-incontext-regression.md §9.2)"),
    accepts: [.regressionTasks],
    defaultProblem: RegressionPrompts.id,
    defaultMaxIterations: 100,
    parameters: shared + [
      .choice(
        "tuning", default: "constant", choices: ["constant", "per-step", "none"],
        help: "constant: best η per k on the reference grid; per-step: best η_1…η_k (what a scalar sparse "
          + "transformer represents); none: step_size"),
      .real("step_size", default: 0.8, above: 0, help: "η when tuning=none (normalised gradient)"),
    ]
  ) { run in try execute(run, method: "gd") }

  static let heavyBall = Algorithm(
    id: "icl-heavy-ball",
    name: "Per-prompt heavy-ball momentum",
    summary: "Polyak momentum w ← w − η∇R(w) + β(w − w_prev) on each prompt, step tuned per k",
    provenance: .standard(
      "linear recurrence checked against its closed form; the code's η = 0.005 on the "
        + "unnormalised gradient is step_size = 0.1 here"),
    accepts: [.regressionTasks],
    defaultProblem: RegressionPrompts.id,
    defaultMaxIterations: 100,
    parameters: shared + momentumParameters + [
      .real("step_size", default: 0.1, above: 0, help: "η when tuning=none (the code's 0.005 × n)")
    ]
  ) { run in try execute(run, method: "heavy-ball") }

  static let nesterov = Algorithm(
    id: "icl-nesterov",
    name: "Per-prompt Nesterov momentum",
    summary: "Nesterov's method v = w + β(w − w_prev), w ← v − η∇R(v) on each prompt, step tuned per k",
    provenance: .standard(
      "linear recurrence checked against its closed form; the code's η = 0.03 on the "
        + "unnormalised gradient is step_size = 0.6 here"),
    accepts: [.regressionTasks],
    defaultProblem: RegressionPrompts.id,
    defaultMaxIterations: 100,
    parameters: shared + momentumParameters + [
      .real("step_size", default: 0.6, above: 0, help: "η when tuning=none (the code's 0.03 × n)")
    ]
  ) { run in try execute(run, method: "nesterov") }

  /// The geometric grid over [0.01, 2] used to tune the momentum methods (80 points).
  static let momentumGrid: [Double] = (0..<80).map { 0.01 * pow(200, Double($0) / 79) }

  /// Runs a baseline on `problem`: test set first (the transformers' test set for the same seed), then the tuning
  /// set, then one trace row per step.
  static func execute(
    _ run: Run, problem: ProblemInstance, parameters p: ParameterValues, method: String
  ) throws {
    let sampler = try problem.regressionTasks()
    let steps = try p.int("steps")
    let momentum = method == "heavy-ball" || method == "nesterov" ? try p.real("momentum") : 0
    let tuning = method == "cg" ? "none" : try p.string("tuning")
    let testSet = try PromptBatch.draw(try p.int("test_size"), from: sampler, rng: &run.rng)
    let test = try NormalEquations(testSet)
    var curve: [TestLoss]
    var stepSizes: [[Double]] = []
    if method == "cg" {
      curve = test.losses(.conjugateGradient, steps: steps)
    } else if tuning == "none" {
      let eta = try p.real("step_size")
      curve = test.losses(makeMethod(method, eta, momentum), steps: steps)
      stepSizes = (1...steps).map { _ in [eta] }
    } else {
      run.progress(0, "tuning step sizes on \(try p.int("tune_size")) prompts")
      let tuneSet = try NormalEquations(try PromptBatch.draw(try p.int("tune_size"), from: sampler, rng: &run.rng))
      let grid = method == "gd" ? StepSizeSearch.referenceGrid : momentumGrid
      let best = StepSizeSearch.bestConstant(tuneSet, steps: steps, grid: grid) { makeMethod(method, $0, momentum) }
      curve = []
      for k in 1...steps {
        run.progress(Double(k - 1) / Double(steps), "tuning k = \(k)")
        var etas = [best[k - 1].step]
        if tuning == "per-step" {
          etas = StepSizeSearch.bestPerStep(tuneSet, steps: k, start: [Double](repeating: etas[0], count: k))
        }
        let chosen = etas.count == 1 ? makeMethod(method, etas[0], momentum) : .gradientDescent(etas)
        curve.append(test.losses(chosen, steps: k)[k - 1])
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
      if !stepSizes.isEmpty { try run.result("step_sizes_l\(k)", vector: stepSizes[k - 1]) }
      guard run.report(iteration: k, [loss.mean, loss.logMean]) else { return }
    }
    run.finish(.completed, "\(steps) steps on \(testSet.count) test prompts")
  }

  static func execute(_ run: Run, method: String) throws {
    try execute(run, problem: run.problem, parameters: run.parameters, method: method)
  }

  /// The method `method` with step η and momentum β.
  static func makeMethod(_ method: String, _ eta: Double, _ momentum: Double) -> FirstOrderMethod {
    switch method {
    case "heavy-ball": .heavyBall(step: eta, momentum: momentum)
    case "nesterov": .nesterov(step: eta, momentum: momentum)
    default: .gradientDescent([eta])
    }
  }
}
