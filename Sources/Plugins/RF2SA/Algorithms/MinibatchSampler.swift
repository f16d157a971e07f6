import CatalogueSDK
import SeededRandom

/// Draws the minibatches of `rf2sa-stochastic`: i.i.d. uniform indices with replacement from the run's generator,
/// in the fixed order ξ, φ, φ′, so a seed fixes the whole sequence. With `shared` sampling φ′ = φ (spec §9
/// pitfall 2: sharing lowers the variance of the difference grad_x g(·, y) − grad_x g(·, z); F²SA draws them
/// independently).
struct MinibatchSampler {
  /// How φ and φ′ relate.
  enum Sharing: String, CaseIterable {
    /// φ and φ′ drawn independently (F²SA).
    case independent
    /// φ′ = φ.
    case shared
  }

  /// |ξ| (0: the full f).
  let upperSize: Int
  /// |φ| = |φ′| (0: the full g).
  let lowerSize: Int
  /// Number of terms of f.
  let upperCount: Int
  /// Number of terms of g.
  let lowerCount: Int
  /// Sharing of φ and φ′.
  let sharing: Sharing

  /// The sampling parameters of `rf2sa-stochastic`.
  static let parameters: [Parameter] = [
    .int(
      "batch_upper", default: 10, in: 0...1_000_000_000, unit: "samples",
      help: "|ξ|, samples of f per gradient (0 = full f)"),
    .int(
      "batch_lower", default: 10, in: 0...1_000_000_000, unit: "samples",
      help: "|φ| = |φ′|, samples of g per gradient (0 = full g)"),
    .choice(
      "sampling", default: Sharing.independent.rawValue, choices: Sharing.allCases.map(\.rawValue),
      help: "independent φ, φ′ for the two g-terms (F²SA) or one shared minibatch"),
  ]

  /// Reads the parameters and checks them against the problem's finite sums.
  init(_ parameters: ParameterValues, problem: any BilevelProblem) throws {
    upperSize = try parameters.int("batch_upper")
    lowerSize = try parameters.int("batch_lower")
    upperCount = problem.upperSampleCount
    lowerCount = problem.lowerSampleCount
    let name = try parameters.string("sampling")
    guard let sharing = Sharing(rawValue: name) else {
      throw PluginError(.invalidArgument, "sampling=\(name) is not one of independent, shared")
    }
    self.sharing = sharing
    if upperSize > 0 && upperCount == 0 {
      throw PluginError(
        .invalidArgument, "batch_upper=\(upperSize) but f is not a finite sum on this problem; use batch_upper=0")
    }
    if lowerSize > 0 && lowerCount == 0 {
      throw PluginError(
        .invalidArgument, "batch_lower=\(lowerSize) but g is not a finite sum on this problem; use batch_lower=0")
    }
  }

  /// The next (ξ, φ, φ′).
  func draw(_ rng: inout CatalogueRandom) -> MinibatchDraw {
    func batch(_ size: Int, _ count: Int) -> [Int]? {
      size == 0 ? nil : (0..<size).map { _ in rng.index(below: count) }
    }
    let upper = batch(upperSize, upperCount)
    let lower = batch(lowerSize, lowerCount)
    let lowerPrime = sharing == .shared ? lower : batch(lowerSize, lowerCount)
    return MinibatchDraw(upper: upper, lower: lower, lowerPrime: lowerPrime)
  }
}
