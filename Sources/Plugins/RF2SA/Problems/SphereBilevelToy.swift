import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom

/// Testbed T3, the sanity toy (spec §6.3): x ∈ S^{n−1}, y ∈ ℝⁿ,
///
///   g(x, y) = ½‖y − Bx‖²,  f(x, y) = ½‖Cy − e‖²,  so y*(x) = Bx and F(x) = ½‖CBx − e‖².
///
/// B and C are Gaussian scaled to spectral norm 1 (so L_g = 1 and F is 1-smooth on the sphere), e is Gaussian
/// with E‖e‖² = 1. The global minimum of the quadratic F on the sphere is known by eigen-analysis (the trust-region
/// boundary problem): with K = CB, KᵀK = QΛQᵀ and b = Kᵀe, x* = (KᵀK − μI)⁻¹b with μ < λ_min the root of
/// ‖x(μ)‖ = 1, found by bisection; it is the reference `f_star`.
struct SphereBilevelToy: BilevelProblem {
  let n: Int
  /// B, C (n×n) and e.
  let b: Matrix
  let c: Matrix
  let e: [Double]
  let sphere: Sphere
  /// x₀ uniform on the sphere; y₀ = 0.
  let start: [Double]

  var dimensionX: Int { n }
  var dimensionY: Int { n }
  var geometryX: (any Geometry)? { sphere }
  var hasLowerSolution: Bool { true }
  var hasLowerHessian: Bool { true }

  func initialPoint() throws -> (x: [Double], y: [Double]) {
    (start, [Double](repeating: 0, count: n))
  }

  /// Cy − e.
  func residual(_ y: [Double]) -> [Double] {
    ArrayMath.subtract((c * Vector(y)).elements, e)
  }

  /// y − Bx.
  func lowerResidual(_ x: [Double], _ y: [Double]) -> [Double] {
    ArrayMath.subtract(y, (b * Vector(x)).elements)
  }

  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "sphere-bilevel-toy")
    let rho = residual(y)
    return 0.5 * ArrayMath.dot(rho, rho)
  }

  /// ∇ₓf = 0, ∇_y f = Cᵀ(Cy − e).
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try requireNoSamples(samples, problem: "sphere-bilevel-toy")
    let gy = Matrix.product(c, Vector(residual(y)), transpose: true).elements
    return ([Double](repeating: 0, count: n), gy)
  }

  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    try requireNoSamples(samples, problem: "sphere-bilevel-toy")
    let rho = lowerResidual(x, y)
    return 0.5 * ArrayMath.dot(rho, rho)
  }

  /// ∇ₓg = −Bᵀ(y − Bx), ∇_y g = y − Bx.
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try requireNoSamples(samples, problem: "sphere-bilevel-toy")
    let rho = lowerResidual(x, y)
    return (Matrix.product(b, Vector(rho), transpose: true, alpha: -1).elements, rho)
  }

  /// y*(x) = Bx.
  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    ((b * Vector(x)).elements, [])
  }

  /// ∇²_yy g = I.
  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] { v }

  /// ∇²_xy g·v = −Bᵀv.
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    Matrix.product(b, Vector(v), transpose: true, alpha: -1).elements
  }

  /// F(x) = ½‖CBx − e‖².
  func value(_ x: [Double]) throws -> Double {
    try upperValue(x, try lowerSolution(x).y, samples: nil)
  }

  /// The global minimiser of F on the sphere (see the type's documentation; the "hard case" b ⟂ q₁ is handled by
  /// adding the component along q₁ that completes the unit norm).
  func globalMinimiser() throws -> [Double] {
    let k = c * b
    let eigen = try numerical("sphere-bilevel-toy reference") { try SymmetricEigen(Matrix.gram(k)) }
    let q = eigen.vectors
    let lambda = eigen.values
    let coefficients = Matrix.product(q, Matrix.product(k, Vector(e), transpose: true), transpose: true).elements
    func norm(_ mu: Double) -> Double {
      (0..<n).reduce(0) { $0 + pow2(coefficients[$1] / (lambda[$1] - mu)) }.squareRoot()
    }
    let bNorm = ArrayMath.norm(coefficients)
    var (low, high) = (lambda[0] - bNorm - 1, lambda[0])
    var solution: [Double]
    if abs(coefficients[0]) > 1e-14 * max(1, bNorm) {
      for _ in 0..<200 {
        let mid = 0.5 * (low + high)
        if mid <= low || mid >= high { break }
        if norm(mid) < 1 { low = mid } else { high = mid }
      }
      let mu = 0.5 * (low + high)
      solution = (0..<n).map { coefficients[$0] / (lambda[$0] - mu) }
    } else {
      solution = (0..<n).map { $0 == 0 ? 0 : coefficients[$0] / (lambda[$0] - lambda[0]) }
      solution[0] = max(0, 1 - ArrayMath.dot(solution, solution)).squareRoot()
    }
    let x = (q * Vector(solution)).elements
    return ArrayMath.scale(1 / ArrayMath.norm(x), x)
  }

  static let family = ProblemFamily(
    id: "sphere-bilevel-toy",
    name: "Sphere sanity toy (T3)",
    summary: "x ∈ S^{n−1}, g = ½‖y − Bx‖², f = ½‖Cy − e‖², F = ½‖CBx − e‖²; global f_star by eigen-analysis",
    kind: .bilevel,
    parameters: [.int("dim", default: 5, in: 2...2000, help: "n: x on S^{n−1} ⊂ ℝⁿ, y ∈ ℝⁿ")]
  ) { params, rng in
    let n = try params.int("dim")
    func spectralUnit(_ m: Matrix) throws -> Matrix {
      m / (try numerical("sphere-bilevel-toy data") { try SVD(m).singularValues[0] })
    }
    let b = try spectralUnit(Matrix(rows: n, cols: n, elements: rng.normals(n * n)))
    let c = try spectralUnit(Matrix(rows: n, cols: n, elements: rng.normals(n * n)))
    let e = ArrayMath.scale(1 / Double(n).squareRoot(), rng.normals(n))
    let sphere = try Sphere(n)
    let problem = SphereBilevelToy(n: n, b: b, c: c, e: e, sphere: sphere, start: try sphere.randomPoint(&rng))
    return ProblemInstance(.bilevel(problem), references: [("f_star", try problem.value(problem.globalMinimiser()))])
  }
}

/// x².
private func pow2(_ x: Double) -> Double { x * x }
