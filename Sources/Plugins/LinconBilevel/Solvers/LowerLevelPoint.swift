import CatalogueSDK
import LinearAlgebra

/// The lower-level solution y*(x) with its multipliers and the constraint data at (x, y*): everything the
/// hypergradient oracles of spec §4 freeze before their own solves.
struct LowerLevelPoint: Sendable {
  /// The upper-level point.
  var x: [Double]
  /// y*(x).
  var y: [Double]
  /// λ*(x), m values (≥ 0 for inequality rows).
  var multipliers: [Double]
  /// The QP working set at the solution (rows held at equality).
  var working: [Bool]
  /// h(x, y*).
  var h: [Double]
  /// J_y h(x, y*), m × d_y.
  var jacobianY: Matrix
  /// J_x h(x, y*), m × d_x.
  var jacobianX: Matrix
  /// ∇ₓg(x, y*).
  var gradientX: [Double]
  /// ∇_y g(x, y*).
  var gradientY: [Double]
  /// Whether the rows are equalities or inequalities.
  var form: ConstraintForm
  /// Sequential-QP steps taken (each one lower-level gradient call plus one QP).
  var steps: Int

  /// The constraints linearised at y* (exact for constraints affine in y).
  var linearConstraints: LinearConstraints {
    LinearConstraints(h: h, jacobianY: jacobianY, at: y, form: form)
  }

  /// Rows that the exact KKT hypergradient treats as active: equality rows and inequality rows in the working set
  /// with a positive multiplier (strict complementarity, spec §7.2).
  var activeRows: [Int] {
    (0..<multipliers.count).filter { form == .equality || (working[$0] && multipliers[$0] > 0) }
  }

  /// The rows of the F2CBA penalty (spec §4.3 step 2): every equality row, and the inequality rows with
  /// |hᵢ| < τ_h and λᵢ > τ_λ (both tests, spec §8.3).
  func penaltyRows(tauH: Double, tauLambda: Double) -> [Int] {
    (0..<multipliers.count).filter { form == .equality || (abs(h[$0]) < tauH && multipliers[$0] > tauLambda) }
  }
}
