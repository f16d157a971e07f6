import CatalogueSDK
import LinearAttention

/// Trains one linear transformer with L-BFGS on a single fixed batch, as the official
/// `rotation demonstration-LBFGS.ipynb` does (B = 20,000 prompts never resampled; preconditioned-gd.md §3.2).
///
/// One iteration is one L-BFGS step of the shared ``LBFGS`` (two-loop recursion, Armijo backtracking), which may
/// evaluate the loss several times. The trace has the columns of ``LockstepTrainer`` for one model, and row t
/// describes the weights after t steps. When the line search finds no decrease the run ends as converged.
struct QuasiNewtonTrainer {
  /// The model, updated in place.
  private(set) var model: LinearTransformer
  /// Its label, e.g. `l3`.
  let label: String
  /// L-BFGS memory.
  let history: Int
  /// Prompts in the fixed training batch.
  let batchSize: Int
  /// Steps between test-set evaluations.
  let evalEvery: Int
  /// The loss on the training batch at the current weights.
  private(set) var trainLoss = Double.nan
  /// The latest test loss.
  private(set) var testLoss = TestLoss(mean: .nan, standardError: .nan, count: 0)
  /// L-BFGS steps taken.
  private(set) var steps = 0

  init(model: LinearTransformer, label: String, history: Int, batchSize: Int, evalEvery: Int) {
    self.model = model
    self.label = label
    self.history = history
    self.batchSize = batchSize
    self.evalEvery = evalEvery
  }

  /// Runs until the host's budget ends or the line search stalls. The batch comes from `run.rng` after whatever the
  /// caller drew.
  mutating func train(run: Run, sampler: any RegressionTaskSampler, testSet: PromptBatch) throws {
    try run.declareTrace(["train_loss_\(label)", "test_loss_\(label)", "ln_test_loss_\(label)"])
    let batch = try PromptBatch.draw(batchSize, from: sampler, rng: &run.rng)
    let layout = model.weights
    let configuration = model.configuration
    var workspace = TransformerWorkspace()
    func objective(_ point: [Double]) throws -> (value: Double, gradient: [Double]) {
      let candidate = try LinearTransformer(configuration: configuration, weights: layout.replacing(flattened: point))
      let (loss, gradient) = try candidate.lossAndGradient(batch, workspace: &workspace)
      return (loss, gradient.flattened)
    }
    var method = LBFGS(history: history)
    var x = layout.flattened
    var (value, gradient) = try objective(x)
    var t = 0
    while true {
      model.weights = layout.replacing(flattened: x)
      trainLoss = value
      if t % evalEvery == 0 {
        testLoss = try LockstepTrainer.evaluate(model, on: testSet, workspace: &workspace)
        run.log("step \(t): train loss \(value), ln test loss \(testLoss.logMean)", level: .info)
      }
      guard run.report(iteration: t, [value, testLoss.mean, testLoss.logMean]) else { break }
      guard try method.step(&x, value: &value, gradient: &gradient, objective: objective) else {
        run.finish(.converged, "L-BFGS: no decrease along the search direction after \(t) steps")
        break
      }
      t += 1
      steps = t
    }
    if steps % evalEvery != 0 { testLoss = try LockstepTrainer.evaluate(model, on: testSet, workspace: &workspace) }
  }
}
