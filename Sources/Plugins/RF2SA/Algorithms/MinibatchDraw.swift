import CatalogueSDK

/// The minibatches of one stochastic step (spec §4.2): ξ for f, φ for g at the Lagrangian tracker y, φ′ for g at
/// the inner tracker z. `nil` means the full sum.
struct MinibatchDraw: Equatable {
  /// ξ.
  var upper: [Int]?
  /// φ.
  var lower: [Int]?
  /// φ′.
  var lowerPrime: [Int]?

  /// Full gradients everywhere (the deterministic method).
  static let full = MinibatchDraw(upper: nil, lower: nil, lowerPrime: nil)
}
