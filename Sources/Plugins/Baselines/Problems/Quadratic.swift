import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// A strongly convex quadratic f(x) = ½ (x − x*)ᵀ A (x − x*) with eigenvalues of A spaced geometrically in
/// [1/κ, 1]: L = 1 and μ = 1/κ exactly, f* = 0 at the Gaussian point x*, start x₀ = 0.
///
/// The workhorse for checking rates: GD with step 1/L contracts by (1 − 1/κ), Nesterov by (1 − 1/√κ), and
/// linear CG is exact in at most n steps.
struct Quadratic: ObjectiveFunction {
  let dimension: Int
  let matrix: [Double]
  let minimiser: [Double]

  var hasHessianVector: Bool { true }

  func initialPoint() throws -> [Double] { [Double](repeating: 0, count: dimension) }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "quadratic")
    let d = ArrayMath.subtract(x, minimiser)
    return 0.5 * ArrayMath.dot(d, ArrayMath.matrixProduct(matrix, d, n: dimension))
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try requireNoSamples(samples, problem: "quadratic")
    let d = ArrayMath.subtract(x, minimiser)
    let g = ArrayMath.matrixProduct(matrix, d, n: dimension)
    return (0.5 * ArrayMath.dot(d, g), g)
  }

  func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
    ArrayMath.matrixProduct(matrix, v, n: dimension)
  }

  static let family = ProblemFamily(
    id: "quadratic",
    name: "Convex quadratic",
    summary: "½(x−x*)ᵀA(x−x*) with spectrum geometric in [1/κ, 1] (L = 1, μ = 1/κ, f* = 0)",
    kind: .objective,
    parameters: [
      .int("dim", default: 50, in: 1...2000, help: "dimension n"),
      .real("condition", default: 100, min: 1, max: 1e12, logScale: true, help: "condition number κ = L/μ"),
    ]
  ) { params, rng in
    let n = try params.int("dim")
    let kappa = try params.real("condition")
    let eigenvalues = RandomSpectrum.geometric(count: n, low: 1 / kappa, high: 1)
    let a = RandomSpectrum.matrix(eigenvalues: eigenvalues, rng: &rng)
    let xStar = rng.normals(n)
    let problem = Quadratic(dimension: n, matrix: a, minimiser: xStar)
    return ProblemInstance(
      .objective(problem),
      references: [("f_star", 0), ("L", 1), ("mu", 1 / kappa)],
      metricNames: ["dist_to_opt"],
      metrics: { x in [ArrayMath.norm(ArrayMath.subtract(x, xStar))] })
  }
}
