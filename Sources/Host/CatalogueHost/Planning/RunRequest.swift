/// What the user asked to run, as typed: references, `-p` texts and stopping options (nil when not given).
public struct RunRequest: Equatable, Sendable {
  /// Algorithm reference, or nil to take it from `config`.
  public var algorithm: String?
  /// Problem reference, or nil for the config's or the algorithm's default.
  public var problem: String?
  /// `-p key=value` texts, in order.
  public var parameters: [String]
  /// `--seed`.
  public var seed: UInt64?
  /// `--max-iters`.
  public var maxIters: UInt64?
  /// `--time-limit` in seconds.
  public var timeLimit: Double?
  /// `--grad-tol`.
  public var gradTol: Double?
  /// `--target`.
  public var target: Double?
  /// A previous run's record to repeat (`--config`); explicit options above override it.
  public var config: RunConfig?
  /// A foreign C or Fortran objective to run on instead of a plugin's problem (`--objective`).
  public var objective: ForeignObjectiveSpecification?
  /// Load libraries that others can write to (`--allow-insecure-plugins`; checked again for a recorded objective).
  public var allowInsecure: Bool

  /// Creates a request.
  public init(
    algorithm: String? = nil, problem: String? = nil, parameters: [String] = [], seed: UInt64? = nil,
    maxIters: UInt64? = nil, timeLimit: Double? = nil, gradTol: Double? = nil, target: Double? = nil,
    config: RunConfig? = nil, objective: ForeignObjectiveSpecification? = nil, allowInsecure: Bool = false
  ) {
    self.algorithm = algorithm
    self.problem = problem
    self.parameters = parameters
    self.seed = seed
    self.maxIters = maxIters
    self.timeLimit = timeLimit
    self.gradTol = gradTol
    self.target = target
    self.config = config
    self.objective = objective
    self.allowInsecure = allowInsecure
  }
}
