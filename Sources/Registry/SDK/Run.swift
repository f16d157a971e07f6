import CCatalogue
import Glibc
import SeededRandom

/// One run of an algorithm: its parameters, its problem, its random stream and its channel to the host.
///
/// A reference type because it is a handle on something the host owns; algorithms receive it and call
/// ``report(iteration:_:)`` once per iteration until it answers false.
public final class Run: @unchecked Sendable {
  /// The host's services.
  public let host: HostServices
  let handle: OpaquePointer?
  /// Validated algorithm parameters.
  public let parameters: ParameterValues
  /// The problem, wrapping whichever plugin provides it.
  public let problem: ProblemInstance
  /// The algorithm's random stream, seeded by the host (stream 2 of the run's seed).
  public var rng: CatalogueRandom

  package init(
    host: HostServices, handle: OpaquePointer?, parameters: ParameterValues, problem: ProblemInstance,
    rng: CatalogueRandom
  ) {
    self.host = host
    self.handle = handle
    self.parameters = parameters
    self.problem = problem
    self.rng = rng
  }

  /// Declares the trace columns once, before the first report (`f`, `grad_norm`, ...). The host adds the
  /// iteration number and oracle counters. The columns `f` and `grad_norm` drive `--target` and `--grad-tol`.
  public func declareTrace(_ columns: [String]) throws {
    let status = withCStrings(columns) { host.api.pointee.declare_trace(handle, UInt32(columns.count), $0) }
    try host.check(status, "declare_trace")
  }

  /// Records one iteration's values (in declared column order) and returns whether to continue.
  public func report(iteration: Int, _ values: [Double]) -> Bool {
    values.withUnsafeBufferPointer { host.api.pointee.report(handle, UInt64(iteration), $0.baseAddress) } == 0
  }

  /// Reports progress for runs whose length is not their iteration count.
  public func progress(_ fraction: Double, _ message: String? = nil) {
    if let message {
      message.withCString { host.api.pointee.progress(handle, fraction, $0) }
    } else {
      host.api.pointee.progress(handle, fraction, nil)
    }
  }

  /// Severity of a log line.
  public enum LogLevel: UInt32 {
    case debug = 0
    case info = 1
    case warning = 2
  }

  /// Writes a line to the run's log (never to stdout).
  public func log(_ message: String, level: LogLevel = .info) {
    message.withCString { host.api.pointee.log(handle, level.rawValue, $0) }
  }

  /// Whether the host wants the run to stop (check during long steps between reports).
  public var shouldStop: Bool { host.api.pointee.should_stop(handle) != 0 }

  /// Ends the run for the method's own reason; return from the body afterwards.
  public func finish(_ reason: Termination, _ message: String) {
    message.withCString { host.api.pointee.finish(handle, reason.rawValue, $0) }
  }

  /// A final scalar result.
  public func result(_ key: String, _ value: Double) throws {
    try host.check(key.withCString { host.api.pointee.result_real(handle, $0, value) }, "result \(key)")
  }

  /// A final vector result (e.g. the final point `x`).
  public func result(_ key: String, vector: [Double]) throws {
    let status = key.withCString { k in
      vector.withUnsafeBufferPointer { host.api.pointee.result_vector(handle, k, UInt64($0.count), $0.baseAddress) }
    }
    try host.check(status, "result \(key)")
  }

  /// Kinds of oracle call counted per run.
  public enum Oracle: UInt32 {
    case value = 0
    case gradient = 1
    case sampleGradient = 2
    case hessianVector = 3
    case innerStep = 4
  }

  /// Adds to an oracle counter for calls the host cannot see (inner-solver steps).
  public func count(_ oracle: Oracle, _ n: Int = 1) {
    host.api.pointee.count_oracle(handle, oracle.rawValue, UInt64(n))
  }

  /// Runs `body` without counting its oracle calls: for metrics the method itself does not need.
  public func uncounted<T>(_ body: () throws -> T) rethrows -> T {
    host.api.pointee.set_counting(handle, 0)
    defer { host.api.pointee.set_counting(handle, 1) }
    return try body()
  }

  /// Writes a named artifact (model weights, ...) into the run folder.
  public func writeArtifact(_ name: String, bytes: [UInt8]) throws {
    let status = name.withCString { n in
      bytes.withUnsafeBytes { host.api.pointee.write_artifact(handle, n, $0.baseAddress, UInt64($0.count)) }
    }
    try host.check(status, "write_artifact \(name)")
  }
}

/// Calls `body` with a C array of C strings that lives for the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
  let copies = strings.map { strdup($0) }
  defer { for copy in copies { free(copy) } }
  let pointers = copies.map { UnsafePointer($0) }
  return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
