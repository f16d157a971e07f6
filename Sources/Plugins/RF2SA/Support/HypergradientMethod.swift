import CatalogueSDK

/// How the linear system of the hypergradient, Hess_y g(x, y)[v] = grad_y f(x, y) (spec §3), is solved.
///
/// `lyapunov` is the closed form of Han et al.'s synthetic problem (spec §6.1): on SPD, in the whitened frame
/// V = L⁻¹UL⁻ᵀ (y = LLᵀ), the Riemannian Hessian of that g is V ↦ CV + VC, a symmetric Lyapunov operator solved by
/// one eigendecomposition (common-manifolds-numerics.md §4). `dense` forms the Hessian in an orthonormal tangent
/// basis and factors it: exact on any supported manifold, for small tangent spaces. `cg` and `neumann` are the
/// truncated iterative solvers RHGD compares (Han et al. 2024).
enum HypergradientMethod: Equatable {
  /// `lyapunov` where the structure holds, else `dense` up to ``denseLimit`` tangent dimensions, else `cg` to
  /// round-off: the ground truth used for trace metrics.
  case auto
  /// The Lyapunov closed form (SPD lower variable whose whitened Hessian is V ↦ CV + VC).
  case lyapunov
  /// The Hessian in an orthonormal basis of T_y, factored by LAPACK.
  case dense
  /// Conjugate gradients in T_y with the Riemannian metric.
  case cg(iterations: Int, tolerance: Double)
  /// The truncated Neumann series η Σⱼ (I − ηH)ʲ b.
  case neumann(iterations: Int, step: Double)

  /// Largest tangent dimension `auto` solves densely.
  static let denseLimit = 400

  /// The parameter id's choices.
  static let choices = ["auto", "lyapunov", "dense", "cg", "neumann"]
}
