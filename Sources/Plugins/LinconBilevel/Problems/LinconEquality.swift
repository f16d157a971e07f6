import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// `lincon-eq`: the toy objectives with linear equality constraints h(x, y) = Ay + Bx − b = 0 (spec §7.4.1), the
/// test problem of Algorithm 1-EQ. A, b and B/`coupling` are uniform on [0, 1]; with coupling 0 the constraints are
/// the toy's Ay = b, with coupling > 0 they move with x and exercise the Bᵀ(ν_λ − λμ*) term (spec §6.2 ii).
///
/// `upper = least-squares` replaces the toy's nearly flat f by the spec's §6.2(ii) upper objective
/// f = ½‖Cy − d‖² + ½‖x‖² (C ∈ ℝ^{d_y×d_y} with entries U[0, 1]/√d_y, d ∈ U[0, 1]^{d_y}, drawn after the other
/// data so the toy-objective instance of a seed is unchanged): its ∇_y f is O(1), so the 1-EQ error magnitudes
/// can be compared with the spec's.
struct LinconEquality: ToyObjectivesProblem {
  let objectives: ToyObjectives
  /// C and d of the least-squares upper objective, or nil for the toy's f.
  let leastSquares: (c: Matrix, d: [Double])?
  /// A, m × d_y.
  let a: Matrix
  /// B, m × d_x.
  let coupling: Matrix
  let b: [Double]
  let start: [Double]
  let qp: ActiveSetQP

  var constraintForm: ConstraintForm { .equality }

  func upperValue(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> Double {
    try objectives.check(x, y)
    guard let (c, d) = leastSquares else { return objectives.upperValue(x, y) }
    let r = ArrayMath.subtract(Matrix.product(c, Vector(y)).elements, d)
    return 0.5 * ArrayMath.dot(r, r) + 0.5 * ArrayMath.dot(x, x)
  }

  /// ∇ₓf = x, ∇_y f = Cᵀ(Cy − d) for the least-squares f; the toy's otherwise.
  func upperGradient(_ x: [Double], _ y: [Double], samples: [Int]?) throws -> (x: [Double], y: [Double]) {
    try objectives.check(x, y)
    guard let (c, d) = leastSquares else { return objectives.upperGradient(x, y) }
    let r = ArrayMath.subtract(Matrix.product(c, Vector(y)).elements, d)
    return (x, Matrix.product(c, Vector(r), transpose: true).elements)
  }
  var constraintCount: Int { b.count }

  /// The right-hand side b − Bx of A y = b − Bx.
  func bound(_ x: [Double]) -> [Double] {
    let bx = Matrix.product(coupling, Vector(x)).elements
    return (0..<b.count).map { b[$0] - bx[$0] }
  }

  /// h = Ay + Bx − b, J_y = A, J_x = B.
  func constraints(_ x: [Double], _ y: [Double]) throws -> (h: [Double], jacobianY: [Double], jacobianX: [Double]) {
    try objectives.check(x, y)
    let ay = Matrix.product(a, Vector(y)).elements
    let rhs = bound(x)
    return ((0..<b.count).map { ay[$0] - rhs[$0] }, a.elements, coupling.elements)
  }

  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    try objectives.check(x, [Double](repeating: 0, count: dimensionY))
    let solution = try ActiveSetQP(reusing: qp, bound: bound(x)).solve(linear: objectives.linearTerm(x))
    return (solution.y, solution.multipliers)
  }

  static let family = ProblemFamily(
    id: "lincon-eq",
    name: "Linearly constrained bilevel toy with equalities",
    summary: "The toy's f and g with Ay + Bx = b (m < d_y), for Algorithm 1-EQ",
    kind: .bilevel,
    parameters: ToyObjectives.parameters + [
      .real("coupling", default: 1, min: 0, help: "scale of B in Ay + Bx = b (0: the toy's Ay = b)"),
      .choice(
        "upper", default: "toy", choices: ["toy", "least-squares"],
        help: "upper objective: the toy's f, or ½‖Cy − d‖² + ½‖x‖² (spec §6.2 ii)"),
    ]
  ) { parameters, rng in
    let dx = try parameters.int("dim_x")
    let dy = try parameters.int("dim_y")
    let m = try ToyObjectives.rowCount(parameters, dimensionY: dy)
    guard m < dy else {
      throw PluginError(.invalidArgument, "constraints must be below dim_y = \(dy) for equalities; lower it")
    }
    let scale = try parameters.real("coupling")
    let objectives = try ToyObjectives(dimensionX: dx, dimensionY: dy, rng: &rng)
    let a = Matrix(rows: m, cols: dy, elements: ToyObjectives.uniforms(m * dy, &rng))
    let b = ToyObjectives.uniforms(m, &rng)
    let start = ToyObjectives.uniforms(dx, &rng)
    let coupling = Matrix(rows: m, cols: dx, elements: ToyObjectives.uniforms(m * dx, &rng).map { scale * $0 })
    var leastSquares: (c: Matrix, d: [Double])?
    if try parameters.string("upper") == "least-squares" {
      let entryScale = 1 / Double(dy).squareRoot()
      let c = Matrix(rows: dy, cols: dy, elements: ToyObjectives.uniforms(dy * dy, &rng).map { entryScale * $0 })
      leastSquares = (c, ToyObjectives.uniforms(dy, &rng))
    }
    let qp = try ActiveSetQP(
      factor: objectives.factor,
      constraints: LinearConstraints(matrix: a, bound: b, isEquality: [Bool](repeating: true, count: m)))
    let problem = LinconEquality(
      objectives: objectives, leastSquares: leastSquares, a: a, coupling: coupling, b: b, start: start, qp: qp)
    return ProblemInstance(.bilevel(problem))
  }
}
