/// The distribution of the un-rotated covariate ξ before x = U·D·ξ (common-incontext-regression.md §1, code
/// `generate_data` modes `normal`, `sphere`, `gamma`).
///
/// The heavy-tailed `gamma` mode keeps the direction uniform and draws the squared radius from a Gamma law, so a
/// training run can be stressed by rare huge prompts while the covariance stays a multiple of the identity.
public enum FeatureDistribution: Sendable, Equatable {
  /// ξ ~ N(0, I).
  case gaussian
  /// ξ = z/‖z‖, uniform on the unit sphere (code mode `sphere`).
  case sphere
  /// ξ = (z/‖z‖)·√G with G ~ Gamma(shape k, scale √(10/k)) (code mode `gamma`); k = 2.5, d = 5 gives N(0, I).
  case gamma(shape: Double)

  /// The parameter spelling (`gaussian`, `sphere`, `gamma`).
  public var name: String {
    switch self {
    case .gaussian: "gaussian"
    case .sphere: "sphere"
    case .gamma: "gamma"
    }
  }

  /// E[ξξᵀ] = c·I: the factor c for dimension d (1; 1/d; E[G]/d = k·√(10/k)/d = √(10k)/d).
  public func secondMoment(dimension d: Int) -> Double {
    switch self {
    case .gaussian: 1
    case .sphere: 1 / Double(d)
    case .gamma(let k): (10 * k).squareRoot() / Double(d)
    }
  }
}
