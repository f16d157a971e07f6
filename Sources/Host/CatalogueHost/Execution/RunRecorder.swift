/// A sink that only keeps a `RunRecord` (for tests and for runs without a folder).
public final class RunRecorder: RunEventSink {
  /// What was recorded so far.
  public private(set) var record = RunRecord()
  /// Every trace row, in order.
  public private(set) var rows: [TraceRow] = []
  /// Every log line, in order.
  public private(set) var logs: [(LogLevel, String)] = []

  /// Creates an empty recorder.
  public init() {}

  public func handle(_ event: RunEvent) throws(CatalogueError) {
    record.apply(event)
    if case .row(let row) = event { rows.append(row) }
    if case .log(let level, let message) = event { logs.append((level, message)) }
  }
}
