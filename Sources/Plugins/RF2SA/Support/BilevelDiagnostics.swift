import CatalogueSDK

/// Ground truth at an iterate, for the trace only (the drivers call it inside `uncounted`): F(x) = f(x, y*(x)),
/// the exact ‖grad F(x)‖ (spec §3, "for ground truth only; RF²SA never forms it"), and the distances of the
/// trackers to their targets y*(x) and y*_λ(x).
///
/// y*(x) comes from the problem's closed form when it has one, else from ``PenaltySolver``; the hypergradient from
/// ``HypergradientSolver`` with `.auto` (exact), when the problem has lower Hessian products and both manifolds are
/// standard ones. Where the gradient is not affordable it is absent (``hasExactGradient`` is false), never an
/// estimate passed off as exact.
struct BilevelDiagnostics {
  let problem: any BilevelProblem
  let manifoldX: VariableManifold
  let manifoldY: VariableManifold
  private let solver: PenaltySolver
  private var lowerWarmStart: PenaltySolver.Solution
  private var penaltyWarmStart: PenaltySolver.Solution?

  /// The values at one x.
  struct Truth {
    /// F(x).
    var value: Double
    /// grad F(x) (nil when not affordable).
    var gradient: [Double]?
    /// ‖grad F(x)‖ (NaN when not affordable).
    var gradientNorm: Double
    /// y*(x).
    var lowerSolution: [Double]
  }

  /// Diagnostics for one run; `start` is the first warm start of the solves.
  init(problem: any BilevelProblem, manifoldX: VariableManifold, manifoldY: VariableManifold, start y: [Double]) {
    self.problem = problem
    self.manifoldX = manifoldX
    self.manifoldY = manifoldY
    solver = PenaltySolver(problem: problem, manifold: manifoldY)
    lowerWarmStart = PenaltySolver.Solution(y: y, gradientNorm: .infinity, step: 1, steps: 0)
  }

  /// Whether ‖grad F‖ is computed exactly.
  var hasExactGradient: Bool {
    problem.hasLowerHessian && manifoldX.kind != .other && manifoldY.kind != .other
  }

  /// y*(x): the closed form, or a warm-started solve of g(x, ·).
  mutating func lowerSolution(_ x: [Double]) throws -> [Double] {
    if problem.hasLowerSolution { return try problem.lowerSolution(x).y }
    lowerWarmStart = try solver.solve(
      x, from: lowerWarmStart.y, lambda: nil, step: lowerWarmStart.step, tolerance: 1e-10)
    return lowerWarmStart.y
  }

  /// F(x) and ‖grad F(x)‖.
  mutating func truth(_ x: [Double]) throws -> Truth {
    let ystar = try lowerSolution(x)
    let value = try problem.upperValue(x, ystar, samples: nil)
    var gradient: [Double]?
    var norm = Double.nan
    if hasExactGradient {
      let solver = HypergradientSolver(problem: problem, manifoldX: manifoldX, manifoldY: manifoldY)
      gradient = try solver.estimate(x, ystar, method: .auto).gradient
      norm = try manifoldX.norm(x, gradient!)
    }
    return Truth(value: value, gradient: gradient, gradientNorm: norm, lowerSolution: ystar)
  }

  /// d(y, y*_λ(x)), warm-started from the previous target (starting from y the first time).
  ///
  /// The target is solved until ‖grad φ‖ is 1e-4 of its value at y (or 1e-12): by strong convexity the distance
  /// is then accurate to about 1e-4·κ relative, whatever its size, for a few warm-started steps per iteration.
  mutating func penaltyDistance(_ x: [Double], _ y: [Double], lambda: Double) throws -> Double {
    let start = penaltyWarmStart ?? PenaltySolver.Solution(y: y, gradientNorm: .infinity, step: 1, steps: 0)
    let scale = try manifoldY.norm(y, try solver.objective(x, y, lambda).grad)
    let target = try solver.solve(
      x, from: start.y, lambda: lambda, step: start.step, tolerance: max(1e-12, 1e-4 * scale))
    penaltyWarmStart = target
    return try manifoldY.distance(y, target.y)
  }
}
