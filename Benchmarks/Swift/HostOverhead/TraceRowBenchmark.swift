import CCatalogue
import CatalogueHost
import Foundation

/// The host's cost of one trace row: a plugin's `report(run, iteration, values)` through the host-services table,
/// the run context's stopping rules and counters, and the run-folder writer formatting the row into `trace.csv`
/// and `timing.csv`, as `catalogue run --in-process` does it. Four columns of full-precision values (as `gd`
/// reports: f, grad_norm, f_gap, dist_to_opt). Alternates with the same reports into a sink that discards them,
/// which is the run context's own share.
struct TraceRowBenchmark {
  /// Rows per timed round.
  var rows: Int
  /// A scratch folder for the run folders (removed after each round).
  var scratch: String

  /// Columns reported per row.
  static let columns = ["f", "grad_norm", "f_gap", "dist_to_opt"]

  /// A plan for the writer's `result.json`: a synthetic plugin with one algorithm and one problem.
  static let plan: RunPlan = {
    let problem = ProblemInfo(id: "quadratic", name: "Quadratic", summary: "", kind: .objective, parameters: [])
    let algorithm = AlgorithmInfo(
      id: "gd", name: "Gradient descent", summary: "", provenance: .standard, provenanceNote: "", citation: nil,
      problemKinds: [.objective], needs: [], defaultProblem: "quadratic", defaultMaxIters: 1000, parameters: [])
    let info = PluginInfo(
      id: "org.catalogue.bench", name: "bench", version: SemanticVersion(1, 0, 0), summary: "", license: "MIT",
      citation: nil, abiMajor: 1, abiMinor: 0, algorithms: [algorithm], problems: [problem], experiments: [])
    let plugin = LoadedPlugin(info: info, file: "/dev/null", origin: .executableFolder, raw: nil)
    return RunPlan(
      algorithm: AlgorithmHandle(plugin: plugin, index: 0), problem: ProblemHandle(plugin: plugin, index: 0),
      algorithmParameters: ResolvedParameters(entries: []), problemParameters: ResolvedParameters(entries: []),
      seed: 1, stopping: StoppingCriteria(maxIters: .max))
  }()

  /// Seconds per row through the host into a run folder (`toFolder`) or into a discarding sink.
  func secondsPerRow(toFolder: Bool) throws -> Double {
    let folder = FileSystem.join(scratch, "run")
    defer { FileSystem.removeTree(folder) }
    let sink: any RunEventSink
    if toFolder {
      let writer = RunFolderWriter(
        plan: Self.plan,
        invocation: RunInvocation(
          commandLine: ["bench"], startTime: 0, hostName: "bench", openBLASThreadsVariable: nil),
        path: folder, explicit: true)
      try writer.handle(.started(RunStart(references: [], metricNames: [])))
      sink = RunEventFanout([writer])
    } else {
      sink = DiscardingSink()
    }
    let context = RunContext(algorithmID: "gd", stopping: StoppingCriteria(maxIters: .max), sink: sink)
    let api = HostServices.table.pointee
    let names = Self.columns.map { strdup($0) }
    defer { for name in names { free(name) } }
    var pointers = names.map { UnsafePointer<CChar>($0) }
    precondition(api.declare_trace!(context.opaquePointer, UInt32(names.count), &pointers) == CAT_OK)
    // Values with full 16–17 digit shortest forms, changing every row as an optimiser's do.
    var values = [9.269125913847418, 3.3237022790627586, 9.269125913847418, 7.495783345311074]
    let report = api.report!
    let run = context.opaquePointer
    let start = CPUClock.seconds()
    for iteration in 0..<UInt64(rows) {
      values[0] *= 0.9993
      values[1] *= 0.9996
      values[2] = values[0] - 1e-3
      values[3] *= 0.9998
      context.countCall(Int(CAT_ORACLE_GRADIENT))
      guard report(run, iteration, values) == CAT_CONTINUE else { fatalError("the host stopped the run") }
    }
    if toFolder {
      // Closing writes out what is still buffered: part of the rows' cost.
      try sink.handle(
        .finished(
          RunEnd(
            termination: .completed, message: "", iterations: UInt64(rows), rows: rows, counters: context.counters,
            wallTime: 0)))
    }
    return (CPUClock.seconds() - start) / Double(rows)
  }
}
