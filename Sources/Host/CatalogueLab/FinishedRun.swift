import CatalogueHost

/// A run as found in its folder: `result.json`, `trace.csv` and `timing.csv`, read back for comparison tables,
/// plots and claims.
///
/// Everything downstream of the runs reads folders rather than in-memory records, so `catalogue plot` on folders
/// from last week gives the same figure `compare` drew, and a report can be regenerated from its runs.
public struct FinishedRun: Sendable {
  /// The folder it was read from.
  public var folder: String
  /// `result.json`.
  public var result: ResultDocument
  /// `trace.csv` (empty when missing).
  public var trace: TraceTable
  /// Wall-clock seconds since the start at each trace row, from `timing.csv` (nan where missing).
  public var elapsed: [Double]

  /// Creates a run from parts (tests, and runs assembled in memory).
  public init(folder: String, result: ResultDocument, trace: TraceTable, elapsed: [Double]) {
    self.folder = folder
    self.result = result
    self.trace = trace
    self.elapsed = elapsed
  }

  /// Reads a run folder; a missing or unreadable `result.json` is an error naming the folder.
  public init(folder: String) throws(CatalogueError) {
    let resultPath = FileSystem.join(folder, "result.json")
    guard FileSystem.kind(of: resultPath) == .file else {
      throw .usage("\(folder) is not a run folder (it has no result.json)")
    }
    let document = try ResultDocument.load(path: resultPath)
    let tracePath = FileSystem.join(folder, "trace.csv")
    let trace =
      FileSystem.kind(of: tracePath) == .file
      ? TraceTable(parsing: try FileSystem.readText(tracePath), keepingUnterminatedLine: false)
      : TraceTable(columns: [], rows: [])
    var elapsed = [Double](repeating: .nan, count: trace.rows.count)
    let timingPath = FileSystem.join(folder, "timing.csv")
    if FileSystem.kind(of: timingPath) == .file, let iterations = trace.column("iter") {
      let timing = TraceTable(parsing: try FileSystem.readText(timingPath), keepingUnterminatedLine: false)
      if let times = timing.column("time_s"), let timingIterations = timing.column("iter") {
        // Rows line up one to one; match by iteration number in case a file was cut short.
        for index in elapsed.indices where index < times.count && timingIterations[index] == iterations[index] {
          elapsed[index] = times[index]
        }
      }
    }
    self.init(folder: folder, result: document, trace: trace, elapsed: elapsed)
  }

  /// The algorithm id.
  public var algorithm: String { result.algorithm.id }
  /// The algorithm's plugin id.
  public var algorithmPlugin: String { result.algorithm.plugin.id }
  /// The algorithm's plugin version.
  public var algorithmPluginVersion: String { result.algorithm.plugin.version }
  /// The problem id.
  public var problem: String { result.problem.id }
  /// The problem's kind.
  public var problemKind: String { result.problem.kind }
  /// The seed.
  public var seed: UInt64 { result.seed }
  /// The termination reason (`max_iters`, `converged`, ...).
  public var termination: String { result.termination.reason }
  /// The termination message.
  public var terminationMessage: String { result.termination.message }
  /// True when the run did not do its job (failed or cancelled), as `catalogue run`'s exit code says.
  public var isFailure: Bool { Termination(rawValue: termination)?.isFailure ?? true }
  /// The last reported iteration.
  public var iterations: UInt64 { result.iterations }
  /// Seconds the algorithm ran.
  public var wallTime: Double { result.wallTimeSeconds ?? .nan }
  /// The algorithm's parameters as recorded.
  public var algorithmParameters: [String: JSONValue] { result.algorithm.parameters }
  /// The problem's parameters as recorded.
  public var problemParameters: [String: JSONValue] { result.problem.parameters }
  /// Artifacts the run wrote.
  public var artifacts: [String] { result.artifacts }

  /// The final value of a metric: the last trace row's column, else a result key (as `result.json`'s
  /// `final_metrics` records them); nil if the run has neither.
  public func finalValue(_ metric: String) -> Double? {
    let column = trace.column(metric)
    if let value = result.finalMetrics[metric] {
      // null stands for a non-finite value; the trace keeps which one (inf or nan).
      return value ?? column?.last ?? .nan
    }
    if let column { return column.last ?? .nan }
    return nil
  }

  /// The final metrics in a stable order: trace columns in file order (without `iter` and the oracle counters),
  /// then result keys in name order.
  public var metricNames: [String] {
    let hidden = Set(["iter"] + OracleCounters.columnNames)
    var names = trace.columns.filter { !hidden.contains($0) }
    for key in result.finalMetrics.keys.sorted() where !names.contains(key) { names.append(key) }
    return names
  }

  /// A final oracle count by column name (`n_grad`, ...).
  public func oracleCount(_ name: String) -> UInt64 { result.oracleCounts[name] ?? 0 }
}
