import CatalogueSDK
import LinearAlgebra
import SeededRandom

/// `lincon-toy`: Problem L.1 of the paper (spec §5.1), the official experiments' problem: the toy objectives with
/// m linear inequalities h(x, y) = Ay − b ≤ 0, A and b uniform on [0, 1] (so y = 0 is strictly feasible).
///
/// With `active` = k > 0 the bound is shifted so that exactly rows 0..<k are active at x₀ with multipliers in
/// [0.5, 1.5] (strict complementarity) and the others have slack bᵢ from the official draw: the spec's test
/// instance (§6.2) with a nonsmooth point at the start, where the default draw often has no active row.
struct LinconToy: ToyObjectivesProblem {
  let objectives: ToyObjectives
  /// A, m × d_y.
  let a: Matrix
  /// b.
  let b: [Double]
  let start: [Double]
  /// The exact lower-level solver on (Q, A, b), built once.
  let qp: ActiveSetQP

  var constraintForm: ConstraintForm { .inequality }
  var constraintCount: Int { b.count }

  /// h = Ay − b, J_y = A, J_x = 0.
  func constraints(_ x: [Double], _ y: [Double]) throws -> (h: [Double], jacobianY: [Double], jacobianX: [Double]) {
    try objectives.check(x, y)
    let ay = Matrix.product(a, Vector(y)).elements
    return ((0..<b.count).map { ay[$0] - b[$0] }, a.elements, [Double](repeating: 0, count: b.count * dimensionX))
  }

  func lowerSolution(_ x: [Double]) throws -> (y: [Double], multipliers: [Double]) {
    try objectives.check(x, [Double](repeating: 0, count: dimensionY))
    let solution = try qp.solve(linear: objectives.linearTerm(x))
    return (solution.y, solution.multipliers)
  }

  static let family = ProblemFamily(
    id: "lincon-toy",
    name: "Linearly constrained bilevel toy (Problem L.1)",
    summary: "f = cᵀy + 0.01‖x‖² + 0.01‖y‖², g = ½yᵀQy + xᵀPy, Ay ≤ b; uniform data as the official main.py",
    kind: .bilevel,
    parameters: ToyObjectives.parameters + [
      .int("active", default: 0, in: 0...5_000, help: "shift b so rows 0..<k are active at x₀ (0: official data)")
    ]
  ) { parameters, rng in
    let dx = try parameters.int("dim_x")
    let dy = try parameters.int("dim_y")
    let m = try ToyObjectives.rowCount(parameters, dimensionY: dy)
    let active = try parameters.int("active")
    guard active <= min(m, dy) else {
      throw PluginError(.invalidArgument, "active must be at most min(constraints, dim_y) = \(min(m, dy)); lower it")
    }
    let objectives = try ToyObjectives(dimensionX: dx, dimensionY: dy, rng: &rng)
    let a = Matrix(rows: m, cols: dy, elements: ToyObjectives.uniforms(m * dy, &rng))
    var b = ToyObjectives.uniforms(m, &rng)
    let start = ToyObjectives.uniforms(dx, &rng)
    if active > 0 {
      b = try shiftedBound(objectives, a, slack: b, active: active, at: start, rng: &rng)
    }
    let qp = try ActiveSetQP(
      factor: objectives.factor,
      constraints: LinearConstraints(matrix: a, bound: b, isEquality: [Bool](repeating: false, count: m)))
    return ProblemInstance(.bilevel(LinconToy(objectives: objectives, a: a, b: b, start: start, qp: qp)))
  }

  /// b with rows 0..<k active at x₀: y* = −Q⁻¹(Pᵀx₀ + A_Sᵀλ_S), λ_S ~ U[0.5, 1.5], b_S = A_S y*, and
  /// bᵢ = aᵢᵀy* + slackᵢ for the other rows, so (y*, λ) satisfies the KKT conditions with strict complementarity.
  static func shiftedBound(
    _ objectives: ToyObjectives, _ a: Matrix, slack: [Double], active: Int, at x: [Double],
    rng: inout CatalogueRandom
  ) throws -> [Double] {
    var lambda = [Double](repeating: 0, count: a.rows)
    for i in 0..<active { lambda[i] = 0.5 + rng.uniform() }
    let rhs = ArrayMath.add(objectives.linearTerm(x), Matrix.product(a, Vector(lambda), transpose: true).elements)
    let y = try objectives.factor.solve(Vector(rhs)).elements.map { -$0 }
    let ay = Matrix.product(a, Vector(y)).elements
    return (0..<a.rows).map { $0 < active ? ay[$0] : ay[$0] + slack[$0] }
  }
}
