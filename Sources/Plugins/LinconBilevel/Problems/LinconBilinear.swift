import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// `lincon-bilinear`: the toy objectives with the bilinear constraints of the official `main_bilinear.py` (spec
/// §5.2): hᵢ(x, y) = (Aᵢx)ᵀy − bᵢᵀx ≤ 0 with Aᵢ ∈ ℝ^{d_y×d_x} and bᵢ ∈ ℝ^{d_x} uniform on [0, 1]. The constraints
/// are affine in y for fixed x, but J_x h depends on y (row i is Aᵢᵀy − bᵢ), which exercises the λ*-term and the
/// α₂ J_{x,I}ᵀh_I term of the F2CBA gradient. At x = 0 every row reads 0 ≤ 0.
struct LinconBilinear: ToyObjectivesProblem {
  let objectives: ToyObjectives
  /// Aᵢ, d_y × d_x each.
  let blocks: [Matrix]
  /// bᵢ as the rows of an m × d_x matrix.
  let b: Matrix
  let start: [Double]

  var constraintForm: ConstraintForm { .inequality }
  var constraintCount: Int { blocks.count }

  /// J_y h(x, ·) (rows Aᵢx) and the bound bᵢᵀx: the constraints are J_y y ≤ Bx row by row.
  func rows(_ x: [Double]) -> (jacobianY: Matrix, bound: [Double]) {
    let m = blocks.count
    let columns = blocks.map { Matrix.product($0, Vector(x)).elements }
    let jacobianY = Matrix(rows: m, cols: dimensionY) { i, j in columns[i][j] }
    return (jacobianY, Matrix.product(b, Vector(x)).elements)
  }

  /// h, J_y (rows Aᵢx) and J_x (rows Aᵢᵀy − bᵢ).
  func constraints(_ x: [Double], _ y: [Double]) throws -> (h: [Double], jacobianY: [Double], jacobianX: [Double]) {
    try objectives.check(x, y)
    let (jacobianY, bound) = rows(x)
    let jy = Matrix.product(jacobianY, Vector(y)).elements
    let gradients = blocks.map { Matrix.product($0, Vector(y), transpose: true).elements }
    let jacobianX = Matrix(rows: blocks.count, cols: dimensionX) { i, k in gradients[i][k] - b[i, k] }
    return ((0..<blocks.count).map { jy[$0] - bound[$0] }, jacobianY.elements, jacobianX.elements)
  }

  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    try objectives.check(x, [Double](repeating: 0, count: dimensionY))
    let (jacobianY, bound) = rows(x)
    let constraints = LinearConstraints(
      matrix: jacobianY, bound: bound, isEquality: [Bool](repeating: false, count: blocks.count))
    let solution = try ActiveSetQP(factor: objectives.factor, constraints: constraints)
      .solve(linear: objectives.linearTerm(x))
    return (solution.y, solution.multipliers)
  }

  static let family = ProblemFamily(
    id: "lincon-bilinear",
    name: "Bilevel toy with bilinear constraints",
    summary: "The toy's f and g with hᵢ = (Aᵢx)ᵀy − bᵢᵀx ≤ 0, as the official main_bilinear.py",
    kind: .bilevel,
    parameters: ToyObjectives.parameters
  ) { parameters, rng in
    let dx = try parameters.int("dim_x")
    let dy = try parameters.int("dim_y")
    let m = try ToyObjectives.rowCount(parameters, dimensionY: dy)
    let objectives = try ToyObjectives(dimensionX: dx, dimensionY: dy, rng: &rng)
    // torch.rand(m, d_y, d_x) is row-major: the last index runs fastest, so element (i, j, k) is draw i·d_y·d_x
    // + j·d_x + k. Stored column-major per block, Aᵢ[j, k] sits at j + k·d_y.
    let draws = ToyObjectives.uniforms(m * dy * dx, &rng)
    let blocks = (0..<m).map { i in
      Matrix(rows: dy, cols: dx) { j, k in draws[i * dy * dx + j * dx + k] }
    }
    let bDraws = ToyObjectives.uniforms(m * dx, &rng)
    let b = Matrix(rows: m, cols: dx) { i, k in bDraws[i * dx + k] }
    let start = ToyObjectives.uniforms(dx, &rng)
    return ProblemInstance(.bilevel(LinconBilinear(objectives: objectives, blocks: blocks, b: b, start: start)))
  }
}
