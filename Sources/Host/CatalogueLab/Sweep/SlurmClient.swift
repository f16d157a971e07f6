import CatalogueHost
import Glibc

/// The Slurm commands a sweep uses — `sbatch`, `squeue`, `scontrol`, `scancel` — run as child processes, with
/// their output read back. The cluster is whatever the environment points at (`SLURM_CONF`, the default
/// configuration otherwise).
///
/// Progress is polled with `squeue` rather than waited for with `sbatch --wait`, whose back-off between checks
/// grows to 30 s; per-task exit codes come from `scontrol show job -o`, which keeps a finished array's tasks for
/// `MinJobAge` seconds.
public struct SlurmClient: Sendable {
  /// How one array task ended.
  public struct TaskEnding: Equatable, Sendable {
    /// `COMPLETED`, `FAILED`, `CANCELLED`, `TIMEOUT`, `OUT_OF_MEMORY`, …
    public var state: String
    /// Exit code of the task's command.
    public var exitCode: Int32
    /// Signal that ended it (0 for none).
    public var signal: Int32
  }

  /// A folder for the commands' output files.
  public var scratch: String

  /// Creates a client writing its temporary files in `scratch`.
  public init(scratch: String) { self.scratch = scratch }

  /// Whether `sbatch` is on the PATH.
  public static var isAvailable: Bool { executable("sbatch") != nil }

  /// Submits a script; returns the job id.
  public func submit(_ script: String) throws(CatalogueError) -> String {
    let (status, output, error) = try run("sbatch", ["--parsable", script])
    let id = output.split(separator: ";").first.map { String($0).trimmingNewlines } ?? ""
    guard status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
      throw .runFailed("sbatch refused the sweep: \(Self.lastLine(error, or: output)) (script \(script))")
    }
    return id
  }

  /// The array tasks of `job` still pending or running, by task index; empty when the whole array has left the
  /// queue.
  public func activeTasks(_ job: String) throws(CatalogueError) -> [Int: String] {
    let (status, output, error) = try run("squeue", ["-h", "-r", "-j", job, "-o", "%K %T"])
    guard status == 0 else {
      // squeue reports an unknown job id once the job has left the controller.
      if error.contains("Invalid job id") { return [:] }
      throw .runFailed("squeue failed: \(Self.lastLine(error, or: output))")
    }
    var tasks: [Int: String] = [:]
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count == 2 else { continue }
      for index in Self.taskIndices(fields[0]) { tasks[index] = String(fields[1]) }
    }
    return tasks
  }

  /// The task indices of an squeue `%K` field: one index, or a still-pending array's ranges (`0-7%4`,
  /// `[3,5-9]`), which squeue shows as one line until the tasks start.
  static func taskIndices(_ field: Substring) -> [Int] {
    var text = field.filter { $0 != "[" && $0 != "]" }
    if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }
    var indices: [Int] = []
    for part in text.split(separator: ",") {
      let bounds = part.split(separator: "-").compactMap { Int($0) }
      if bounds.count == 1 {
        indices.append(bounds[0])
      } else if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 1_000_000 {
        indices += Array(bounds[0]...bounds[1])
      }
    }
    return indices
  }

  /// How each array task of a finished job ended, by task index.
  public func taskEndings(_ job: String) throws(CatalogueError) -> [Int: TaskEnding] {
    let (status, output, error) = try run("scontrol", ["show", "job", "-o", job])
    guard status == 0 else { throw .runFailed("scontrol show job \(job) failed: \(Self.lastLine(error, or: output))") }
    var endings: [Int: TaskEnding] = [:]
    for line in output.split(separator: "\n") {
      var fields: [Substring: Substring] = [:]
      for word in line.split(separator: " ") {
        if let equals = word.firstIndex(of: "=") { fields[word[..<equals]] = word[word.index(after: equals)...] }
      }
      guard let index = fields["ArrayTaskId"].flatMap({ Int($0) }), let state = fields["JobState"] else { continue }
      let codes = (fields["ExitCode"] ?? "0:0").split(separator: ":").map { Int32($0) ?? 0 }
      endings[index] = TaskEnding(
        state: String(state), exitCode: codes.first ?? 0, signal: codes.count > 1 ? codes[1] : 0)
    }
    return endings
  }

  /// Cancels a job (every task of an array).
  public func cancel(_ job: String) {
    _ = try? run("scancel", [job])
  }

  /// Runs a Slurm command, returning its exit status, stdout and stderr.
  func run(_ name: String, _ arguments: [String]) throws(CatalogueError) -> (Int32, String, String) {
    guard let path = Self.executable(name) else {
      throw .usage("\(name) not found on PATH: load your cluster's Slurm module, or use --backend local")
    }
    let out = FileSystem.join(scratch, ".\(name)-\(getpid()).out")
    let err = FileSystem.join(scratch, ".\(name)-\(getpid()).err")
    let outFD = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    let errFD = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    defer {
      if outFD >= 0 { close(outFD) }
      if errFD >= 0 { close(errFD) }
      unlink(out)
      unlink(err)
    }
    guard outFD >= 0, errFD >= 0 else { throw .runFailed("cannot write in \(scratch): \(FileSystem.lastError())") }
    let child = try ChildProcess(executable: path, arguments: arguments, descriptors: [1: outFD, 2: errFD])
    let ending = child.wait(timeout: 120) ?? child.terminate()
    let status: Int32
    switch ending {
    case .exited(let code): status = code
    case .signaled(let signal): status = 128 + signal
    }
    return (status, (try? FileSystem.readText(out)) ?? "", (try? FileSystem.readText(err)) ?? "")
  }

  /// The absolute path of a command on PATH.
  static func executable(_ name: String) -> String? {
    let path = ProcessEnvironment.variables()["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") where !folder.isEmpty {
      let candidate = FileSystem.join(String(folder), name)
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }

  static func lastLine(_ text: String, or other: String) -> String {
    let lines = (text.isEmpty ? other : text).split(separator: "\n")
    return lines.last.map(String.init) ?? "no output"
  }
}

extension String {
  fileprivate var trimmingNewlines: String {
    var text = Substring(self)
    while text.last == "\n" || text.last == " " { text = text.dropLast() }
    return String(text)
  }
}
