import Synchronization

/// A one-entry cache of training features keyed by W, safe to share between threads.
final class FeatureCache: Sendable {
  private let entry = Mutex<(key: [Double], features: [HyperRepresentation.Feature])?>(nil)

  /// The features stored for exactly this W, if any.
  func lookup(_ x: [Double]) -> [HyperRepresentation.Feature]? {
    entry.withLock { $0?.key == x ? $0?.features : nil }
  }

  /// Stores the features of W.
  func store(_ x: [Double], _ features: [HyperRepresentation.Feature]) {
    entry.withLock { $0 = (x, features) }
  }
}
