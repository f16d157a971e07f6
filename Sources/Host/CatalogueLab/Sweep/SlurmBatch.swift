import CatalogueHost
import Glibc

/// A batch of runs done as Slurm job arrays: what `sweep --backend slurm`, `compare --backend slurm` and
/// `reproduce --backend slurm` share.
///
/// Each submission goes in the next `FOLDER/slurm/<n>` folder: `tasks.json` (task index → run of the manifest),
/// `sweep.sbatch` (the array) and `logs/`. The runs themselves are ordinary `catalogue run` folders, so whatever
/// reads a local batch reads this one.
public struct SlurmBatch: Sendable {
  /// The batch folder.
  public var folder: String
  /// The job name (`catalogue-<name>`).
  public var name: String
  /// The manifest every task reads (`sweep.json`).
  public var manifest: String
  /// Every run of the manifest, in manifest order.
  public var entries: [SweepPlan.Entry]
  /// The `catalogue` the tasks run.
  public var executable: String
  /// Most tasks at once.
  public var concurrency: Int?
  /// Extra `#SBATCH` options.
  public var options: [String]

  /// Creates a batch.
  public init(
    folder: String, name: String, manifest: String, entries: [SweepPlan.Entry], executable: String,
    concurrency: Int?, options: [String]
  ) {
    self.folder = folder
    self.name = name
    self.manifest = manifest
    self.entries = entries
    self.executable = executable
    self.concurrency = concurrency
    self.options = options
  }

  /// One submission prepared on disk.
  public struct Submission: Sendable {
    /// Its folder (`slurm/<n>`).
    public var folder: String
    /// The script.
    public var script: String
    /// Runs by task index.
    public var entries: [SweepPlan.Entry]
  }

  /// Writes the task list and job-array script for `todo` into the next `slurm/<n>` folder.
  public func prepare(_ todo: [SweepPlan.Entry]) throws(CatalogueError) -> Submission {
    let slurm = FileSystem.join(folder, "slurm")
    try FileSystem.makeDirectories(slurm)
    var number = 1
    while FileSystem.kind(of: FileSystem.join(slurm, "\(number)")) != .missing { number += 1 }
    let submission = FileSystem.join(slurm, "\(number)")
    let logs = FileSystem.join(submission, "logs")
    try FileSystem.makeDirectories(logs)
    let indexByID = Dictionary(entries.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    let tasks = FileSystem.join(submission, "tasks.json")
    var runs: [Int] = []
    for entry in todo {
      guard let index = indexByID[entry.id] else { throw .runFailed("run \(entry.id) is not in the manifest") }
      runs.append(index)
    }
    try SlurmTaskList(manifest: manifest, runs: runs).write(to: tasks)
    var environment: [(String, String)] = []
    if let path = ProcessEnvironment.variables()["CATALOGUE_PLUGIN_PATH"] {
      environment.append(("CATALOGUE_PLUGIN_PATH", path))
    }
    let script = SlurmScript(
      name: name, taskCount: todo.count, concurrency: concurrency, executable: executable, tasks: tasks, logs: logs,
      options: options, environment: environment)
    let path = FileSystem.join(submission, "sweep.sbatch")
    try FileSystem.writeAtomically(Array(script.text.utf8), to: path)
    chmod(path, 0o755)
    return Submission(folder: submission, script: path, entries: todo)
  }

  /// How a submitted array ended.
  public struct Outcome: Sendable {
    /// One task that did not complete.
    public struct Failure: Sendable {
      /// Task index.
      public var task: Int
      /// Its run.
      public var entry: SweepPlan.Entry
      /// State, exit code and signal as Slurm reports them.
      public var ending: String
      /// The last lines of the task's stderr.
      public var stderrTail: [String]

      /// One line for the user: `task 3 (gd seed 2, gd-quadratic-…-seed2): FAILED, exit code 1 — error: …`.
      public var line: String {
        "task \(task) (\(entry.label) seed \(entry.run.seed), \(entry.id)): \(ending)"
          + (stderrTail.isEmpty ? "" : " — " + stderrTail.joined(separator: " | "))
      }
    }

    /// The job id.
    public var job: String
    /// True if the caller stopped watching (Ctrl-C) while tasks were still queued or running.
    public var detached: Bool
    /// Tasks that did not complete.
    public var failures: [Failure]
  }

  /// Submits a prepared array and polls `squeue` until it has left the queue, calling `progress` with (tasks
  /// finished, tasks submitted) whenever that changes. Ctrl-C stops watching (the job keeps running).
  public func submit(
    _ submission: Submission, client: SlurmClient, pollInterval: Double = 0.5, progress: (Int, Int) -> Void
  ) throws(CatalogueError) -> Outcome {
    let job = try client.submit(submission.script)
    let total = submission.entries.count
    InterruptFlag.install()
    defer { InterruptFlag.uninstall() }
    var reported = -1
    while true {
      let active = try client.activeTasks(job)
      let done = total - active.count
      if done != reported {
        reported = done
        progress(done, total)
      }
      if active.isEmpty { break }
      if InterruptFlag.isRaised { return Outcome(job: job, detached: true, failures: []) }
      usleep(UInt32(pollInterval * 1_000_000))
    }
    let endings = try client.taskEndings(job)
    var failures: [Outcome.Failure] = []
    for (task, entry) in submission.entries.enumerated() {
      let ending = endings[task]
      let succeeded = ending.map { $0.state == "COMPLETED" && $0.exitCode == 0 } ?? false
      if succeeded && SweepRunState(folder: entry.run.folder).isComplete { continue }
      let description =
        ending.map { "\($0.state), exit code \($0.exitCode)" + ($0.signal != 0 ? ", signal \($0.signal)" : "") }
        ?? "no record of the task in scontrol"
      let stderr = (try? FileSystem.readText(FileSystem.join(submission.folder, "logs/task-\(task).err"))) ?? ""
      let tail = stderr.split(separator: "\n").suffix(3).map(String.init)
      failures.append(Outcome.Failure(task: task, entry: entry, ending: description, stderrTail: tail))
    }
    return Outcome(job: job, detached: false, failures: failures)
  }
}
