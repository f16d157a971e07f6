import CatalogueHost

/// A `catalogue reproduce`, resolved and validated: every run group of an experiment as worker runs, with the
/// full or the `--quick` seeds and budgets (`--quick` leaves out full-only groups). Building it runs no plugin code and writes nothing.
public struct ReproductionPlan: Sendable {
  /// One run group, resolved.
  public struct Group: Sendable {
    /// The declaration.
    public var declaration: ExperimentInfo.RunGroup
    /// The validated plan of its first run.
    public var plan: RunPlan
    /// Its seeds.
    public var seeds: [UInt64]
    /// Its iteration budget.
    public var maxIters: UInt64
  }

  /// The experiment.
  public var experiment: ExperimentCatalog.Entry
  /// True for `--quick`.
  public var quick: Bool
  /// The run groups, in declaration order.
  public var groups: [Group]
  /// Every run.
  public var runs: [BatchRun]
  /// The reproduction folder.
  public var folder: String
  /// True for `--out` (must be new or empty).
  public var explicitFolder: Bool

  /// Resolves an experiment's run groups.
  ///
  /// Unqualified algorithm and problem ids are looked up in the experiment's own plugin first, so an experiment
  /// means what its author tested even when another plugin registers the same id.
  public static func make(
    _ experiment: ExperimentCatalog.Entry, quick: Bool, output: String?, registry: PluginRegistry, time: Int
  ) throws(CatalogueError) -> ReproductionPlan {
    let info = experiment.info
    let owner = experiment.plugin
    func broken(_ reason: String) -> CatalogueError {
      .runFailed("experiment \(info.id) of \(owner.info.id) \(owner.info.version) is invalid: \(reason) (a plugin bug)")
    }
    let labels = info.runs.map(\.label)
    guard !info.runs.isEmpty else { throw broken("it declares no run groups") }
    guard Set(labels).count == labels.count else { throw broken("two run groups share a label") }
    let fullOnlyGroups = Set(info.runs.filter(\.fullOnly).map(\.label))
    for claim in info.claims {
      let groupsOfClaim = [claim.run] + (claim.otherRun.map { [$0] } ?? [])
      if !claim.fullOnly, let group = groupsOfClaim.first(where: fullOnlyGroups.contains) {
        throw broken("claim \(claim.id) is checked by --quick but its run group \(group) is full-only")
      }
      guard labels.contains(claim.run) else {
        throw broken("claim \(claim.id) names an unknown run group '\(claim.run)'")
      }
      if claim.kind == UInt32(ClaimCheck.Kind.atMostRatio.rawValue) {
        guard let other = claim.otherRun, labels.contains(other) else {
          throw broken("claim \(claim.id) compares with an unknown run group '\(claim.otherRun ?? "")'")
        }
      }
    }
    let folder = output ?? "runs/reproduce-\(info.id)-\(ProcessEnvironment.utc(time, format: "%Y%m%d-%H%M%S"))"
    if output != nil { try RunFolder.checkAvailable(folder) }

    if quick, !info.claims.isEmpty, info.claims.allSatisfy(\.fullOnly) {
      throw .usage(
        "experiment \(info.id) has no quick version: every claim needs the full run; run it without --quick")
    }
    var groups: [Group] = []
    var runs: [BatchRun] = []
    for declaration in info.runs where !(quick && declaration.fullOnly) {
      let reference = try EntryReference(parsing: declaration.algorithm, what: "algorithm")
      let algorithm: AlgorithmHandle
      if reference.pluginID == nil, reference.version == nil,
        let index = owner.info.algorithms.firstIndex(where: { $0.id == reference.id })
      {
        algorithm = AlgorithmHandle(plugin: owner, index: index)
      } else {
        algorithm = try registry.algorithm(reference)
      }
      guard let problemText = declaration.problem ?? algorithm.info.defaultProblemDeclaration?.reference else {
        throw broken("run group \(declaration.label) names no problem and \(algorithm.info.id) has no default")
      }
      let problemReference = try EntryReference(parsing: problemText, what: "problem")
      let problem: ProblemHandle
      if problemReference.pluginID == nil, problemReference.version == nil,
        let index = owner.info.problems.firstIndex(where: { $0.id == problemReference.id })
      {
        problem = ProblemHandle(plugin: owner, index: index)
      } else {
        problem = try registry.problem(problemReference, preferring: algorithm.plugin)
      }
      var parameters =
        Self.assignments(declaration.algorithmParameters, scope: "algorithm")
        + Self.assignments(declaration.problemParameters, scope: "problem")
      if declaration.problem == nil, let defaults = algorithm.info.defaultProblemDeclaration {
        parameters = defaults.parameters(notIn: parameters).map(\.description) + parameters
      }
      let seedCount = Int(quick && declaration.quickSeedCount > 0 ? declaration.quickSeedCount : declaration.seedCount)
      guard seedCount > 0 else { throw broken("run group \(declaration.label) has no seeds") }
      var budget = quick && declaration.quickMaxIters > 0 ? declaration.quickMaxIters : declaration.maxIters
      if budget == 0 {
        budget =
          algorithm.info.defaultMaxIters > 0 ? algorithm.info.defaultMaxIters : StoppingCriteria.fallbackMaxIters
      }
      let seeds = SeedList(first: declaration.firstSeed, count: seedCount).seeds
      var firstPlan: RunPlan?
      for seed in seeds {
        let run = BatchRun(
          label: declaration.label, algorithm: BatchRun.qualified(algorithm), problem: BatchRun.qualified(problem),
          parameters: parameters, seed: seed, stopping: StoppingCriteria(maxIters: budget),
          folder: FileSystem.join(folder, "\(declaration.label)-seed\(seed)"))
        if firstPlan == nil {
          do {
            firstPlan = try RunPlanner.plan(run.request, registry: registry).plan
          } catch {
            throw broken("run group \(declaration.label): \(error.message)")
          }
        }
        runs.append(run)
      }
      groups.append(Group(declaration: declaration, plan: firstPlan!, seeds: seeds, maxIters: budget))
    }
    return ReproductionPlan(
      experiment: experiment, quick: quick, groups: groups, runs: runs, folder: folder,
      explicitFolder: output != nil)
  }

  /// "key=value;key=value" as scoped `-p` texts.
  static func assignments(_ text: String?, scope: String) -> [String] {
    (text ?? "").split(separator: ";").map { $0.trimmingCharacters }.filter { !$0.isEmpty }.map { "\(scope).\($0)" }
  }
}

extension Substring {
  /// Without surrounding spaces.
  fileprivate var trimmingCharacters: String {
    var text = self
    while text.first == " " { text = text.dropFirst() }
    while text.last == " " { text = text.dropLast() }
    return String(text)
  }
}
