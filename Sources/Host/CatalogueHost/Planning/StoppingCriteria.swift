/// The uniform stopping rules the host applies to every algorithm, whatever its own criterion.
///
/// They are checked on every `report`, so a budget or a tolerance means the same thing for every method in a
/// comparison.
public struct StoppingCriteria: Equatable, Sendable, Codable {
  /// Stop once a reported iteration number reaches this budget.
  public var maxIters: UInt64
  /// Stop once this many seconds have passed since the run started, if set.
  public var timeLimit: Double?
  /// Stop once the `grad_norm` column is at most this, if set.
  public var gradTol: Double?
  /// Stop once the `f` column is at most this, if set.
  public var target: Double?

  /// Creates stopping rules.
  public init(maxIters: UInt64, timeLimit: Double? = nil, gradTol: Double? = nil, target: Double? = nil) {
    self.maxIters = maxIters
    self.timeLimit = timeLimit
    self.gradTol = gradTol
    self.target = target
  }

  /// The rules as recorded in `result.json` (unset rules are null).
  /// The names `result.json` uses (also in the worker's plan).
  enum CodingKeys: String, CodingKey {
    case maxIters = "max_iters"
    case timeLimit = "time_limit_s"
    case gradTol = "grad_tol"
    case target
  }

  public var json: JSONValue {
    .object([
      "max_iters": .unsigned(maxIters), "time_limit_s": .number(timeLimit), "grad_tol": .number(gradTol),
      "target": .number(target),
    ])
  }

  /// The iteration budget used when neither the user nor the algorithm names one.
  public static let fallbackMaxIters: UInt64 = 1000
}
