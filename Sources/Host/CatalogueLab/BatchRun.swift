import CatalogueHost

/// One run of a batch (a comparison or an experiment), fully resolved: what a worker is told to do.
///
/// References are qualified with plugin id and version (`org.catalogue.baselines/gd@1.0.0`), so every worker
/// runs exactly the plugin the parent checked, whatever else is installed.
public struct BatchRun: Equatable, Sendable {
  /// The series the run belongs to (algorithm id in a comparison, run-group label in an experiment).
  public var label: String
  /// Qualified algorithm reference.
  public var algorithm: String
  /// Qualified problem reference.
  public var problem: String
  /// Scoped `-p` texts (`algorithm.key=value`, `problem.key=value`).
  public var parameters: [String]
  /// The seed.
  public var seed: UInt64
  /// Stopping rules.
  public var stopping: StoppingCriteria
  /// The run folder.
  public var folder: String

  /// Creates a run.
  public init(
    label: String, algorithm: String, problem: String, parameters: [String], seed: UInt64,
    stopping: StoppingCriteria, folder: String
  ) {
    self.label = label
    self.algorithm = algorithm
    self.problem = problem
    self.parameters = parameters
    self.seed = seed
    self.stopping = stopping
    self.folder = folder
  }

  /// The request the parent validates before starting anything (the worker makes the same one from `job`).
  public var request: RunRequest {
    RunRequest(
      algorithm: algorithm, problem: problem, parameters: parameters, seed: seed, maxIters: stopping.maxIters,
      timeLimit: stopping.timeLimit, gradTol: stopping.gradTol, target: stopping.target)
  }

  /// The worker's job: `catalogue run ... --out FOLDER`, followed by `discovery` (the parent's discovery options,
  /// such as `--plugin-path`, so the worker finds the plugins the parent found).
  public func job(discovery: [String]) -> BatchJob {
    var arguments = ["run", algorithm, "--problem", problem]
    for parameter in parameters { arguments += ["-p", parameter] }
    arguments += ["--seed", String(seed), "--max-iters", String(stopping.maxIters)]
    if let limit = stopping.timeLimit { arguments += ["--time-limit", NumberFormat.shortest(limit)] }
    if let tolerance = stopping.gradTol { arguments += ["--grad-tol", NumberFormat.shortest(tolerance)] }
    if let target = stopping.target { arguments += ["--target", NumberFormat.shortest(target)] }
    arguments += ["--out", folder]
    arguments += discovery
    return BatchJob(name: "\(label) seed \(seed)", arguments: arguments, folder: folder)
  }

  /// "plugin-id/id@version" for an algorithm.
  static func qualified(_ handle: AlgorithmHandle) -> String {
    "\(handle.plugin.info.id)/\(handle.info.id)@\(handle.plugin.info.version)"
  }

  /// "plugin-id/id@version" for a problem.
  static func qualified(_ handle: ProblemHandle) -> String {
    "\(handle.plugin.info.id)/\(handle.info.id)@\(handle.plugin.info.version)"
  }
}

/// The runs of a batch after the workers finished: each run's folder read back, or why it could not be.
public struct BatchResult: Sendable {
  /// One run's outcome.
  public struct Entry: Sendable {
    /// What was run.
    public var run: BatchRun
    /// The folder read back, if the worker wrote a `result.json`.
    public var finished: FinishedRun?
    /// The worker's error line, or why the folder could not be read ("" when all is well).
    public var failure: String
    /// The worker's warnings (its `warning: ` lines without the prefix).
    public var warnings: [String] = []

    /// True if the run ended normally (not failed, not cancelled, folder readable).
    public var succeeded: Bool { finished.map { !$0.isFailure } ?? false }
  }

  /// Entries in run order; runs never started (after Ctrl-C) are missing.
  public var entries: [Entry]
  /// True if Ctrl-C stopped the batch early.
  public var interrupted: Bool

  /// The workers' warnings, one line per distinct warning of a series with the seeds that gave it
  /// ("gd (seeds 1..3): ..."), in run order.
  public var warningLines: [String] {
    var order: [String] = []
    var seeds: [String: [UInt64]] = [:]
    for entry in entries {
      for warning in entry.warnings {
        let key = "\(entry.run.label)\u{1}\(warning)"
        if seeds[key] == nil { order.append(key) }
        seeds[key, default: []].append(entry.run.seed)
      }
    }
    return order.map { key in
      let parts = key.split(separator: "\u{1}", maxSplits: 1).map(String.init)
      let list = SeedList(seeds: seeds[key]!)
      return "\(parts[0]) (seed\(list.seeds.count == 1 ? "" : "s") \(list)): \(parts.count > 1 ? parts[1] : "")"
    }
  }

  /// Runs the batch: at most `jobs` workers at once, then reads every folder back.
  ///
  /// - Parameters:
  ///   - scratch: a folder for the workers' stderr files.
  ///   - progress: called after each run ends with (runs done, runs in total, entry).
  public static func execute(
    _ runs: [BatchRun], runner: BatchRunner, discovery: [String], scratch: String,
    progress: (Int, Int, Entry) -> Void = { _, _, _ in }
  ) throws(CatalogueError) -> BatchResult {
    var done = 0
    func entry(_ run: BatchRun, _ outcome: BatchOutcome) -> Entry {
      var failure = outcome.failureText
      var finished: FinishedRun? = nil
      do {
        finished = try FinishedRun(folder: run.folder)
      } catch {
        if failure.isEmpty { failure = error.message }
      }
      if let finished, finished.isFailure, failure.isEmpty {
        failure = "\(finished.termination): \(finished.terminationMessage)"
      }
      let warnings = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }.map {
        String($0.dropFirst(9))
      }
      return Entry(run: run, finished: finished, failure: failure, warnings: warnings)
    }
    let byFolder = Dictionary(runs.map { ($0.folder, $0) }, uniquingKeysWith: { first, _ in first })
    var read: [String: Entry] = [:]
    let outcomes = try runner.run(runs.map { $0.job(discovery: discovery) }, scratch: scratch) { outcome in
      done += 1
      guard let run = byFolder[outcome.job.folder] else { return }
      let finished = entry(run, outcome)
      read[run.folder] = finished
      progress(done, runs.count, finished)
    }
    let entries = outcomes.compactMap { read[$0.job.folder] }
    return BatchResult(entries: entries, interrupted: entries.count < runs.count)
  }
}
