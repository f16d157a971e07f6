import CatalogueHost

/// The sbatch job-array script of one submission: one array task per run, each running
/// `catalogue sweep --task TASKS --index $SLURM_ARRAY_TASK_ID`, which becomes that run's `catalogue run`.
///
/// One BLAS thread per task (`OPENBLAS_NUM_THREADS=1`), as `compare` gives its workers: a run's trace does not
/// depend on it, and tasks packed on one node must not oversubscribe it. The plugin search path the submitting
/// process used is exported, so tasks find the same plugins on a shared filesystem.
public struct SlurmScript: Equatable, Sendable {
  /// Job name.
  public var name: String
  /// Array size.
  public var taskCount: Int
  /// Most tasks at once (`%N`), or nil for Slurm's limit.
  public var concurrency: Int?
  /// The `catalogue` executable the tasks run (absolute path, on a filesystem the nodes share).
  public var executable: String
  /// The task list file.
  public var tasks: String
  /// Folder of the tasks' stdout/stderr files (`task-<index>.out`, `.err`).
  public var logs: String
  /// Extra `#SBATCH` options (`--partition=gpu`, `--time=01:00:00`, …) from `--slurm-arg`.
  public var options: [String]
  /// Environment the tasks need (CATALOGUE_PLUGIN_PATH, …), exported in the script.
  public var environment: [(String, String)]

  public static func == (lhs: SlurmScript, rhs: SlurmScript) -> Bool { lhs.text == rhs.text }

  /// Creates a script.
  public init(
    name: String, taskCount: Int, concurrency: Int?, executable: String, tasks: String, logs: String,
    options: [String], environment: [(String, String)]
  ) {
    self.name = name
    self.taskCount = taskCount
    self.concurrency = concurrency
    self.executable = executable
    self.tasks = tasks
    self.logs = logs
    self.options = options
    self.environment = environment
  }

  /// The script's text.
  public var text: String {
    var lines = [
      "#!/bin/bash",
      "# catalogue sweep '\(name)': \(taskCount) run\(taskCount == 1 ? "" : "s"), one array task each.",
      "#SBATCH --job-name=\(Self.quoted("catalogue-\(name)"))",
      "#SBATCH --array=0-\(taskCount - 1)" + (concurrency.map { "%\($0)" } ?? ""),
      "#SBATCH --output=\(Self.quoted(FileSystem.join(logs, "task-%a.out")))",
      "#SBATCH --error=\(Self.quoted(FileSystem.join(logs, "task-%a.err")))",
      "#SBATCH --cpus-per-task=1",
    ]
    lines += options.map { "#SBATCH \($0)" }
    lines.append("export OPENBLAS_NUM_THREADS=1")
    lines += environment.map { "export \($0.0)=\(Self.quoted($0.1))" }
    lines.append(
      "exec \(Self.quoted(executable)) sweep --task \(Self.quoted(tasks)) --index \"$SLURM_ARRAY_TASK_ID\"")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A word for the shell and for `#SBATCH` lines: left bare when it is plain, otherwise single-quoted.
  static func quoted(_ word: String) -> String {
    let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:%@+,".contains($0) }
    return plain && !word.isEmpty
      ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }
}
