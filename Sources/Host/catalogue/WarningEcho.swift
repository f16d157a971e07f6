import CatalogueHost

/// The one place warnings reach the terminal during `catalogue run`: the planner's (before the run starts) and
/// the ones a plugin logs at level `warning` (as they arrive, prefixed with the algorithm's id). The library only
/// reports them; `run.log` keeps the plugin's in any case.
final class WarningEcho: RunEventSink {
  private let algorithm: String

  /// Creates the echo for a run of `algorithm`.
  init(algorithm: String) {
    self.algorithm = algorithm
  }

  /// Echoes a warning that is not tied to an event.
  static func echo(_ warning: String) {
    StandardError.write("warning: \(warning)\n")
  }

  func handle(_ event: RunEvent) throws(CatalogueError) {
    if case .log(.warning, let message) = event { StandardError.write("warning: \(algorithm): \(message)\n") }
  }
}
