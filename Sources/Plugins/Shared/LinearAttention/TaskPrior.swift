/// The law of the task vector w of each prompt.
///
/// The official code draws w = U·D⁻¹·w₀ with w₀ ~ N(0, I), i.e. w ~ N(0, Σ⁻¹) up to the feature law's scale, which
/// makes every rotated problem isotropic after whitening (common-incontext-regression.md §1). Theorem 1 of the
/// preconditioned-GD paper assumes w ~ N(0, I) instead (§9.5), and mixing the two up is a listed pitfall (§10).
public enum TaskPrior: String, Sendable, CaseIterable {
  /// w = U·D⁻¹·w₀, w₀ ~ N(0, I): the official code.
  case inverseCovariance = "inverse-covariance"
  /// w = w₀ ~ N(0, I): the setting of the one-layer optimum theorem.
  case identity
}
