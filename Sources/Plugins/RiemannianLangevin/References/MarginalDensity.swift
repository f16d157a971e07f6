/// A one-dimensional density known up to its normaliser, p(s) ∝ exp(logDensity(s)) on [lower, upper], integrated
/// by composite Simpson's rule (spec riemannian-langevin.md §4.3–4.5: every reference is a 1-D integral).
///
/// Simpson's rule on 20,000 panels integrates these smooth, rapidly decaying integrands to ~1e-12 relative
/// accuracy; the unit tests hold the results to the spec's values (and to closed forms where they exist).
struct MarginalDensity: Sendable {
  /// The unnormalised log-density.
  let logDensity: @Sendable (Double) -> Double
  /// The support (or where the tails are below double precision).
  let lower: Double
  let upper: Double
  /// Simpson panels (even).
  let panels: Int

  init(lower: Double, upper: Double, panels: Int = 20_000, logDensity: @escaping @Sendable (Double) -> Double) {
    self.lower = lower
    self.upper = upper
    self.panels = panels + panels % 2
    self.logDensity = logDensity
  }

  /// The nodes, their Simpson weights and the density there scaled by its maximum (no overflow at large κ).
  private func nodes() -> (s: [Double], weight: [Double], density: [Double]) {
    let h = (upper - lower) / Double(panels)
    let s = (0...panels).map { lower + Double($0) * h }
    let logs = s.map(logDensity)
    let top = logs.filter { $0.isFinite }.max() ?? 0
    let density = logs.map { $0.isFinite ? _exp($0 - top) : 0 }
    let weight = (0...panels).map { i -> Double in
      let w: Double = i == 0 || i == panels ? 1 : (i % 2 == 1 ? 4 : 2)
      return w * h / 3
    }
    return (s, weight, density)
  }

  /// E[f(s)] under the normalised density.
  func expectation(_ f: (Double) -> Double) -> Double {
    let (s, weight, density) = nodes()
    var mass = 0.0
    var moment = 0.0
    for i in s.indices {
      mass += weight[i] * density[i]
      moment += weight[i] * density[i] * f(s[i])
    }
    return moment / mass
  }

  /// The CDF at `count` equally spaced points from `lower` to `upper` (cumulative Simpson over panel pairs, then
  /// linear interpolation between pair ends; the grid is fine enough that the interpolation error is ~1e-9).
  func cdfGrid(count: Int) -> (points: [Double], cdf: [Double]) {
    let (s, _, density) = nodes()
    let h = (upper - lower) / Double(panels)
    var cumulative = [0.0]
    var pairEnds = [s[0]]
    var total = 0.0
    var i = 0
    while i + 2 <= panels {
      total += h / 3 * (density[i] + 4 * density[i + 1] + density[i + 2])
      cumulative.append(total)
      pairEnds.append(s[i + 2])
      i += 2
    }
    let points = (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
    let cdf = points.map { q -> Double in
      let position = (q - lower) / (2 * h)
      let k = min(max(Int(position), 0), cumulative.count - 2)
      let fraction = min(max(position - Double(k), 0), 1)
      return (cumulative[k] + fraction * (cumulative[k + 1] - cumulative[k])) / total
    }
    return (points, cdf)
  }
}
