import CatalogueSDK
import SeededRandom

/// Minibatch sampling shared by the stochastic variants: `batch_size` = 0 means the full (deterministic)
/// gradient; otherwise i.i.d. uniform indices drawn from the run's generator, so a seed fixes the sequence.
struct Minibatch {
  let size: Int
  let sampleCount: Int

  /// The `batch_size` parameter every stochastic baseline declares.
  static let parameter = Parameter.int(
    "batch_size", default: 0, in: 0...1_000_000_000, unit: "samples",
    help: "samples per stochastic gradient (0 = full gradient; needs a finite-sum problem)")

  init(_ run: Run, _ function: any ObjectiveFunction) throws {
    size = try run.parameters.int("batch_size")
    sampleCount = function.sampleCount
    if size > 0 && sampleCount == 0 {
      throw PluginError(
        .invalidArgument,
        "batch_size=\(size) needs a finite-sum problem; this problem has no samples (use batch_size=0)")
    }
  }

  /// Whether gradients are stochastic.
  var isStochastic: Bool { size > 0 }

  /// The next sample set (nil for the full gradient).
  func draw(_ rng: inout CatalogueRandom) -> [Int]? {
    guard size > 0 else { return nil }
    return (0..<size).map { _ in rng.index(below: sampleCount) }
  }
}

/// The common parameter for a step size.
func stepSizeParameter(default value: Double) -> Parameter {
  .real("step_size", default: value, above: 0, logScale: true, help: "step size η (in units of 1/L on quadratic)")
}
