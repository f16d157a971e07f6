/// Turns a `RunRequest` into a `RunPlan`: resolves references, checks that the problem's kind suits the algorithm,
/// validates every parameter and the stopping options. Nothing here runs plugin code, so every error it throws
/// leaves no trace on disk.
public enum RunPlanner {
  /// The plan, plus warnings for the user (e.g. a `--config` recorded with another plugin version).
  public static func plan(_ request: RunRequest, registry: PluginRegistry) throws(CatalogueError) -> (
    plan: RunPlan, warnings: [String]
  ) {
    var warnings: [String] = []
    let config = request.config
    let algorithmReference: EntryReference
    if let text = request.algorithm {
      algorithmReference = try EntryReference(parsing: text, what: "algorithm")
    } else if let config {
      algorithmReference = EntryReference(pluginID: config.algorithmPlugin, id: config.algorithm)
    } else {
      throw .usage("no algorithm given: write 'catalogue run ALGORITHM' (see 'catalogue list') or --config FILE")
    }
    let algorithm = try registry.algorithm(algorithmReference)
    if let config, request.algorithm == nil, "\(algorithm.plugin.info.version)" != config.algorithmPluginVersion {
      warnings.append(
        "the run was recorded with \(config.algorithmPlugin) \(config.algorithmPluginVersion), "
          + "repeating it with \(algorithm.plugin.label): results may differ")
    }

    var foreign = request.objective
    if foreign != nil && request.problem != nil {
      throw .usage("give either --problem or --objective, not both")
    }
    if foreign == nil, let config, request.algorithm == nil, request.problem == nil, let recorded = config.objective {
      foreign = try recorded.rechecked(allowInsecure: request.allowInsecure)
    }
    let problem: ProblemHandle
    if let foreign {
      if algorithm.info.needs.contains(.hessianVector) && foreign.gradientSymbol == nil {
        throw .usage(
          "algorithm \(algorithm.info.id) needs Hessian-vector products; a foreign objective offers them (by "
            + "differences of its gradient) only with --gradient SYMBOL")
      }
      problem = try ForeignObjectivePlugin.handle(foreign)
    } else {
      problem = try resolveProblem(
        request, registry: registry, config: config, algorithm: algorithm, warnings: &warnings)
    }

    let accepted = algorithm.info.problemKinds
    guard accepted.contains(problem.info.kind) else {
      let kinds = accepted.map(\.description).joined(separator: " or ")
      let kind = "\(problem.info.kind)"
      let article = kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
      throw .usage(
        "algorithm \(algorithm.info.id) accepts \(kinds.isEmpty ? "no" : kinds) problems; problem \(problem.info.id) "
          + "is \(article) \(kind) problem (choose another with --problem)")
    }

    // `-p gd.step_size=…` names the algorithm by id (or as typed, `baselines/gd`), as `compare` accepts it.
    let algorithmNames = [algorithm.info.id] + (request.algorithm.map { [$0] } ?? [])
    let explicit = try request.parameters.map { (text: String) throws(CatalogueError) in
      try ParameterAssignment(parsing: text, algorithmNames: algorithmNames)
    }
    let algorithmOwner = algorithm.info.parameterOwner
    let problemOwner = problem.info.parameterOwner
    func overridden(_ recorded: ParameterAssignment) -> Bool {
      explicit.contains { given in
        guard given.key == recorded.key else { return false }
        switch given.scope {
        case .any: return (algorithmOwner.spec(given.key) != nil ? .algorithm : .problem) == recorded.scope
        default: return given.scope == recorded.scope
        }
      }
    }
    var assignments: [ParameterAssignment] = []
    if let config, request.algorithm == nil {
      assignments += config.algorithmParameters.filter { !overridden($0) }
      if request.problem == nil { assignments += config.problemParameters.filter { !overridden($0) } }
    }
    if foreign == nil, request.problem == nil, config == nil || request.algorithm != nil,
      let declaration = algorithm.info.defaultProblemDeclaration
    {
      assignments += declaration.parameters.filter { !overridden($0) }
    }
    assignments += explicit
    let (algorithmParameters, problemParameters) = try ParameterResolver.resolve(
      assignments, algorithm: algorithmOwner, problem: problemOwner)

    let recorded = request.algorithm == nil ? config?.stopping : nil
    let defaultBudget =
      algorithm.info.defaultMaxIters > 0 ? algorithm.info.defaultMaxIters : StoppingCriteria.fallbackMaxIters
    let stopping = StoppingCriteria(
      maxIters: request.maxIters ?? recorded?.maxIters ?? defaultBudget,
      timeLimit: request.timeLimit ?? recorded?.timeLimit, gradTol: request.gradTol ?? recorded?.gradTol,
      target: request.target ?? recorded?.target)
    guard stopping.maxIters > 0 else { throw .usage("--max-iters must be at least 1 (got 0)") }
    if let limit = stopping.timeLimit, !(limit > 0 && limit.isFinite) {
      throw .usage("--time-limit must be a positive number of seconds (got \(NumberFormat.shortest(limit)))")
    }
    if let tolerance = stopping.gradTol, !(tolerance >= 0 && tolerance.isFinite) {
      throw .usage("--grad-tol must be a finite number >= 0 (got \(NumberFormat.shortest(tolerance)))")
    }
    if let target = stopping.target, !target.isFinite {
      throw .usage("--target must be a finite number (got \(NumberFormat.shortest(target)))")
    }
    let plan = RunPlan(
      algorithm: algorithm, problem: problem, algorithmParameters: algorithmParameters,
      problemParameters: problemParameters, seed: request.seed ?? (request.algorithm == nil ? config?.seed : nil) ?? 0,
      stopping: stopping)
    return (plan, warnings)
  }

  /// The problem a request names: `--problem`, the config's, or the algorithm's default.
  private static func resolveProblem(
    _ request: RunRequest, registry: PluginRegistry, config: RunConfig?, algorithm: AlgorithmHandle,
    warnings: inout [String]
  ) throws(CatalogueError) -> ProblemHandle {
    let problemReference: EntryReference
    if let text = request.problem {
      problemReference = try EntryReference(parsing: text, what: "problem")
    } else if let config, request.algorithm == nil {
      problemReference = EntryReference(pluginID: config.problemPlugin, id: config.problem)
    } else if let text = algorithm.info.defaultProblemDeclaration?.reference {
      do {
        problemReference = try EntryReference(parsing: text, what: "problem")
      } catch {
        throw .runFailed("algorithm \(algorithm.info.id) names an invalid default problem '\(text)' (a plugin bug)")
      }
    } else {
      throw .usage("algorithm \(algorithm.info.id) has no default problem; choose one with --problem ID")
    }
    let problem = try registry.problem(problemReference, preferring: algorithm.plugin)
    if let config, request.problem == nil, request.algorithm == nil,
      "\(problem.plugin.info.version)" != config.problemPluginVersion,
      problem.plugin.info.id != algorithm.plugin.info.id
    {
      warnings.append(
        "the problem was recorded with \(config.problemPlugin) \(config.problemPluginVersion), "
          + "repeating it with \(problem.plugin.label): results may differ")
    }
    return problem
  }
}
