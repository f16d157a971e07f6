/// A sink that writes a run folder as events arrive: `trace.csv` and `timing.csv` row by row, `run.log`, artifacts,
/// a provisional `result.json` (termination `running`) at the start and the final one at the end (each written
/// to a temporary name, then renamed).
///
/// The folder is created on the `started` event, that is after every check passed and the problem instance was
/// built; a run that cannot start leaves nothing behind.
public final class RunFolderWriter: RunEventSink {
  /// The run being recorded.
  public let plan: RunPlan
  /// Facts about the invocation recorded in `result.json`.
  public let invocation: RunInvocation
  /// The folder, once created.
  public private(set) var folder: String?
  /// What the run produced.
  public private(set) var record = RunRecord()
  /// The `result.json` document, once written.
  public private(set) var result: ResultDocument?
  private let requestedPath: String
  private let explicitPath: Bool
  private var trace: BufferedFile?
  private var timing: BufferedFile?
  private var log: BufferedFile?
  /// `elapsed` of the row at which `trace.csv` and `timing.csv` were last written out: rows carry the driver's one
  /// clock reading, so writing a row reads no clock (`flushIfDue`, called while no event arrives, reads its own).
  private var rowsWrittenAt = 0.0

  /// Creates a writer for a folder that does not exist yet.
  ///
  /// - Parameters:
  ///   - path: `--out`, or the default path.
  ///   - explicit: true for `--out` (must be new or empty), false for the default (gets a suffix if taken).
  public init(plan: RunPlan, invocation: RunInvocation, path: String, explicit: Bool) {
    self.plan = plan
    self.invocation = invocation
    requestedPath = path
    explicitPath = explicit
  }

  public func handle(_ event: RunEvent) throws(CatalogueError) {
    if case .row(let row) = event {
      try row.withView(handleRow)
      return
    }
    record.apply(event)
    switch event {
    case .started:
      let folder = try RunFolder.create(requestedPath, explicit: explicitPath)
      self.folder = folder
      trace = try BufferedFile(creating: FileSystem.join(folder, "trace.csv"))
      timing = try BufferedFile(creating: FileSystem.join(folder, "timing.csv"))
      log = try BufferedFile(creating: FileSystem.join(folder, "run.log"))
      try timing?.write("iter,time_s\n")
      try writeRunningResult(folder)
    case .columns(let columns):
      try trace?.write((["iter"] + columns + OracleCounters.columnNames).joined(separator: ",") + "\n")
      if let folder { try writeRunningResult(folder) }
    case .row:
      break  // handled above
    case .log(let level, let message):
      try log?.write("[\(level.rawValue)] \(message)\n")
    case .progress(let fraction, let message):
      if let message { try log?.write("[progress \(NumberFormat.fixed(fraction * 100, digits: 1))%] \(message)\n") }
    case .artifact(let name, let bytes):
      guard let folder else { return }
      try FileSystem.writeAtomically(bytes, to: FileSystem.join(folder, name))
    case .finished(let end):
      try log?.write("[info] \(end.termination.rawValue): \(end.message)\n")
      try trace?.close()
      try timing?.close()
      try log?.close()
      guard let folder else { return }
      let document = ResultDocument(plan: plan, record: record, invocation: invocation, folder: folder)
      try FileSystem.writeAtomically(Array(document.json.prettyText.utf8), to: FileSystem.join(folder, "result.json"))
      result = document
    case .resultReal, .resultVector:
      break
    }
  }

  /// Writes one row to `trace.csv` (iter, the declared columns, the five counters) and `timing.csv` (iter,
  /// elapsed), formatting the numbers straight into the files' buffers; both are written out once the rows' clock
  /// has advanced `flushInterval` since the last write-out, or when a buffer is full.
  public func handleRow(_ row: TraceRowView) throws(CatalogueError) {
    record.apply(row)
    guard let trace, let timing else { return }
    let values = row.values
    trace.append { text in
      // iter, the values, five counters: commas and a newline included.
      let bound =
        TextWriter.integerBound + values.count * (1 + TextWriter.doubleBound) + 5 * (1 + TextWriter.integerBound) + 1
      text.write(reserving: bound) { line in
        line.append(row.iteration)
        for value in values {
          line.append(ascii: UInt8(ascii: ","))
          line.append(shortest: value)
        }
        Self.append(row.counters, to: &line)
        line.append(ascii: UInt8(ascii: "\n"))
      }
    }
    timing.append { text in
      text.write(reserving: TextWriter.integerBound + TextWriter.doubleBound + 2) { line in
        line.append(row.iteration)
        line.append(ascii: UInt8(ascii: ","))
        line.append(seconds: row.elapsed)
        line.append(ascii: UInt8(ascii: "\n"))
      }
    }
    if trace.isFull || timing.isFull || row.elapsed - rowsWrittenAt >= trace.flushInterval {
      rowsWrittenAt = row.elapsed
      try trace.flush()
      try timing.flush()
    }
  }

  /// Appends ",value,grad,sample_grad,hvp,inner" (the order of `OracleCounters.columnNames`).
  @inline(__always)
  private static func append(_ counters: OracleCounters, to line: inout TextWriter) {
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.value)
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.gradient)
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.sampleGradient)
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.hessianVector)
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.innerStep)
  }

  /// Writes the provisional `result.json` (termination `running`) that stands until the run's own: a host killed
  /// in any way, even SIGKILL, leaves a folder that `plot` and `run --config` read
  /// (Tests/IntegrationTests/HostSignalTests.swift).
  private func writeRunningResult(_ folder: String) throws(CatalogueError) {
    var document = ResultDocument(plan: plan, record: record, invocation: invocation, folder: folder)
    document.termination = ResultDocument.Ending(
      reason: ResultDocument.runningReason,
      message: "the run had not ended when this was written; if it is not running any more, its host was killed")
    try FileSystem.writeAtomically(Array(document.json.prettyText.utf8), to: FileSystem.join(folder, "result.json"))
  }

  public func flushIfDue() throws(CatalogueError) {
    try trace?.flushIfDue()
    try timing?.flushIfDue()
    try log?.flushIfDue()
  }
}
