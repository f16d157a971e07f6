import CCatalogue
import Glibc

/// The host object behind an opaque `cat_run` pointer: it receives a run's reports, applies the uniform stopping
/// rules, counts oracle calls and turns everything into `RunEvent`s.
///
/// It lives on the run's thread only (the ABI calls a plugin from one thread per run), so it needs no locks, and
/// the counters every oracle call updates skip Swift's dynamic exclusivity checks (one thread, no overlapping
/// access by construction).
package final class RunContext {
  /// The algorithm id, for messages.
  let algorithmID: String
  /// The rules checked on every report.
  let stopping: StoppingCriteria
  /// Where events go.
  let sink: any RunEventSink
  /// When the run started, in nanoseconds of `CLOCK_BOOTTIME` (the clock behind `ContinuousClock` on Linux).
  private let startNanoseconds = RunContext.nanosecondsNow()
  /// The counters and the counting switch every oracle call touches, in memory of their own: the trampolines of
  /// ``OracleInterposer`` update them through this pointer, with no reference counting and no exclusivity checks
  /// (one thread per run, no overlapping access by construction).
  package let tally: UnsafeMutablePointer<Tally>

  /// Oracle calls so far, and whether they are being counted.
  package struct Tally {
    /// Oracle calls so far.
    package var counters = OracleCounters()
    /// False between `set_counting(0)` and `set_counting(1)`.
    package var enabled = true

    /// Counts `count` calls of a `CAT_ORACLE_*` kind if counting is on.
    @inline(__always)
    package mutating func count(_ kind: Int, _ count: UInt64 = 1) {
      if enabled { counters.add(cat_oracle(kind), count) }
    }
  }

  /// Oracle calls so far.
  package var counters: OracleCounters {
    get { tally.pointee.counters }
    set { tally.pointee.counters = newValue }
  }
  /// False between `set_counting(0)` and `set_counting(1)`.
  package var countingEnabled: Bool {
    get { tally.pointee.enabled }
    set { tally.pointee.enabled = newValue }
  }
  /// Declared trace columns, once declared.
  private(set) var columns: [String]?
  /// The last reported iteration number.
  private(set) var lastIteration: UInt64 = 0
  /// Rows recorded.
  private(set) var rows = 0
  /// Why the run ends, once decided (by the host's rules, by `finish`, or by a protocol error).
  private(set) var termination: (Termination, String)?
  /// Number of declared columns (0 until declared).
  private var columnCount = 0
  private var fColumn: Int?
  private var gradColumn: Int?

  package init(algorithmID: String, stopping: StoppingCriteria, sink: any RunEventSink) {
    self.algorithmID = algorithmID
    self.stopping = stopping
    self.sink = sink
    tally = .allocate(capacity: 1)
    tally.initialize(to: Tally())
  }

  deinit {
    tally.deinitialize(count: 1)
    tally.deallocate()
  }

  /// The opaque pointer handed to the plugin; valid while this context is alive.
  package var opaquePointer: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

  /// The context behind a pointer a plugin passed back.
  static func from(_ pointer: OpaquePointer?) -> RunContext? {
    pointer.map { Unmanaged<RunContext>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
  }

  /// Calls `body` with the context behind a pointer a plugin passed back, without retaining and releasing it:
  /// `report` runs once per row, and the run's driver keeps the context alive for the whole call.
  @inline(__always)
  static func with<Result>(_ pointer: OpaquePointer, _ body: (RunContext) -> Result) -> Result {
    Unmanaged<RunContext>.fromOpaque(UnsafeRawPointer(pointer))._withUnsafeGuaranteedRef(body)
  }

  /// Seconds since the run started, to the nanosecond. Read once per row, so it skips `Duration`'s 128-bit
  /// arithmetic: one `clock_gettime` (a vDSO call) and one subtraction.
  var elapsed: Double {
    Double(Self.nanosecondsNow() &- startNanoseconds) / 1e9
  }

  /// Nanoseconds of `CLOCK_BOOTTIME`.
  @inline(__always)
  private static func nanosecondsNow() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_BOOTTIME, &now)
    return Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
  }

  /// Ends the run for a reason unless one was already recorded (the first reason wins).
  func end(_ reason: Termination, _ message: String) {
    if termination == nil { termination = (reason, message) }
  }

  /// Delivers an event; a sink failure ends the run as failed.
  @discardableResult
  func emit(_ event: RunEvent) -> Bool {
    do {
      try sink.handle(event)
      return true
    } catch {
      end(.failed, error.message)
      ErrorSlot.set(error.message)
      return false
    }
  }

  func declareTrace(count: UInt32, names: UnsafePointer<UnsafePointer<CChar>?>?) -> cat_status {
    guard columns == nil else { return HostServices.invalid("declare_trace was called twice; call it once") }
    guard rows == 0 else { return HostServices.invalid("declare_trace was called after the first report") }
    guard count == 0 || names != nil else { return HostServices.invalid("declare_trace: column_names is NULL") }
    var declared: [String] = []
    for index in 0..<Int(count) {
      guard let name = names?[index].map({ String(cString: $0) }) else {
        return HostServices.invalid("declare_trace: column name #\(index + 1) is NULL")
      }
      guard Self.isColumnName(name) else {
        return HostServices.invalid("trace column '\(name)' is not a valid name ([a-z0-9_])")
      }
      guard name != "iter", !OracleCounters.columnNames.contains(name), !declared.contains(name) else {
        return HostServices.invalid("trace column '\(name)' is declared twice or is a column the host adds")
      }
      declared.append(name)
    }
    accept(columns: declared)
    return emit(.columns(declared)) ? cat_status(CAT_OK) : cat_status(CAT_ERR_INTERNAL)
  }

  private func accept(columns declared: [String]) {
    columns = declared
    columnCount = declared.count
    fColumn = declared.firstIndex(of: "f")
    gradColumn = declared.firstIndex(of: "grad_norm")
    if stopping.target != nil && fColumn == nil {
      log(cat_log_level(CAT_LOG_WARNING), "--target has no effect: \(algorithmID) reports no column 'f'")
    }
    if stopping.gradTol != nil && gradColumn == nil {
      log(cat_log_level(CAT_LOG_WARNING), "--grad-tol has no effect: \(algorithmID) reports no column 'grad_norm'")
    }
  }

  func report(iteration: UInt64, values: UnsafePointer<Double>?) -> Int32 {
    if termination != nil { return Int32(CAT_STOP) }
    if columns == nil {
      accept(columns: [])
      guard emit(.columns([])) else { return Int32(CAT_STOP) }
    }
    guard columnCount == 0 || values != nil else {
      end(.failed, "\(algorithmID) called report with NULL values")
      return Int32(CAT_STOP)
    }
    // The plugin's own memory, valid for this call: the sinks format it straight into their buffers.
    let row = UnsafeBufferPointer(start: columnCount == 0 ? nil : values, count: columnCount)
    lastIteration = iteration
    rows += 1
    let now = elapsed  // the row's one clock read: timing.csv, the time limit and the sinks' flushing use it
    do {
      try sink.handleRow(
        TraceRowView(iteration: iteration, values: row, counters: tally.pointee.counters, elapsed: now))
    } catch {
      end(.failed, error.message)
      ErrorSlot.set(error.message)
      return Int32(CAT_STOP)
    }
    if let bad = row.firstIndex(where: { !$0.isFinite }) {
      let columns = self.columns ?? []
      end(.diverged, "\(columns[bad]) = \(NumberFormat.shortest(row[bad])) at iteration \(iteration)")
    } else if let target = stopping.target, let index = fColumn, row[index] <= target {
      end(.target, "f = \(NumberFormat.shortest(row[index])) reached --target \(NumberFormat.shortest(target))")
    } else if let tolerance = stopping.gradTol, let index = gradColumn, row[index] <= tolerance {
      end(
        .gradTol,
        "grad_norm = \(NumberFormat.shortest(row[index])) fell below --grad-tol \(NumberFormat.shortest(tolerance))")
    } else if iteration >= stopping.maxIters {
      end(.maxIters, "iteration budget of \(stopping.maxIters) used up")
    } else {
      checkInterruptions(now)
    }
    return termination == nil ? Int32(CAT_CONTINUE) : Int32(CAT_STOP)
  }

  /// Applies the rules that do not depend on a row: the time limit and Ctrl-C.
  private func checkInterruptions(_ now: Double) {
    if let limit = stopping.timeLimit, now >= limit {
      end(.timeLimit, "time limit of \(NumberFormat.shortest(limit)) s reached")
    } else if InterruptFlag.isRaised {
      end(.cancelled, "interrupted by the user (Ctrl-C)")
    } else if let number = InterruptFlag.terminationSignal {
      // Set only in a host that holds the SIGTERM and SIGHUP handlers (run --in-process); never in a worker.
      end(.cancelled, "catalogue received \(SignalName.name(number))")
    }
  }

  func shouldStop() -> Bool {
    if termination == nil { checkInterruptions(elapsed) }
    return termination != nil
  }

  func progress(_ fraction: Double, message: String?) {
    emit(.progress(fraction: fraction.isFinite ? min(max(fraction, 0), 1) : 0, message: message))
  }

  func log(_ level: cat_log_level, _ message: String) {
    let mapped: LogLevel
    switch Int(level) {
    case CAT_LOG_DEBUG: mapped = .debug
    case CAT_LOG_INFO: mapped = .info
    default: mapped = .warning
    }
    emit(.log(mapped, message))
  }

  func finish(_ reason: cat_termination, message: String?) {
    var reason = Termination(cValue: reason) ?? .completed
    if reason != .converged && reason != .completed {
      log(
        cat_log_level(CAT_LOG_WARNING),
        "\(algorithmID) called finish with reason '\(reason.rawValue)'; only converged or completed are allowed")
      reason = .completed
    }
    end(reason, message ?? (reason == .converged ? "the method's criterion was met" : "the schedule finished"))
  }

  func resultReal(_ key: UnsafePointer<CChar>?, _ value: Double) -> cat_status {
    guard let name = key.map({ String(cString: $0) }), Self.isColumnName(name) else {
      return HostServices.invalid("result_real: key is NULL or not [a-z0-9_]")
    }
    return emit(.resultReal(key: name, value: value)) ? cat_status(CAT_OK) : cat_status(CAT_ERR_INTERNAL)
  }

  func resultVector(_ key: UnsafePointer<CChar>?, count: UInt64, values: UnsafePointer<Double>?) -> cat_status {
    guard let name = key.map({ String(cString: $0) }), Self.isColumnName(name) else {
      return HostServices.invalid("result_vector: key is NULL or not [a-z0-9_]")
    }
    guard count == 0 || values != nil else { return HostServices.invalid("result_vector '\(name)': values is NULL") }
    guard count <= 1 << 28 else { return HostServices.invalid("result_vector '\(name)': \(count) values is too many") }
    let copy = count == 0 ? [] : Array(UnsafeBufferPointer(start: values, count: Int(count)))
    return emit(.resultVector(key: name, values: copy)) ? cat_status(CAT_OK) : cat_status(CAT_ERR_INTERNAL)
  }

  func countOracle(_ kind: cat_oracle, _ count: UInt64) {
    if !counters.add(kind, count) {
      log(cat_log_level(CAT_LOG_WARNING), "count_oracle: unknown oracle kind \(kind) ignored")
    }
  }

  /// Counts a call made through the host's oracle trampolines (unless counting is switched off).
  @inline(__always)
  package func countCall(_ kind: Int, _ count: UInt64 = 1) {
    tally.pointee.count(kind, count)
  }

  func writeArtifact(_ name: UnsafePointer<CChar>?, bytes: UnsafeRawPointer?, size: UInt64) -> cat_status {
    guard let text = name.map({ String(cString: $0) }) else { return HostServices.invalid("artifact name is NULL") }
    guard RunFolder.isPlainFileName(text), !RunFolder.reservedNames.contains(text) else {
      return HostServices.invalid(
        "artifact name '\(text)' is not a plain file name (no '/', not hidden, not one of the host's files)")
    }
    guard size == 0 || bytes != nil else { return HostServices.invalid("artifact '\(text)': bytes is NULL") }
    let copy = size == 0 ? [] : Array(UnsafeRawBufferPointer(start: bytes, count: Int(size)))
    return emit(.artifact(name: text, bytes: copy)) ? cat_status(CAT_OK) : cat_status(CAT_ERR_INTERNAL)
  }

  /// Trace column and result key names: non-empty [a-z0-9_].
  static func isColumnName(_ name: String) -> Bool {
    !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
  }
}
