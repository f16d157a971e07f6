import CatalogueSDK
import LinearAlgebra

/// The extended Rosenbrock function f(x) = Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², minimised at (1, …, 1) with f* = 0,
/// started from the classical (−1.2, 1, −1.2, 1, …). A curved, badly conditioned valley.
struct Rosenbrock: ObjectiveFunction {
  let dimension: Int

  var hasHessianVector: Bool { true }

  func initialPoint() throws -> [Double] {
    (0..<dimension).map { $0 % 2 == 0 ? -1.2 : 1.0 }
  }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "rosenbrock")
    var f = 0.0
    for i in 0..<(dimension - 1) {
      let a = x[i + 1] - x[i] * x[i]
      let b = 1 - x[i]
      f += 100 * a * a + b * b
    }
    return f
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    let f = try value(x, samples: samples)
    var g = [Double](repeating: 0, count: dimension)
    for i in 0..<(dimension - 1) {
      let a = x[i + 1] - x[i] * x[i]
      g[i] += -400 * x[i] * a - 2 * (1 - x[i])
      g[i + 1] += 200 * a
    }
    return (f, g)
  }

  func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
    var out = [Double](repeating: 0, count: dimension)
    for i in 0..<(dimension - 1) {
      // Hessian of the i-th term on coordinates (i, i+1).
      let hii = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
      let hij = -400 * x[i]
      out[i] += hii * v[i] + hij * v[i + 1]
      out[i + 1] += hij * v[i] + 200 * v[i + 1]
    }
    return out
  }

  static let family = ProblemFamily(
    id: "rosenbrock",
    name: "Rosenbrock",
    summary: "Extended Rosenbrock valley from (−1.2, 1, …); minimum 0 at (1, …, 1)",
    kind: .objective,
    parameters: [.int("dim", default: 2, in: 2...100_000, help: "dimension n")]
  ) { params, _ in
    let n = try params.int("dim")
    return ProblemInstance(
      .objective(Rosenbrock(dimension: n)),
      references: [("f_star", 0)],
      metricNames: ["dist_to_opt"],
      metrics: { x in [ArrayMath.norm(x.map { $0 - 1 })] })
  }
}
