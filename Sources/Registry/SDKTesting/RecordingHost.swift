import CCatalogue
import CatalogueSDK
import Glibc
import SeededRandom

/// A host for plugin unit tests: runs one algorithm on one problem instance in this process, without the
/// `catalogue` host, and records everything the run sends through `cat_host_api`.
///
/// In the spirit of swift-nio's `EmbeddedChannel`: the plugin code under test is the real code (its body, its
/// parameter reads, its trace declaration, its stopping logic), while the host side is a deterministic recorder
/// the test can inspect. Each run gets its own ``RunRecord`` reached through the run handle, so tests may run in
/// parallel; the error slot is per thread, as in the real host.
public enum RecordingHost {
  /// Runs `algorithm` on a fresh instance of `family`, both seeded from `seed` exactly as the host seeds them
  /// (problem stream 1, algorithm stream 2), and returns what the run reported.
  ///
  /// - Parameters:
  ///   - budget: the host's iteration budget; `report` answers "stop" once this many rows were recorded.
  ///   - parameters: algorithm parameter overrides (the rest take their declared defaults).
  ///   - problemParameters: problem parameter overrides.
  /// - Throws: whatever the algorithm's body or the problem's constructor throws, unchanged.
  public static func run(
    _ algorithm: Algorithm, on family: ProblemFamily, seed: UInt64 = 0, budget: Int = .max,
    parameters: [String: ParameterValues.Value] = [:],
    problemParameters: [String: ParameterValues.Value] = [:]
  ) throws -> RunRecord {
    let instance = try makeInstance(family, seed: seed, problemParameters)
    return try run(algorithm, on: instance, seed: seed, budget: budget, parameters: parameters)
  }

  /// Runs `algorithm` on an instance the test built itself (for hand-made problems and third-party geometry).
  public static func run(
    _ algorithm: Algorithm, on instance: ProblemInstance, seed: UInt64 = 0, budget: Int = .max,
    parameters: [String: ParameterValues.Value] = [:]
  ) throws -> RunRecord {
    try record(
      on: instance, seed: seed, budget: budget,
      parameters: ParameterValues(defaultsOf: algorithm.parameters, overriding: parameters), algorithm.body)
  }

  /// Calls `body` with a recording ``Run`` on `instance` and returns what it reported.
  ///
  /// For plugin code below the algorithm level (a training job, a trainer, a driver) that takes the SDK's `Run`
  /// itself: it is tested through the same channel it uses inside the host, with no plugin-side channel protocol.
  /// The run's random stream is seeded as the host seeds it (stream 2 of `seed`).
  public static func record(
    on instance: ProblemInstance, seed: UInt64 = 0, budget: Int = .max,
    parameters: ParameterValues = ParameterValues(defaultsOf: []), _ body: (Run) throws -> Void
  ) rethrows -> RunRecord {
    let record = RunRecord(budget: budget)
    let handle = OpaquePointer(Unmanaged.passUnretained(record).toOpaque())
    let run = Run(
      host: HostServices(table), handle: handle, parameters: parameters, problem: instance,
      rng: CatalogueRandom(seed: seed, stream: CatalogueRandom.algorithmStream))
    try withExtendedLifetime(record) { try body(run) }
    return record
  }

  /// A problem instance exactly as the host builds it for `seed` (problem stream 1), with parameter overrides.
  public static func makeInstance(
    _ family: ProblemFamily, seed: UInt64 = 0, _ overrides: [String: ParameterValues.Value] = [:]
  ) throws -> ProblemInstance {
    var rng = CatalogueRandom(seed: seed, stream: CatalogueRandom.problemStream)
    return try family.make(ParameterValues(defaultsOf: family.parameters, overriding: overrides), &rng)
  }

  /// The recording `cat_host_api`, built once; every run-scoped call finds its record through the run handle.
  nonisolated(unsafe) public static let table: UnsafePointer<cat_host_api> = {
    var api = cat_host_api()
    api.struct_size = UInt32(MemoryLayout<cat_host_api>.size)
    api.abi_major = UInt32(CAT_ABI_MAJOR)
    api.abi_minor = UInt32(CAT_ABI_MINOR)
    api.set_error = { message in ErrorSlot.set(message.map { String(cString: $0) } ?? "") }
    api.last_error = { ErrorSlot.cString() }
    api.declare_trace = { run, count, names in
      RunRecord.of(run).columns = (0..<Int(count)).map { String(cString: names![$0]!) }
      return 0
    }
    api.report = { run, iteration, values in
      let record = RunRecord.of(run)
      record.rows.append(
        RunRecord.Row(
          iteration: Int(iteration), values: (0..<record.columns.count).map { values![$0] },
          counted: record.counting))
      return record.rows.count >= record.budget ? 1 : 0
    }
    api.progress = { run, fraction, message in
      RunRecord.of(run).progress.append((fraction, message.map { String(cString: $0) }))
    }
    api.log = { run, level, message in
      RunRecord.of(run).logs.append((level, message.map { String(cString: $0) } ?? ""))
    }
    api.should_stop = { run in RunRecord.of(run).rows.count >= RunRecord.of(run).budget ? 1 : 0 }
    api.finish = { run, reason, message in
      RunRecord.of(run).finish = (Termination(rawValue: reason), message.map { String(cString: $0) } ?? "")
    }
    api.result_real = { run, key, value in
      RunRecord.of(run).results[String(cString: key!)] = value
      return 0
    }
    api.result_vector = { run, key, count, values in
      RunRecord.of(run).vectors[String(cString: key!)] = (0..<Int(count)).map { values![$0] }
      return 0
    }
    api.count_oracle = { run, kind, count in
      let record = RunRecord.of(run)
      if let oracle = Run.Oracle(rawValue: kind) { record.oracleCounts[oracle, default: 0] += Int(count) }
    }
    api.write_artifact = { run, name, bytes, size in
      let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(size))
      RunRecord.of(run).artifacts[String(cString: name!)] = [UInt8](buffer)
      return 0
    }
    api.set_counting = { run, enabled in RunRecord.of(run).counting = enabled != 0 }
    let pointer = UnsafeMutablePointer<cat_host_api>.allocate(capacity: 1)
    pointer.initialize(to: api)
    return UnsafePointer(pointer)
  }()
}

extension RecordingHost {
  /// The last message a plugin set through `set_error` on this thread (what the host would print); tests that
  /// check a call sets no message clear it first.
  public static var lastError: String {
    get { ErrorSlot.message }
    set { ErrorSlot.set(newValue) }
  }
}
