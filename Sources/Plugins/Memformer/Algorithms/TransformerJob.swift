import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom

/// One run of a transformer algorithm: train one model per depth side by side, or evaluate saved weights.
///
/// The random stream is consumed in a fixed order — the test set first (so every algorithm of this plugin run with
/// one seed, baselines included, is tested on the same prompts), then the initial weights depth by depth, then the
/// training batches — so a seed reproduces a run exactly.
struct TransformerJob {
  /// The algorithm id, recorded in the weights file.
  let algorithm: String
  /// Depths trained, e.g. [1, 2, 3, 4].
  let depths: [Int]
  /// The configuration of the deepest model (the others differ only in `layers`).
  let configuration: TransformerConfiguration
  let options: TrainingOptions
  /// A weights file to evaluate instead of training, or nil.
  let weightsPath: String?

  /// Reads the shared parameters plus the algorithm's memory.
  init(algorithm: String, parameters p: ParameterValues, sampler: any RegressionTaskSampler, memory: MemoryKind) throws
  {
    self.algorithm = algorithm
    let layers = try p.int("layers")
    depths = try p.bool("all_depths") ? Array(1...layers) : [layers]
    let parametrisationName = try p.string("parametrisation")
    guard let parametrisation = AttentionParametrisation(rawValue: parametrisationName) else {
      throw PluginError(.invalidArgument, "parametrisation must be sparse, value-key or unconstrained")
    }
    guard let blocks = BlockShape(rawValue: try p.string("preconditioner")) else {
      throw PluginError(.invalidArgument, "preconditioner must be full or scalar")
    }
    configuration = TransformerConfiguration(
      featureDimension: sampler.featureDimension, contextLength: sampler.contextLength, layers: layers,
      heads: try p.int("heads"), parametrisation: parametrisation, blocks: blocks, memory: memory)
    try configuration.validate()
    guard let trainingProtocol = TrainingProtocol(rawValue: try p.string("protocol")) else {
      throw PluginError(.invalidArgument, "protocol must be catalogue or official")
    }
    options = trainingProtocol.apply(to: try TrainingOptions(p))
    let path = try p.string("weights")
    weightsPath = path.isEmpty ? nil : path
  }

  /// Trains (or evaluates) and records results.
  func execute(_ run: Run, sampler: any RegressionTaskSampler) throws {
    let testSet = try PromptBatch.draw(options.testSize, from: sampler, rng: &run.rng)
    if let weightsPath {
      try evaluate(WeightsArchive.read(path: weightsPath), run, sampler: sampler, testSet: testSet)
      return
    }
    var models: [LinearTransformer] = []
    for depth in depths {
      var c = configuration
      c.layers = depth
      models.append(try LinearTransformer(configuration: c, initStd: options.initStd, rng: &run.rng))
    }
    var trainer = LockstepTrainer(models: models, labels: depths.map { "l\($0)" }, options: options)
    trainer.implementation = .tinyBlocks
    try trainer.train(run: run, sampler: sampler, testSet: testSet)
    try trainer.recordResults(run)
    try run.result("steps", Double(trainer.steps))
    for (label, model) in zip(trainer.labels, trainer.models) { try Self.recordCoefficients(model, label, run) }
    let archive = WeightsArchive(
      metadata: try metadata(sampler, steps: trainer.steps),
      models: Array(zip(trainer.labels, trainer.models)).map { (label: $0.0, model: $0.1) })
    try run.writeArtifact("weights.txt", bytes: archive.bytes)
    let deepest = trainer.testLosses.last!
    run.log("trained \(trainer.steps) steps; ln test loss at \(depths.last!) layers: \(deepest.logMean)", level: .info)
  }

  /// Evaluates saved models on this run's test set: one trace row (iteration 0) and the same result keys as a
  /// training run.
  func evaluate(
    _ archive: WeightsArchive, _ run: Run, sampler: any RegressionTaskSampler, testSet: PromptBatch
  ) throws {
    for (label, model) in archive.models {
      let c = model.configuration
      guard c.featureDimension == sampler.featureDimension, c.contextLength == sampler.contextLength else {
        throw PluginError(
          .invalidArgument,
          "weights model \(label) was trained for d = \(c.featureDimension), n = \(c.contextLength); the problem has "
            + "d = \(sampler.featureDimension), n = \(sampler.contextLength): pass the same -p d= and -p n=")
      }
      guard c.memory.name == configuration.memory.name else {
        throw PluginError(
          .invalidArgument,
          "weights hold \(c.memory.name) models (from \(archive.meta("algorithm") ?? "another algorithm")); "
            + "evaluate them with that algorithm")
      }
    }
    if let saved = archive.meta("covariance")?.split(separator: " ").compactMap({ Double($0) }),
      let current = try sampler.covariance(), saved.count == current.count,
      zip(saved, current).contains(where: { abs($0 - $1) > 1e-12 * max(1, abs($1)) })
    {
      run.log(
        "the weights were trained on a different covariance (another seed or problem); evaluating out of distribution",
        level: .warning)
    }
    let labels = archive.models.map(\.label)
    try run.declareTrace(labels.flatMap { ["test_loss_\($0)", "ln_test_loss_\($0)"] })
    var row: [Double] = []
    for (index, (label, model)) in archive.models.enumerated() {
      run.progress(Double(index) / Double(archive.models.count), "evaluating \(label) on \(testSet.count) prompts")
      var workspace = TransformerWorkspace(implementation: .tinyBlocks)
      let loss = try LockstepTrainer.evaluate(model, on: testSet, workspace: &workspace)
      row += [loss.mean, loss.logMean]
      try run.result("test_loss_\(label)", loss.mean)
      try run.result("ln_test_loss_\(label)", loss.logMean)
      try run.result("test_loss_se_\(label)", loss.standardError)
      try Self.recordCoefficients(model, label, run)
    }
    _ = run.report(iteration: 0, row)
    run.finish(.completed, "evaluated \(archive.models.count) saved model(s) on \(testSet.count) test prompts")
  }

  /// Learned scalars worth reading off a run: γ and α of the CG memory, scalar steps a_ℓ, scalar gates.
  static func recordCoefficients(_ model: LinearTransformer, _ label: String, _ run: Run) throws {
    if let gamma = model.weights["gamma"] { try run.result("gamma_\(label)", vector: gamma.values) }
    if let alpha = model.weights["alpha"] { try run.result("alpha_\(label)", vector: alpha.values) }
    let c = model.configuration
    if c.blocks == .scalar, let preconditioners = model.effectivePreconditioners {
      try run.result("step_\(label)", vector: preconditioners.map { $0[0, 0] })
    }
    if case .lfom(_, .scalar) = c.memory {
      let gates = model.weights.tensors.filter { $0.name.hasPrefix("gate.") }.map { $0.values[0] }
      try run.result("gates_\(label)", vector: gates)
    }
  }

  private func metadata(_ sampler: any RegressionTaskSampler, steps: Int) throws -> [(key: String, value: String)] {
    var meta: [(key: String, value: String)] = [
      ("algorithm", algorithm), ("steps", "\(steps)"), ("d", "\(sampler.featureDimension)"),
      ("n", "\(sampler.contextLength)"), ("noise", "\(sampler.noiseStd)"),
    ]
    if let sigma = try sampler.covariance() {
      meta.append(("covariance", sigma.map { "\($0)" }.joined(separator: " ")))
    }
    return meta
  }
}
