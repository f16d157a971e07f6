/// The two graph families of the paper's synthetic experiments (electric-flow.md §4.1).
enum GraphFamily: Sendable, Equatable {
  /// Circular skip links: the n-cycle plus the chords (i, i + s mod n), one skip s per graph drawn from `skips`.
  case circularSkipLinks(skips: [Int])
  /// The complete graph on n nodes.
  case complete

  /// Edges of every graph of the family on `n` nodes (the CSL duplicates for s ≡ ±1 or s = n/2 are kept, as in the
  /// code's incidence builder, so every CSL graph has 2n edge columns).
  func edgeCount(nodes n: Int) -> Int {
    switch self {
    case .circularSkipLinks: 2 * n
    case .complete: n * (n - 1) / 2
    }
  }

  /// The (head, tail) node pairs of one graph, in a fixed order (the sampler permutes them).
  func edges(nodes n: Int, skip: Int) -> [(head: Int, tail: Int)] {
    switch self {
    case .circularSkipLinks:
      (0..<n).map { ($0, ($0 + 1) % n) } + (0..<n).map { ($0, ($0 + skip) % n) }
    case .complete:
      (0..<n).flatMap { i in ((i + 1)..<n).map { (i, $0) } }
    }
  }
}
