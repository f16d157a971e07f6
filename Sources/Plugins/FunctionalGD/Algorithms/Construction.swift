import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// `fgd-construct`: the hand-built transformer of Proposition 3.1 (functional-gd.md §2.2) run on test prompts and
/// compared, prompt by prompt, with k = L steps of functional GD with the same step sizes.
///
/// The weights are A_ℓ = 0, B_ℓ = C_ℓ = I, r_ℓ = −η_ℓ; the step sizes are given, or tuned exactly as `fgd` tunes
/// them (same draw order: test prompts, then tuning prompts), so on one seed its loss equals `fgd`'s at k = L.
/// `max_abs_difference` is the largest |ŷ_transformer − f_L(x_query)| over the test prompts: the construction is
/// an identity, so it is round-off.
enum Construction {
  static let algorithm = Algorithm(
    id: "fgd-construct",
    name: "Functional-GD transformer (Proposition 3.1 construction)",
    summary: "The kernel-attention transformer with A = 0, B = C = I, r_l = −η_l: deterministic weights that "
      + "implement L steps of functional GD; reports its loss and the largest deviation from functional GD",
    provenance: .reconstructed(
      "Proposition 3.1 as recalled in functional-gd.md §2.2; the identity is checked here per prompt to round-off"),
    accepts: [.regressionTasks],
    defaultProblem: GPPrompts.id,
    defaultMaxIterations: 1,
    parameters: [
      .choice("h", default: "relu", choices: ["linear", "relu", "exp"], help: "the attention non-linearity h"),
      .int("layers", default: 3, in: 1...20, help: "layers L = functional GD steps k"),
      .string(
        "step_sizes", default: "tuned",
        help: "η_1,…,η_L comma-separated, or 'tuned' (coordinate search on tune_size prompts, as fgd)"),
      .int("tune_size", default: 3000, in: 1...1_000_000, help: "prompts on which tuned step sizes are chosen"),
      ProblemSettings.expScaleParameter, ProblemSettings.testSizeParameter,
    ],
    body: { run in
      let sampler = try run.problem.regressionTasks()
      let p = run.parameters
      let h = try ProblemSettings.pointwise(try p.string("h"))
      let (d, n) = (sampler.featureDimension, sampler.contextLength)
      let scale = try ProblemSettings.scoreScale(h, try p.string("exp_scale"), problem: run.problem, dimension: d)
      let layers = try p.int("layers")
      let testSet = try PromptBatch.draw(try p.int("test_size"), from: sampler, rng: &run.rng)
      let etas: [Double]
      let given = try p.string("step_sizes")
      if given == "tuned" {
        let tuneSet = try PromptBatch.draw(try p.int("tune_size"), from: sampler, rng: &run.rng)
        run.progress(0, "tuning \(layers) step sizes")
        let tuning = FunctionalGradientDescent(tuneSet, kernel: h, scale: scale)
        etas = StepSizeTuner.tune(steps: layers) { tuning.finalLoss($0) }
      } else {
        etas = given.split(separator: ",").compactMap { Double(String($0.filter { $0 != " " })) }
        guard etas.count == layers, etas.allSatisfy(\.isFinite) else {
          throw PluginError(
            .invalidArgument, "step_sizes must be 'tuned' or \(layers) comma-separated numbers, got '\(given)'")
        }
      }
      let model = try KernelAttentionTransformer.functionalGradientDescent(
        configuration: KernelAttentionConfiguration(
          featureDimension: d, contextLength: n, layers: layers, nonlinearity: h, scoreScale: scale),
        stepSizes: etas)
      run.progress(0.5, "running the construction on \(testSet.count) prompts")
      let transformer = try model.predictions(testSet)
      let functional = FunctionalGradientDescent(testSet, kernel: h, scale: scale).predictions(etas).last!
      var difference = 0.0
      for (a, b) in zip(transformer, functional) {
        let gap = abs(a - b)
        difference = gap.isNaN ? .infinity : max(difference, gap)
      }
      let loss = TestLoss(squaredErrors: zip(transformer, testSet.queryTargets).map { ($0 - $1) * ($0 - $1) })
      try run.declareTrace(["max_abs_difference", "test_loss", "ln_test_loss"])
      try run.result("max_abs_difference", difference)
      try run.result("test_loss", loss.mean)
      try run.result("ln_test_loss", loss.logMean)
      try run.result("test_loss_se", loss.standardError)
      try run.result("step_sizes", vector: etas)
      _ = run.report(iteration: 0, [difference, loss.mean, loss.logMean])
      run.finish(.completed, "ran the \(layers)-layer construction on \(testSet.count) prompts")
    }
  )
}
