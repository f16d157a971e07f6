import CatalogueHost

/// The seeds of a comparison (`--seeds N` or `--seeds a..b`): every algorithm runs once per seed, and one seed
/// gives every algorithm the same problem instance (stream 1 of the seed).
///
/// `--seeds N` means seeds 0 through N − 1, so the first run of a comparison is the run `catalogue run` makes by
/// default (seed 0), trace for trace. Experiments declare their own seeds (by default 1…N): `--seeds 1..3` meets
/// an experiment's three seeds.
public struct SeedList: Equatable, Sendable, CustomStringConvertible {
  /// The seeds in run order.
  public var seeds: [UInt64]

  /// The largest number of seeds accepted, so a typo such as `--seeds 1..1000000000` fails before it runs.
  public static let limit = 100_000

  /// Seeds `first ..< first + count`.
  public init(first: UInt64, count: Int) {
    seeds = (0..<UInt64(count)).map { first &+ $0 }
  }

  /// Parses `N` (seeds 0…N−1) or `a..b` (seeds a…b, inclusive).
  public init(parsing text: String) throws(CatalogueError) {
    let form = "write --seeds N for seeds 0..N-1, or --seeds A..B"
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count > 1 {
      guard parts.count == 3, parts[1].isEmpty, let first = UInt64(parts[0]), let last = UInt64(parts[2]) else {
        throw .usage("--seeds '\(text)' is not a seed range (\(form))")
      }
      guard first <= last else { throw .usage("--seeds \(text) is empty: the first seed exceeds the last (\(form))") }
      guard last - first < UInt64(Self.limit) else {
        throw .usage("--seeds \(text) asks for more than \(Self.limit) seeds; choose a shorter range")
      }
      self.init(first: first, count: Int(last - first) + 1)
      return
    }
    guard let count = Int(text), count >= 1 else {
      throw .usage("--seeds '\(text)' is not a positive number of seeds (\(form))")
    }
    guard count <= Self.limit else { throw .usage("--seeds \(text) is more than \(Self.limit) seeds") }
    self.init(first: 0, count: count)
  }

  /// "1..5", "7", or a comma list when the seeds are not consecutive.
  public var description: String {
    guard let first = seeds.first, let last = seeds.last else { return "none" }
    if seeds.count == 1 { return "\(first)" }
    let consecutive = zip(seeds, seeds.dropFirst()).allSatisfy { $1 == $0 &+ 1 }
    return consecutive ? "\(first)..\(last)" : seeds.map(String.init).joined(separator: ",")
  }
}
