import CatalogueHost

/// Where one run of a sweep stands, read from its folder: what makes a re-run skip it or do it again.
public enum SweepRunState: Equatable, Sendable {
  /// `result.json` is readable and the run ended normally (converged, budget, target, …): skipped on re-run.
  case complete
  /// The run ended with a failure, was cancelled, or left a folder without a readable `result.json` (killed):
  /// done again on re-run, after its folder is moved to `attempts/`.
  case failed(String)
  /// No folder yet.
  case missing

  /// Reads a run's folder.
  public init(folder: String) {
    guard FileSystem.kind(of: folder) == .directory else {
      self = .missing
      return
    }
    do {
      let finished = try FinishedRun(folder: folder)
      self = finished.isFailure ? .failed("\(finished.termination): \(finished.terminationMessage)") : .complete
    } catch {
      self = .failed("incomplete folder: \(error.message)")
    }
  }

  /// True for `.complete`.
  public var isComplete: Bool { self == .complete }
}
