import CatalogueSDK
import LinearAttention

/// The training loop of a ``KernelAttentionTransformer`` on the shared module's pieces (``TrainingOptions``, its
/// optimiser, clipping and schedule, ``TestLoss``): one trace row per Adam step with the loss of
/// that step's minibatch before the update and the latest test loss (refreshed every `eval_every` steps on the
/// fixed test set, so the trace is deterministic and cheap). A fresh minibatch is drawn every `resample_every` steps.
struct KernelTrainer {
  /// The model, updated in place.
  private(set) var model: KernelAttentionTransformer
  let options: TrainingOptions
  /// The learning rate per step (the options' step decay, or the unofficial warm-up and linear decay).
  let schedule: LearningRateSchedule
  private(set) var trainLoss = Double.nan
  private(set) var testLoss = TestLoss(mean: .nan, standardError: .nan, count: 0)
  private(set) var steps = 0
  /// Updates skipped because the minibatch gradient was not finite (see ``train(run:sampler:testSet:)``).
  private(set) var skippedSteps = 0

  init(model: KernelAttentionTransformer, options: TrainingOptions, schedule: LearningRateSchedule? = nil) {
    self.model = model
    self.options = options
    self.schedule = schedule ?? .step(options.schedule)
  }

  static let columns = ["train_loss", "test_loss", "ln_test_loss"]

  /// Trains until the host's budget ends; training batches come from `run.rng` after whatever the caller drew.
  mutating func train(run: Run, sampler: any RegressionTaskSampler, testSet: PromptBatch) throws {
    try run.declareTrace(Self.columns)
    var optimizer = options.makeOptimizer()
    var workspace = KernelAttentionWorkspace()
    var batch: PromptBatch?
    var t = 0
    while true {
      if t % options.resampleEvery == 0 || batch == nil {
        batch = try PromptBatch.draw(options.batchSize, from: sampler, rng: &run.rng)
      }
      let (loss, gradient) = try model.lossAndGradient(batch!, workspace: &workspace)
      trainLoss = loss
      if t % options.evalEvery == 0 {
        testLoss = try Self.evaluate(model, on: testSet, workspace: &workspace)
        run.log("step \(t): ln test loss \(testLoss.logMean)", level: .info)
      }
      guard run.report(iteration: t, [trainLoss, testLoss.mean, testLoss.logMean]) else { break }
      guard loss.isFinite else {
        throw PluginError(.numerical, "the training loss is \(loss) at step \(t); lower learning_rate or clip_norm")
      }
      if !update(with: gradient, optimizer: &optimizer, step: t) {
        run.log("step \(t): the gradient is not finite; update skipped", level: .warning)
      }
      t += 1
      steps = t
    }
    if steps % options.evalEvery != 0 {
      testLoss = try Self.evaluate(model, on: testSet, workspace: &workspace)
    }
  }

  /// Clips `gradient` and takes one optimiser step at step `t`'s learning rate; returns false, leaving the weights
  /// and the optimiser's moments as they were, when the gradient is not finite.
  ///
  /// A gradient with an infinite entry (exp attention can overflow on a rare prompt) would become NaN under
  /// clipping (∞·0) and poison every weight; the step is skipped instead and counted in `skippedSteps`. With finite
  /// gradients training is unchanged.
  mutating func update(with gradient: ParameterSet, optimizer: inout any ParameterOptimizer, step t: Int) -> Bool {
    guard gradient.norm.isFinite else {
      skippedSteps += 1
      return false
    }
    var clipped = gradient
    options.clipping.apply(&clipped)
    optimizer.step(&model.weights, gradient: clipped, learningRate: schedule.rate(at: t))
    return true
  }

  /// The test loss of `model` on `testSet`.
  static func evaluate(
    _ model: KernelAttentionTransformer, on testSet: PromptBatch, workspace: inout KernelAttentionWorkspace
  ) throws -> TestLoss {
    let outputs = try model.outputs(testSet, workspace: &workspace)
    return TestLoss(squaredErrors: zip(outputs, testSet.queryTargets).map { ($0 + $1) * ($0 + $1) })
  }
}
