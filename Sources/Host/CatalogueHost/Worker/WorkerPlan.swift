/// A `RunPlan` as the data a run worker receives on its stdin: each plugin named by its file and the fingerprint
/// of the metadata the plan was validated against, the resolved parameters, the seed and the stopping rules.
///
/// The worker loads the files itself and refuses to run if a file no longer matches its fingerprint (it was
/// rebuilt after the scan), so a run never uses a parameter schema other than the one the host checked.
enum WorkerPlan {
  /// Version of this layout; the host and its worker are the same executable, so a mismatch means a damaged pipe.
  static let format = 1

  static func encode(_ plan: RunPlan) -> JSONValue {
    var members: [String: JSONValue] = [
      "format": .integer(Int64(format)),
      "algorithm": reference(plan.algorithm.plugin, index: plan.algorithm.index),
      "algorithm_parameters": parameters(plan.algorithmParameters),
      "problem_parameters": parameters(plan.problemParameters),
      "seed": .unsigned(plan.seed),
      "stopping": .object([
        "max_iters": .unsigned(plan.stopping.maxIters),
        "time_limit": plan.stopping.timeLimit.map(JSONFields.encode) ?? .null,
        "grad_tol": plan.stopping.gradTol.map(JSONFields.encode) ?? .null,
        "target": plan.stopping.target.map(JSONFields.encode) ?? .null,
      ]),
    ]
    if let foreign = ForeignObjectivePlugin.specification(of: plan.problem.plugin) {
      members["foreign_problem"] = foreign.json
    } else {
      members["problem"] = reference(plan.problem.plugin, index: plan.problem.index)
    }
    return .object(members)
  }

  /// Rebuilds the plan in the worker, loading the plugin files into this process.
  static func decode(_ json: JSONValue) throws(CatalogueError) -> RunPlan {
    do {
      let fields = try JSONFields(json)
      guard try fields.uint64("format") == UInt64(format) else { throw JSONFields.Mismatch(field: "format") }
      let (algorithmPlugin, algorithmIndex) = try load(fields.object("algorithm"))
      let problemPlugin: LoadedPlugin
      let problemIndex: Int
      if let foreign = try fields.optionalObject("foreign_problem") {
        problemPlugin = try ForeignObjectivePlugin.plugin(ForeignObjectiveSpecification(fields: foreign))
        problemIndex = 0
      } else {
        (problemPlugin, problemIndex) = try load(fields.object("problem"))
      }
      let stopping = try fields.object("stopping")
      func optional(_ key: String) -> Double? { JSONFields.decodeDouble(stopping.members[key]) }
      return RunPlan(
        algorithm: AlgorithmHandle(plugin: algorithmPlugin, index: algorithmIndex),
        problem: ProblemHandle(plugin: problemPlugin, index: problemIndex),
        algorithmParameters: try parameters(fields.objects("algorithm_parameters")),
        problemParameters: try parameters(fields.objects("problem_parameters")), seed: try fields.uint64("seed"),
        stopping: StoppingCriteria(
          maxIters: try stopping.uint64("max_iters"), timeLimit: optional("time_limit"), gradTol: optional("grad_tol"),
          target: optional("target")))
    } catch let error as CatalogueError {
      throw error
    } catch {
      throw .runFailed("the run worker received a damaged plan (\(error)); this is a catalogue bug")
    }
  }

  private static func reference(_ plugin: LoadedPlugin, index: Int) -> JSONValue {
    .object([
      "file": .string(plugin.file), "plugin": .string(plugin.info.id), "version": .string("\(plugin.info.version)"),
      "fingerprint": .string(PluginInfoCodec.fingerprint(plugin.info)), "index": .integer(Int64(index)),
    ])
  }

  /// Loads the file a reference names and checks that it still describes the plugin the plan was made for.
  private static func load(_ fields: JSONFields) throws -> (LoadedPlugin, Int) {
    let file = try fields.string("file")
    let label = "\(try fields.string("plugin")) \(try fields.string("version"))"
    let index = Int(try fields.int64("index"))
    switch PluginLoader.open(file) {
    case .success(let (info, raw)):
      guard PluginInfoCodec.fingerprint(info) == (try fields.string("fingerprint")) else {
        throw CatalogueError.pluginLoad(
          "plugin file \(file) changed since it was scanned (it no longer describes \(label)); "
            + "run 'catalogue list --rescan'")
      }
      return (LoadedPlugin(info: info, file: file, origin: .commandLine, raw: raw), index)
    case .failure(.notPlugin(let reason)), .failure(.failed(let reason)):
      throw CatalogueError.pluginLoad("plugin \(label) failed to load from \(file): \(reason)")
    }
  }

  private static func parameters(_ resolved: ResolvedParameters) -> JSONValue {
    .array(
      resolved.entries.map { entry in
        .object([
          "id": .string(entry.id), "value": PluginInfoCodec.value(entry.value), "explicit": .bool(entry.isExplicit),
        ])
      })
  }

  private static func parameters(_ entries: [JSONFields]) throws(JSONFields.Mismatch) -> ResolvedParameters {
    var result: [ResolvedParameters.Entry] = []
    for entry in entries {
      result.append(
        .init(
          id: try entry.string("id"), value: try PluginInfoCodec.value(entry.object("value")),
          isExplicit: try entry.bool("explicit")))
    }
    return ResolvedParameters(entries: result)
  }
}
