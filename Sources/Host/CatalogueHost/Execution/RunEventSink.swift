/// Receives a run's events. A sink that cannot record an event (disk full) throws, and the run stops as failed.
public protocol RunEventSink: AnyObject {
  /// Records one event.
  func handle(_ event: RunEvent) throws(CatalogueError)

  /// Called by a driver that is waiting for its worker while no event arrives (at least every 100 ms): a sink that
  /// buffers writes out what has waited long enough, so rows reach the disk even while the plugin stalls.
  func flushIfDue() throws(CatalogueError)
}

extension RunEventSink {
  /// Sinks that do not buffer have nothing to write out.
  public func flushIfDue() throws(CatalogueError) {}
}
