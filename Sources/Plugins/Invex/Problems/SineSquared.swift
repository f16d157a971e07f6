import CatalogueSDK
import Glibc
import SeededRandom

/// I4 (spec §5.4): f(x) = x² + 3·sin²x on ℝ, nonconvex (f″(π/2) = 2 + 6·cos π = −4) but invex: f′(x) =
/// 2x + 3·sin 2x vanishes only at 0 (with u = 2x, u + 3 sin u has no root for 0 < |u| ≤ 3, where sin u shares
/// the sign of u, nor for |u| > 3), so the one stationary point is the global minimum f* = 0.
/// The start is uniform on [−s, s], drawn from the problem stream, so seeds give different starts.
struct SineSquared: ObjectiveFunction {
  let start: Double

  var dimension: Int { 1 }

  func initialPoint() throws -> [Double] { [start] }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "sin-squared")
    let s = sin(x[0])
    return x[0] * x[0] + 3 * s * s
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    (try value(x, samples: samples), [2 * x[0] + 3 * sin(2 * x[0])])
  }

  static let family = ProblemFamily(
    id: "sin-squared",
    name: "I4: x² + 3 sin²x",
    summary: "1-D nonconvex invex sanity check: one stationary point, the minimiser 0 (f* = 0, L = 8)",
    kind: .objective,
    parameters: [.real("start_range", default: 4, above: 0, help: "start drawn uniformly from [−s, s]")]
  ) { params, rng in
    let s = try params.real("start_range")
    let problem = SineSquared(start: s * (2 * rng.uniform() - 1))
    return ProblemInstance(
      .objective(problem), references: [("f_star", 0), ("L", 8)], metricNames: ["dist_to_opt"],
      metrics: { x in [abs(x[0])] })
  }
}
