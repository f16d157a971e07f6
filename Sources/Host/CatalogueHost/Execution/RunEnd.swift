/// How a run ended.
public struct RunEnd: Equatable, Sendable {
  /// The named reason.
  public var termination: Termination
  /// One line explaining it.
  public var message: String
  /// The last reported iteration number (0 if none).
  public var iterations: UInt64
  /// Rows reported.
  public var rows: Int
  /// Final oracle counts.
  public var counters: OracleCounters
  /// Seconds from the algorithm's start to its return.
  public var wallTime: Double
  /// The algorithm refused its input (`CAT_ERR_INVALID_ARGUMENT`) before it reported anything: a usage error the
  /// host could not see while planning (a parameter combination, a problem the method cannot take), so
  /// `RunSession` reports it as one (exit code 2) and removes the run folder.
  public var rejectedInput: Bool

  /// Creates an end record.
  public init(
    termination: Termination, message: String, iterations: UInt64, rows: Int, counters: OracleCounters,
    wallTime: Double, rejectedInput: Bool = false
  ) {
    self.termination = termination
    self.message = message
    self.iterations = iterations
    self.rows = rows
    self.counters = counters
    self.wallTime = wallTime
    self.rejectedInput = rejectedInput
  }
}
