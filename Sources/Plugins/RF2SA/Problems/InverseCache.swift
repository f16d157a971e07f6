import LinearAlgebra
import Synchronization

/// M⁻¹ for the last two lower-level points M asked for, safe to share between threads.
///
/// RF²SA evaluates ∇g at its two trackers y and z, each at the same point twice: the x-part right after the step
/// that produced the point and the M-part at the start of the next step (rf2sa.md §4.3). Keeping the last two
/// inverses makes that one factorisation per tracker per step instead of two. Entries are keyed by the exact
/// values of M, so a hit returns what a miss computes.
final class InverseCache: Sendable {
  private let entries = Mutex<[(key: [Double], inverse: Matrix)]>([])

  /// M⁻¹ for M = `key`, from the cache or from `compute` (whose result is stored, the oldest entry dropped).
  func inverse(_ key: [Double], compute: () throws -> Matrix) rethrows -> Matrix {
    if let hit = entries.withLock({ list in list.first { $0.key == key }?.inverse }) { return hit }
    let inverse = try compute()
    entries.withLock { list in
      list.insert((key, inverse), at: 0)
      if list.count > 2 { list.removeLast() }
    }
    return inverse
  }
}
