import CatalogueSDK
import Glibc
import LinearAlgebra
import LinearAttention

/// `lt-pgd-construct`: a sparse linear transformer with hand-built weights, evaluated layer by layer next to the
/// preconditioned GD it must equal (preconditioned-gd.md §2.4 "construction mode", §4).
///
/// Constructions: `optimum`, Theorem 1's A₀ for the problem's Σ (one layer); `gd`, A_ℓ = η_ℓ·I; `pgd`,
/// A_ℓ = η_ℓ·Σ⁻¹. Iteration ℓ of the trace is the test loss after ℓ layers. By the equivalence lemma (§5) the model's
/// prediction after every layer equals the weight-space iterate's, prompt by prompt: `prediction_gap` reports the
/// largest relative difference over all prompts and layers, computed independently in weight space.
enum ConstructedTransformer {
  static let algorithm = Algorithm(
    id: "lt-pgd-construct",
    name: "Constructed linear transformer (preconditioned GD by hand)",
    summary: "A sparse linear transformer with hand-built blocks (Theorem 1's A₀, η_l·I or η_l·Σ⁻¹), evaluated after "
      + "each layer and compared prompt by prompt with the preconditioned GD it implements",
    provenance: .reconstructed(
      "equivalence lemma and A₀ re-derived (common-incontext-regression.md §5, preconditioned-gd.md §2.1); η = "
        + "(0.692, 1.719, 0.423) and ln loss −2.012 from the spec's reference tables (§9.3)"),
    accepts: [.regressionTasks],
    defaultProblem: TrainedTransformer.theoremProblem,
    defaultMaxIterations: 100,
    parameters: [
      .choice(
        "construction", default: "gd", choices: ["optimum", "gd", "pgd"],
        help: "optimum: one layer with Theorem 1's A0; gd: A_l = eta_l I; pgd: A_l = eta_l Sigma^-1"),
      .string(
        "steps", default: "0.692,1.719,0.423",
        help: "comma-separated eta_1,…,eta_L (gd, pgd); the default is the spec's tuned 3-step isotropic GD"),
      .int("test_size", default: 10_000, in: 1...10_000_000, help: "prompts in the fixed test set"),
      .string(
        "reference_ln_loss", default: "",
        help: "a reference ln loss for the deepest layer: reports reference_z = (ln loss − reference)/standard error"),
    ]
  ) { run in
    let sampler = try run.problem.regressionTasks()
    let setting = try PromptSetting(problem: run.problem, sampler: sampler)
    try execute(run, sampler: sampler, setting: setting, parameters: run.parameters)
  }

  /// The blocks A_ℓ of the chosen construction.
  static func preconditioners(_ p: ParameterValues, setting: PromptSetting, dimension d: Int) throws -> [Matrix] {
    let construction = try p.string("construction")
    if construction == "optimum" {
      guard let theory = setting.theory else {
        throw PluginError(
          .invalidArgument, "construction=optimum: \(setting.theoryNote ?? "Theorem 1 does not apply")")
      }
      return [try theory.optimalPreconditioner()]
    }
    let text = try p.string("steps")
    let steps = text.split(separator: ",").map { Double($0.filter { !$0.isWhitespace }) }
    guard !steps.isEmpty, steps.count <= 64, steps.allSatisfy({ $0?.isFinite == true }) else {
      throw PluginError(.invalidArgument, "steps must be 1–64 comma-separated numbers like 0.692,1.719, got '\(text)'")
    }
    let base: Matrix
    if construction == "pgd" {
      guard let sigma = setting.covariance else {
        throw PluginError(.invalidArgument, "construction=pgd needs a problem with a fixed covariance Σ")
      }
      base = try Cholesky(sigma).inverse()
    } else {
      base = Matrix.identity(d)
    }
    return steps.map { base * $0! }
  }

  /// The sparse model whose layer ℓ has block `blocks[ℓ]`.
  static func model(_ blocks: [Matrix], dimension d: Int, contextLength n: Int) throws -> LinearTransformer {
    let c = TransformerConfiguration(featureDimension: d, contextLength: n, layers: blocks.count)
    var weights = LinearTransformer.layout(c)
    for (l, a) in blocks.enumerated() { weights.tensors[l].values = a.elements }
    return try LinearTransformer(configuration: c, weights: weights)
  }

  static func execute(
    _ run: Run, sampler: any RegressionTaskSampler, setting: PromptSetting,
    parameters p: ParameterValues
  ) throws {
    let (d, n) = (sampler.featureDimension, sampler.contextLength)
    let blocks = try preconditioners(p, setting: setting, dimension: d)
    let referenceText = try p.string("reference_ln_loss")
    let reference = referenceText.isEmpty ? nil : Double(referenceText)
    guard referenceText.isEmpty || reference?.isFinite == true else {
      throw PluginError(.invalidArgument, "reference_ln_loss must be a number, got '\(referenceText)'")
    }
    let testSet = try PromptBatch.draw(try p.int("test_size"), from: sampler, rng: &run.rng)
    let iterates = (0..<testSet.count).map {
      WeightSpace.memoryRecurrence(testSet, prompt: $0, preconditioners: blocks)
    }
    try run.declareTrace(["test_loss", "ln_test_loss"])
    let zero = TestLoss(squaredErrors: testSet.queryTargets.map { $0 * $0 })
    _ = run.report(iteration: 0, [zero.mean, zero.logMean])
    var gap = 0.0
    var last = zero
    for depth in 1...blocks.count {
      let predictions = try model(Array(blocks[..<depth]), dimension: d, contextLength: n).predictions(testSet)
      for b in 0..<testSet.count {
        let expected = testSet.queryFeatures(b).dot(iterates[b][depth])
        gap = max(gap, abs(predictions[b] - expected) / max(1, abs(expected)))
      }
      last = TestLoss(squaredErrors: zip(predictions, testSet.queryTargets).map { ($0 - $1) * ($0 - $1) })
      try run.result("test_loss_l\(depth)", last.mean)
      try run.result("ln_test_loss_l\(depth)", last.logMean)
      try run.result("test_loss_se_l\(depth)", last.standardError)
      guard run.report(iteration: depth, [last.mean, last.logMean]) else { break }
    }
    try run.result("prediction_gap", gap)
    for (l, a) in blocks.enumerated() { try run.result("preconditioner_\(l)", vector: a.elements) }
    if try p.string("construction") == "optimum", let theory = setting.theory {
      let optimal = try theory.optimalLoss()
      try run.result("closed_form_loss", optimal)
      let z = (last.mean - optimal) / last.standardError
      try run.result("loss_gap_z", z)
      try run.result("loss_gap_abs_z", abs(z))
    }
    if let reference {
      // The standard error of ln(mean) is, to first order, se/mean.
      let z = (last.logMean - reference) / (last.standardError / last.mean)
      try run.result("reference_z", z)
      try run.result("reference_abs_z", abs(z))
    }
    run.finish(.completed, "\(blocks.count) constructed layer(s) on \(testSet.count) test prompts")
  }
}
