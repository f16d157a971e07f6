import SeededRandom

/// One iterate drawn with probability proportional to a weight, chosen online: RF²SA's theoretical output x_R with
/// P(R = k) ∝ αₖ (spec §4.3), when the host decides K only at the end.
///
/// After offers with weights w₀, …, w_K the kept point is k with probability wₖ / Σw (replace the kept point by
/// offer k with probability wₖ / (w₀ + … + wₖ)). Its generator is seeded from a copy of the run's stream, so
/// drawing R consumes nothing from the stream the stochastic method samples its minibatches from.
struct WeightedReservoir {
  private var rng: CatalogueRandom
  private var total = 0.0
  /// The point kept so far and its index.
  private(set) var chosen: (point: [Double], index: Int)?

  /// Seeds from the next value `stream` would produce, without advancing it.
  init(seedingFrom stream: CatalogueRandom) {
    var copy = stream
    rng = CatalogueRandom(seed: copy.next(), stream: 3)
  }

  /// Offers a point with a positive weight.
  mutating func offer(_ point: [Double], weight: Double, index: Int) {
    total += weight
    if chosen == nil || rng.uniform() * total < weight { chosen = (point, index) }
  }
}
