import Glibc

/// Running a planned sweep: the folder and manifest, which runs still need doing, and the two backends — local
/// worker processes (the pool `compare` uses) and a Slurm job array.
///
/// Resume is by run id: a run whose folder holds a normally ended `result.json` is skipped; a failed, cancelled
/// or killed run's folder is moved to `attempts/` (kept for inspection) and the run is done again. Nothing here
/// prints; progress and results go back to the caller.
public struct SweepExecution: Sendable {
  /// The plan.
  public var plan: SweepPlan
  /// `--plugin-path` options for the workers.
  public var discovery: [String]

  /// Creates an execution.
  public init(plan: SweepPlan, discovery: [String]) {
    self.plan = plan
    self.discovery = discovery
  }

  /// The manifest's path.
  public var manifestPath: String { FileSystem.join(plan.folder, "sweep.json") }

  /// Creates the folder if needed and writes the manifest.
  public func prepare() throws(CatalogueError) {
    try FileSystem.makeDirectories(FileSystem.join(plan.folder, "runs"))
    try SweepManifest(plan, discovery: discovery).write(to: manifestPath)
  }

  /// The entries of `candidates` that still need running, after moving their failed folders to `attempts/`.
  public func pending(_ candidates: [SweepPlan.Entry]) throws(CatalogueError) -> [SweepPlan.Entry] {
    var todo: [SweepPlan.Entry] = []
    for entry in candidates {
      switch SweepRunState(folder: entry.run.folder) {
      case .complete: continue
      case .missing: todo.append(entry)
      case .failed:
        let attempts = FileSystem.join(plan.folder, "attempts")
        try FileSystem.makeDirectories(attempts)
        var number = 1
        while FileSystem.kind(of: FileSystem.join(attempts, "\(entry.id).\(number)")) != .missing { number += 1 }
        let target = FileSystem.join(attempts, "\(entry.id).\(number)")
        guard rename(entry.run.folder, target) == 0 else {
          throw .runFailed("cannot move the failed run \(entry.run.folder) aside: \(FileSystem.lastError())")
        }
        todo.append(entry)
      }
    }
    return todo
  }

  /// Runs `entries` in local worker processes, at most `runner.jobs` at once.
  public func runLocally(
    _ entries: [SweepPlan.Entry], runner: BatchRunner, progress: (Int, Int, BatchResult.Entry) -> Void
  ) throws(CatalogueError) -> BatchResult {
    try BatchResult.execute(
      entries.map(\.run), runner: runner, discovery: discovery, scratch: plan.folder, progress: progress)
  }

  /// One Slurm submission prepared on disk: `slurm/<n>/tasks.json`, `slurm/<n>/sweep.sbatch` and `slurm/<n>/logs`.
  public struct SlurmSubmission: Sendable {
    /// The submission's folder.
    public var folder: String
    /// The script.
    public var script: String
    /// Plan entries by task index.
    public var entries: [SweepPlan.Entry]
  }

  /// Writes the task list and job-array script for `entries` into the next `slurm/<n>` folder.
  public func prepareSlurm(
    _ entries: [SweepPlan.Entry], executable: String, concurrency: Int?, options: [String]
  ) throws(CatalogueError) -> SlurmSubmission {
    let slurm = FileSystem.join(plan.folder, "slurm")
    try FileSystem.makeDirectories(slurm)
    var number = 1
    while FileSystem.kind(of: FileSystem.join(slurm, "\(number)")) != .missing { number += 1 }
    let folder = FileSystem.join(slurm, "\(number)")
    let logs = FileSystem.join(folder, "logs")
    try FileSystem.makeDirectories(logs)
    let indexByID = Dictionary(uniqueKeysWithValues: plan.entries.enumerated().map { ($1.id, $0) })
    let tasks = FileSystem.join(folder, "tasks.json")
    try SlurmTaskList(manifest: manifestPath, runs: entries.map { indexByID[$0.id]! }).write(to: tasks)
    var environment: [(String, String)] = []
    if let path = ProcessEnvironment.variables()["CATALOGUE_PLUGIN_PATH"] {
      environment.append(("CATALOGUE_PLUGIN_PATH", path))
    }
    let script = SlurmScript(
      name: plan.spec.name, taskCount: entries.count, concurrency: concurrency, executable: executable,
      tasks: tasks, logs: logs, options: options, environment: environment)
    let path = FileSystem.join(folder, "sweep.sbatch")
    try FileSystem.writeAtomically(Array(script.text.utf8), to: path)
    chmod(path, 0o755)
    return SlurmSubmission(folder: folder, script: path, entries: entries)
  }

  /// How a submitted array ended, task by task.
  public struct SlurmOutcome: Sendable {
    /// The job id.
    public var job: String
    /// True if the caller stopped watching (Ctrl-C) while tasks were still queued or running.
    public var detached: Bool
    /// Tasks that did not complete: task index, its run, how it ended, and the tail of its stderr.
    public var failures: [(task: Int, entry: SweepPlan.Entry, ending: String, stderrTail: [String])]
  }

  /// Submits a prepared array and polls `squeue` until it has left the queue, calling `progress` with (runs
  /// finished, runs submitted) whenever that changes. Ctrl-C stops watching (the job keeps running).
  public func submit(
    _ submission: SlurmSubmission, client: SlurmClient, pollInterval: Double = 0.5, progress: (Int, Int) -> Void
  ) throws(CatalogueError) -> SlurmOutcome {
    let job = try client.submit(submission.script)
    let total = submission.entries.count
    InterruptFlag.install()
    defer { InterruptFlag.uninstall() }
    var reported = -1
    while true {
      let active = try client.activeTasks(job)
      // Before squeue lists an array's tasks it shows the pending array as one line with an empty index.
      let done = total - max(active.count, 0)
      if done != reported {
        reported = done
        progress(done, total)
      }
      if active.isEmpty { break }
      if InterruptFlag.isRaised { return SlurmOutcome(job: job, detached: true, failures: []) }
      usleep(UInt32(pollInterval * 1_000_000))
    }
    let endings = try client.taskEndings(job)
    var failures: [(Int, SweepPlan.Entry, String, [String])] = []
    for (task, entry) in submission.entries.enumerated() {
      let ending = endings[task]
      let succeeded = ending.map { $0.state == "COMPLETED" && $0.exitCode == 0 } ?? false
      guard !succeeded || !SweepRunState(folder: entry.run.folder).isComplete else { continue }
      let description =
        ending.map { "\($0.state), exit code \($0.exitCode)" + ($0.signal != 0 ? ", signal \($0.signal)" : "") }
        ?? "no record of the task in scontrol"
      let stderr = (try? FileSystem.readText(FileSystem.join(submission.folder, "logs/task-\(task).err"))) ?? ""
      let tail = stderr.split(separator: "\n").suffix(3).map(String.init)
      failures.append((task, entry, description, tail))
    }
    return SlurmOutcome(job: job, detached: false, failures: failures)
  }
}
