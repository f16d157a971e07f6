/// A paper's headline claim made executable, copied from a `cat_experiment_desc` (run by a later `reproduce`).
public struct ExperimentInfo: Equatable, Sendable, Codable {
  /// One group of runs: an algorithm on a problem over several seeds.
  public struct RunGroup: Equatable, Sendable, Codable {
    /// Unique label within the experiment.
    public var label: String
    /// Algorithm reference.
    public var algorithm: String
    /// Problem reference, or nil for the algorithm's default.
    public var problem: String?
    /// "key=value;key=value" for the algorithm, or nil.
    public var algorithmParameters: String?
    /// "key=value;key=value" for the problem, or nil.
    public var problemParameters: String?
    /// First seed.
    public var firstSeed: UInt64
    /// Number of seeds.
    public var seedCount: UInt32
    /// Iteration budget (0: the algorithm's default).
    public var maxIters: UInt64
    /// Seeds in the quick version (0: same as seedCount).
    public var quickSeedCount: UInt32
    /// Budget in the quick version (0: same as maxIters).
    public var quickMaxIters: UInt64
    /// `CAT_EXPERIMENT_FULL_ONLY`: the quick version skips this group.
    public var fullOnly: Bool
  }

  /// One checkable claim.
  public struct Claim: Equatable, Sendable, Codable {
    /// Stable id within the experiment.
    public var id: String
    /// `CAT_CLAIM_*`.
    public var kind: UInt32
    /// The paper's statement.
    public var statement: String
    /// Run group the claim is about.
    public var run: String
    /// Second run group, or nil.
    public var otherRun: String?
    /// Trace column or result key.
    public var metric: String
    /// `CAT_AGG_*`.
    public var aggregate: UInt32
    /// Lower bound.
    public var lower: Double
    /// Upper bound or ratio.
    public var upper: Double
    /// `CAT_EXPERIMENT_FULL_ONLY`: the quick version reports the claim as skipped.
    public var fullOnly: Bool
  }

  /// Stable id.
  public var id: String
  /// One line.
  public var title: String
  /// What is run and why.
  public var summary: String
  /// Run groups.
  public var runs: [RunGroup]
  /// Claims checked after the runs.
  public var claims: [Claim]
}
