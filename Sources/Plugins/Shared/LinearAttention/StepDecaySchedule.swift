/// A step-decay learning-rate schedule: η_t = η₀·factor^⌊t/every⌋ (the official code halves the rate every 4000
/// steps: `if t % 4000 == 0 and t > 1: lr *= 0.5`).
public struct StepDecaySchedule: Sendable, Equatable {
  /// η₀.
  public var initial: Double
  /// Steps between decays (0: constant rate).
  public var every: Int
  /// Multiplier applied at each decay.
  public var factor: Double

  /// Creates a schedule.
  public init(initial: Double, every: Int, factor: Double) {
    self.initial = initial
    self.every = every
    self.factor = factor
  }

  /// The rate used by step t (t = 0 is the first step).
  public func rate(at t: Int) -> Double {
    guard every > 0 else { return initial }
    return initial * pow(factor, t / every)
  }
}
