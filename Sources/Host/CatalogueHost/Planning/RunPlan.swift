/// Everything needed to start one run, resolved and validated: no plugin code has run yet.
public struct RunPlan: Sendable {
  /// The algorithm to run.
  public var algorithm: AlgorithmHandle
  /// The problem to run it on.
  public var problem: ProblemHandle
  /// The algorithm's complete parameters.
  public var algorithmParameters: ResolvedParameters
  /// The problem's complete parameters.
  public var problemParameters: ResolvedParameters
  /// The run's seed (problem rng on stream 1, algorithm rng on stream 2).
  public var seed: UInt64
  /// The uniform stopping rules.
  public var stopping: StoppingCriteria

  /// Creates a plan.
  public init(
    algorithm: AlgorithmHandle, problem: ProblemHandle, algorithmParameters: ResolvedParameters,
    problemParameters: ResolvedParameters, seed: UInt64, stopping: StoppingCriteria
  ) {
    self.algorithm = algorithm
    self.problem = problem
    self.algorithmParameters = algorithmParameters
    self.problemParameters = problemParameters
    self.seed = seed
    self.stopping = stopping
  }
}
