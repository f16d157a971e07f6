import CatalogueSDK
import LinearAlgebra

/// Rows aᵢᵀy ≤ bᵢ (inequality) or aᵢᵀy = bᵢ (equality) on the lower-level variable: the linearisation of
/// h(x, y) = A y + B x − b at a fixed x (spec §3.1), with the x-part moved into the bound.
struct LinearConstraints: Sendable {
  /// A, m × n, column-major.
  var matrix: Matrix
  /// b, m values.
  var bound: [Double]
  /// Which rows are equalities (always held; their multipliers have no sign).
  var isEquality: [Bool]

  /// Number of rows m.
  var count: Int { bound.count }

  /// Creates constraints; every array must have m entries.
  init(matrix: Matrix, bound: [Double], isEquality: [Bool]) {
    precondition(matrix.rows == bound.count && isEquality.count == bound.count, "constraint sizes differ")
    self.matrix = matrix
    self.bound = bound
    self.isEquality = isEquality
  }

  /// No rows, for unconstrained lower levels.
  static func none(variables n: Int) -> LinearConstraints {
    LinearConstraints(matrix: Matrix(rows: 0, cols: n), bound: [], isEquality: [])
  }

  /// The rows h(x, y₀) + J_y (y − y₀) ≤ 0 (or = 0) of constraints affine in y, from one evaluation at y₀.
  init(h: [Double], jacobianY: Matrix, at y0: [Double], form: ConstraintForm) {
    let jy0 = Matrix.product(jacobianY, Vector(y0)).elements
    self.init(
      matrix: jacobianY, bound: (0..<h.count).map { jy0[$0] - h[$0] },
      isEquality: [Bool](repeating: form == .equality, count: h.count))
  }

  /// A y − b.
  func residual(_ y: [Double]) -> [Double] {
    guard count > 0 else { return [] }
    let ay = Matrix.product(matrix, Vector(y)).elements
    return (0..<count).map { ay[$0] - bound[$0] }
  }
}
