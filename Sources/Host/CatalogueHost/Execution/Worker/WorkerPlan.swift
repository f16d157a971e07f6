/// A `RunPlan` as the data a run worker receives on its stdin (encoded with `JSONCoding`): each plugin named by its
/// file and the fingerprint of the metadata the plan was validated against, the resolved parameters, the seed and
/// the stopping rules.
///
/// The worker loads the files itself and refuses to run if a file no longer matches its fingerprint (it was
/// rebuilt after the scan), so a run never uses a parameter schema other than the one the host checked.
struct WorkerPlan: Codable {
  /// A plugin entry by file, as planned.
  struct Reference: Codable {
    var file: String
    var plugin: String
    var version: String
    var fingerprint: String
    var index: Int

    init(_ plugin: LoadedPlugin, index: Int) {
      file = plugin.file
      self.plugin = plugin.info.id
      version = "\(plugin.info.version)"
      fingerprint = plugin.info.fingerprint
      self.index = index
    }

    /// Loads the file and checks that it still describes the plugin the plan was made for.
    func load() throws(CatalogueError) -> LoadedPlugin {
      let label = "\(plugin) \(version)"
      switch PluginLoader.open(file) {
      case .success(let (info, raw)):
        guard info.fingerprint == fingerprint else {
          throw .pluginLoad(
            "plugin file \(file) no longer matches the registry cache's record of \(label) (the file was rebuilt "
              + "since it was scanned, or the cache entry is damaged); add --rescan to scan it again")
        }
        return LoadedPlugin(info: info, file: file, origin: .commandLine, raw: raw)
      case .failure(.notPlugin(let reason)), .failure(.failed(let reason)):
        throw .pluginLoad("plugin \(label) failed to load from \(file): \(reason)")
      }
    }
  }

  /// Version of this layout; the host and its worker are the same executable, so a mismatch means a damaged pipe.
  static let currentFormat = 2

  var format = currentFormat
  var algorithm: Reference
  /// The problem's plugin entry, or nil for a foreign objective.
  var problem: Reference?
  var foreignProblem: ForeignObjectiveSpecification?
  var algorithmParameters: [ResolvedParameters.Entry]
  var problemParameters: [ResolvedParameters.Entry]
  var seed: UInt64
  var stopping: StoppingCriteria

  /// The plan as the host sends it.
  init(_ plan: RunPlan) {
    algorithm = Reference(plan.algorithm.plugin, index: plan.algorithm.index)
    if let foreign = ForeignObjectivePlugin.specification(of: plan.problem.plugin) {
      foreignProblem = foreign
    } else {
      problem = Reference(plan.problem.plugin, index: plan.problem.index)
    }
    algorithmParameters = plan.algorithmParameters.entries
    problemParameters = plan.problemParameters.entries
    seed = plan.seed
    stopping = plan.stopping
  }

  /// Reads a plan in the worker.
  static func decode(_ bytes: [UInt8]) throws(CatalogueError) -> WorkerPlan {
    let plan: WorkerPlan
    do {
      plan = try JSONCoding.decode(WorkerPlan.self, from: bytes)
    } catch {
      throw .runFailed("the run worker received a damaged plan (\(error)); this is a catalogue bug")
    }
    guard plan.format == currentFormat else {
      throw .runFailed("the run worker received a plan of format \(plan.format); this is a catalogue bug")
    }
    return plan
  }

  /// Rebuilds the plan in the worker, loading the plugin files into this process.
  func runPlan() throws(CatalogueError) -> RunPlan {
    let problemHandle: ProblemHandle
    if let foreignProblem {
      problemHandle = ProblemHandle(plugin: try ForeignObjectivePlugin.plugin(foreignProblem), index: 0)
    } else if let problem {
      problemHandle = ProblemHandle(plugin: try problem.load(), index: problem.index)
    } else {
      throw .runFailed("the run worker received a plan without a problem; this is a catalogue bug")
    }
    return RunPlan(
      algorithm: AlgorithmHandle(plugin: try algorithm.load(), index: algorithm.index), problem: problemHandle,
      algorithmParameters: ResolvedParameters(entries: algorithmParameters),
      problemParameters: ResolvedParameters(entries: problemParameters), seed: seed, stopping: stopping)
  }
}
