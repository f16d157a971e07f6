import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom

/// The Rayleigh quotient f(x) = xᵀAx on the unit sphere S^{n−1}: its minimum is the smallest eigenvalue of A,
/// attained at the matching eigenvector. A has eigenvalues spaced evenly in [1, κ], so f* = 1 exactly.
///
/// The smallest problem that exercises the geometry table: Riemannian gradient, retraction, tangent norms.
struct RayleighQuotient: ObjectiveFunction {
  let dimension: Int
  let matrix: [Double]
  let start: [Double]
  let sphere: Sphere

  var geometry: (any Geometry)? { sphere }
  var hasHessianVector: Bool { true }

  func initialPoint() throws -> [Double] { start }

  func value(_ x: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "rayleigh")
    return ArrayMath.dot(x, ArrayMath.matrixProduct(matrix, x, n: dimension))
  }

  func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
    try requireNoSamples(samples, problem: "rayleigh")
    let ax = ArrayMath.matrixProduct(matrix, x, n: dimension)
    return (ArrayMath.dot(x, ax), ArrayMath.scale(2, ax))
  }

  func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
    ArrayMath.scale(2, ArrayMath.matrixProduct(matrix, v, n: dimension))
  }

  static let family = ProblemFamily(
    id: "rayleigh",
    name: "Rayleigh quotient on the sphere",
    summary: "min xᵀAx on S^{n−1}, spectrum evenly spaced in [1, κ] (f* = 1, the smallest eigenvalue)",
    kind: .objective,
    parameters: [
      .int("dim", default: 20, in: 2...2000, help: "ambient dimension n (the sphere is S^{n−1})"),
      .real("condition", default: 10, max: 1e12, above: 1, logScale: true, help: "largest eigenvalue κ"),
    ]
  ) { params, rng in
    let n = try params.int("dim")
    let kappa = try params.real("condition")
    let eigenvalues = (0..<n).map { 1 + (kappa - 1) * Double($0) / Double(n - 1) }
    let a = RandomSpectrum.matrix(eigenvalues: eigenvalues, rng: &rng)
    let sphere = try Sphere(n)
    let start = try sphere.randomPoint(&rng)
    return ProblemInstance(
      .objective(RayleighQuotient(dimension: n, matrix: a, start: start, sphere: sphere)),
      references: [("f_star", 1)])
  }
}
