import CatalogueSDK
import SeededRandom

/// One hypergradient estimate with what the trace reports about it.
struct HypergradientEstimate {
  /// The estimate v(x).
  var gradient: [Double]
  /// The lower level the estimate was built on (at x, or at a perturbed point).
  var lower: LowerLevelPoint
  /// Rows the estimate treated as active.
  var activeCount: Int
  /// Inner-solver steps (counted with `run.count(.innerStep, n)`).
  var innerSteps: Int
}

/// A method's hypergradient oracle, so Adam/SGD (``HypergradientDescent``) and the Goldstein drivers can run on any
/// of them.
protocol HypergradientEstimator: AnyObject {
  /// v(x); may draw from `rng` (perturbed evaluation points).
  func estimate(at x: [Double], rng: inout CatalogueRandom) throws -> HypergradientEstimate
  /// Accumulated wall times by result key (`time_lower_s`, ...), for result.json.
  var timings: [(key: String, seconds: Double)] { get }
  /// The lower-level solver whose H̃ other solvers of the run may reuse.
  var lowerSolver: LowerLevelSolver { get }
}

/// The F2CBA oracle as an estimator.
final class F2CBAEstimator: HypergradientEstimator {
  let oracle: F2CBAOracle

  init(_ oracle: F2CBAOracle) { self.oracle = oracle }

  var lowerSolver: LowerLevelSolver { oracle.lowerSolver }

  func estimate(at x: [Double], rng: inout CatalogueRandom) throws -> HypergradientEstimate {
    let e = try oracle.evaluate(at: x)
    return HypergradientEstimate(
      gradient: e.gradient, lower: e.lower, activeCount: e.activeCount, innerSteps: e.innerSteps)
  }

  var timings: [(key: String, seconds: Double)] {
    [("time_lower_s", oracle.lowerTime.total), ("time_penalty_s", oracle.penaltyTime.total)]
  }
}

/// Algorithm 1-EQ's oracle as an estimator.
final class EqualityEstimator: HypergradientEstimator {
  let oracle: EqualityOracle

  init(_ oracle: EqualityOracle) { self.oracle = oracle }

  var lowerSolver: LowerLevelSolver { oracle.lowerSolver }

  func estimate(at x: [Double], rng: inout CatalogueRandom) throws -> HypergradientEstimate {
    let e = try oracle.evaluate(at: x)
    return HypergradientEstimate(
      gradient: e.gradient, lower: e.lower, activeCount: e.lower.h.count, innerSteps: e.innerSteps)
  }

  var timings: [(key: String, seconds: Double)] {
    [("time_lower_s", oracle.lowerTime.total), ("time_penalty_s", oracle.penaltyTime.total)]
  }
}

/// The exact KKT hypergradient (the `cvxpylayer` baseline, spec §4.6), optionally at x + N(0, δ²I) as the
/// official baseline evaluates it.
final class KKTEstimator: HypergradientEstimator {
  let problem: any BilevelProblem
  let solver: LowerLevelSolver
  let perturbation: Double
  private var lowerTime = Stopwatch()
  private var kktTime = Stopwatch()

  /// With `exactHessian` the lower-level Hessian is rebuilt at every x (exact for any problem); without it, it is
  /// built once (exact when ∇²_yy g is constant, as in the toy and its variants).
  init(_ problem: any BilevelProblem, perturbation: Double, exactHessian: Bool) throws {
    self.problem = problem
    self.perturbation = perturbation
    solver = try LowerLevelSolver(problem, exactHessian: exactHessian)
  }

  var lowerSolver: LowerLevelSolver { solver }

  func estimate(at x: [Double], rng: inout CatalogueRandom) throws -> HypergradientEstimate {
    var point = x
    if perturbation > 0 { for i in point.indices { point[i] += perturbation * rng.normal() } }
    let lower = try lowerTime.time { try solver.solve(at: point) }
    let (gradient, _) = try kktTime.time {
      try KKTHypergradient.compute(problem, lower, factor: solver.factor!) { [solver] rows in
        solver.cachedInverseProducts(rows: rows, jacobian: lower.jacobianY)
      }
    }
    return HypergradientEstimate(
      gradient: gradient, lower: lower, activeCount: lower.activeRows.count, innerSteps: lower.steps)
  }

  var timings: [(key: String, seconds: Double)] {
    [("time_lower_s", lowerTime.total), ("time_kkt_s", kktTime.total)]
  }
}

/// The best-response gradient ∇ₓf(x, y*(x)) that treats y* as a constant (the code's `BR`, spec §4.6).
final class BestResponseEstimator: HypergradientEstimator {
  let problem: any BilevelProblem
  let solver: LowerLevelSolver
  private var lowerTime = Stopwatch()

  init(_ problem: any BilevelProblem) throws {
    self.problem = problem
    solver = try LowerLevelSolver(problem)
  }

  var lowerSolver: LowerLevelSolver { solver }

  func estimate(at x: [Double], rng: inout CatalogueRandom) throws -> HypergradientEstimate {
    let lower = try lowerTime.time { try solver.solve(at: x) }
    let gradient = try problem.upperGradient(x, lower.y, samples: nil).x
    return HypergradientEstimate(
      gradient: gradient, lower: lower, activeCount: lower.activeRows.count, innerSteps: lower.steps)
  }

  var timings: [(key: String, seconds: Double)] { [("time_lower_s", lowerTime.total)] }
}
