import CatalogueHost

/// A sink that records nothing: what remains is the cost of the host's side of a call or a report.
final class DiscardingSink: RunEventSink {
  func handle(_ event: RunEvent) throws(CatalogueError) {}
  func handleRow(_ row: TraceRowView) throws(CatalogueError) {}
}
