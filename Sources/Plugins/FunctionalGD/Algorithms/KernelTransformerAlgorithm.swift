import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// `kernel-transformer`: the non-linear-attention transformer trained on in-context regression prompts
/// (functional-gd.md §2.1, §3, §4).
///
/// The random stream is consumed in a fixed order — the test set first (the same prompts the baselines of this
/// plugin score on one seed), then the initial weights, then the training minibatches — so a seed reproduces a run.
enum KernelTransformerAlgorithm {
  static let defaultSteps = 3000

  /// The shared training parameters with this plugin's defaults: Adam with PyTorch's β = (0.9, 0.999) (the
  /// unofficial code), global clipping at 1, a minibatch redrawn every 10 steps (the paper's protocol), initial noise
  /// N(0, 0.1²). The learning rate is 0.01 halved every 1000 steps rather than the unofficial 10⁻³ for 20,000 steps:
  /// the CPU plan has 3000 steps, and at 10⁻³ the relu model is still far from 3-step functional GD after 700.
  static let training: [Parameter] = {
    let overrides: [Parameter] = [
      .real("beta1", default: 0.9, min: 0, below: 1, help: "Adam β₁ (PyTorch default, as the unofficial code)"),
      .real("beta2", default: 0.999, min: 0, below: 1, help: "Adam β₂ (PyTorch default, as the unofficial code)"),
      .choice(
        "clip", default: "global", choices: ["per-matrix", "global", "none"],
        help: "gradient clipping: all parameters together (the paper's 'gradient clipping'), per tensor, or none"),
      .real("clip_norm", default: 1, above: 0, logScale: true, help: "clipping threshold"),
      .real("init_std", default: 0.1, min: 0, logScale: true, help: "standard deviation of the initial weights"),
    ]
    return TrainingOptions.parameters(learningRate: 0.01, decayEvery: 1000, resampleEvery: 10).map { p in
      overrides.first { $0.id == p.id } ?? p
    }
  }()

  /// Adds the identity to every B and C block: the attention then starts as the kernel h(⟨xᵢ, xⱼ⟩) of the
  /// Proposition 3.1 construction with r ≈ 0 (the zero predictor), instead of a random bilinear form.
  static func identityKeys(_ weights: ParameterSet, d: Int) -> ParameterSet {
    var out = weights
    for index in out.tensors.indices
    where out.tensors[index].name.hasPrefix("B.") || out.tensors[index].name.hasPrefix("C.") {
      for i in 0..<d { out.tensors[index].values[i * (d + 1)] += 1 }
    }
    return out
  }

  static let algorithm = Algorithm(
    id: "kernel-transformer",
    name: "Kernel-attention transformer (trained)",
    summary: "L-layer transformer with attention h(B x_i, C x_j), h ∈ {linear, relu, exp, softmax}, keys and "
      + "queries from the X rows only, trained with Adam on in-context regression prompts",
    provenance: .reconstructed(
      "model as recalled in functional-gd.md §2.1 (keys/queries from X only, full mask, 1/n, V = blockdiag(A, r)); "
        + "Adam β = (0.9, 0.999), clipping and resampling every 10 steps from the paper's text and the "
        + "unofficial ObliviateRickLin/transformer-kernel-icl; softmax axis and 1/n on softmax are flags"),
    accepts: [.regressionTasks],
    defaultProblem: GPPrompts.id,
    defaultMaxIterations: defaultSteps,
    parameters: [
      .choice(
        "h", default: "relu", choices: AttentionNonlinearity.allCases.map(\.rawValue),
        help: "attention non-linearity h(u,v): linear ⟨u,v⟩, relu, exp, or softmax (normalised exp)"),
      .int("layers", default: 3, in: 1...12, help: "layers L"),
      .int("heads", default: 1, in: 1...8, help: "attention heads per layer (outputs summed)"),
      .choice(
        "softmax_axis", default: "keys", choices: SoftmaxAxis.allCases.map(\.rawValue),
        help: "softmax normalised over the n context keys per query (spec) or over the queries per key (unofficial)"),
      .bool("softmax_scale_by_n", default: true, help: "also apply the 1/n factor on top of a softmax"),
      .choice(
        "init", default: "identity", choices: ["identity", "random"],
        help: "identity: B = C = I plus N(0, init_std²) noise (A, r noise only); random: every entry N(0, init_std²)"),
      ProblemSettings.expScaleParameter,
      .string(
        "weights", default: "",
        help: "evaluate the model in this weights.txt (from a kernel-transformer run folder) instead of training"),
    ] + training + LearningRateSchedule.parameters,
    body: { run in
      let sampler = try run.problem.regressionTasks()
      let p = run.parameters
      let name = try p.string("h")
      guard let h = AttentionNonlinearity(rawValue: name) else {
        throw PluginError(.invalidArgument, "h must be linear, relu, exp or softmax, got '\(name)'")
      }
      guard let axis = SoftmaxAxis(rawValue: try p.string("softmax_axis")) else {
        throw PluginError(.invalidArgument, "softmax_axis must be keys or queries")
      }
      let configuration = KernelAttentionConfiguration(
        featureDimension: sampler.featureDimension, contextLength: sampler.contextLength, layers: try p.int("layers"),
        heads: try p.int("heads"), nonlinearity: h, softmaxAxis: axis,
        scaleSoftmaxByN: try p.bool("softmax_scale_by_n"),
        scoreScale: try ProblemSettings.scoreScale(
          h, try p.string("exp_scale"), problem: run.problem, dimension: sampler.featureDimension))
      let options = try TrainingOptions(p)
      let testSet = try PromptBatch.draw(options.testSize, from: sampler, rng: &run.rng)
      let weightsPath = try p.string("weights")
      if !weightsPath.isEmpty {
        try evaluate(KernelWeightsArchive.read(path: weightsPath), run, sampler: sampler, testSet: testSet)
        return
      }
      var model = try KernelAttentionTransformer(configuration: configuration, initStd: options.initStd, rng: &run.rng)
      if try p.string("init") == "identity" {
        model.weights = identityKeys(model.weights, d: configuration.featureDimension)
      }
      var trainer = KernelTrainer(
        model: model, options: options, schedule: try LearningRateSchedule(p, options: options))
      try trainer.train(run: run, sampler: sampler, testSet: testSet)
      let loss = trainer.testLoss
      let layers = configuration.layers
      for suffix in ["", "_l\(layers)"] {
        try run.result("test_loss\(suffix)", loss.mean)
        try run.result("ln_test_loss\(suffix)", loss.logMean)
      }
      try run.result("test_loss_se", loss.standardError)
      try run.result("train_loss", trainer.trainLoss)
      try run.result("steps", Double(trainer.steps))
      try run.result("skipped_steps", Double(trainer.skippedSteps))
      try run.result("score_scale", configuration.scoreScale)
      let values = (0..<layers).map { trainer.model.weights["r.\($0).0"]!.values[0] }
      try run.result("r_head0", vector: values)
      let archive = KernelWeightsArchive(
        metadata: [
          ("algorithm", "kernel-transformer"), ("steps", "\(trainer.steps)"), ("train_loss", "\(trainer.trainLoss)"),
          ("ln_test_loss", "\(loss.logMean)"),
        ], model: trainer.model)
      try run.writeArtifact("weights.txt", bytes: archive.bytes)
      run.log(
        "trained \(trainer.steps) steps (h = \(h.rawValue), L = \(layers)); ln test loss \(loss.logMean)", level: .info)
    }
  )

  /// Evaluates a saved model on this run's test set (drawn first from the run's stream, as in training, so the same
  /// seed and problem reproduce the training run's final test loss exactly): one trace row and the training run's
  /// result keys. The file's configuration (h, layers, heads, flags, score scale) is the model's; d and n must
  /// match the problem.
  static func evaluate(
    _ archive: KernelWeightsArchive, _ run: Run, sampler: any RegressionTaskSampler, testSet: PromptBatch
  ) throws {
    let c = archive.model.configuration
    guard c.featureDimension == sampler.featureDimension, c.contextLength == sampler.contextLength else {
      throw PluginError(
        .invalidArgument,
        "weights: the model was trained for d = \(c.featureDimension), n = \(c.contextLength); the problem has "
          + "d = \(sampler.featureDimension), n = \(sampler.contextLength): pass the same -p d= and -p n=")
    }
    try run.declareTrace(["test_loss", "ln_test_loss"])
    run.progress(0, "evaluating the saved model (h = \(c.nonlinearity.rawValue)) on \(testSet.count) prompts")
    var workspace = KernelAttentionWorkspace()
    let loss = try KernelTrainer.evaluate(archive.model, on: testSet, workspace: &workspace)
    _ = run.report(iteration: 0, [loss.mean, loss.logMean])
    for suffix in ["", "_l\(c.layers)"] {
      try run.result("test_loss\(suffix)", loss.mean)
      try run.result("ln_test_loss\(suffix)", loss.logMean)
    }
    try run.result("test_loss_se", loss.standardError)
    try run.result("score_scale", c.scoreScale)
    run.finish(.completed, "evaluated saved weights (h = \(c.nonlinearity.rawValue), L = \(c.layers))")
  }
}
