import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom

/// I3c (spec §5.3): Tyler's M-estimator f(Σ) = (n/N)·Σᵢ log(xᵢᵀΣ⁻¹xᵢ) + log det Σ on SPD(n): geodesically convex,
/// Euclidean-nonconvex, and scale invariant (f(cΣ) = f(Σ)), so the minimiser is unique only up to scale (N > n,
/// data in general position). Iterates are compared after normalising to det Σ = 1: `dist_to_opt` is
/// d(Σ/det(Σ)^{1/n}, Σ*) with Σ* from ``TylerFixedPoint``.
///
/// With Σ = LLᵀ, zᵢ = L⁻¹xᵢ and qᵢ = ‖zᵢ‖² = xᵢᵀΣ⁻¹xᵢ, the Euclidean gradient is Σ⁻¹ − (n/N)·Σᵢ yᵢyᵢᵀ/qᵢ with
/// yᵢ = Σ⁻¹xᵢ = L⁻ᵀzᵢ.
struct TylerEstimator: ObjectiveFunction {
  let n: Int
  /// The samples xᵢ as columns, n×N.
  let data: Matrix

  var dimension: Int { n * n }
  var geometry: (any Geometry)? { try? SPD(n) }

  func initialPoint() throws -> [Double] { Matrix.identity(n).elements }

  /// The qᵢ and f at a factored Σ.
  func quadratics(_ c: Cholesky) -> (z: Matrix, q: [Double], value: Double) {
    let z = c.solveLower(data)
    var q = [Double](repeating: 0, count: data.cols)
    var logs = 0.0
    for i in 0..<data.cols {
      var s = 0.0
      for r in 0..<n { s += z[r, i] * z[r, i] }
      q[i] = s
      logs += _log(s)
    }
    return (z, q, Double(n) / Double(data.cols) * logs + c.logDeterminant)
  }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "tyler")
    guard let c = SPDMath.factor(x, n: n) else { return .infinity }
    return quadratics(c).value
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try requireNoSamples(samples, problem: "tyler")
    guard let c = SPDMath.factor(x, n: n) else {
      throw PluginError(.invalidArgument, "tyler: the gradient needs Σ positive definite")
    }
    let (z, q, value) = quadratics(c)
    let y = c.solveLower(z, transpose: true)
    let weights = q.map { Double(n) / Double(data.cols) / $0 }
    let g = (try c.inverse()) - Matrix.product(y.scalingColumns(by: weights), y, transposeB: true)
    return (value, g.symmetrized().elements)
  }

  static let family = ProblemFamily(
    id: "tyler",
    name: "I3: Tyler's M-estimator on SPD(n)",
    summary: "(n/N) Σ log(xᵢᵀΣ⁻¹xᵢ) + log det Σ: g-convex, scale invariant; compared at det Σ = 1",
    kind: .objective,
    parameters: [
      .int("n", default: 5, in: 3...8, help: "matrix order n"),
      .int("samples", default: 40, in: 4...100_000, help: "samples N > n"),
      .real("spread", default: 0.5, above: 0, help: "log-eigenvalue spread of the true scatter matrix"),
    ]
  ) { params, rng in
    let n = try params.int("n")
    let count = try params.int("samples")
    guard count > n else { throw PluginError(.invalidArgument, "samples (\(count)) must exceed n (\(n))") }
    let truth = try SPDMath.randomSPD(n, spread: params.real("spread"), rng: &rng)
    let problem = TylerEstimator(n: n, data: try SPDMath.samples(truth, count: count, rng: &rng))
    let minimiser = try TylerFixedPoint.estimate(problem.data)
    let spd = try SPD(n)
    return ProblemInstance(
      .objective(problem), references: [("f_star", try problem.value(minimiser.elements))],
      metricNames: ["dist_to_opt"],
      metrics: { x in
        let normalised = try SPDMath.unitDeterminant(Matrix(rows: n, cols: n, elements: x))
        return [try spd.distance(normalised.elements, minimiser.elements)]
      })
  }
}
