import CatalogueSDK
import Glibc
import LinearAttention
import SeededRandom

/// One `lt-train` or `lt-train-mlp` run: trains the model of the settings' variant (the 3-layer linear transformer
/// of parametrisation (b), or the learned-MLP model of §3.2) with fresh prompts every step and records the paper's
/// four measurements along the way (linear-attention-dynamics.md §4.1):
///
/// 1. the test loss on one fixed batch, every `eval_every` steps;
/// 2. the gradient-noise norms ‖g − ḡ‖ at initialisation (`samples.csv`, with a Gaussian reference of the same
///    covariance in `samples_reference.csv`, and the tail statistics as results);
/// 3. R_med = max|H_jj| / median|H_jj| of the test loss every `rmed_every` steps (`r_med.csv`, results `r_med_<t>`);
/// 4. the curvature of the test loss along each step taken, next to ‖∇f(θ_t)‖, for the first `smoothness_steps`
///    steps (`smoothness.csv`, result `smoothness_spearman`).
///
/// The random stream is consumed in a fixed order: the test batch, the initial weights, one seed for the noise
/// measurement's own stream, then one training batch per step. Switching the optimiser or the measurements on or off
/// therefore leaves the test batch, the initialisation and the training batches of a seed unchanged, which is what
/// makes SGDM and Adam comparable seed by seed (R_med at step 0 is the same for both).
struct DynamicsTrainer {
  let settings: DynamicsSettings

  /// The freshly initialised model of the settings' variant for `sampler`'s prompts; the linear one in its
  /// specialised form (``ValueKeyTransformer``).
  func makeModel(_ sampler: any RegressionTaskSampler, rng: inout CatalogueRandom) throws -> any TrainableModel {
    let (d, n) = (sampler.featureDimension, sampler.contextLength)
    switch settings.variant {
    case .linear:
      let model = try LinearTransformer(
        configuration: TransformerConfiguration(
          featureDimension: d, contextLength: n, layers: settings.layers, heads: 1, parametrisation: .valueKey),
        initStd: settings.initStd, rng: &rng)
      return ValueKeyTransformer(model) ?? model
    case .mlp:
      return try FeatureMapTransformer(
        featureDimension: d, contextLength: n, layers: settings.layers, hidden: settings.mlpHidden,
        initStd: settings.initStd, rng: &rng)
    }
  }

  /// Trains until the host's budget ends and records trace, artifacts and results.
  func execute(_ run: Run, sampler: any RegressionTaskSampler) throws {
    let testSet = try PromptBatch.draw(settings.testSize, from: sampler, rng: &run.rng)
    let initial = try makeModel(sampler, rng: &run.rng)
    try train(initial, run, sampler: sampler, testSet: testSet)
  }

  private func train<Model: TrainableModel>(
    _ initial: Model, _ run: Run, sampler: any RegressionTaskSampler, testSet: PromptBatch
  ) throws {
    var model = initial
    var measurementRandom = CatalogueRandom(seed: run.rng.next(), stream: 0)
    if settings.noiseSamples > 0 {
      try recordNoise(model, run, sampler: sampler, rng: &measurementRandom)
    }
    var columns = ["train_loss", "test_loss", "ln_test_loss", "test_grad_norm"]
    if settings.rMedEvery > 0 { columns.append("r_med") }
    if settings.smoothnessSteps > 0 { columns.append("smoothness") }
    try run.declareTrace(columns)

    var optimizer = settings.makeOptimizer()
    var testLoss = BatchLoss(model: model, batch: testSet)
    var workspace = TransformerWorkspace()
    var currentTest = Double.nan
    var gradientNorm = Double.nan
    var rMed = Double.nan
    var smoothness = 0.0
    var rMedRecords: [(step: Int, value: Double)] = []
    var smoothnessRecords: [(step: Int, gradientNorm: Double, smoothness: Double)] = []
    var t = 0
    while true {
      let theta = model.weights.flattened
      let measuresSmoothness = t < settings.smoothnessSteps
      if t % settings.evalEvery == 0 || measuresSmoothness {
        let (loss, gradient) = try testLoss.lossAndGradient(at: theta)
        currentTest = loss
        gradientNorm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
      }
      if settings.measuresRMed(at: t) {
        let diagonal: HessianDiagonal
        do {
          diagonal = try HessianDiagonal.centralDifferences(of: &testLoss, at: theta, step: settings.differenceStep) {
            if Int($0 * 1000) % 100 == 0 { run.progress($0, "R_med at step \(t)") }
            return !run.shouldStop
          }
        } catch let error as PluginError where error.code == .cancelled {
          break
        }
        rMed = diagonal.robustConditionNumber
        rMedRecords.append((t, rMed))
        try run.result("r_med_\(t)", rMed)
        run.log("step \(t): R_med \(rMed), test loss \(currentTest)", level: .info)
      }
      let batch = try PromptBatch.draw(settings.batchSize, from: sampler, rng: &run.rng)
      var (trainLoss, gradient) = try model.lossAndGradient(batch, workspace: &workspace)
      GradientClipping.global(settings.clipNorm).apply(&gradient)
      optimizer.step(&model.weights, gradient: gradient, learningRate: settings.learningRate)
      if measuresSmoothness {
        let direction = zip(model.weights.flattened, theta).map { $0 - $1 }
        if let curvature = try DirectionalSmoothness.along(
          direction, of: &testLoss, at: theta, step: settings.differenceStep)
        {
          smoothness = curvature
          smoothnessRecords.append((t, gradientNorm, curvature))
        }
      }
      var row = [trainLoss, currentTest, currentTest > 0 ? log(currentTest) : -.infinity, gradientNorm]
      if settings.rMedEvery > 0 { row.append(rMed) }
      if settings.smoothnessSteps > 0 { row.append(smoothness) }
      t += 1
      guard run.report(iteration: t - 1, row) else { break }
    }
    let steps = t
    try recordResults(model, run, testSet: testSet, steps: steps)
    try recordRMed(rMedRecords, run)
    try recordSmoothness(smoothnessRecords, run)
  }

  private func recordResults(
    _ model: some TrainableModel, _ run: Run, testSet: PromptBatch, steps: Int
  ) throws {
    var workspace = TransformerWorkspace()
    let final = try model.lossAndGradient(testSet, workspace: &workspace).loss
    try run.result("test_loss", final)
    try run.result("ln_test_loss", log(final))
    try run.result("steps", Double(steps))
    try run.result("learning_rate", settings.learningRate)
    try run.result("clip_norm", settings.clipNorm)
    try run.result("weights", vector: model.weights.flattened)
    run.log(
      "trained \(steps) steps with \(settings.optimizer.rawValue) (lr \(settings.learningRate), clip "
        + "\(settings.clipNorm)): test loss \(final)", level: .info)
  }

  private func recordRMed(_ records: [(step: Int, value: Double)], _ run: Run) throws {
    guard !records.isEmpty else { return }
    try run.result("r_med", vector: records.map(\.value))
    try run.result("r_med_steps", vector: records.map { Double($0.step) })
    let text = "step,r_med\n" + records.map { "\($0.step),\($0.value)\n" }.joined()
    try run.writeArtifact("r_med.csv", bytes: Array(text.utf8))
  }

  /// Spearman's ρ over the points with positive curvature: the notebook plots log(smoothness) against log‖∇f‖, so
  /// negative curvatures become NaN and drop out; the count dropped is a result of its own.
  private func recordSmoothness(
    _ records: [(step: Int, gradientNorm: Double, smoothness: Double)], _ run: Run
  ) throws {
    guard !records.isEmpty else { return }
    let positive = records.filter { $0.smoothness > 0 }
    if let rho = RankCorrelation.spearman(positive.map(\.gradientNorm), positive.map(\.smoothness)) {
      try run.result("smoothness_spearman", rho)
    }
    try run.result("smoothness_points", Double(positive.count))
    try run.result("smoothness_negative", Double(records.count - positive.count))
    let text =
      "step,test_grad_norm,smoothness\n"
      + records.map { "\($0.step),\($0.gradientNorm),\($0.smoothness)\n" }.joined()
    try run.writeArtifact("smoothness.csv", bytes: Array(text.utf8))
  }

  /// The noise histogram at initialisation (`plot_stochastic_noise.ipynb`, scaled down per §4.2).
  private func recordNoise(
    _ model: some TrainableModel, _ run: Run, sampler: any RegressionTaskSampler,
    rng: inout CatalogueRandom
  ) throws {
    let noise = try GradientNoiseSample.measure(
      model, sampler: sampler, batchSize: settings.batchSize, referenceSize: settings.noiseReference,
      count: settings.noiseSamples, rng: &rng
    ) { run.progress($0, "gradient noise at initialisation") }
    let tails = noise.tailComparison(rng: &rng)
    try run.result("noise_hill_index", tails.hillIndex)
    try run.result("noise_hill_index_gaussian", tails.gaussianHillIndex)
    try run.result("noise_tail_ratio", tails.tailRatio)
    try run.result("noise_excess_kurtosis", tails.excessKurtosis)
    try run.result("noise_excess_kurtosis_gaussian", tails.gaussianExcessKurtosis)
    try run.result("noise_excess_kurtosis_gap", tails.excessKurtosis - tails.gaussianExcessKurtosis)
    try run.result("noise_mean_squared_norm", noise.norms.reduce(0) { $0 + $1 * $1 } / Double(noise.norms.count))
    try run.result("noise_covariance_trace", noise.covarianceEigenvalues.reduce(0, +))
    let samples = "noise_norm\n" + noise.norms.map { "\($0)\n" }.joined()
    try run.writeArtifact("samples.csv", bytes: Array(samples.utf8))
    let upper = (noise.norms.max() ?? 1) * 1.2
    let (grid, density) = noise.gaussianDensity(
      lower: 0, upper: upper, bins: 200, count: max(10_000, 50 * settings.noiseSamples), rng: &rng)
    let reference =
      "noise_norm,noise_norm_density\n" + zip(grid, density).map { "\($0.0),\($0.1)\n" }.joined()
    try run.writeArtifact("samples_reference.csv", bytes: Array(reference.utf8))
    run.log(
      "gradient noise at initialisation: Hill index \(tails.hillIndex) vs Gaussian \(tails.gaussianHillIndex), "
        + "excess kurtosis \(tails.excessKurtosis) vs \(tails.gaussianExcessKurtosis)", level: .info)
  }
}
