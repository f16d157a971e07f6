/// How one Langevin step moves a chain (spec riemannian-langevin.md §3).
enum StepForm: Sendable {
  /// §3.1: x⁺ = Exp_x(−δ grad h(x) + √(2δ) ξ), ξ a tangent Gaussian at x.
  case exponential
  /// §3.4: y = Exp_x(−δ grad h(x)), then x⁺ = Exp_y(√(2δ) ξ) with ξ a tangent Gaussian at y.
  case split
  /// §3.3: x⁺ = R_x(−δ grad h(x) + √(2δ) ξ) with the manifold's retraction.
  case retraction
  /// The naive baseline of §4.1: a Euclidean Langevin step in the embedding with the Euclidean gradient and
  /// ambient noise, y = x − δ∇h(x) + √(2δ) z, then projection of y back onto the manifold.
  case embeddedProjection
}
