import CatalogueSDK

/// How a linear transformer is trained: batches, optimiser, schedule, clipping, initialisation, test set.
///
/// The defaults are the official settings (common-incontext-regression.md §7, memformer.md §2.5): Adam with
/// β = (0.99, 0.9), learning rate 0.01, per-matrix clipping at 0.01, initial std 1e-4, batches of 1000 prompts
/// redrawn every 100 steps. Only the decay interval is a plugin's choice (the code halves every 4000 steps of a
/// much longer run). The parameter ids are shared by every plugin that trains with this module.
public struct TrainingOptions: Sendable, Equatable {
  /// The optimiser.
  public enum OptimizerKind: String, Sendable, CaseIterable {
    /// ``Adam``.
    case adam
    /// ``MomentumSGD``.
    case sgdMomentum = "sgd-momentum"
  }

  public var batchSize = 1000
  public var resampleEvery = 100
  public var optimizer = OptimizerKind.adam
  public var schedule = StepDecaySchedule(initial: 0.01, every: 4000, factor: 0.5)
  public var beta1 = 0.99
  public var beta2 = 0.9
  public var momentum = 0.9
  public var clipping = GradientClipping.perTensor(0.01)
  public var initStd = 1e-4
  public var testSize = 10_000
  public var evalEvery = 100

  /// The official defaults.
  public init() {}

  /// The parameter schema; a plugin whose runs are much shorter than the official ones may change the defaults of the
  /// learning rate, its decay interval and the resampling interval (and must say why in its documentation).
  public static func parameters(
    learningRate: Double = 0.01, decayEvery: Int = 4000, resampleEvery: Int = 100
  ) -> [Parameter] {
    [
      .int("batch_size", default: 1000, in: 1...1_000_000, help: "prompts per training batch"),
      .int(
        "resample_every", default: resampleEvery, in: 1...1_000_000_000,
        help: "draw a fresh batch every this many steps"),
      .choice(
        "optimizer", default: "adam", choices: OptimizerKind.allCases.map(\.rawValue), help: "training optimiser"),
      .real("learning_rate", default: learningRate, above: 0, logScale: true, help: "initial learning rate"),
      .int(
        "lr_decay_every", default: decayEvery, in: 0...1_000_000_000,
        help: "multiply the learning rate by lr_decay_factor every this many steps (0 = never)"),
      .real("lr_decay_factor", default: 0.5, max: 1, above: 0, help: "learning-rate decay factor"),
      .real("beta1", default: 0.99, min: 0, below: 1, help: "Adam β₁ (the code's 0.99)"),
      .real("beta2", default: 0.9, min: 0, below: 1, help: "Adam β₂ (the code's 0.9; 0.999 is very slow)"),
      .real("momentum", default: 0.9, min: 0, below: 1, help: "momentum of sgd-momentum"),
      .choice(
        "clip", default: "per-matrix", choices: ["per-matrix", "global", "none"],
        help: "gradient clipping: each learned block separately, all together, or none"),
      .real("clip_norm", default: 0.01, above: 0, logScale: true, help: "clipping threshold"),
      .real("init_std", default: 1e-4, min: 0, logScale: true, help: "standard deviation of the initial weights"),
      .int("test_size", default: 10_000, in: 1...10_000_000, help: "prompts in the fixed test set"),
      .int("eval_every", default: 100, in: 1...1_000_000_000, help: "evaluate on the test set every this many steps"),
    ]
  }

  /// Reads the options from validated parameter values.
  public init(_ values: ParameterValues) throws {
    batchSize = try values.int("batch_size")
    resampleEvery = try values.int("resample_every")
    let name = try values.string("optimizer")
    guard let kind = OptimizerKind(rawValue: name) else {
      throw PluginError(.invalidArgument, "optimizer must be adam or sgd-momentum, got '\(name)'")
    }
    optimizer = kind
    schedule = StepDecaySchedule(
      initial: try values.real("learning_rate"), every: try values.int("lr_decay_every"),
      factor: try values.real("lr_decay_factor"))
    beta1 = try values.real("beta1")
    beta2 = try values.real("beta2")
    momentum = try values.real("momentum")
    clipping = try GradientClipping.named(try values.string("clip"), threshold: try values.real("clip_norm"))
    initStd = try values.real("init_std")
    testSize = try values.int("test_size")
    evalEvery = try values.int("eval_every")
  }

  /// A fresh optimiser of the chosen kind.
  public func makeOptimizer() -> any ParameterOptimizer {
    switch optimizer {
    case .adam: Adam(beta1: beta1, beta2: beta2)
    case .sgdMomentum: MomentumSGD(momentum: momentum)
    }
  }
}
