import CatalogueSDK

/// The F2CBA oracle's parameters (spec §4.7), shared by `f2cba`, `goldstein-o2nc` and `hypergradient-error`.
///
/// Both the raw α and the derived weights are parameters (spec §8.1): α₁ and α₂ default to 0, meaning the code's
/// α⁻² and α⁻⁴ (the code's `lamb = 1/eps` with eps = α², and its square).
enum F2CBAParameters {
  static let all: [Parameter] = weights + oracle + innerSolver

  /// α and the weights derived from it.
  static let weights: [Parameter] = [
    .real("alpha", default: 0.1, max: 1, above: 0, logScale: true, help: "inexactness α (code eps = α² = 0.01)"),
    .real("alpha1", default: 0, min: 0, help: "penalty weight α₁ on the Lagrangian gap (0: α⁻²)"),
    .real("alpha2", default: 0, min: 0, help: "penalty weight α₂ on ‖h_I‖²/2 (0: α⁻⁴)"),
  ]

  /// Active-set thresholds and the subproblem's constraints.
  static let oracle: [Parameter] = [
    .real("tau_h", default: 1e-4, min: 0, logScale: true, help: "active if |hᵢ(x, y*)| < τ_h (code: 1e-4)"),
    .real("tau_lambda", default: 1e-4, min: 0, logScale: true, help: "active if λ*ᵢ > τ_λ (code: 1e-4)"),
    .bool(
      "keep_constraints", default: false,
      help: "false: minimise L over all y (the paper's oracle; the official code's effective behaviour); "
        + "true: our variant, h ≤ 0 kept in the penalty problem plus the envelope term J_xᵀν"),
  ]

  /// Inner-solver controls, shared with `f2cba-eq`.
  static let innerSolver: [Parameter] = [
    .real(
      "inner_tolerance", default: 1e-11, above: 0, below: 1, logScale: true,
      help: "relative step tolerance of the penalty solve (the code's SCS uses eps² = 1e-4)"),
    .int("max_inner_iterations", default: 200, in: 1...100_000, help: "iterations of one penalty solve before failing"),
  ]

  /// The settings for α (or explicit weights) from validated parameters.
  static func settings(_ parameters: ParameterValues, alpha override: Double? = nil) throws -> F2CBAOracle.Settings {
    let alpha = try override ?? parameters.real("alpha")
    let alpha1 = override == nil ? try parameters.real("alpha1") : 0
    let alpha2 = override == nil ? try parameters.real("alpha2") : 0
    return F2CBAOracle.Settings(
      alpha1: alpha1 > 0 ? alpha1 : 1 / (alpha * alpha),
      alpha2: alpha2 > 0 ? alpha2 : 1 / (alpha * alpha * alpha * alpha),
      tauH: try parameters.real("tau_h"), tauLambda: try parameters.real("tau_lambda"),
      keepConstraints: try parameters.bool("keep_constraints"))
  }

  /// Applies the inner-solver controls.
  static func configure(_ solver: PenaltySolver, _ parameters: ParameterValues) throws {
    solver.tolerance = try parameters.real("inner_tolerance")
    solver.maxIterations = try parameters.int("max_inner_iterations")
  }

  /// Whether to compute the exact hypergradient for the error columns.
  static let trackError = Parameter.bool(
    "track_error", default: true,
    help: "compute the exact KKT hypergradient at each x for grad_error (uncounted; turn off for timing)")
}
