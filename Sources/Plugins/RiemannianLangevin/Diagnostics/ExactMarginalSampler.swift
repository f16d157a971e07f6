import SeededRandom

/// Exact samples of a statistic whose law the problem declares in closed form, for spec §4.1's comparison with
/// "exact sampling, where available": a sampler draws as many exact values as it has chains and reports their
/// mean and W₁ next to its own, the Monte Carlo floor its estimates are judged against.
///
/// A problem declares it with the reference `exact_vmf_s2:<statistic>` = κ: the statistic is t = μᵀx for x ~
/// vMF(μ, κ) on S², whose law is sampled exactly by inversion, t = 1 + log(u + (1 − u)e^{−2κ})/κ with u ~ U[0, 1)
/// (spec §4.2). It is the only exact sampler of spec §4 (Watson, H² and SPD(2) have none in closed form).
struct ExactMarginalSampler: Sendable {
  let statistic: String
  let kappa: Double

  /// The declarations in a reference list (with κ > 0 and finite).
  static func parse(_ references: [(name: String, value: Double)]) -> [ExactMarginalSampler] {
    references.compactMap { name, value in
      guard name.hasPrefix("exact_vmf_s2:"), value > 0, value.isFinite else { return nil }
      return ExactMarginalSampler(statistic: String(name.dropFirst("exact_vmf_s2:".count)), kappa: value)
    }
  }

  /// One exact draw of t on S² by inversion (spec §4.2).
  static func vmfCosineOnS2(kappa: Double, _ rng: inout CatalogueRandom) -> Double {
    let u = rng.uniform()
    return 1 + _log(u + (1 - u) * _exp(-2 * kappa)) / kappa
  }

  /// `count` exact draws of the statistic.
  func draw(_ count: Int, _ rng: inout CatalogueRandom) -> [Double] {
    (0..<count).map { _ in Self.vmfCosineOnS2(kappa: kappa, &rng) }
  }
}
