import CatalogueSDK
import LinearAlgebra

/// The minimiser of a penalised lower-level objective, with everything the hypergradient formulas read there.
struct PenaltyPoint: Sendable {
  /// The minimiser (y_α of spec §4.3, y_λ of §4.2).
  var y: [Double]
  /// Multipliers of the constraints kept in the subproblem (empty when none were kept).
  var multipliers: [Double]
  /// ∇f(x, y) at the minimiser (x- and y-parts).
  var upper: (x: [Double], y: [Double])
  /// ∇g(x, y) at the minimiser.
  var lower: (x: [Double], y: [Double])
  /// Iterations (each one gradient call of f and of g and one QP).
  var iterations: Int
}

/// Minimises φ(y) = f(x, y) + w·[g(x, y) + λ̄ᵀh(x, y)] + (ρ/2)‖h_S(x, y)‖², optionally subject to the lower-level
/// constraints: the penalty subproblem of F2CBA (spec §4.3 step 3, w = α₁, ρ = α₂, λ̄ = λ*, S = I) and of
/// Algorithm 1-EQ (spec §4.2 step 3, w = λ, on the affine set Y(x)).
///
/// The subproblem is ill-conditioned by design (condition O(α⁻²)), so plain gradient steps are slow. This solver
/// takes variable-metric projected gradient steps z = argmin ⟨∇φ(y), z − y⟩ + ½‖z − y‖²_M over the kept
/// constraints, with the metric M = w·H̃ + ρ J_SᵀJ_S + τI built from the lower-level metric H̃ ≈ ∇²_yy g: M is the
/// part of ∇²φ that grows with the penalty weights, so the iteration contracts at rate about ‖∇²_yy f‖/(w μ_g)
/// whatever α is, and each step is one QP with ``ActiveSetQP`` (the official code hands the same subproblem to a
/// convex solver, SCS). τ ≥ 0 absorbs the curvature of f: whenever a step shows curvature above 1.5× the metric
/// along it (the iteration needs ∇²φ ≺ 2M to contract) τ is raised and M refactored. h is affine in y, so h(y) is
/// h(y*) + J_y(y − y*) without further constraint calls.
final class PenaltySolver {
  /// The weights of φ.
  struct Objective {
    /// w, the weight of the lower-level bracket.
    var gWeight: Double
    /// λ̄ inside the bracket, or nil for none.
    var bracketMultipliers: [Double]?
    /// ρ, the weight of the quadratic penalty on the rows S.
    var penaltyWeight: Double
    /// S.
    var penaltyRows: [Int]
    /// Keep h ≤ 0 (or h = 0) as constraints of the subproblem.
    var keepConstraints: Bool
  }

  /// The problem.
  let problem: any BilevelProblem
  /// Stop when the step is below tolerance·(1 + ‖y‖∞).
  var tolerance = 1e-11
  /// Iterations before giving up.
  var maxIterations = 200
  /// The current curvature shift τ of the metric.
  private(set) var tau = 0.0
  private var cache: (key: MetricKey, metric: Matrix, qp: ActiveSetQP)?
  /// Incremented whenever the metric is rebuilt.
  private var metricVersion = 0
  private var lastMultipliers: [Double]?

  /// What the metric and its factorisation depend on.
  private struct MetricKey: Equatable {
    var hessianVersion: Int
    var gWeight: Double
    var penaltyWeight: Double
    var rows: [Int]
    var jacobianY: Matrix
    var isEquality: [Bool]
    var keep: Bool
    var tau: Double
  }

  /// A solver for `problem`.
  init(_ problem: any BilevelProblem) {
    self.problem = problem
  }

  /// Minimises φ at lower.x, starting from y* (as the official code warm-starts its penalty solve).
  func solve(
    _ objective: Objective, lower: LowerLevelPoint, hessian: Matrix, hessianVersion: Int
  ) throws -> PenaltyPoint {
    let x = lower.x
    let constraints = lower.linearConstraints
    let kept = objective.keepConstraints && constraints.count > 0
    var y = lower.y
    var upper = try problem.upperGradient(x, y, samples: nil)
    var lowerGradient = (x: lower.gradientX, y: lower.gradientY)
    // J_yᵀλ̄ is fixed during the solve (λ̄ and J_y are frozen at y*): one product instead of one per iteration.
    let bracket = bracketTerm(objective, lower)
    var gradient = phiGradient(objective, lower, bracket, y, upper.y, lowerGradient.y)
    var multipliers = kept ? (lastMultipliers ?? lower.multipliers) : []
    var previousStep = Double.infinity
    // M·y, kept across iterations (M·y_{k+1} serves the curvature test and the next linear term) and recomputed only
    // when M changes. Within one M it is read off the QP's stationarity, M·z + q + A_Kᵀν = 0 (A_K the kept rows, ν
    // their multipliers), so M·z = −q − A_Kᵀν costs one product with the m × d_y rows instead of one with M.
    var my: [Double] = []
    var myVersion = -1
    for iteration in 1...maxIterations {
      let (metric, qp) = try metricSolver(objective, lower, constraints, kept, hessian, hessianVersion)
      if myVersion != metricVersion {
        my = Matrix.symmetricProduct(metric, y)
        myVersion = metricVersion
      }
      let q = (0..<y.count).map { gradient[$0] - my[$0] }
      let solution = try qp.solve(linear: q, warmStart: kept ? multipliers : nil)
      let d = ArrayMath.subtract(solution.y, y)
      let newUpper = try problem.upperGradient(x, solution.y, samples: nil)
      let newLower = try problem.lowerGradient(x, solution.y, samples: nil)
      let newGradient = phiGradient(objective, lower, bracket, solution.y, newUpper.y, newLower.y)
      let newMy = Self.metricProduct(q, solution.multipliers, kept ? constraints.matrix : nil)
      let curvature = ArrayMath.dot(d, ArrayMath.subtract(newGradient, gradient))
      let metricCurvature = ArrayMath.dot(d, ArrayMath.subtract(newMy, my))
      let dd = ArrayMath.dot(d, d)
      // Both curvatures are differences of vectors of size ‖M y‖; below that round-off they carry no signal.
      let noise = 1e-12 * dd.squareRoot() * (ArrayMath.norm(my) + ArrayMath.norm(gradient))
      if dd > 0 && curvature - 1.5 * metricCurvature > noise {
        tau += 2 * (curvature / 1.5 - metricCurvature) / dd
        // Past twice the metric the step may not contract: retry it with the larger τ.
        if curvature - 2 * metricCurvature > noise { continue }
      }
      y = solution.y
      my = newMy
      upper = newUpper
      lowerGradient = (newLower.x, newLower.y)
      gradient = newGradient
      multipliers = solution.multipliers
      let step = ArrayMath.maxAbs(d)
      let size = 1 + ArrayMath.maxAbs(y)
      // Converged, or at the round-off floor (steps no longer shrink although they are tiny).
      if step <= tolerance * size || (step > 0.5 * previousStep && step <= 1e-9 * size) {
        if kept { lastMultipliers = multipliers }
        return PenaltyPoint(
          y: y, multipliers: multipliers, upper: upper, lower: lowerGradient, iterations: iteration)
      }
      previousStep = step
    }
    throw PluginError(
      .numerical,
      "the penalty subproblem did not converge in \(maxIterations) iterations; raise max_inner_iterations or alpha")
  }

  /// M·z at the QP solution z from its stationarity: −q − A_Kᵀν (A_K = `rows`, nil when no constraints are kept).
  private static func metricProduct(_ q: [Double], _ nu: [Double], _ rows: Matrix?) -> [Double] {
    guard let rows, !nu.isEmpty else { return q.map { -$0 } }
    let atnu = Matrix.product(rows, Vector(nu), transpose: true).elements
    return (0..<q.count).map { -q[$0] - atnu[$0] }
  }

  /// J_yᵀλ̄, or nil when φ has no multiplier term.
  private func bracketTerm(_ objective: Objective, _ lower: LowerLevelPoint) -> [Double]? {
    guard let bracket = objective.bracketMultipliers, !bracket.isEmpty else { return nil }
    return Matrix.product(lower.jacobianY, Vector(bracket), transpose: true).elements
  }

  /// ∇φ(y) = ∇_y f + w(∇_y g + J_yᵀλ̄) + ρ J_Sᵀ h_S(y), with h(y) = h(y*) + J_y(y − y*); `jtl` is J_yᵀλ̄.
  private func phiGradient(
    _ objective: Objective, _ lower: LowerLevelPoint, _ jtl: [Double]?, _ y: [Double], _ fy: [Double],
    _ gy: [Double]
  ) -> [Double] {
    var gradient = ArrayMath.axpy(fy, objective.gWeight, gy)
    let jacobian = lower.jacobianY
    if let jtl { gradient = ArrayMath.axpy(gradient, objective.gWeight, jtl) }
    if objective.penaltyWeight > 0 && !objective.penaltyRows.isEmpty {
      let shift = Matrix.product(jacobian, Vector(ArrayMath.subtract(y, lower.y))).elements
      var residual = [Double](repeating: 0, count: lower.h.count)
      for i in objective.penaltyRows { residual[i] = lower.h[i] + shift[i] }
      let jtr = Matrix.product(jacobian, Vector(residual), transpose: true).elements
      gradient = ArrayMath.axpy(gradient, objective.penaltyWeight, jtr)
    }
    return gradient
  }

  /// M = w·H̃ + ρ J_SᵀJ_S + τI and a QP solver on it, cached while nothing it depends on changed.
  private func metricSolver(
    _ objective: Objective, _ lower: LowerLevelPoint, _ constraints: LinearConstraints, _ kept: Bool,
    _ hessian: Matrix, _ hessianVersion: Int
  ) throws -> (Matrix, ActiveSetQP) {
    let key = MetricKey(
      hessianVersion: hessianVersion, gWeight: objective.gWeight, penaltyWeight: objective.penaltyWeight,
      rows: objective.penaltyRows, jacobianY: lower.jacobianY, isEquality: constraints.isEquality, keep: kept, tau: tau)
    let rows = kept ? constraints : LinearConstraints.none(variables: lower.y.count)
    if let cache, cache.key == key {
      // The same key with this step's J_y buffer: later iterations of the step compare it by identity, not entry by
      // entry.
      self.cache!.key = key
      return (cache.metric, ActiveSetQP(reusing: cache.qp, bound: rows.bound))
    }
    // w·H̃ entry by entry (as `w * hessian`), in a huge-page buffer that the rest of M is added to in place.
    let w = objective.gWeight
    var metric = HugePageMatrix.make(rows: hessian.rows, cols: hessian.cols) { out in
      hessian.elements.withUnsafeBufferPointer { h in
        for i in h.indices { out[i] = w * h[i] }
      }
    }
    if objective.penaltyWeight > 0 && !objective.penaltyRows.isEmpty {
      let js = Matrix(rows: objective.penaltyRows.count, cols: lower.y.count) { i, j in
        lower.jacobianY[objective.penaltyRows[i], j]
      }
      metric.add(Matrix.gram(js), scaledBy: objective.penaltyWeight)
    }
    if tau > 0 { for i in 0..<lower.y.count { metric[i, i] += tau } }
    let factor = try SecondOrder.factor(metric, "the penalty metric w·∇²_yy g + ρ J_SᵀJ_S")
    let qp = try ActiveSetQP(factor: factor, constraints: rows)
    cache = (key, metric, qp)
    metricVersion += 1
    return (metric, qp)
  }
}
