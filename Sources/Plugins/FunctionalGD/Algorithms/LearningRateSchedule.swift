import CatalogueSDK
import LinearAttention

/// The learning rate of `kernel-transformer` at each Adam step.
///
/// `step`: the shared module's step decay (η₀ halved every `lr_decay_every` steps). `warmup-linear`: the schedule of
/// the unofficial `experiments/figure1.py` (ObliviateRickLin/transformer-kernel-icl, a `LambdaLR`): the rate rises
/// linearly from 0 to η₀ over the first `lr_warmup` fraction of `lr_horizon` steps, then falls linearly to 0 at step
/// `lr_horizon` (and stays 0 after it). The unofficial code sets the horizon to its step count; here the algorithm does
/// not see the host's iteration budget, so the horizon is a parameter and the experiments pass their budget.
enum LearningRateSchedule: Equatable {
  case step(StepDecaySchedule)
  case warmupLinear(peak: Double, warmupSteps: Int, horizon: Int)

  static let parameters: [Parameter] = [
    .choice(
      "lr_schedule", default: "step", choices: ["step", "warmup-linear"],
      help: "step: halve every lr_decay_every steps; warmup-linear: linear warm-up over lr_warmup·lr_horizon steps, "
        + "then linear decay to 0 at lr_horizon (the unofficial figure1.py)"),
    .int(
      "lr_horizon", default: KernelTransformerAlgorithm.defaultSteps, in: 1...1_000_000_000,
      help: "warmup-linear: the step at which the rate reaches 0 (set it to the run's --max-iters)"),
    .real("lr_warmup", default: 0.1, min: 0, below: 1, help: "warmup-linear: warm-up fraction of lr_horizon"),
  ]

  /// Reads the schedule; `options` holds η₀ and the step decay.
  init(_ values: ParameterValues, options: TrainingOptions) throws {
    switch try values.string("lr_schedule") {
    case "step": self = .step(options.schedule)
    case "warmup-linear":
      let horizon = try values.int("lr_horizon")
      let warmup = Int((try values.real("lr_warmup") * Double(horizon)).rounded())
      self = .warmupLinear(peak: options.schedule.initial, warmupSteps: warmup, horizon: horizon)
    case let other:
      throw PluginError(.invalidArgument, "lr_schedule must be step or warmup-linear, got '\(other)'")
    }
  }

  /// The rate used by step t (t = 0 is the first step). Warm-up follows `LambdaLR` as the unofficial script steps
  /// it: step t uses η₀·t/warmup, so the very first step has rate 0.
  func rate(at t: Int) -> Double {
    switch self {
    case .step(let schedule): return schedule.rate(at: t)
    case .warmupLinear(let peak, let warmup, let horizon):
      if t < warmup { return peak * Double(t) / Double(warmup) }
      let progress = Double(t - warmup) / Double(max(1, horizon - warmup))
      return peak * max(0, 1 - progress)
    }
  }
}
