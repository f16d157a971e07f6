import CatalogueSDK
import Glibc
import LinearAlgebra
import LinearAttention

/// The two per-prompt baselines of the (data kernel × h) grid (functional-gd.md §2.5, §5): k steps of functional
/// GD with tuned step sizes, and the Bayes-optimal posterior mean.
///
/// Both draw their test prompts first from the run's stream (``ProblemSettings/testSizeParameter``), as the trained
/// model does, so on one seed every algorithm of the grid is scored on the same prompts.
enum Baselines {
  static let fgd = Algorithm(
    id: "fgd",
    name: "Functional gradient descent (tuned steps)",
    summary: "k steps of functional GD in the RKHS of K(u,v) = h(α⟨u,v⟩) from f₀ = 0 on each prompt's context, "
      + "per-step sizes tuned by coordinate search on separate prompts: what the Proposition 3.1 transformer computes",
    provenance: .reconstructed(
      "the update is Proposition 3.1 as recalled in functional-gd.md §2.2 (no official code); step sizes tuned as "
        + "in the spec's reference table (§5.1), on a separate tuning batch"),
    accepts: [.regressionTasks],
    defaultProblem: GPPrompts.id,
    defaultMaxIterations: 100,
    parameters: [
      .choice("h", default: "relu", choices: ["linear", "relu", "exp"], help: "the kernel h of the functional GD"),
      .int("steps", default: 3, in: 1...20, help: "functional GD steps k (one trace row and result set per k)"),
      .int("tune_size", default: 3000, in: 1...1_000_000, help: "prompts on which the step sizes are tuned"),
      ProblemSettings.expScaleParameter, ProblemSettings.testSizeParameter,
    ],
    body: { run in
      let sampler = try run.problem.regressionTasks()
      let p = run.parameters
      let h = try ProblemSettings.pointwise(try p.string("h"))
      let scale = try ProblemSettings.scoreScale(
        h, try p.string("exp_scale"), problem: run.problem, dimension: sampler.featureDimension)
      let testSet = try PromptBatch.draw(try p.int("test_size"), from: sampler, rng: &run.rng)
      let tuneSet = try PromptBatch.draw(try p.int("tune_size"), from: sampler, rng: &run.rng)
      let tuning = FunctionalGradientDescent(tuneSet, kernel: h, scale: scale)
      let testing = FunctionalGradientDescent(testSet, kernel: h, scale: scale)
      try run.declareTrace(["test_loss", "ln_test_loss"])
      let steps = try p.int("steps")
      for k in 1...steps {
        run.progress(Double(k - 1) / Double(steps), "tuning \(k) step size(s)")
        let etas = StepSizeTuner.tune(steps: k) { tuning.finalLoss($0) }
        let loss = testing.losses(etas).last!
        try run.result("test_loss_l\(k)", loss.mean)
        try run.result("ln_test_loss_l\(k)", loss.logMean)
        try run.result("test_loss_se_l\(k)", loss.standardError)
        try run.result("step_sizes_l\(k)", vector: etas)
        if k == steps {
          try run.result("test_loss", loss.mean)
          try run.result("ln_test_loss", loss.logMean)
        }
        guard run.report(iteration: k - 1, [loss.mean, loss.logMean]) else { break }
      }
      run.finish(.completed, "tuned and tested 1–\(steps) functional GD steps on \(testSet.count) prompts")
    }
  )

  static let gpBayes = Algorithm(
    id: "gp-bayes",
    name: "Gaussian-process posterior mean (Bayes optimal)",
    summary: "The posterior mean k_qᵀ K_c⁻¹ y_c with K_c, k_q the blocks of the joint covariance that generated the "
      + "labels (K₊ of all n+1 points for ReLU data): the optimal predictor and the grid's Bayes line",
    provenance: .reconstructed(
      "Proposition 3.4 as recalled in functional-gd.md §2.3; the joint-K₊ blocks for ReLU data follow §6 (the "
        + "unofficial figure1.py's context-only K₊ is not the Bayes predictor)"),
    accepts: [.regressionTasks],
    defaultProblem: GPPrompts.id,
    defaultMaxIterations: 1,
    parameters: [
      .choice(
        "kernel", default: "problem", choices: ["problem", "linear", "relu", "exp"],
        help: "the data kernel (problem: the one a gp-prompts instance publishes)"),
      .real("jitter", default: -1, help: "diagonal jitter (< 0: the problem's, else 1e-8)"),
      ProblemSettings.expScaleParameter, ProblemSettings.testSizeParameter,
    ],
    body: { run in
      let sampler = try run.problem.regressionTasks()
      let p = run.parameters
      let kernel = try ProblemSettings.dataKernel(try p.string("kernel"), problem: run.problem)
      let scale = try ProblemSettings.scoreScale(
        kernel.attention, try p.string("exp_scale"), problem: run.problem, dimension: sampler.featureDimension)
      let given = try p.real("jitter")
      let jitter = given >= 0 ? given : run.problem.reference("jitter") ?? 1e-8
      let testSet = try PromptBatch.draw(try p.int("test_size"), from: sampler, rng: &run.rng)
      run.progress(0, "posterior means of \(testSet.count) prompts")
      let (errors, variances) = try GPPosterior.evaluate(testSet, kernel: kernel, scale: scale, jitter: jitter)
      let loss = TestLoss(squaredErrors: errors)
      try run.declareTrace(["test_loss", "ln_test_loss", "posterior_variance"])
      let variance = variances.reduce(0, +) / Double(max(variances.count, 1))
      try run.result("test_loss", loss.mean)
      try run.result("ln_test_loss", loss.logMean)
      try run.result("test_loss_se", loss.standardError)
      try run.result("posterior_variance", variance)
      try run.result("ln_posterior_variance", Glibc.log(variance))
      _ = run.report(iteration: 0, [loss.mean, loss.logMean, variance])
      run.finish(.completed, "posterior means of \(testSet.count) test prompts")
    }
  )
}
