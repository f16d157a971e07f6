/// One trace row while it is being reported, without copies: the values are the reporting plugin's memory (or the
/// worker stream's) and are valid only during the call that receives the view.
///
/// Drivers hand rows to sinks as views (`RunEventSink.handleRow`) so the hot path — one row per iteration —
/// allocates nothing; a sink that keeps a row copies it (`row`).
public struct TraceRowView {
  /// The iteration number the algorithm reported.
  public var iteration: UInt64
  /// Values of the declared columns, in declaration order; valid only during the call.
  public var values: UnsafeBufferPointer<Double>
  /// Oracle counts when the row was reported.
  public var counters: OracleCounters
  /// Seconds since the run started, read once per row by the driver (goes to `timing.csv`).
  public var elapsed: Double

  /// Creates a view.
  public init(iteration: UInt64, values: UnsafeBufferPointer<Double>, counters: OracleCounters, elapsed: Double) {
    self.iteration = iteration
    self.values = values
    self.counters = counters
    self.elapsed = elapsed
  }

  /// A copy that outlives the call.
  public var row: TraceRow {
    TraceRow(iteration: iteration, values: Array(values), counters: counters, elapsed: elapsed)
  }
}

extension TraceRow {
  /// Calls `body` with a view of this row.
  public func withView<Value>(_ body: (TraceRowView) throws(CatalogueError) -> Value) throws(CatalogueError) -> Value {
    try values.withUnsafeBufferPointer { (buffer) throws(CatalogueError) -> Value in
      try body(TraceRowView(iteration: iteration, values: buffer, counters: counters, elapsed: elapsed))
    }
  }
}
