import CatalogueSDK
import LinearAttention

/// The settings of one `lt-train` run: the official training protocol (linear-attention-dynamics.md §3.4) and the
/// cadence of the four measurements (§4.1, scaled down as in §4.2).
struct DynamicsSettings: Sendable, Equatable {
  /// The two optimisers the paper compares.
  enum Optimizer: String, Sendable, CaseIterable {
    /// AdamW with weight decay 0, i.e. Adam with bias correction.
    case adam
    /// SGD with heavy-ball momentum.
    case sgdm
  }

  /// Which model is trained: the paper's linear transformer, or the non-linear variant with a learned MLP.
  enum Variant: Sendable, Equatable {
    /// Parametrisation (b), learning rates from ``LearningRateTable``.
    case linear
    /// Learned ReLU MLP + parametrisation (c); Adam 0.01, SGDM 0.05, clipping 1 (`nonlinear_regression.ipynb`).
    case mlp
  }

  var variant = Variant.linear
  var optimizer = Optimizer.adam
  var learningRate = 0.02
  var clipNorm = 1.0
  var beta1 = 0.9
  var beta2 = 0.9
  var momentum = 0.9
  var layers = 3
  var initStd = 0.05
  var batchSize = 1000
  var testSize = 1000
  var evalEvery = 50
  var rMedEvery = 250
  var rMedUntil = 1250
  var smoothnessSteps = 500
  var noiseSamples = 0
  var noiseReference = 20_000
  var differenceStep = 1e-4
  var mlpHidden = 30

  /// The parameter schema. Learning rate and clipping threshold default to 0, which means "the official value for
  /// this optimiser and covariate mode" (``LearningRateTable``).
  static func parameters(_ variant: Variant) -> [Parameter] {
    let linear = variant == .linear
    return [
      .choice(
        "optimizer", default: "adam", choices: Optimizer.allCases.map(\.rawValue),
        help: "adam: AdamW(β₁, β₂), weight decay 0; sgdm: SGD with momentum"),
      .real(
        "learning_rate", default: 0, min: 0,
        help: "0: the official table (normal n=5: sgdm .01/adam .005; n=20: .02/.02; sphere: 5/.1; gamma: .02/.02)"),
      .real(
        "clip_norm", default: 0, min: 0, help: "global-norm clipping threshold for both optimisers; 0: 1, sphere 0.1"),
      .real("beta1", default: 0.9, min: 0, below: 1, help: "Adam β₁ (train.ipynb: 0.9)"),
      .real("beta2", default: 0.9, min: 0, below: 1, help: "Adam β₂ (train.ipynb: 0.9)"),
      .real("momentum", default: 0.9, min: 0, below: 1, help: "SGD momentum"),
      .int("layers", default: 3, in: 1...12, help: "linear-attention layers L"),
      .real(
        "init_std", default: linear ? 0.05 : 0.1, min: 0, logScale: true,
        help: "standard deviation of the initial attention weights"),
      .int("batch_size", default: linear ? 1000 : 2000, in: 1...1_000_000, help: "fresh prompts per training step"),
      .int(
        "test_size", default: 1000, in: 1...10_000_000, help: "prompts in the fixed test batch of every measurement"),
      .int("eval_every", default: 50, in: 1...1_000_000_000, help: "test loss every this many steps"),
      .int(
        "rmed_every", default: linear ? 250 : 0, in: 0...1_000_000_000,
        help: "R_med from the Hessian diagonal every this many steps (0 = never; 2P gradients each)"),
      .int(
        "rmed_until", default: 1250, in: 0...1_000_000_000,
        help: "last step at which R_med is measured (0 = to the end of the run)"),
      .int(
        "smoothness_steps", default: linear ? 500 : 0, in: 0...1_000_000_000,
        help: "measure directional smoothness and the test gradient norm at every one of the first steps"),
      .int(
        "noise_samples", default: 0, in: 0...10_000_000,
        help: "minibatch gradients for the noise histogram at initialisation (0 = skip; the spec's plan: 2000)"),
      .int(
        "noise_reference", default: 20_000, in: 1...100_000_000,
        help: "prompts of the large-batch gradient ḡ of the noise measurement"),
      .real(
        "fd_step", default: 1e-4, above: 0, logScale: true,
        help: "central-difference step of the Hessian diagonal and the directional smoothness"),
    ] + (linear ? [] : [.int("mlp_hidden", default: 30, in: 1...10_000, help: "hidden width of the learned MLP")])
  }

  /// Reads validated values; the tabled defaults need the problem's covariate law and context length.
  init(_ values: ParameterValues, sampler: any RegressionTaskSampler, variant: Variant = .linear) throws {
    self.variant = variant
    let name = try values.string("optimizer")
    guard let optimizer = Optimizer(rawValue: name) else {
      throw PluginError(.invalidArgument, "optimizer must be adam or sgdm, got '\(name)'")
    }
    self.optimizer = optimizer
    try readTraining(values, sampler: sampler, rateKey: "learning_rate")
    rMedEvery = try values.int("rmed_every")
    rMedUntil = try values.int("rmed_until")
    smoothnessSteps = try values.int("smoothness_steps")
    noiseSamples = try values.int("noise_samples")
    noiseReference = try values.int("noise_reference")
    differenceStep = try values.real("fd_step")
    if variant == .mlp { mlpHidden = try values.int("mlp_hidden") }
    if noiseSamples > 0 && noiseSamples < 3 {
      throw PluginError(.invalidArgument, "noise_samples must be 0 or at least 3, got \(noiseSamples)")
    }
  }

  /// The settings of one of the two models `lt-gap` trains side by side: `optimizer` fixed, its rate from
  /// `<optimizer>_learning_rate` (0: the table), the shared training parameters, and no measurement but the test
  /// loss.
  init(gap values: ParameterValues, optimizer: Optimizer, sampler: any RegressionTaskSampler) throws {
    self.optimizer = optimizer
    try readTraining(values, sampler: sampler, rateKey: "\(optimizer.rawValue)_learning_rate")
    rMedEvery = 0
    smoothnessSteps = 0
  }

  /// Reads the training parameters common to `lt-train`, `lt-train-mlp` and `lt-gap`; the learning rate from
  /// `rateKey`, where 0 means the official value for the optimiser, variant and covariate mode.
  private mutating func readTraining(
    _ values: ParameterValues, sampler: any RegressionTaskSampler, rateKey: String
  ) throws {
    let features = (sampler as? RegressionPromptSampler)?.features ?? .gaussian
    let rate = try values.real(rateKey)
    if rate > 0 {
      learningRate = rate
    } else if variant == .mlp {
      learningRate = optimizer == .sgdm ? 0.05 : 0.01
    } else if let tabled = LearningRateTable.rate(optimizer, features: features, n: sampler.contextLength) {
      learningRate = tabled
    } else {
      throw PluginError(
        .invalidArgument,
        "no official learning rate for features=\(features.name), n=\(sampler.contextLength) (the table has normal "
          + "n=5 and n=20, sphere and gamma n=20); pass -p \(rateKey)=")
    }
    let clip = try values.real("clip_norm")
    clipNorm = clip > 0 ? clip : LearningRateTable.clipNorm(features: features)
    beta1 = try values.real("beta1")
    beta2 = try values.real("beta2")
    momentum = try values.real("momentum")
    layers = try values.int("layers")
    initStd = try values.real("init_std")
    batchSize = try values.int("batch_size")
    testSize = try values.int("test_size")
    evalEvery = try values.int("eval_every")
  }

  /// The parameter schema of `lt-gap`: `lt-train`'s training parameters with one learning rate per optimiser.
  static var gapParameters: [Parameter] {
    let kept: Set = [
      "clip_norm", "beta1", "beta2", "momentum", "layers", "init_std", "batch_size", "test_size",
      "eval_every",
    ]
    return Optimizer.allCases.map { optimizer in
      .real(
        "\(optimizer.rawValue)_learning_rate", default: 0, min: 0,
        help: "\(optimizer.rawValue)'s learning rate; 0: the official table (as lt-train's learning_rate)")
    } + parameters(.linear).filter { kept.contains($0.id) }
  }

  /// A fresh optimiser.
  func makeOptimizer() -> any ParameterOptimizer {
    switch optimizer {
    case .adam: Adam(beta1: beta1, beta2: beta2)
    case .sgdm: MomentumSGD(momentum: momentum)
    }
  }

  /// Whether R_med is measured at step t.
  func measuresRMed(at t: Int) -> Bool {
    rMedEvery > 0 && t % rMedEvery == 0 && (rMedUntil == 0 || t <= rMedUntil)
  }
}
