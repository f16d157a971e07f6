import CatalogueSDK
import LinearAlgebra
import LinearAttention
import SeededRandom

/// One `lt-pgd` run: train one model (or one per depth 1…L side by side), then read the theorems off the weights.
///
/// The random stream is consumed in a fixed order — the test set first (so `icl-pgd`, `icl-ols` and the memformer
/// plugin's `icl-gd` and `icl-cg` run with the same seed are tested on the same prompts), then the initial weights
/// depth by depth, then the training batches — so a seed reproduces the run exactly.
struct TrainingJob {
  /// Depths trained, e.g. [3] or [1, 2, 3, 4].
  let depths: [Int]
  /// The configuration of the deepest model.
  let configuration: TransformerConfiguration
  let options: TrainingOptions
  /// Train with L-BFGS on one fixed batch instead of Adam on fresh batches.
  let quasiNewton: Bool
  /// L-BFGS memory.
  let history: Int

  init(parameters p: ParameterValues, sampler: any RegressionTaskSampler) throws {
    let layers = try p.int("layers")
    depths = try p.bool("all_depths") ? Array(1...layers) : [layers]
    let name = try p.string("parametrisation")
    guard let parametrisation = AttentionParametrisation(rawValue: name), parametrisation != .unconstrained else {
      throw PluginError(.invalidArgument, "parametrisation must be sparse or value-key, got '\(name)'")
    }
    quasiNewton = try p.bool("lbfgs")
    history = try p.int("lbfgs_history")
    if quasiNewton && depths.count > 1 {
      throw PluginError(.invalidArgument, "lbfgs=true trains one model: set all_depths=false")
    }
    configuration = TransformerConfiguration(
      featureDimension: sampler.featureDimension, contextLength: sampler.contextLength, layers: layers,
      heads: try p.int("heads"), parametrisation: parametrisation)
    try configuration.validate()
    options = try TrainingOptions(p)
  }

  /// Trains and records the losses, every layer's preconditioner and its distances to the theory.
  func execute(_ run: Run, sampler: any RegressionTaskSampler, setting: PromptSetting) throws {
    let testSet = try PromptBatch.draw(options.testSize, from: sampler, rng: &run.rng)
    var models: [LinearTransformer] = []
    for depth in depths {
      var c = configuration
      c.layers = depth
      models.append(try LinearTransformer(configuration: c, initStd: options.initStd, rng: &run.rng))
    }
    let initial = models
    let labels = depths.map { "l\($0)" }
    var testLosses: [TestLoss]
    if quasiNewton {
      var trainer = QuasiNewtonTrainer(
        model: models[0], label: labels[0], history: history, batchSize: options.batchSize,
        evalEvery: options.evalEvery)
      try trainer.train(run: run, sampler: sampler, testSet: testSet)
      models = [trainer.model]
      testLosses = [trainer.testLoss]
      try run.result("test_loss_\(labels[0])", trainer.testLoss.mean)
      try run.result("ln_test_loss_\(labels[0])", trainer.testLoss.logMean)
      try run.result("test_loss_se_\(labels[0])", trainer.testLoss.standardError)
      try run.result("train_loss_\(labels[0])", trainer.trainLoss)
      try run.result("steps", Double(trainer.steps))
    } else {
      var trainer = LockstepTrainer(models: models, labels: labels, options: options)
      try trainer.train(run: run, sampler: sampler, testSet: testSet)
      try trainer.recordResults(run)
      try run.result("steps", Double(trainer.steps))
      models = trainer.models
      testLosses = trainer.testLosses
    }
    if let note = setting.theoryNote { run.log("closed form not reported: \(note)", level: .info) }
    for (m, label) in labels.enumerated() {
      let model = models[m]
      let report = try PreconditionerReport(model, covariance: setting.covariance)
      try report.record(label, model: model, testSet: testSet, run: run)
      if configuration.parametrisation == .valueKey {
        try recordValueBlocks(label, model: model, initial: initial[m], run: run)
      }
      if model.configuration.layers == 1, let theory = setting.theory {
        try recordClosedForm(label, report: report, test: testLosses[m], theory: theory, run: run)
      }
    }
    let archive = WeightsArchive(
      metadata: [("algorithm", "lt-pgd"), ("optimizer", quasiNewton ? "lbfgs" : options.optimizer.rawValue)],
      models: Array(zip(labels, models)).map { (label: $0.0, model: $0.1) })
    try run.writeArtifact("weights.txt", bytes: archive.bytes)
  }

  /// Theorem 1: `closed_form_loss`, `closed_form_distance_<label>` = ‖A − A*‖_F/‖A*‖_F, the learned block's exact
  /// population loss `population_loss_<label>` with `excess_loss_ratio_<label>` = (L(A) − L*)/L*, and `loss_gap_z_<label>` = (test loss − L*)/(its standard error)
  /// with its absolute value `loss_gap_abs_z_<label>` (claims bound it, so tolerances come from the measured error).
  private func recordClosedForm(
    _ label: String, report: PreconditionerReport, test: TestLoss, theory: OneLayerTheory, run: Run
  ) throws {
    let optimum = try theory.optimalPreconditioner()
    let optimalLoss = try theory.optimalLoss()
    let distance = PreconditionerGeometry.relativeDistance(report.preconditioners[0], to: optimum)
    try run.result("closed_form_loss", optimalLoss)
    try run.result("closed_form_preconditioner", vector: optimum.elements)
    try run.result("closed_form_distance_\(label)", distance)
    let population = theory.loss(preconditioner: report.preconditioners[0])
    try run.result("population_loss_\(label)", population)
    try run.result("excess_loss_ratio_\(label)", (population - optimalLoss) / optimalLoss)
    let z = (test.mean - optimalLoss) / test.standardError
    try run.result("loss_gap_z_\(label)", z)
    try run.result("loss_gap_abs_z_\(label)", abs(z))
    run.log(
      "one layer: ‖A − A*‖/‖A*‖ = \(distance), test loss \(test.mean) ± \(test.standardError), L* = \(optimalLoss)",
      level: .info)
  }

  /// Parametrisation (b): the distance to identity of B_ℓ for ℓ < L − 1, and how far the last layer's B moved from
  /// its initial value (exactly 0: it only writes covariate rows the loss never reads, spec §4 corrections).
  private func recordValueBlocks(
    _ label: String, model: LinearTransformer, initial: LinearTransformer, run: Run
  ) throws {
    let c = model.configuration
    let d = c.featureDimension
    let blocks = (0..<c.layers).map { l in Matrix(rows: d, cols: d, elements: model.weights["B.\(l).0"]!.values) }
    let distances = blocks.dropLast().map(PreconditionerGeometry.identityDistance)
    try run.result("value_identity_distance_\(label)", vector: distances)
    if let worst = distances.max() { try run.result("max_value_identity_distance_\(label)", worst) }
    var moved = 0.0
    for h in 0..<c.heads {
      let name = "B.\(c.layers - 1).\(h)"
      for (a, b) in zip(model.weights[name]!.values, initial.weights[name]!.values) { moved = max(moved, abs(a - b)) }
    }
    try run.result("last_value_block_change_\(label)", moved)
  }
}
