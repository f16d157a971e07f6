import CatalogueSDK
import LinearAttention
import SeededRandom

/// A channel that records what an algorithm sends the host, with an iteration budget like the host's.
final class RecordingChannel: TrainingChannel {
  var rng: CatalogueRandom
  let budget: Int
  var columns: [String] = []
  var rows: [(iteration: Int, values: [Double])] = []
  var results: [String: Double] = [:]
  var vectors: [String: [Double]] = [:]
  var artifacts: [String: [UInt8]] = [:]
  var warnings: [String] = []
  var finished: String?

  init(seed: UInt64, budget: Int = 1_000_000) {
    rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.algorithmStream)
    self.budget = budget
  }

  func declareTrace(_ columns: [String]) throws { self.columns = columns }
  func report(iteration: Int, _ values: [Double]) -> Bool {
    rows.append((iteration, values))
    return iteration < budget
  }
  func progress(_ fraction: Double, _ message: String?) {}
  func log(_ message: String, level: Run.LogLevel) { if level == .warning { warnings.append(message) } }
  func result(_ key: String, _ value: Double) throws { results[key] = value }
  func result(_ key: String, vector: [Double]) throws { vectors[key] = vector }
  func writeArtifact(_ name: String, bytes: [UInt8]) throws { artifacts[name] = bytes }
  func finish(_ reason: Termination, _ message: String) { finished = message }
}
