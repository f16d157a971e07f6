/// `result.json`: everything needed to understand, compare and repeat a run. The one schema for the file: the run
/// folder writer fills it, `run --config` (`RunConfig`) and `compare`/`plot`/`reproduce` (`FinishedRun`) decode it.
///
/// Reading is Codable. Writing goes through `json` and `JSONValue`'s writer rather than `JSONEncoder`, because the
/// file's byte layout is read by people, diffed between runs and checked by tests: two-space indents, `"key":
/// value`, arrays of numbers on one line, and doubles as Swift prints them ("1.0", "1e-05"), none of which
/// Foundation's pretty printer produces. `format_version` is bumped when a field changes meaning.
public struct ResultDocument: Equatable, Sendable, Codable {
  /// A plugin by id, version and the file it was loaded from.
  public struct PluginReference: Equatable, Sendable, Codable {
    public var id: String
    public var version: String
    public var file: String
  }

  /// The algorithm that ran.
  public struct Algorithm: Equatable, Sendable, Codable {
    public var id: String
    public var plugin: PluginReference
    /// Every parameter's value, explicit or default.
    public var parameters: [String: JSONValue]
  }

  /// The problem it ran on.
  public struct Problem: Equatable, Sendable, Codable {
    public var id: String
    /// The kind's name ("objective", ...).
    public var kind: String
    public var plugin: PluginReference
    public var parameters: [String: JSONValue]
    /// Reference values the instance reported (f*, ...); nil for a non-finite one.
    public var referenceValues: [String: Double?]
    /// The foreign objective (`run --objective`), if the problem was one.
    public var objective: ForeignObjectiveSpecification?

    enum CodingKeys: String, CodingKey {
      case id, kind, plugin, parameters, objective
      case referenceValues = "reference_values"
    }
  }

  /// How the run ended.
  public struct Ending: Equatable, Sendable, Codable {
    /// A `Termination` raw value.
    public var reason: String
    public var message: String
  }

  /// Facts about the machine's BLAS.
  public struct Environment: Equatable, Sendable, Codable {
    /// `OPENBLAS_NUM_THREADS` as set, if it was.
    public var openBLASThreadsVariable: String?
    /// OpenBLAS's thread count, if a plugin loaded OpenBLAS.
    public var blasThreads: Int?

    enum CodingKeys: String, CodingKey {
      case openBLASThreadsVariable = "OPENBLAS_NUM_THREADS"
      case blasThreads = "blas_threads"
    }
  }

  public var formatVersion: Int
  public var catalogueVersion: String
  public var abiVersion: String
  public var algorithm: Algorithm
  public var problem: Problem
  public var seed: UInt64
  public var stopping: StoppingCriteria
  public var termination: Ending
  /// Final values by name (trace columns' last values and result scalars); nil for a non-finite one.
  public var finalMetrics: [String: Double?]
  /// Result vectors by name; nil for a non-finite element.
  public var resultVectors: [String: [Double?]]
  /// `trace.csv`'s header.
  public var traceColumns: [String]
  /// Final oracle counts by column name (`n_grad`, ...).
  public var oracleCounts: [String: UInt64]
  /// The last reported iteration.
  public var iterations: UInt64
  public var traceRows: Int
  /// Seconds the algorithm ran.
  public var wallTimeSeconds: Double?
  /// Wall time per trace row, nil without rows.
  public var timePerIterationSeconds: Double?
  public var artifacts: [String]
  public var runFolder: String
  public var commandLine: [String]
  public var startedUTC: String
  public var hostname: String
  public var environment: Environment

  enum CodingKeys: String, CodingKey {
    case formatVersion = "format_version"
    case catalogueVersion = "catalogue_version"
    case abiVersion = "abi_version"
    case algorithm, problem, seed, stopping, termination, iterations, artifacts, hostname, environment
    case finalMetrics = "final_metrics"
    case resultVectors = "result_vectors"
    case traceColumns = "trace_columns"
    case oracleCounts = "oracle_counts"
    case traceRows = "trace_rows"
    case wallTimeSeconds = "wall_time_s"
    case timePerIterationSeconds = "time_per_iteration_s"
    case runFolder = "run_folder"
    case commandLine = "command_line"
    case startedUTC = "started_utc"
  }

  /// The largest `result.json` read back (its result vectors can be long; 256 MiB is far beyond any real run's).
  public static let maximumSize = 256 << 20

  /// `termination.reason` of the provisional document written when a run starts; the final one replaces it.
  public static let runningReason = "running"

  /// The document for a finished run.
  public init(plan: RunPlan, record: RunRecord, invocation: RunInvocation, folder: String) {
    func plugin(_ loaded: LoadedPlugin) -> PluginReference {
      PluginReference(id: loaded.info.id, version: "\(loaded.info.version)", file: loaded.file)
    }
    func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
    func numbers(_ pairs: [(String, Double)]) -> [String: Double?] {
      Dictionary(pairs.map { ($0.0, finite($0.1)) }, uniquingKeysWith: { $1 })
    }
    let end = record.end
    let wall = end?.wallTime ?? 0
    formatVersion = CatalogueVersion.resultFormat
    catalogueVersion = CatalogueVersion.host
    abiVersion = CatalogueVersion.abi
    algorithm = Algorithm(
      id: plan.algorithm.info.id, plugin: plugin(plan.algorithm.plugin),
      parameters: plan.algorithmParameters.json.objectValue ?? [:])
    problem = Problem(
      id: plan.problem.info.id, kind: "\(plan.problem.info.kind)", plugin: plugin(plan.problem.plugin),
      parameters: plan.problemParameters.json.objectValue ?? [:],
      referenceValues: numbers(record.start?.references ?? []),
      objective: ForeignObjectivePlugin.specification(of: plan.problem.plugin))
    seed = plan.seed
    stopping = plan.stopping
    termination = Ending(reason: end?.termination.rawValue ?? "failed", message: end?.message ?? "")
    finalMetrics = numbers(record.finalMetrics)
    resultVectors = Dictionary(record.vectors.map { ($0.0, $0.1.map(finite)) }, uniquingKeysWith: { $1 })
    traceColumns = ["iter"] + record.columns + OracleCounters.columnNames
    let counters = end?.counters ?? OracleCounters()
    oracleCounts = Dictionary(uniqueKeysWithValues: zip(OracleCounters.columnNames, counters.values))
    iterations = end?.iterations ?? 0
    traceRows = record.rowCount
    wallTimeSeconds = finite(wall)
    timePerIterationSeconds = record.rowCount > 0 ? finite(wall / Double(record.rowCount)) : nil
    artifacts = record.artifacts
    runFolder = folder
    commandLine = invocation.commandLine
    startedUTC = ProcessEnvironment.utc(invocation.startTime, format: "%Y-%m-%dT%H:%M:%SZ")
    hostname = invocation.hostName
    environment = Environment(
      openBLASThreadsVariable: invocation.openBLASThreadsVariable,
      blasThreads: record.start?.blasThreads ?? ProcessEnvironment.openBLASThreads())
  }

  /// Reads a `result.json`'s text; the failure names the missing or malformed field.
  public static func decode(_ bytes: [UInt8]) throws(JSONCoding.Failure) -> ResultDocument {
    try JSONCoding.decode(ResultDocument.self, from: bytes, nonFinite: .rejected)
  }

  /// Reads a `result.json` file (`run --config`, run folders); the error names the file and the field.
  public static func load(path: String) throws(CatalogueError) -> ResultDocument {
    let bytes = try FileSystem.readRegularFile(path, limit: maximumSize, role: "result.json")
    do {
      return try decode(bytes)
    } catch {
      throw .usage("\(path): \(error) (is it a result.json written by catalogue run?)")
    }
  }

  /// The document as written to the file (see the type's comment for why this is not `JSONEncoder`).
  public var json: JSONValue {
    func plugin(_ reference: PluginReference) -> JSONValue {
      .object(["id": .string(reference.id), "version": .string(reference.version), "file": .string(reference.file)])
    }
    func numbers(_ values: [String: Double?]) -> JSONValue { .object(values.mapValues { JSONValue.number($0) }) }
    var problemMembers: [String: JSONValue] = [
      "id": .string(problem.id), "kind": .string(problem.kind), "plugin": plugin(problem.plugin),
      "parameters": .object(problem.parameters), "reference_values": numbers(problem.referenceValues),
    ]
    if let objective = problem.objective { problemMembers["objective"] = objective.json }
    return .object([
      "format_version": .integer(Int64(formatVersion)),
      "catalogue_version": .string(catalogueVersion),
      "abi_version": .string(abiVersion),
      "algorithm": .object([
        "id": .string(algorithm.id), "plugin": plugin(algorithm.plugin), "parameters": .object(algorithm.parameters),
      ]),
      "problem": .object(problemMembers),
      "seed": .unsigned(seed),
      "stopping": stopping.json,
      "termination": .object(["reason": .string(termination.reason), "message": .string(termination.message)]),
      "final_metrics": numbers(finalMetrics),
      "result_vectors": .object(resultVectors.mapValues { .array($0.map { JSONValue.number($0) }) }),
      "trace_columns": .array(traceColumns.map { .string($0) }),
      "oracle_counts": .object(oracleCounts.mapValues { .unsigned($0) }),
      "iterations": .unsigned(iterations),
      "trace_rows": .integer(Int64(traceRows)),
      "wall_time_s": .number(wallTimeSeconds),
      "time_per_iteration_s": .number(timePerIterationSeconds),
      "artifacts": .array(artifacts.map { .string($0) }),
      "run_folder": .string(runFolder),
      "command_line": .array(commandLine.map { .string($0) }),
      "started_utc": .string(startedUTC),
      "hostname": .string(hostname),
      "environment": .object([
        "OPENBLAS_NUM_THREADS": .text(environment.openBLASThreadsVariable),
        "blas_threads": environment.blasThreads.map { .integer(Int64($0)) } ?? .null,
      ]),
    ])
  }
}
