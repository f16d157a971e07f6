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

  /// Creates an end record.
  public init(
    termination: Termination, message: String, iterations: UInt64, rows: Int, counters: OracleCounters,
    wallTime: Double
  ) {
    self.termination = termination
    self.message = message
    self.iterations = iterations
    self.rows = rows
    self.counters = counters
    self.wallTime = wallTime
  }
}
