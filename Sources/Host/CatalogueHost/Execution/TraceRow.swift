/// One row of the trace: what the algorithm reported at one iteration, with the oracle counts at that moment.
public struct TraceRow: Equatable, Sendable {
  /// The iteration number the algorithm reported.
  public var iteration: UInt64
  /// Values of the declared columns, in declaration order.
  public var values: [Double]
  /// Oracle counts when the row was reported.
  public var counters: OracleCounters
  /// Seconds since the run started (goes to `timing.csv`, never to `trace.csv`).
  public var elapsed: Double

  /// Creates a row.
  public init(iteration: UInt64, values: [Double], counters: OracleCounters, elapsed: Double) {
    self.iteration = iteration
    self.values = values
    self.counters = counters
    self.elapsed = elapsed
  }
}
