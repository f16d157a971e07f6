import CatalogueHost

/// Summary statistics of the per-seed values of one metric: what the comparison table, the plots' bands and the
/// claim aggregates are computed from, in one place so they always agree.
///
/// Non-finite values are kept out of the statistics and counted separately: a diverged seed must not turn a mean
/// into `nan` silently, and the table says how many seeds were left out.
public struct SampleStatistics: Equatable, Sendable {
  /// The finite values, sorted ascending.
  public let sorted: [Double]
  /// How many values were not finite (nan or ±inf).
  public let nonFiniteCount: Int

  /// Summarises values in any order.
  public init<S: Sequence>(_ values: S) where S.Element == Double {
    var finite: [Double] = []
    var skipped = 0
    for value in values {
      if value.isFinite { finite.append(value) } else { skipped += 1 }
    }
    sorted = finite.sorted()
    nonFiniteCount = skipped
  }

  /// Number of finite values.
  public var count: Int { sorted.count }

  /// The arithmetic mean, or nan for no values.
  public var mean: Double {
    guard !sorted.isEmpty else { return .nan }
    // Sum from the smallest magnitude up for a little less rounding error on long samples.
    return sorted.sorted { abs($0) < abs($1) }.reduce(0, +) / Double(sorted.count)
  }

  /// The sample standard deviation (n − 1 in the denominator), 0 for one value, nan for none.
  public var standardDeviation: Double {
    guard sorted.count > 1 else { return sorted.isEmpty ? .nan : 0 }
    let centre = mean
    let squares = sorted.map { ($0 - centre) * ($0 - centre) }.sorted().reduce(0, +)
    return (squares / Double(sorted.count - 1)).squareRoot()
  }

  /// The smallest value, or nan.
  public var minimum: Double { sorted.first ?? .nan }

  /// The largest value, or nan.
  public var maximum: Double { sorted.last ?? .nan }

  /// The median (mean of the two middle values for an even count), or nan.
  public var median: Double { quantile(0.5) }

  /// The p-quantile by linear interpolation between order statistics (type 7 of Hyndman & Fan, the default of R
  /// and NumPy), so quartiles of 1...5 are 2 and 4; nan for no values.
  public func quantile(_ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = min(max(p, 0), 1) * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let weight = position - Double(lower)
    return sorted[lower] + weight * (sorted[upper] - sorted[lower])
  }
}

/// How per-seed values are combined into one number (`cat_aggregate`).
public enum Aggregate: UInt32, Sendable, CaseIterable, CustomStringConvertible {
  /// The mean over seeds.
  case mean = 1
  /// The median over seeds.
  case median = 2
  /// The largest value: a claim must hold for the worst seed.
  case max = 3
  /// The smallest value.
  case min = 4

  /// The aggregate of a sample (nan if it has no finite values).
  public func apply(_ statistics: SampleStatistics) -> Double {
    switch self {
    case .mean: return statistics.mean
    case .median: return statistics.median
    case .max: return statistics.maximum
    case .min: return statistics.minimum
    }
  }

  public var description: String {
    switch self {
    case .mean: return "mean"
    case .median: return "median"
    case .max: return "max"
    case .min: return "min"
    }
  }
}
