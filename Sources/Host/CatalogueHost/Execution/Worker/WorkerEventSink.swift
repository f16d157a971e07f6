/// The run worker's sink: encodes each event as a `WorkerMessage` frame into the crash-safe buffer.
///
/// Trace rows are batched and written out at least every 50 ms (so the host's progress bar and files keep up);
/// every other event is written at once. A fatal signal writes out the batch (see `CrashSafeBuffer`), so the host
/// receives every row reported before a crash.
final class WorkerEventSink: RunEventSink {
  /// Longest time a row waits in the buffer.
  static let flushInterval = Duration.milliseconds(50)

  /// True once the `started` event went out (after that, failures are run endings, not refusals).
  private(set) var started = false
  private var scratch = WireWriter()
  private var lastFlush = ContinuousClock.now
  /// `elapsed` of the row at which rows were last written out (rows carry the driver's clock reading).
  private var rowsWrittenAt = 0.0

  /// Creates the sink; `CrashSafeBuffer.install` must have run.
  init() {}

  func handle(_ event: RunEvent) throws(CatalogueError) {
    if case .row(let row) = event {
      try row.withView(handleRow)
      return
    }
    if case .started = event { started = true }
    send(.event(event))
    let batched: Bool
    switch event {
    case .row, .progress, .log(.debug, _), .log(.info, _): batched = true
    default: batched = false
    }
    let now = ContinuousClock.now
    if !batched || now - lastFlush >= Self.flushInterval {
      CrashSafeBuffer.flush()
      lastFlush = now
    }
  }

  /// Encodes the row's frame straight into the crash-safe buffer; writes the batch out once the rows' clock has
  /// advanced `flushInterval` (no clock read here: the row carries the driver's).
  func handleRow(_ row: TraceRowView) throws(CatalogueError) {
    CrashSafeBuffer.append(count: WorkerMessage.rowFrameSize(count: row.values.count)) {
      WorkerMessage.encodeRow(row, at: $0)
    }
    if row.elapsed - rowsWrittenAt >= Self.flushSeconds {
      rowsWrittenAt = row.elapsed
      CrashSafeBuffer.flush()
    }
  }

  /// `flushInterval` in seconds.
  private static let flushSeconds = flushInterval.inSeconds

  /// Buffers one message.
  func send(_ message: WorkerMessage) {
    scratch.bytes.removeAll(keepingCapacity: true)
    message.encode(into: &scratch)
    scratch.bytes.withUnsafeBytes { CrashSafeBuffer.append($0) }
  }
}
