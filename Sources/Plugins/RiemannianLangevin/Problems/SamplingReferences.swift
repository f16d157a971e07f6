import CatalogueSDK

/// The reference values a sampling problem of this plugin publishes next to its statistics, in the form the
/// plugin's samplers read from any problem (docs/plugins/riemannian-langevin.md, "Problem contract"):
///
/// * `gradient_lipschitz`: L, the Lipschitz constant of grad h that step sizes are quoted against (δ = step/L);
/// * `cdf:<statistic>:<q>`: the exact CDF of a 1-Lipschitz statistic at an increasing grid of q, from which a
///   sampler computes the 1-D Wasserstein-1 distance of its samples and the density for `samples_reference.csv`;
/// * `mode_statistic`: the index of a statistic whose sign labels the mode (Watson's two poles), for switch rates;
/// * `mode_threshold`: how far past 0 that statistic must go for a chain to count as in the other mode;
/// * `exact_vmf_s2:<statistic>`: κ when the statistic is μᵀx under vMF(μ, κ) on S², which a sampler then draws
///   exactly for comparison (``ExactMarginalSampler``).
///
/// Publishing the CDF as references keeps the samplers problem-agnostic: they never know which density they
/// sample, only what the problem declares through the ABI.
struct SamplingReferences: Sendable {
  /// Grid points per CDF.
  static let cdfPoints = 129

  var lipschitz: Double
  var modeStatistic: Int?
  var modeThreshold: Double?
  /// A statistic with the exact vMF-on-S² law, and its κ.
  var exactVMFOnS2: (statistic: String, kappa: Double)?
  var cdfs: [(statistic: String, points: [Double], cdf: [Double])] = []

  /// Adds the CDF of `statistic` under `density` on the density's own support.
  mutating func addCDF(_ statistic: String, _ density: MarginalDensity) {
    let (points, cdf) = density.cdfGrid(count: Self.cdfPoints)
    cdfs.append((statistic, points, cdf))
  }

  /// The instance's reference list.
  var entries: [(name: String, value: Double)] {
    var list: [(name: String, value: Double)] = [("gradient_lipschitz", lipschitz)]
    if let modeStatistic { list.append(("mode_statistic", Double(modeStatistic))) }
    if let modeThreshold { list.append(("mode_threshold", modeThreshold)) }
    if let exactVMFOnS2 { list.append(("exact_vmf_s2:\(exactVMFOnS2.statistic)", exactVMFOnS2.kappa)) }
    for entry in cdfs {
      for (q, f) in zip(entry.points, entry.cdf) { list.append(("cdf:\(entry.statistic):\(q)", f)) }
    }
    return list
  }
}
