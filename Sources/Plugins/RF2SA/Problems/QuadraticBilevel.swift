import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// The Euclidean instance (spec §5, §8): a bilevel least-squares problem on ℝ^{dₓ} × ℝ^{d_y} with no geometry,
/// on which RF²SA must reproduce Euclidean F²SA iterate for iterate.
///
///   g(x, y) = (1/m) Σᵢ ½(aᵢᵀy − bᵢᵀx − cᵢ)² + (ρ/2)‖y‖²,   f(x, y) = (1/m) Σᵢ ½(pᵢᵀy − tᵢ)² + (η/2)‖x‖²,
///
/// finite sums over m terms (ρ and η in every term), so both RF²SA variants apply. g is ρ-strongly convex in y with
/// y*(x) = H⁻¹Aᵀ(Bx + c)/m, H = AᵀA/m + ρI; F is a strongly convex quadratic whose minimiser solves a dₓ×dₓ system,
/// giving the exact reference `f_star`.
struct QuadraticBilevel: BilevelProblem {
  /// Rows aᵢ, bᵢ, pᵢ as m×d matrices, and c, t.
  let a: Matrix
  let b: Matrix
  let c: [Double]
  let p: Matrix
  let t: [Double]
  /// ρ and η.
  let ridge: Double
  let upperRidge: Double
  /// x₀ Gaussian; y₀ = 0.
  let start: [Double]

  var m: Int { a.rows }
  var dimensionX: Int { b.cols }
  var dimensionY: Int { a.cols }
  var upperSampleCount: Int { m }
  var lowerSampleCount: Int { m }
  var hasLowerSolution: Bool { true }
  var hasLowerHessian: Bool { true }

  func initialPoint() throws -> (x: [Double], y: [Double]) {
    (start, [Double](repeating: 0, count: dimensionY))
  }

  /// The rows of the sample set (all for nil) of a data matrix.
  func rows(_ matrix: Matrix, _ set: [Int]) -> Matrix {
    Matrix(rows: set.count, cols: matrix.cols) { i, j in matrix[set[i], j] }
  }

  /// The sample set as indices (all m for nil), checked.
  func sampleSet(_ samples: [Int]?) throws -> [Int] {
    guard let samples else { return Array(0..<m) }
    guard !samples.isEmpty, samples.allSatisfy({ (0..<m).contains($0) }) else {
      throw PluginError(.invalidArgument, "bilevel-quadratic: sample indices must be in 0..<\(m)")
    }
    return samples
  }

  /// The lower residuals aᵢᵀy − bᵢᵀx − cᵢ over the set, and the set's rows of A and B.
  func lowerResidual(_ x: [Double], _ y: [Double], _ set: [Int]) -> (residual: [Double], a: Matrix, b: Matrix) {
    let (rowsA, rowsB) = (rows(a, set), rows(b, set))
    let ay = (rowsA * Vector(y)).elements
    let bx = (rowsB * Vector(x)).elements
    return ((0..<set.count).map { ay[$0] - bx[$0] - c[set[$0]] }, rowsA, rowsB)
  }

  /// The upper residuals pᵢᵀy − tᵢ and the set's rows of P.
  func upperResidual(_ y: [Double], _ set: [Int]) -> (residual: [Double], p: Matrix) {
    let rowsP = rows(p, set)
    let py = (rowsP * Vector(y)).elements
    return ((0..<set.count).map { py[$0] - t[set[$0]] }, rowsP)
  }

  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    let rho = upperResidual(y, try sampleSet(samples)).residual
    return 0.5 * ArrayMath.dot(rho, rho) / Double(rho.count) + 0.5 * upperRidge * ArrayMath.dot(x, x)
  }

  /// ∇ₓf = ηx, ∇_y f = Pᵀ(Py − t)/|S|.
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    let (rho, rowsP) = upperResidual(y, try sampleSet(samples))
    let gy = Matrix.product(rowsP, Vector(rho), transpose: true, alpha: 1 / Double(rho.count))
    return (ArrayMath.scale(upperRidge, x), gy.elements)
  }

  func lowerValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    let rho = lowerResidual(x, y, try sampleSet(samples)).residual
    return 0.5 * ArrayMath.dot(rho, rho) / Double(rho.count) + 0.5 * ridge * ArrayMath.dot(y, y)
  }

  /// ∇ₓg = −Bᵀr/|S|, ∇_y g = Aᵀr/|S| + ρy.
  func lowerGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    let (rho, rowsA, rowsB) = lowerResidual(x, y, try sampleSet(samples))
    let scale = 1 / Double(rho.count)
    let gx = Matrix.product(rowsB, Vector(rho), transpose: true, alpha: -scale)
    let gy = Matrix.product(rowsA, Vector(rho), transpose: true, alpha: scale)
    return (gx.elements, ArrayMath.axpy(gy.elements, ridge, y))
  }

  /// H = AᵀA/m + ρI.
  var lowerHessian: Matrix {
    var h = Matrix.gram(a) * (1 / Double(m))
    for i in 0..<dimensionY { h[i, i] += ridge }
    return h
  }

  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    let rhs = Matrix.product(
      a, Vector(ArrayMath.add((b * Vector(x)).elements, c)), transpose: true, alpha: 1 / Double(m))
    let y = try numerical("bilevel-quadratic lower solution") { try Cholesky(lowerHessian).solve(rhs) }
    return (y.elements, [])
  }

  func lowerHessianYY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    (lowerHessian * Vector(v)).elements
  }

  /// ∇²_xy g·v = −BᵀAv/m.
  func lowerHessianXY(_ x: [Double], _ y: [Double], _ v: [Double]) throws -> [Double] {
    Matrix.product(b, a * Vector(v), transpose: true, alpha: -1 / Double(m)).elements
  }

  /// The minimiser of F: with y*(x) = Jx + j, (JᵀPᵀPJ/m + ηI)x = −JᵀPᵀ(Pj − t)/m.
  func minimiser() throws -> [Double] {
    try numerical("bilevel-quadratic reference") {
      let factor = try Cholesky(lowerHessian)
      let scale = 1 / Double(m)
      let j = try factor.solve(Matrix.product(a, b, transposeA: true, alpha: scale))
      let offset = try factor.solve(Matrix.product(a, Matrix(rows: m, cols: 1, elements: c), transposeA: true) * scale)
      let pj = p * j
      var normal = Matrix.gram(pj) * scale
      for i in 0..<dimensionX { normal[i, i] += upperRidge }
      let residual = p * offset - Matrix(rows: m, cols: 1, elements: t)
      let rhs = Matrix.product(pj, residual, transposeA: true, alpha: -scale)
      return try Cholesky(normal).solve(rhs).elements
    }
  }

  static let family = ProblemFamily(
    id: "bilevel-quadratic",
    name: "Euclidean bilevel least squares",
    summary: "Ridge regression below, least squares above, no manifold: RF²SA reduces to F²SA here; exact f_star",
    kind: .bilevel,
    parameters: [
      .int("dim_x", default: 4, in: 1...100_000, help: "dₓ, the upper dimension"),
      .int("dim_y", default: 6, in: 1...100_000, help: "d_y, the lower dimension"),
      .int("samples", default: 40, in: 1...1_000_000, help: "m, the finite-sum terms of f and g"),
      .real("ridge", default: 0.1, above: 0, logScale: true, help: "ρ: g is ρ-strongly convex in y"),
      .real("upper_ridge", default: 0.1, min: 0, help: "η, the ridge weight on x in f"),
    ]
  ) { params, rng in
    let (dx, dy, m) = (try params.int("dim_x"), try params.int("dim_y"), try params.int("samples"))
    let a = Matrix(rows: m, cols: dy, elements: rng.normals(m * dy))
    let b = Matrix(rows: m, cols: dx, elements: rng.normals(m * dx)) / Double(dx).squareRoot()
    let c = rng.normals(m)
    let p = Matrix(rows: m, cols: dy, elements: rng.normals(m * dy)) / Double(dy).squareRoot()
    let t = rng.normals(m)
    let problem = QuadraticBilevel(
      a: a, b: b, c: c, p: p, t: t, ridge: try params.real("ridge"), upperRidge: try params.real("upper_ridge"),
      start: rng.normals(dx))
    let xStar = try problem.minimiser()
    let fStar = try problem.upperValue(xStar, try problem.lowerSolution(xStar).y, samples: nil)
    return ProblemInstance(.bilevel(problem), references: [("f_star", fStar)])
  }
}
