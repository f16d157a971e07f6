import CatalogueSDK
import LinearAlgebra

/// Riemannian hypergradient descent (Han, Mishra, Jawanpuria, Takeda, NeurIPS 2024), the baseline RF²SA is
/// compared with (spec §6): per outer step,
///
///   y ← S Riemannian gradient steps on g(xₖ, ·) from the previous y (warm start), or y*(xₖ) exactly;
///   ĝₖ = grad_x f − G_xy g[Hess_y g⁻¹ grad_y f] at (xₖ, y)   (``HypergradientSolver``);
///   xₖ₊₁ = R_{xₖ}(−ηₓ ĝₖ).
///
/// With the exact lower solution and an exact solve, ĝₖ = grad F(xₖ) and this is Riemannian gradient descent on F.
struct RHGDIteration {
  let problem: any BilevelProblem
  let manifoldX: VariableManifold
  let manifoldY: VariableManifold
  /// ηₓ.
  let stepX: Double
  /// η_y.
  let stepY: Double
  /// S, lower-level steps per outer step (ignored with `exactLower`).
  let lowerSteps: Int
  /// Whether to use the problem's closed-form y*(x).
  let exactLower: Bool
  /// How the hypergradient system is solved.
  let method: HypergradientMethod

  /// xₖ.
  private(set) var x: [Double]
  /// The lower iterate.
  private(set) var y: [Double]
  /// k.
  private(set) var k = 0

  /// Starts at the problem's initial point.
  init(
    problem: any BilevelProblem, manifoldX: VariableManifold, manifoldY: VariableManifold, stepX: Double,
    stepY: Double, lowerSteps: Int, exactLower: Bool, method: HypergradientMethod
  ) throws {
    self.problem = problem
    self.manifoldX = manifoldX
    self.manifoldY = manifoldY
    self.stepX = stepX
    self.stepY = stepY
    self.lowerSteps = lowerSteps
    self.exactLower = exactLower
    self.method = method
    (x, y) = try problem.initialPoint()
  }

  /// Moves y towards y*(xₖ); returns the number of lower-level steps taken.
  mutating func solveLower() throws -> Int {
    if exactLower {
      y = try problem.lowerSolution(x).y
      return 0
    }
    for _ in 0..<lowerSteps {
      let gradient = try checked(try manifoldY.gradient(y, try problem.lowerGradient(x, y, samples: nil).y))
      y = try manifoldY.step(y, ArrayMath.scale(-stepY, gradient))
    }
    return lowerSteps
  }

  /// ĝₖ at (xₖ, y).
  func hypergradient() throws -> HypergradientSolver.Estimate {
    try HypergradientSolver(problem: problem, manifoldX: manifoldX, manifoldY: manifoldY)
      .estimate(x, y, method: method)
  }

  /// xₖ₊₁ = R_{xₖ}(−ηₓ ĝₖ).
  mutating func step(along estimate: HypergradientSolver.Estimate) throws {
    x = try manifoldX.step(x, ArrayMath.scale(-stepX, try checked(estimate.gradient)))
    k += 1
  }

  /// A step direction, or the divergence error before a non-finite vector reaches a step map.
  private func checked(_ direction: [Double]) throws -> [Double] {
    guard ArrayMath.isFinite(direction) else {
      throw PluginError(
        .numerical, "rhgd diverged at iteration \(k) (non-finite gradient); lower eta_x or eta_y (below 2/L_g)")
    }
    return direction
  }
}
