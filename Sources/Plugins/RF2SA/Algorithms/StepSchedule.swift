import CatalogueSDK
import Glibc

/// The polynomial step sizes of F²SA carried over to RF²SA (spec §4.4):
///
///   αₖ = c_α (k + k₀)^{−a},  γₖ = c_γ (k + k₀)^{−c},  λₖ = c_λ γₖ / αₖ,
///
/// so the multiplier grows like (k + k₀)^{a−c} (λₖ₊₁ = λₖ + δₖ with δₖ ≥ 0 when a ≥ c) while the effective step on
/// g in the y-update, αₖλₖ = c_λγₖ, stays bounded: the stability constraint αₖλₖ ≤ 1/L_g of spec §4.4 and §9.3
/// holds for all k once c_λc_γ ≤ 1/L_g.
struct StepSchedule: Equatable {
  /// The regimes of spec §4.4 and their exponents (a, c).
  enum Regime: String, CaseIterable {
    /// Exact gradients: (a, c) = (1/3, 0), rate Õ(K^{−2/3}).
    case deterministic
    /// Noise in the upper level only: (3/5, 2/5), rate Õ(K^{−2/5}).
    case upperNoise = "upper-noise"
    /// Noise in both levels: (5/7, 4/7), rate Õ(K^{−2/7}).
    case bothNoise = "both-noise"
    /// The exponents given by `alpha_exponent` and `gamma_exponent`.
    case custom

    /// The regime's (a, c), nil for `custom`.
    var exponents: (a: Double, c: Double)? {
      switch self {
      case .deterministic: (1.0 / 3, 0)
      case .upperNoise: (3.0 / 5, 2.0 / 5)
      case .bothNoise: (5.0 / 7, 4.0 / 7)
      case .custom: nil
      }
    }
  }

  /// Decay exponent a of αₖ.
  let a: Double
  /// Decay exponent c of γₖ.
  let c: Double
  /// c_α.
  let cAlpha: Double
  /// c_γ.
  let cGamma: Double
  /// c_λ.
  let cLambda: Double
  /// k₀.
  let k0: Double

  /// αₖ: the y-tracker step (and, times ξₓ, the x step).
  func alpha(_ k: Int) -> Double { cAlpha * pow(Double(k) + k0, -a) }
  /// γₖ: the z-tracker step.
  func gamma(_ k: Int) -> Double { cGamma * pow(Double(k) + k0, -c) }
  /// λₖ = c_λ γₖ / αₖ.
  func lambda(_ k: Int) -> Double { cLambda * gamma(k) / alpha(k) }

  /// The schedule parameters of the RF²SA algorithms, with the given default regime and c_α.
  static func parameters(defaultRegime: Regime, cAlpha: Double) -> [Parameter] {
    [
      .choice(
        "schedule", default: defaultRegime.rawValue, choices: Regime.allCases.map(\.rawValue),
        help: "step-size regime (spec §4.4): deterministic (a,c)=(1/3,0), upper-noise (3/5,2/5), "
          + "both-noise (5/7,4/7), custom"),
      .real(
        "alpha_exponent", default: 1.0 / 3, min: 0, max: 1,
        help: "a in αₖ = c_α (k+k₀)^−a (schedule=custom only)"),
      .real(
        "gamma_exponent", default: 0, min: 0, max: 1, help: "c in γₖ = c_γ (k+k₀)^−c (schedule=custom only)"),
      .real(
        "c_alpha", default: cAlpha, above: 0, logScale: true,
        help: "c_α: αₖ = c_α (k+k₀)^−a, the y step; λ₀ = c_λ c_γ / c_α at k₀ = 1"),
      .real(
        "c_gamma", default: 0.25, above: 0, logScale: true,
        help: "c_γ: γₖ = c_γ (k+k₀)^−c, the z step; keep c_γ ≤ 1/L_g and c_λ c_γ ≤ 1/L_g"),
      .real("c_lambda", default: 1, above: 0, logScale: true, help: "c_λ: λₖ = c_λ γₖ/αₖ, so αₖλₖ = c_λ γₖ"),
      .real("k0", default: 1, above: 0, help: "k₀, the schedule offset"),
    ]
  }

  /// Reads the parameters declared by ``parameters(defaultRegime:)``.
  init(_ parameters: ParameterValues) throws {
    let name = try parameters.string("schedule")
    guard let regime = Regime(rawValue: name) else {
      throw PluginError(
        .invalidArgument, "schedule=\(name) is not one of deterministic, upper-noise, both-noise, custom")
    }
    let exponents =
      try regime.exponents ?? (try parameters.real("alpha_exponent"), try parameters.real("gamma_exponent"))
    guard exponents.a >= exponents.c else {
      throw PluginError(
        .invalidArgument,
        "alpha_exponent=\(exponents.a) < gamma_exponent=\(exponents.c) would shrink λₖ; the multiplier must grow "
          + "(spec §4.3 step 5), so choose alpha_exponent ≥ gamma_exponent")
    }
    self.init(
      a: exponents.a, c: exponents.c, cAlpha: try parameters.real("c_alpha"), cGamma: try parameters.real("c_gamma"),
      cLambda: try parameters.real("c_lambda"), k0: try parameters.real("k0"))
  }

  /// A schedule from its constants.
  init(a: Double, c: Double, cAlpha: Double, cGamma: Double, cLambda: Double, k0: Double) {
    self.a = a
    self.c = c
    self.cAlpha = cAlpha
    self.cGamma = cGamma
    self.cLambda = cLambda
    self.k0 = k0
  }
}
