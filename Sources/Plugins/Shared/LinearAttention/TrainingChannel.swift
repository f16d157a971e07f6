import CatalogueSDK
import SeededRandom

/// What a training or evaluation run needs from the host: trace, progress, log, results, artifacts, randomness.
///
/// The SDK's ``Run`` is the production channel (its methods match one for one); tests pass a recording channel, so
/// the loop that runs inside the host is exactly the loop the host-free tests check (same seed, same trace).
public protocol TrainingChannel: AnyObject {
  /// The algorithm's random stream.
  var rng: CatalogueRandom { get set }
  /// Declares the trace columns once, before the first report.
  func declareTrace(_ columns: [String]) throws
  /// Records one row; false when the host's budget is spent.
  func report(iteration: Int, _ values: [Double]) -> Bool
  /// Progress of phases that are not iterations (evaluation, tuning).
  func progress(_ fraction: Double, _ message: String?)
  /// A line in the run's log.
  func log(_ message: String, level: Run.LogLevel)
  /// A final scalar result.
  func result(_ key: String, _ value: Double) throws
  /// A final vector result.
  func result(_ key: String, vector: [Double]) throws
  /// A file in the run folder.
  func writeArtifact(_ name: String, bytes: [UInt8]) throws
  /// Ends the run for the method's own reason.
  func finish(_ reason: Termination, _ message: String)
}

extension Run: TrainingChannel {}
