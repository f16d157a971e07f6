/// Receives a run's events. A sink that cannot record an event (disk full) throws, and the run stops as failed.
public protocol RunEventSink: AnyObject {
  /// Records one event.
  func handle(_ event: RunEvent) throws(CatalogueError)

  /// Records one trace row: the hot path, one call per reported iteration. Drivers call this rather than
  /// `handle(.row(_:))` so no array is made per row; a sink that does not implement it receives `.row` events.
  func handleRow(_ row: TraceRowView) throws(CatalogueError)

  /// Called by a driver that is waiting for its worker while no event arrives (at least every 100 ms): a sink that
  /// buffers writes out what has waited long enough, so rows reach the disk even while the plugin stalls.
  func flushIfDue() throws(CatalogueError)
}

extension RunEventSink {
  /// Copies the row and hands it to `handle` as a `.row` event.
  public func handleRow(_ row: TraceRowView) throws(CatalogueError) {
    try handle(.row(row.row))
  }

  /// Sinks that do not buffer have nothing to write out.
  public func flushIfDue() throws(CatalogueError) {}
}
