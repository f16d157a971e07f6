import CatalogueSDK
import LinearAlgebra

/// The Riemannian hypergradient at (x, y) by implicit differentiation (spec §3; Han et al. 2024):
///
///   grad F(x) ≈ rgrad_x( ∇ₓf(x, y) − ∇²ₓᵧg(x, y)[v] ),  Hess_y g(x, y)[v] = grad_y f(x, y).
///
/// With y = y*(x) and an exact solve this is the exact hypergradient. The cross term needs no conversion: y enters
/// grad_y g only through the Euclidean ∇_y g, and ⟨v, rgrad(E)⟩_y = ⟨v, E⟩_F for tangent v on every standard
/// manifold, so the Euclidean mixed product applied to the tangent solution v is the Euclidean x-gradient of
/// ⟨v, grad_y g⟩. RF²SA never calls this; RHGD steps with it and both report its exact value in the trace.
struct HypergradientSolver {
  /// The problem's oracles.
  let problem: any BilevelProblem
  /// The manifold of x.
  let manifoldX: VariableManifold
  /// The manifold of y.
  let manifoldY: VariableManifold

  /// The estimate and the work it took.
  struct Estimate {
    /// The Riemannian hypergradient at x.
    let gradient: [Double]
    /// The tangent solution v.
    let solution: [Double]
    /// Iterations of CG or of the Neumann series (0 for direct solves).
    let innerSteps: Int
  }

  /// The hypergradient at (x, y) with `method`.
  func estimate(_ x: [Double], _ y: [Double], method: HypergradientMethod) throws -> Estimate {
    guard problem.hasLowerHessian else {
      throw PluginError(.unsupported, "the hypergradient needs lower-level Hessian products; this problem has none")
    }
    let upper = try problem.upperGradient(x, y, samples: nil)
    let b = try manifoldY.gradient(y, upper.y)
    let operator_ = try HessianOperator(problem: problem, manifold: manifoldY, x: x, y: y)
    let (v, steps) = try operator_.solve(b, method: method)
    let cross = try problem.lowerHessianXY(x, y, v)
    let gradient = try manifoldX.gradient(x, ArrayMath.subtract(upper.x, cross))
    return Estimate(gradient: gradient, solution: v, innerSteps: steps)
  }
}
