/// Builds `result.json`: everything needed to understand, compare and repeat a run.
///
/// `RunConfig` reads the same layout back (`algorithm.plugin.id`, `algorithm.parameters`, `seed`, `stopping`, ...),
/// so the two must change together; `format_version` is bumped when a field changes meaning.
public enum ResultDocument {
  /// The document for a finished run.
  public static func make(plan: RunPlan, record: RunRecord, invocation: RunInvocation, folder: String) -> JSONValue {
    func plugin(_ loaded: LoadedPlugin) -> JSONValue {
      .object([
        "id": .string(loaded.info.id), "version": .string("\(loaded.info.version)"), "file": .string(loaded.file),
      ])
    }
    func numbers(_ pairs: [(String, Double)]) -> JSONValue {
      .object(Dictionary(pairs.map { ($0.0, JSONValue.number($0.1)) }, uniquingKeysWith: { $1 }))
    }
    let end = record.end
    let iterations = end?.iterations ?? 0
    let wall = end?.wallTime ?? 0
    let blasThreads = record.start?.blasThreads ?? ProcessEnvironment.openBLASThreads()
    var problem: [String: JSONValue] = [
      "id": .string(plan.problem.info.id), "kind": .string("\(plan.problem.info.kind)"),
      "plugin": plugin(plan.problem.plugin), "parameters": plan.problemParameters.json,
      "reference_values": numbers(record.start?.references ?? []),
    ]
    if let objective = ForeignObjectivePlugin.specification(of: plan.problem.plugin) {
      problem["objective"] = objective.json
    }
    return .object([
      "format_version": .integer(Int64(CatalogueVersion.resultFormat)),
      "catalogue_version": .string(CatalogueVersion.host),
      "abi_version": .string(CatalogueVersion.abi),
      "algorithm": .object([
        "id": .string(plan.algorithm.info.id), "plugin": plugin(plan.algorithm.plugin),
        "parameters": plan.algorithmParameters.json,
      ]),
      "problem": .object(problem),
      "seed": .unsigned(plan.seed),
      "stopping": plan.stopping.json,
      "termination": .object([
        "reason": .string(end?.termination.rawValue ?? "failed"), "message": .string(end?.message ?? ""),
      ]),
      "final_metrics": numbers(record.finalMetrics),
      "result_vectors": .object(
        Dictionary(
          record.vectors.map { ($0.0, JSONValue.array($0.1.map { JSONValue.number($0) })) },
          uniquingKeysWith: { $1 })),
      "trace_columns": .array((["iter"] + record.columns + OracleCounters.columnNames).map { .string($0) }),
      "oracle_counts": (end?.counters ?? OracleCounters()).json,
      "iterations": .unsigned(iterations),
      "trace_rows": .integer(Int64(record.rowCount)),
      "wall_time_s": .number(wall),
      "time_per_iteration_s": record.rowCount > 0 ? .number(wall / Double(record.rowCount)) : .null,
      "artifacts": .array(record.artifacts.map { .string($0) }),
      "run_folder": .string(folder),
      "command_line": .array(invocation.commandLine.map { .string($0) }),
      "started_utc": .string(ProcessEnvironment.utc(invocation.startTime, format: "%Y-%m-%dT%H:%M:%SZ")),
      "hostname": .string(invocation.hostName),
      "environment": .object([
        "OPENBLAS_NUM_THREADS": .text(invocation.openBLASThreadsVariable),
        "blas_threads": blasThreads.map { .integer(Int64($0)) } ?? .null,
      ]),
    ])
  }
}
