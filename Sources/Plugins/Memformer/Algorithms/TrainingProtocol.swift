import LinearAttention

/// Which batch and learning-rate schedule a transformer run follows.
///
/// The official code (memformer.md §2.5) redraws its batch of 1000 prompts every 100 steps and halves the learning
/// rate every 4000 steps of a long run. For the catalogue's 3000-step runs the plugin's default redraws every step
/// and halves every 1000 steps (docs/plugins/memformer.md measures both); `official` restores the code's schedule so
/// the two can be compared under one budget.
enum TrainingProtocol: String, CaseIterable {
  /// `resample_every` and `lr_decay_every` as given.
  case catalogue
  /// Batches redrawn every 100 steps, learning rate halved every 4000 steps.
  case official

  /// `options` with this protocol's schedule.
  func apply(to options: TrainingOptions) -> TrainingOptions {
    guard self == .official else { return options }
    var official = options
    official.resampleEvery = 100
    official.schedule = StepDecaySchedule(initial: options.schedule.initial, every: 4000, factor: 0.5)
    return official
  }
}
