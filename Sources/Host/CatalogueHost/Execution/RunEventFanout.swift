/// Sends every event to several sinks in order (e.g. the run folder, then the progress bar).
public final class RunEventFanout: RunEventSink {
  /// The sinks, in delivery order.
  public let sinks: [any RunEventSink]

  /// Creates a fan-out.
  public init(_ sinks: [any RunEventSink]) {
    self.sinks = sinks
  }

  public func handle(_ event: RunEvent) throws(CatalogueError) {
    for sink in sinks { try sink.handle(event) }
  }

  public func handleRow(_ row: TraceRowView) throws(CatalogueError) {
    // Indices rather than elements: the loop borrows each sink instead of retaining it, once per row.
    for index in sinks.indices { try sinks[index].handleRow(row) }
  }

  public func flushIfDue() throws(CatalogueError) {
    for sink in sinks { try sink.flushIfDue() }
  }
}
