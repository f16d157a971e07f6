/// A paper's claim made executable: groups of runs and the checks that decide whether the claim holds.
/// The Swift face of `cat_experiment_desc`, run by `catalogue reproduce`.
public struct Experiment: Sendable {
  /// One group of runs: an algorithm on a problem over several seeds.
  public struct RunGroup: Sendable {
    /// Unique within the experiment; claims refer to it.
    public var label: String
    /// Algorithm id.
    public var algorithm: String
    /// Problem id, or nil for the algorithm's default.
    public var problem: String?
    /// Algorithm parameter values.
    public var algorithmParameters: [(String, String)]
    /// Problem parameter values.
    public var problemParameters: [(String, String)]
    /// Seeds used: firstSeed ..< firstSeed + seeds.
    public var seeds: Int
    /// First seed.
    public var firstSeed: Int
    /// Iteration budget (0: the algorithm's default).
    public var maxIterations: Int
    /// Seeds in the `--quick` version (0: same).
    public var quickSeeds: Int
    /// Budget in the `--quick` version (0: same).
    public var quickMaxIterations: Int
    /// True when `--quick` skips this group: for runs only full-budget claims need (every claim about it must
    /// be ``Claim/fullOnly`` too).
    public var fullOnly: Bool

    /// Creates a run group.
    public init(
      label: String, algorithm: String, problem: String? = nil, algorithmParameters: [(String, String)] = [],
      problemParameters: [(String, String)] = [], seeds: Int, firstSeed: Int = 1, maxIterations: Int = 0,
      quickSeeds: Int = 0, quickMaxIterations: Int = 0, fullOnly: Bool = false
    ) {
      self.fullOnly = fullOnly
      self.label = label
      self.algorithm = algorithm
      self.problem = problem
      self.algorithmParameters = algorithmParameters
      self.problemParameters = problemParameters
      self.seeds = seeds
      self.firstSeed = firstSeed
      self.maxIterations = maxIterations
      self.quickSeeds = quickSeeds
      self.quickMaxIterations = quickMaxIterations
    }
  }

  /// How seeds are combined.
  public enum Aggregate: UInt32, Sendable {
    case mean = 1
    case median = 2
    case max = 3
    case min = 4
  }

  /// One checkable claim.
  public struct Claim: Sendable {
    /// The check.
    public enum Check: Sendable {
      /// aggregate(metric of run) ∈ [lower, upper].
      case range(lower: Double, upper: Double)
      /// aggregate(metric of run) ≤ ratio · aggregate(metric of other).
      case atMostRatio(other: String, ratio: Double)
      /// Slope of log(metric) against log(iteration) ∈ [lower, upper].
      case logLogSlope(lower: Double, upper: Double)
      /// aggregate(final / initial metric) ≤ factor.
      case reduction(factor: Double)
    }
    /// Stable id within the experiment.
    public var id: String
    /// The paper's statement, for the report.
    public var statement: String
    /// Run group label.
    public var run: String
    /// Trace column or result key.
    public var metric: String
    /// How seeds are combined.
    public var aggregate: Aggregate
    /// The check.
    public var check: Check
    /// True when only the full version decides the claim (it needs the full budget or seeds); `--quick` reports
    /// it as skipped instead of checking it on a budget it was never meant for.
    public var fullOnly: Bool

    /// Creates a claim.
    public init(
      id: String, statement: String, run: String, metric: String, aggregate: Aggregate, check: Check,
      fullOnly: Bool = false
    ) {
      self.fullOnly = fullOnly
      self.id = id
      self.statement = statement
      self.run = run
      self.metric = metric
      self.aggregate = aggregate
      self.check = check
    }
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

  /// Creates an experiment.
  public init(id: String, title: String, summary: String, runs: [RunGroup], claims: [Claim]) {
    self.id = id
    self.title = title
    self.summary = summary
    self.runs = runs
    self.claims = claims
  }
}
