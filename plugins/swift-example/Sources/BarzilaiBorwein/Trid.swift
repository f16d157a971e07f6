import CatalogueSDK

/// The Trid function f(x) = Σᵢ (xᵢ − 1)² − Σᵢ₌₂ⁿ xᵢxᵢ₋₁: a convex quadratic with a tridiagonal Hessian
/// (2 on the diagonal, −1 beside it), minimised at xᵢ* = i(n + 1 − i) with f* = −n(n + 4)(n − 1)/6.
///
/// Any plugin's objective-kind algorithm can run on it (`catalogue run gd --problem trid`): a problem family is
/// declared once, with its parameters, and the host hands its oracles to whichever algorithm asks.
struct Trid: ObjectiveFunction {
  let dimension: Int

  var hasHessianVector: Bool { true }

  func initialPoint() throws -> [Double] { Array(repeating: 0, count: dimension) }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "trid")
    var f = 0.0
    for i in 0..<dimension { f += (x[i] - 1) * (x[i] - 1) }
    for i in 1..<dimension { f -= x[i] * x[i - 1] }
    return f
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    let f = try value(x, samples: samples)
    let g = (0..<dimension).map { i in
      2 * (x[i] - 1) - (i > 0 ? x[i - 1] : 0) - (i + 1 < dimension ? x[i + 1] : 0)
    }
    return (f, g)
  }

  func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
    (0..<dimension).map { i in 2 * v[i] - (i > 0 ? v[i - 1] : 0) - (i + 1 < dimension ? v[i + 1] : 0) }
  }

  /// xᵢ* = i(n + 1 − i), i = 1…n.
  var minimiser: [Double] { (1...dimension).map { Double($0 * (dimension + 1 - $0)) } }

  /// f* = −n(n + 4)(n − 1)/6.
  var minimum: Double { -Double(dimension * (dimension + 4) * (dimension - 1)) / 6 }

  static let family = ProblemFamily(
    id: "trid",
    name: "Trid",
    summary: "Σ(xᵢ − 1)² − Σxᵢxᵢ₋₁ from 0; minimum −n(n+4)(n−1)/6 at xᵢ = i(n+1−i)",
    kind: .objective,
    parameters: [.int("dim", default: 10, in: 2...10_000, help: "dimension n")]
  ) { params, _ in
    let trid = Trid(dimension: try params.int("dim"))
    let target = trid.minimiser
    return ProblemInstance(
      .objective(trid),
      references: [("f_star", trid.minimum)],
      metricNames: ["dist_to_opt"],
      metrics: { x in [zip(x, target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()] })
  }
}
