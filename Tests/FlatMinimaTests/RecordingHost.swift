import CCatalogue
import Glibc
import SeededRandom

@testable import CatalogueSDK

/// What a run sent to the recording host (tests run serially, so one global record suffices).
final class RunRecord: @unchecked Sendable {
  var columns: [String] = []
  var rows: [(iteration: Int, values: [Double])] = []
  var results: [String: Double] = [:]
  var vectors: [String: [Double]] = [:]
  var finish: (reason: UInt32, message: String)? = nil
  var counting = true
  var uncountedRows = 0
  /// The host's iteration budget: `report` asks to stop once this many rows were recorded.
  var budget = Int.max
}

nonisolated(unsafe) var runRecord = RunRecord()

/// A `cat_host_api` that records a run's trace, results and termination, so an algorithm's whole body (parameters,
/// columns, stopping, results) can be tested without the host.
nonisolated(unsafe) let recordingHost: UnsafePointer<cat_host_api> = {
  var api = cat_host_api()
  api.struct_size = UInt32(MemoryLayout<cat_host_api>.size)
  api.abi_major = UInt32(CAT_ABI_MAJOR)
  api.abi_minor = UInt32(CAT_ABI_MINOR)
  api.set_error = { _ in }
  api.declare_trace = { _, count, names in
    runRecord.columns = (0..<Int(count)).map { String(cString: names![$0]!) }
    return 0
  }
  api.report = { _, iteration, values in
    let row = (0..<runRecord.columns.count).map { values![$0] }
    runRecord.rows.append((Int(iteration), row))
    return runRecord.rows.count >= runRecord.budget ? 1 : 0
  }
  api.progress = { _, _, _ in }
  api.log = { _, _, _ in }
  api.should_stop = { _ in 0 }
  api.finish = { _, reason, message in runRecord.finish = (reason, String(cString: message!)) }
  api.result_real = { _, key, value in
    runRecord.results[String(cString: key!)] = value
    return 0
  }
  api.result_vector = { _, key, count, values in
    runRecord.vectors[String(cString: key!)] = (0..<Int(count)).map { values![$0] }
    return 0
  }
  api.count_oracle = { _, _, _ in }
  api.set_counting = { _, enabled in runRecord.counting = enabled != 0 }
  let pointer = UnsafeMutablePointer<cat_host_api>.allocate(capacity: 1)
  pointer.initialize(to: api)
  return UnsafePointer(pointer)
}()

/// Runs `algorithm` on `problem` through the recording host and returns the record.
func recordRun(
  _ algorithm: Algorithm, on problem: ProblemInstance, seed: UInt64, budget: Int = Int.max,
  _ overrides: [String: ParameterValues.Value] = [:]
) throws -> RunRecord {
  runRecord = RunRecord()
  runRecord.budget = budget
  let run = Run(
    host: HostServices(recordingHost), handle: nil,
    parameters: ParameterValues(defaultsOf: algorithm.parameters, overriding: overrides), problem: problem,
    rng: CatalogueRandom(seed: seed, stream: CatalogueRandom.algorithmStream))
  try algorithm.body(run)
  return runRecord
}
