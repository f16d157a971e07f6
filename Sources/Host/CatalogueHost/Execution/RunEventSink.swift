/// Receives a run's events. A sink that cannot record an event (disk full) throws, and the run stops as failed.
public protocol RunEventSink: AnyObject {
  /// Records one event.
  func handle(_ event: RunEvent) throws(CatalogueError)
}
