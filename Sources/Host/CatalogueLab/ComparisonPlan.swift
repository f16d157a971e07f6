import CatalogueHost

/// A `catalogue compare`, resolved and validated: which algorithms on which problem instance, with which
/// parameters, seeds and budget, and where every run goes. Building it runs no plugin code and writes nothing,
/// so a typo fails before the first worker starts.
public struct ComparisonPlan: Sendable {
  /// One compared algorithm.
  public struct Member: Sendable {
    /// Its label: the algorithm id as typed (names its runs, its line and its `-p LABEL.key=value`).
    public var label: String
    /// The validated plan of its first run (the other seeds differ only in the seed).
    public var plan: RunPlan
    /// Its scoped `-p` texts after routing.
    public var parameters: [String]
  }

  /// The algorithms, in the order given.
  public var members: [Member]
  /// The seeds every algorithm runs with.
  public var seeds: SeedList
  /// Stopping rules shared by every run.
  public var stopping: StoppingCriteria
  /// The comparison folder.
  public var folder: String
  /// True for `--out` (must be new or empty); false for the default name (gets a suffix if taken).
  public var explicitFolder: Bool
  /// Every run, algorithm by algorithm, seed by seed.
  public var runs: [BatchRun]
  /// Things the user should know (which problem was chosen, and why).
  public var notes: [String]

  /// The problem every run solves.
  public var problem: ProblemHandle { members[0].plan.problem }

  /// Resolves and validates a comparison.
  ///
  /// The problem is `problem`, else the first algorithm's default problem, resolved once, so that every
  /// algorithm solves the same instances. Without `maxIters` every algorithm gets the largest of their default
  /// budgets: a comparison at different budgets would compare budgets, not methods.
  public static func make(
    algorithms: [String], problem: String?, parameters: [String], seeds: SeedList, stopping given: StoppingOptions,
    output: String?, registry: PluginRegistry, time: Int
  ) throws(CatalogueError) -> ComparisonPlan {
    var labels: [String] = []
    var handles: [AlgorithmHandle] = []
    for text in algorithms {
      let (referenceText, givenLabel) = try Self.splitLabel(text)
      let reference = try EntryReference(parsing: referenceText, what: "algorithm")
      let label = givenLabel ?? reference.id
      guard !labels.contains(label) else {
        throw .usage(
          "'\(label)' is listed twice; to compare one algorithm with itself under different parameters, label each "
            + "run: \(reference.id):a,\(reference.id):b -p a.KEY=VALUE -p b.KEY=VALUE")
      }
      labels.append(label)
      handles.append(try registry.algorithm(reference))
    }
    guard let first = handles.first else {
      throw .usage("no algorithms given: write 'catalogue compare gd,nesterov' (see 'catalogue list')")
    }
    var notes: [String] = []
    let problemText: String
    var parameters = parameters
    if let problem {
      problemText = problem
    } else if let declaration = first.info.defaultProblemDeclaration, let defaultProblem = first.info.defaultProblem {
      problemText = declaration.reference
      parameters = declaration.parameters(notIn: parameters).map(\.description) + parameters
      let others = handles.dropFirst().filter { $0.info.defaultProblem != defaultProblem }.map(\.info.id)
      if !others.isEmpty {
        notes.append(
          "comparing on \(defaultProblem), the default problem of \(first.info.id) (\(others.joined(separator: ", ")) "
            + "default to other problems); choose one with --problem")
      }
    } else {
      throw .usage("algorithm \(first.info.id) has no default problem; choose one with --problem ID")
    }
    let problemHandle = try registry.problem(
      try EntryReference(parsing: problemText, what: "problem"), preferring: first.plugin)
    let routed = try ParameterRouting.route(
      parameters,
      targets: zip(labels, handles).map { ParameterRouting.Target(label: $0, owner: $1.info.parameterOwner) },
      problem: problemHandle.info.parameterOwner)
    let budget =
      given.maxIters
      ?? handles.map { $0.info.defaultMaxIters > 0 ? $0.info.defaultMaxIters : StoppingCriteria.fallbackMaxIters }
      .max()!
    let stopping = StoppingCriteria(
      maxIters: budget, timeLimit: given.timeLimit, gradTol: given.gradTol, target: given.target)
    let folder =
      output ?? "runs/compare-\(problemHandle.info.id)-\(ProcessEnvironment.utc(time, format: "%Y%m%d-%H%M%S"))"
    if output != nil { try RunFolder.checkAvailable(folder) }

    var members: [Member] = []
    var runs: [BatchRun] = []
    for (index, handle) in handles.enumerated() {
      for seed in seeds.seeds {
        let run = BatchRun(
          label: labels[index], algorithm: BatchRun.qualified(handle), problem: BatchRun.qualified(problemHandle),
          parameters: routed[index], seed: seed, stopping: stopping,
          folder: FileSystem.join(folder, "\(labels[index])-seed\(seed)"))
        if members.count == index {
          let (plan, _) = try RunPlanner.plan(run.request, registry: registry)
          members.append(Member(label: labels[index], plan: plan, parameters: routed[index]))
        }
        runs.append(run)
      }
    }
    return ComparisonPlan(
      members: members, seeds: seeds, stopping: stopping, folder: folder, explicitFolder: output != nil, runs: runs,
      notes: notes)
  }

  /// Splits `ALGORITHM:LABEL` (a labelled member, so one algorithm can be compared with itself under different
  /// parameters: `lt-train:adam,lt-train:sgdm -p adam.optimizer=adam -p sgdm.optimizer=sgdm`) into the reference
  /// and the label; a plain reference has no label (its label is the algorithm id).
  static func splitLabel(_ text: String) throws(CatalogueError) -> (String, String?) {
    guard let colon = text.lastIndex(of: ":") else { return (text, nil) }
    let label = String(text[text.index(after: colon)...])
    let valid =
      !label.isEmpty && label.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" || $0 == "_" }
    guard valid, label != "problem", label != "algorithm" else {
      throw .usage(
        "'\(text)': the label after ':' must be lower-case letters, digits, '-' or '_' and not 'problem' or "
          + "'algorithm' (e.g. lt-train:adam)")
    }
    return (String(text[..<colon]), label)
  }
}

/// The stopping options of a batch as typed (nil when not given).
public struct StoppingOptions: Equatable, Sendable {
  /// `--max-iters`.
  public var maxIters: UInt64?
  /// `--time-limit` in seconds.
  public var timeLimit: Double?
  /// `--grad-tol`.
  public var gradTol: Double?
  /// `--target`.
  public var target: Double?

  /// Creates options.
  public init(maxIters: UInt64? = nil, timeLimit: Double? = nil, gradTol: Double? = nil, target: Double? = nil) {
    self.maxIters = maxIters
    self.timeLimit = timeLimit
    self.gradTol = gradTol
    self.target = target
  }
}
