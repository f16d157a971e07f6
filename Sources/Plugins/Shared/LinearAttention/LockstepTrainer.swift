import CatalogueSDK

/// Trains several linear transformers side by side on the same prompts and reports them as one run.
///
/// The papers plot the test loss against the number of layers, one trained model per depth. Training the depths in
/// lockstep gives one trace whose columns are `train_loss_<label>`, `test_loss_<label>` and `ln_test_loss_<label>`
/// per model, one row per training step, and every depth sees exactly the same batches. Row t describes the weights
/// after t updates: its train loss is measured on that step's batch before the update, its test loss is the latest
/// evaluation on the fixed test set (refreshed every `eval_every` steps, so the trace stays deterministic and cheap).
public struct LockstepTrainer {
  /// The models, updated in place.
  public private(set) var models: [LinearTransformer]
  /// Their labels, e.g. `l1`…`l4`.
  public let labels: [String]
  /// The training settings.
  public let options: TrainingOptions
  /// The last training loss of each model.
  public private(set) var trainLosses: [Double]
  /// The latest test loss of each model.
  public private(set) var testLosses: [TestLoss]
  /// Training steps taken.
  public private(set) var steps = 0
  /// The kernel of the forward and backward passes (training and test evaluations).
  public var implementation = PassImplementation.batchedBLAS

  /// Sets up training of `models` (labels must be valid trace-column suffixes).
  public init(models: [LinearTransformer], labels: [String], options: TrainingOptions) {
    precondition(models.count == labels.count, "one label per model")
    self.models = models
    self.labels = labels
    self.options = options
    trainLosses = [Double](repeating: .nan, count: models.count)
    testLosses = []
  }

  /// The trace columns, three per model.
  public var columns: [String] {
    labels.flatMap { ["train_loss_\($0)", "test_loss_\($0)", "ln_test_loss_\($0)"] }
  }

  /// Runs until the host's budget ends: declares the trace, reports every step, and logs the test losses at each
  /// evaluation. Training batches come from `run.rng`, after whatever the caller drew from it.
  public mutating func train(
    run: Run, sampler: any RegressionTaskSampler, testSet: PromptBatch
  ) throws {
    try run.declareTrace(columns)
    var optimizers = models.map { _ in options.makeOptimizer() }
    var workspaces = models.map { _ in TransformerWorkspace(implementation: implementation) }
    var batch: PromptBatch?
    var t = 0
    while true {
      if t % options.resampleEvery == 0 || batch == nil {
        batch = try PromptBatch.draw(options.batchSize, from: sampler, rng: &run.rng)
      }
      let gradients = try models.indices.map { m -> ParameterSet in
        let (loss, gradient) = try models[m].lossAndGradient(batch!, workspace: &workspaces[m])
        trainLosses[m] = loss
        return gradient
      }
      if t % options.evalEvery == 0 {
        testLosses = try models.indices.map { try Self.evaluate(models[$0], on: testSet, workspace: &workspaces[$0]) }
        let summary = zip(labels, testLosses).map { "\($0.0) \(format($0.1.logMean))" }.joined(separator: ", ")
        run.log("step \(t): ln test loss \(summary)", level: .info)
      }
      var row: [Double] = []
      for m in models.indices { row += [trainLosses[m], testLosses[m].mean, testLosses[m].logMean] }
      guard run.report(iteration: t, row) else { break }
      let rate = options.schedule.rate(at: t)
      for m in models.indices {
        var gradient = gradients[m]
        options.clipping.apply(&gradient)
        optimizers[m].step(&models[m].weights, gradient: gradient, learningRate: rate)
      }
      t += 1
      steps = t
    }
    if steps % options.evalEvery != 0 {
      testLosses = try models.indices.map { try Self.evaluate(models[$0], on: testSet, workspace: &workspaces[$0]) }
    }
  }

  /// The test loss of `model` on `testSet`.
  public static func evaluate(_ model: LinearTransformer, on testSet: PromptBatch) throws -> TestLoss {
    var workspace = TransformerWorkspace()
    return try evaluate(model, on: testSet, workspace: &workspace)
  }

  /// ``evaluate(_:on:)`` reusing `workspace`.
  public static func evaluate(
    _ model: LinearTransformer, on testSet: PromptBatch, workspace: inout TransformerWorkspace
  ) throws -> TestLoss {
    let outputs = try model.outputs(testSet, workspace: &workspace)
    return TestLoss(squaredErrors: zip(outputs, testSet.queryTargets).map { ($0 + $1) * ($0 + $1) })
  }

  /// Records the final losses as results: `test_loss_<label>`, `ln_test_loss_<label>`, `test_loss_se_<label>`,
  /// `train_loss_<label>`.
  public func recordResults(_ run: Run) throws {
    for (m, label) in labels.enumerated() {
      try run.result("test_loss_\(label)", testLosses[m].mean)
      try run.result("ln_test_loss_\(label)", testLosses[m].logMean)
      try run.result("test_loss_se_\(label)", testLosses[m].standardError)
      try run.result("train_loss_\(label)", trainLosses[m])
    }
  }
}

/// Four significant digits for log lines.
func format(_ x: Double) -> String {
  guard x.isFinite else { return "\(x)" }
  let scaled = (x * 1000).rounded() / 1000
  return "\(scaled)"
}
