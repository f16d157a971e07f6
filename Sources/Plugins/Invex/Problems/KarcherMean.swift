import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom

/// I3b (spec §5.3): the Karcher (Riemannian) mean f(X) = (1/2N)·Σᵢ d(X, Aᵢ)² on SPD(n) with the affine-invariant
/// distance: geodesically (strongly) convex, so its one stationary point is the mean.
///
/// With X = LLᵀ and Wᵢ = L⁻¹AᵢL⁻ᵀ: d(X, Aᵢ) = ‖logm Wᵢ‖_F and the Euclidean gradient
/// −(1/N)·Σᵢ X⁻¹Log_X(Aᵢ)X⁻¹ equals −(1/N)·L⁻ᵀ(Σᵢ logm Wᵢ)L⁻¹. The reference mean comes from
/// ``KarcherFixedPoint``, which uses symmetric square roots instead of this Cholesky route.
struct KarcherMean: ObjectiveFunction {
  let n: Int
  let points: [Matrix]

  var dimension: Int { n * n }
  var geometry: (any Geometry)? { try? SPD(n) }

  func initialPoint() throws -> [Double] { Matrix.identity(n).elements }

  /// (f, Σᵢ logm Wᵢ) at a factored X.
  func logSum(_ c: Cholesky) throws -> (value: Double, sum: Matrix) {
    var sum = Matrix(rows: n, cols: n)
    var squares = 0.0
    for a in points {
      let e = try SymmetricEigen(c.inverseCongruence(a))
      let logs = e.values.map(_log)
      squares += logs.reduce(0) { $0 + $1 * $1 }
      sum += e.reconstructed(values: logs)
    }
    return (squares / (2 * Double(points.count)), sum)
  }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "karcher-mean")
    guard let c = SPDMath.factor(x, n: n) else { return .infinity }
    var squares = 0.0
    for a in points {
      squares += try SymmetricEigen.values(of: c.inverseCongruence(a)).reduce(0) { $0 + _log($1) * _log($1) }
    }
    return squares / (2 * Double(points.count))
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try requireNoSamples(samples, problem: "karcher-mean")
    guard let c = SPDMath.factor(x, n: n) else {
      throw PluginError(.invalidArgument, "karcher-mean: the gradient needs X positive definite")
    }
    let (value, sum) = try logSum(c)
    let half = c.solveLower(sum.symmetrized(), transpose: true)
    let g = c.solveLower(half.transposed(), transpose: true)
    return (value, (g * (-1 / Double(points.count))).symmetrized().elements)
  }

  static let family = ProblemFamily(
    id: "karcher-mean",
    name: "I3: Karcher mean on SPD(n)",
    summary: "(1/2N) Σ d(X, Aᵢ)²: g-convex; minimiser from an independent fixed-point iteration",
    kind: .objective,
    parameters: [
      .int("n", default: 5, in: 3...8, help: "matrix order n"),
      .int("matrices", default: 5, in: 1...1000, help: "number N of matrices Aᵢ"),
      .real("spread", default: 0.5, above: 0, help: "log-eigenvalue spread of the Aᵢ"),
    ]
  ) { params, rng in
    let n = try params.int("n")
    let spread = try params.real("spread")
    let points = try (0..<params.int("matrices")).map { _ in try SPDMath.randomSPD(n, spread: spread, rng: &rng) }
    let problem = KarcherMean(n: n, points: points)
    let mean = try KarcherFixedPoint.mean(points)
    let spd = try SPD(n)
    return ProblemInstance(
      .objective(problem), references: [("f_star", try problem.value(mean.elements))],
      metricNames: ["dist_to_opt"], metrics: { x in [try spd.distance(x, mean.elements)] })
  }
}
