/// The exact CDF of one statistic on a grid, as a problem publishes it in its references (`cdf:<name>:<q>`),
/// and the two things a sampler derives from it: the 1-D Wasserstein-1 distance of samples to the exact law
/// (spec §4.1) and the density for `samples_reference.csv`.
struct ReferenceCDF: Sendable {
  let statistic: String
  /// Increasing, equally spaced grid points and F there.
  let points: [Double]
  let cdf: [Double]

  /// All CDFs in a reference list, grouped by statistic and sorted by q; statistics with fewer than 3 points or
  /// an unevenly spaced grid are skipped.
  static func parse(_ references: [(name: String, value: Double)]) -> [ReferenceCDF] {
    var grouped: [String: [(Double, Double)]] = [:]
    var order: [String] = []
    for (name, value) in references where name.hasPrefix("cdf:") {
      let parts = name.split(separator: ":", maxSplits: 2).map(String.init)
      guard parts.count == 3, let q = Double(parts[2]) else { continue }
      if grouped[parts[1]] == nil { order.append(parts[1]) }
      grouped[parts[1], default: []].append((q, value))
    }
    return order.compactMap { name in
      let sorted = grouped[name]!.sorted { $0.0 < $1.0 }
      guard sorted.count >= 3 else { return nil }
      return ReferenceCDF(statistic: name, points: sorted.map(\.0), cdf: sorted.map(\.1))
    }
  }

  /// W₁ = ∫|F̂(q) − F(q)| dq between the empirical CDF of `samples` and F, by the trapezoidal rule on the grid.
  /// Mass outside the grid adds its distance to the nearest end (|s − end| per sample), so no sample is ignored.
  func wasserstein1(_ samples: [Double]) -> Double {
    let sorted = samples.sorted()
    let n = Double(sorted.count)
    guard n > 0 else { return .nan }
    var below = 0
    var previous = 0.0
    var total = 0.0
    for j in points.indices {
      while below < sorted.count && sorted[below] <= points[j] { below += 1 }
      let gap = abs(Double(below) / n - cdf[j])
      if j > 0 { total += 0.5 * (gap + previous) * (points[j] - points[j - 1]) }
      previous = gap
    }
    let lower = points.first!
    let upper = points.last!
    for s in sorted where s < lower || s > upper {
      let outside: Double = s < lower ? lower - s : s - upper
      total += outside / n
    }
    return total
  }

  /// The density at the cell midpoints, (F(q_{j+1}) − F(q_j))/(q_{j+1} − q_j).
  var density: (points: [Double], values: [Double]) {
    var mids: [Double] = []
    var values: [Double] = []
    for j in 0..<(points.count - 1) {
      let width = points[j + 1] - points[j]
      mids.append(points[j] + 0.5 * width)
      values.append((cdf[j + 1] - cdf[j]) / width)
    }
    return (mids, values)
  }
}
