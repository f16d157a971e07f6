/// The covariance of the covariates x of an in-context regression prompt (common-incontext-regression.md §1).
///
/// Two rotated settings circulate in the literature and differ in one eigenvalue, so both are options and a run
/// records which one it used: the official code's x = U·D_code·z with D_code = diag(1, 1, 1/2, 1/4, 1), and the
/// papers' Σ with eigenvalues (1, 1, 0.25, 2.25, 1). The Memformer CG curve matches the code's (memformer.md §6).
public enum CovarianceMode: String, Sendable, CaseIterable {
  /// Σ = I: x = z.
  case isotropic
  /// The official code: x = U·diag(1, 1, 1/2, 1/4, 1)·z, so Σ has eigenvalues (1, 1, 0.25, 0.0625, 1).
  case code
  /// The papers' statement: Σ = U·diag(1, 1, 0.25, 2.25, 1)·Uᵀ, i.e. scales (1, 1, 0.5, 1.5, 1).
  case paper

  /// The scales D (x = U·D·z) for dimension d, or nil when the mode is defined only for another dimension.
  ///
  /// The rotated modes are stated for d = 5 only; extending their spectra to other d would be an invention.
  public func scales(dimension d: Int) -> [Double]? {
    switch self {
    case .isotropic: [Double](repeating: 1, count: d)
    case .code: d == 5 ? [1, 1, 0.5, 0.25, 1] : nil
    case .paper: d == 5 ? [1, 1, 0.5, 1.5, 1] : nil
    }
  }

  /// Whether x is rotated by a random orthogonal U drawn with the problem instance.
  public var isRotated: Bool { self != .isotropic }
}
