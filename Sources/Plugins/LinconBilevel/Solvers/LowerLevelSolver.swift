import CatalogueSDK
import LinearAlgebra

/// Solves the lower level min_y g(x, y) s.t. h(x, y) ≤ 0 (or = 0) for one x after another, returning y*, λ* and
/// the working set (spec §4.1, §7.2), warm-started from the previous solution.
///
/// Each step is a sequential-QP step: linearise ∇_y g at the current y with one gradient call, and solve
/// min ⟨∇_y g, z − y⟩ + ½(z − y)ᵀH̃(z − y) over the linearised constraints with ``ActiveSetQP``. When g is
/// quadratic in y and H̃ = ∇²_yy g, one step is exact; the next gradient call then certifies the KKT conditions
/// ‖∇_y g + J_yᵀλ‖∞ ≤ tol·scale, and that gradient is the ∇g(x, y*) the oracles need anyway. H̃ is built once
/// from the problem's Hessian oracle and reused while it works (the toy's Hessian Q does not depend on x); if the
/// steps stop contracting it is rebuilt at the current point, so a stale H̃ costs speed, never accuracy. With
/// `exactHessian` it is rebuilt at every x (for the implicit-KKT baseline, which differentiates through it).
///
/// Only the penalty methods need H̃ itself (their metric adds a multiple of it, ``PenaltySolver``); they ask for it
/// with `keepsHessian`. Every other user needs only its Cholesky factor, which is then computed in the buffer the
/// Hessian oracle filled: at d_y = 1000 that saves an 8 MB copy and the page faults of a second fresh buffer per
/// build. The one product with H̃ a solve needs after a build, H̃y at the point of the build, is taken before the
/// factorisation overwrites it, so the numbers are the same either way.
final class LowerLevelSolver {
  /// The problem.
  let problem: any BilevelProblem
  /// Rebuild H̃ at every solve.
  let exactHessian: Bool
  /// Keep H̃ as a matrix beside its factor (``hessian``), for the penalty methods' metric.
  let keepsHessian: Bool
  /// Relative KKT tolerance.
  var tolerance = 1e-10
  /// Steps before giving up.
  var maxSteps = 50
  /// Steps within one solve after which H̃ is rebuilt at the current point.
  var refreshAfter = 3

  /// The metric H̃ ≈ ∇²_yy g, kept only with `keepsHessian` (nil otherwise).
  private(set) var hessian: Matrix?
  /// The Cholesky factor of H̃ (nil until the first build).
  private(set) var factor: Cholesky?
  /// Incremented whenever H̃ changes, so caches built on it can tell.
  private(set) var hessianVersion = 0
  /// Hessian builds so far.
  private(set) var hessianBuilds = 0
  private var qp: ActiveSetQP?
  private var qpVersion = -1
  private var lastY: [Double]?
  private var lastMultipliers: [Double]?
  /// H̃·y at the last QP solution y, from the QP's stationarity H̃y + q + J_yᵀλ = 0 (valid while H̃ is unchanged).
  private var lastProduct: (version: Int, y: [Double], product: [Double])?

  /// A solver for `problem`; validates the constraint form and sizes. `keepsHessian`: keep H̃ as a matrix
  /// (``hessian``), for callers that build on it rather than only solve with it.
  init(_ problem: any BilevelProblem, exactHessian: Bool = false, keepsHessian: Bool = false) throws {
    self.problem = problem
    self.exactHessian = exactHessian
    self.keepsHessian = keepsHessian
    guard problem.dimensionX > 0, problem.dimensionY > 0, problem.constraintCount >= 0 else {
      throw PluginError(.invalidArgument, "the bilevel problem reports empty dimensions or a negative row count")
    }
  }

  /// Number of constraint rows (0 without constraints).
  var rowCount: Int { problem.constraintForm == .none ? 0 : problem.constraintCount }

  /// Forgets the warm start (the next solve starts from the problem's initial y).
  func reset() {
    lastY = nil
    lastMultipliers = nil
  }

  /// y*(x), λ*(x) and the constraint data at (x, y*).
  func solve(at x: [Double]) throws -> LowerLevelPoint {
    let m = rowCount
    let form = m == 0 ? ConstraintForm.none : problem.constraintForm
    var y = try lastY ?? problem.initialPoint().y
    var lambda = lastMultipliers ?? [Double](repeating: 0, count: m)
    var working = [Bool](repeating: form == .equality, count: m)
    if exactHessian { try rebuildHessian(x, y) }
    var refreshed = exactHessian
    var steps = 0
    var gradient = try problem.lowerGradient(x, y, samples: nil)
    var jacobianY = Matrix(rows: 0, cols: y.count)
    var termScale = 0.0
    var jtl: [Double]?
    while true {
      if steps > 0 && isStationary(gradient.y, jtl, termScale) { break }
      guard steps < maxSteps else {
        throw PluginError(
          .numerical, "lower-level solve did not reach KKT tolerance \(tolerance) in \(maxSteps) steps at this x")
      }
      if factor == nil || (steps >= refreshAfter && !refreshed) {
        try rebuildHessian(x, y)
        refreshed = true
      }
      let constraints = try linearised(x, y, form)
      jacobianY = constraints.matrix
      let solver = try activeSet(constraints)
      let hy = product(at: y) ?? hessianProduct(y)
      let q = (0..<y.count).map { gradient.y[$0] - hy[$0] }
      termScale = ArrayMath.maxAbs(hy) + ArrayMath.maxAbs(q)
      let solution = try solver.solve(linear: q, warmStart: m > 0 ? lambda : nil)
      y = solution.y
      lambda = solution.multipliers
      working = solution.working
      steps += 1
      // H̃y at the new y is −q − J_yᵀλ (the QP's stationarity): the next linearisation, at this x or the next, needs
      // no product with H̃.
      jtl = m > 0 ? Matrix.product(jacobianY, Vector(lambda), transpose: true).elements : nil
      lastProduct = (hessianVersion, y, (0..<y.count).map { -q[$0] - (jtl?[$0] ?? 0) })
      gradient = try problem.lowerGradient(x, y, samples: nil)
    }
    let data = try constraintData(x, y, m)
    lastY = y
    lastMultipliers = lambda
    return LowerLevelPoint(
      x: x, y: y, multipliers: lambda, working: working, h: data.h, jacobianY: data.jacobianY,
      jacobianX: data.jacobianX, gradientX: gradient.x, gradientY: gradient.y, form: form, steps: steps)
  }

  /// H̃y from the last QP solution, or from the last build of H̃, when y is that point and H̃ has not changed since;
  /// else nil.
  private func product(at y: [Double]) -> [Double]? {
    guard let lastProduct, lastProduct.version == hessianVersion, lastProduct.y == y else { return nil }
    return lastProduct.product
  }

  /// H̃y when no cached product applies (after at least one build or adoption): zero for y = 0 (a solver's first
  /// point on every problem of this plugin, and exactly what a product would give), `dsymv` with a kept H̃, and
  /// otherwise L(Lᵀy) from the factor, the matrix the QP solves with, equal to H̃y to round-off. The last case arises
  /// only for a solver that took another's factor (``adoptHessian(from:)``) and starts from a nonzero y.
  func hessianProduct(_ y: [Double]) -> [Double] {
    if let hessian { return Self.product(hessian, y) }
    if y.allSatisfy({ $0 == 0 }) { return [Double](repeating: 0, count: y.count) }
    let column = Matrix(rows: y.count, cols: 1, elements: y)
    return factor!.multiplyLower(factor!.multiplyLower(column, transpose: true)).elements
  }

  /// H̃y by `dsymv`, or zero for y = 0 without reading H̃.
  private static func product(_ h: Matrix, _ y: [Double]) -> [Double] {
    y.allSatisfy { $0 == 0 } ? [Double](repeating: 0, count: y.count) : Matrix.symmetricProduct(h, y)
  }

  /// Whether ‖∇_y g + J_yᵀλ‖∞ is within tolerance of the size of its terms; `termScale` is ‖H̃y‖∞ + ‖q‖∞ of the
  /// last linearisation ∇_y g ≈ H̃y + q (a scale, so it need not be at the new y). `jtl` is J_yᵀλ with the J_y of the
  /// last linearisation (exact for constraints affine in y), nil without constraints.
  private func isStationary(_ gy: [Double], _ jtl: [Double]?, _ termScale: Double) -> Bool {
    var residual = gy
    var scale = ArrayMath.maxAbs(gy) + termScale
    if let jtl {
      residual = ArrayMath.add(residual, jtl)
      scale += ArrayMath.maxAbs(jtl)
    }
    return ArrayMath.maxAbs(residual) <= tolerance * max(scale, 1e-300)
  }

  /// The constraints linearised at y.
  private func linearised(_ x: [Double], _ y: [Double], _ form: ConstraintForm) throws -> LinearConstraints {
    guard form != .none else { return .none(variables: y.count) }
    let data = try constraintData(x, y, rowCount)
    return LinearConstraints(h: data.h, jacobianY: data.jacobianY, at: y, form: form)
  }

  /// h, J_y and J_x at (x, y) as matrices, checked for size.
  func constraintData(_ x: [Double], _ y: [Double], _ m: Int) throws -> (
    h: [Double], jacobianY: Matrix, jacobianX: Matrix
  ) {
    guard m > 0 else { return ([], Matrix(rows: 0, cols: y.count), Matrix(rows: 0, cols: x.count)) }
    let c = try problem.constraints(x, y)
    guard c.h.count == m, c.jacobianY.count == m * y.count, c.jacobianX.count == m * x.count else {
      throw PluginError(.invalidArgument, "the problem's constraint oracle returned arrays of the wrong size")
    }
    return (
      c.h, Matrix(rows: m, cols: y.count, elements: c.jacobianY), Matrix(rows: m, cols: x.count, elements: c.jacobianX)
    )
  }

  /// The QP solver for the current H̃ and these rows, reused while neither changed.
  private func activeSet(_ constraints: LinearConstraints) throws -> ActiveSetQP {
    if let qp, qpVersion == hessianVersion, qp.constraints.matrix == constraints.matrix,
      qp.constraints.isEquality == constraints.isEquality
    {
      return ActiveSetQP(reusing: qp, bound: constraints.bound)
    }
    let solver = try ActiveSetQP(factor: factor!, constraints: constraints)
    qp = solver
    qpVersion = hessianVersion
    return solver
  }

  /// L⁻¹J_Iᵀ and J_I·H̃⁻¹J_Iᵀ (H̃ = LLᵀ) for the rows `rows` of `jacobian`, read from the QP solver's L⁻¹Aᵀ and
  /// AH̃⁻¹Aᵀ when that solver was built on the current H̃ and on exactly these constraint rows (always, at a solved
  /// point, for constraints affine in y); nil otherwise. The implicit-KKT hypergradient then needs no solve with
  /// the d_y × d_y factor beyond two triangular solves with one right-hand side.
  func cachedInverseProducts(rows: [Int], jacobian: Matrix) -> (whitenedJT: Matrix, schur: Matrix)? {
    guard let qp, qpVersion == hessianVersion, qp.constraints.matrix == jacobian else { return nil }
    let whitened = DenseHelpers.columns(qp.whitenedAT, rows)
    let schur = DenseHelpers.principalSubmatrix(qp.dualHessian, rows)
    return (whitened, schur)
  }

  /// Takes `other`'s factor of H̃ (and H̃ itself if this solver keeps one and `other` has it) when this solver has
  /// none yet, so a second solver on the same problem (the trace's F(x) evaluations) does not build and factor
  /// ∇²_yy g again. H̃ is only the metric of the non-exact solver, so one built at another point costs at most a
  /// rebuild, never accuracy; an exact solver keeps its own.
  func adoptHessian(from other: LowerLevelSolver) {
    guard factor == nil, !exactHessian, let f = other.factor else { return }
    if keepsHessian {
      guard let h = other.hessian else { return }
      hessian = h
    }
    factor = f
    hessianVersion += 1
  }

  /// Builds H̃ = ∇²_yy g(x, y) and factors it, and records H̃y for the linearisation at y that follows every build.
  private func rebuildHessian(_ x: [Double], _ y: [Double]) throws {
    let h = try SecondOrder.lowerHessian(problem, x, y)
    let hy = Self.product(h, y)
    // The dense Hessian's lower triangle was checked as it entered; an assembled one is checked by the factorisation
    // (symmetrising finite columns can still overflow).
    let what = "the lower-level Hessian ∇²_yy g"
    let finite = problem.hasLowerHessianMatrix
    if keepsHessian {
      factor = try SecondOrder.factor(h, what, knownFinite: finite)
      hessian = h
    } else {
      factor = try SecondOrder.factor(consuming: consume h, what, knownFinite: finite)
    }
    hessianVersion += 1
    hessianBuilds += 1
    lastProduct = (hessianVersion, y, hy)
  }
}
