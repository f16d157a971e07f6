import Glibc

/// A Monte Carlo estimate of the in-context test loss E[(ŷ − y_query)²] with its standard error.
///
/// Claims compare ln(loss) against reference tables whose own noise is about 0.02 (common-incontext-regression.md
/// §9.2), so every estimate carries its standard error and tests bound their tolerances by it.
public struct TestLoss: Sendable, Equatable {
  /// The mean squared error over the prompts.
  public var mean: Double
  /// Its standard error (sample standard deviation / √count).
  public var standardError: Double
  /// Number of prompts.
  public var count: Int

  /// ln(mean), the quantity the papers plot.
  public var logMean: Double { mean > 0 ? log(mean) : -.infinity }

  /// Creates an estimate.
  public init(mean: Double, standardError: Double, count: Int) {
    self.mean = mean
    self.standardError = standardError
    self.count = count
  }

  /// The estimate from per-prompt squared errors.
  public init(squaredErrors: [Double]) {
    var accumulator = Accumulator()
    for e in squaredErrors { accumulator.add(e) }
    self = accumulator.result
  }

  /// Running sums (Welford) for one estimate.
  struct Accumulator {
    var count = 0
    var mean = 0.0
    var m2 = 0.0

    mutating func add(_ x: Double) {
      count += 1
      let delta = x - mean
      mean += delta / Double(count)
      m2 += delta * (x - mean)
    }

    var result: TestLoss {
      let variance = count > 1 ? m2 / Double(count - 1) : 0
      return TestLoss(mean: mean, standardError: (variance / Double(max(count, 1))).squareRoot(), count: count)
    }
  }
}
