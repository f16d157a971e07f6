import CatalogueSDK
import Glibc
import LinearAttention
import SeededRandom

/// One `lt-gap` run: the Adam model and the SGDM model of one seed trained side by side, so the gap between the two
/// optimisers is a result of a single run (linear-attention-dynamics.md §4.1 items 1 and 5: the gap, and its growth
/// with heavier-tailed covariates, compared across problems by `catalogue reproduce`).
///
/// The random stream is consumed exactly as `lt-train` consumes it (test batch, initial weights, the measurement
/// seed, then one batch per step), and both models see every batch: each model's trajectory is, bit for bit, that of
/// `lt-train` with the same seed and that optimiser, at the cost of one batch draw per step instead of two.
struct GapTrainer {
  /// Adam's settings, then SGDM's; they differ only in the optimiser and its learning rate.
  let settings: [DynamicsSettings]

  /// Trains until the host's budget ends; trace `train_loss_<opt>`, `test_loss_<opt>` and `ln_gap` =
  /// ln(test loss of Adam / test loss of SGDM); results `test_loss_<opt>`, `adam_sgdm_ratio`, `ln_adam_sgdm_ratio`.
  func execute(_ run: Run, sampler: any RegressionTaskSampler) throws {
    let labels = settings.map(\.optimizer.rawValue)
    let testSet = try PromptBatch.draw(settings[0].testSize, from: sampler, rng: &run.rng)
    let initial = try DynamicsTrainer(settings: settings[0]).makeModel(sampler, rng: &run.rng)
    _ = run.rng.next()
    var models = settings.map { _ in initial }
    var optimizers = settings.map { $0.makeOptimizer() }
    var workspace = TransformerWorkspace()
    try run.declareTrace(labels.map { "train_loss_\($0)" } + labels.map { "test_loss_\($0)" } + ["ln_gap"])
    var testLosses = [Double](repeating: .nan, count: models.count)
    var t = 0
    while true {
      if t % settings[0].evalEvery == 0 {
        for k in models.indices {
          testLosses[k] = try models[k].lossAndGradient(testSet, workspace: &workspace).loss
        }
      }
      let batch = try PromptBatch.draw(settings[0].batchSize, from: sampler, rng: &run.rng)
      var trainLosses: [Double] = []
      for k in models.indices {
        var (loss, gradient) = try models[k].lossAndGradient(batch, workspace: &workspace)
        GradientClipping.global(settings[k].clipNorm).apply(&gradient)
        optimizers[k].step(&models[k].weights, gradient: gradient, learningRate: settings[k].learningRate)
        trainLosses.append(loss)
      }
      t += 1
      guard run.report(iteration: t - 1, trainLosses + testLosses + [log(testLosses[0] / testLosses[1])]) else {
        break
      }
    }
    var finals: [Double] = []
    for k in models.indices {
      let loss = try models[k].lossAndGradient(testSet, workspace: &workspace).loss
      finals.append(loss)
      try run.result("test_loss_\(labels[k])", loss)
    }
    try run.result("adam_sgdm_ratio", finals[0] / finals[1])
    try run.result("ln_adam_sgdm_ratio", log(finals[0] / finals[1]))
    try run.result("steps", Double(t))
    run.log(
      "trained \(t) steps: test loss Adam \(finals[0]) (lr \(settings[0].learningRate)), SGDM \(finals[1]) (lr "
        + "\(settings[1].learningRate)), ratio \(finals[0] / finals[1])", level: .info)
  }
}
