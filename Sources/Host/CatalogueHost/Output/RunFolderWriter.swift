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
  /// What the run produced (updated once per row on the run's one thread, so without dynamic exclusivity checks).
  @exclusivity(unchecked) public private(set) var record = RunRecord()
  /// The `result.json` document, once written.
  public private(set) var result: ResultDocument?
  private let requestedPath: String
  private let explicitPath: Bool
  /// `trace.csv` and `timing.csv`, once the folder exists. Rows are written in place on the run's one thread, with
  /// no overlapping access, so the per-row path skips the dynamic exclusivity checks (as `record` does).
  @exclusivity(unchecked) private var traceFiles: TraceFiles?
  private var log: BufferedFile?

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
      traceFiles = try TraceFiles(folder: folder)
      log = try BufferedFile(creating: FileSystem.join(folder, "run.log"))
      try writeRunningResult(folder)
    case .columns(let columns):
      try traceFiles?.trace.write((["iter"] + columns + OracleCounters.columnNames).joined(separator: ",") + "\n")
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
      try traceFiles?.close()
      try log?.close()
      guard let folder else { return }
      let document = ResultDocument(plan: plan, record: record, invocation: invocation, folder: folder)
      try FileSystem.writeAtomically(Array(document.json.prettyText.utf8), to: FileSystem.join(folder, "result.json"))
      result = document
    case .resultReal, .resultVector:
      break
    }
  }

  public func handleRow(_ row: TraceRowView) throws(CatalogueError) {
    record.apply(row)
    try traceFiles?.write(row)
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
    try traceFiles?.flushIfDue()
    try log?.flushIfDue()
  }
}
