import CatalogueHost
import Glibc

/// One `catalogue run` to be done by a worker process.
public struct BatchJob: Equatable, Sendable {
  /// How progress lines and errors name it: "gd seed 3".
  public var name: String
  /// The arguments after the executable (`run ... --out FOLDER`).
  public var arguments: [String]
  /// The run folder the job writes.
  public var folder: String

  /// Creates a job.
  public init(name: String, arguments: [String], folder: String) {
    self.name = name
    self.arguments = arguments
    self.folder = folder
  }
}

/// How one job ended, as the parent saw it.
public struct BatchOutcome: Equatable, Sendable {
  /// The job.
  public var job: BatchJob
  /// Exit status (0 ok, 1 run failed, 2 usage, 3 plugin load), or nil if a signal ended the worker.
  public var exitStatus: Int32?
  /// The signal that ended the worker, if any.
  public var signal: Int32?
  /// What the worker wrote on stderr (warnings, the error line).
  public var stderr: String

  /// The worker's `error: ` line, or a description of the signal, or "" when it ended cleanly.
  public var failureText: String {
    if let signal { return "the worker process was killed by signal \(signal)" }
    let errorLine = stderr.split(separator: "\n").last { $0.hasPrefix("error: ") }
    return errorLine.map { String($0.dropFirst(7)) } ?? (exitStatus == 0 ? "" : "exit status \(exitStatus ?? -1)")
  }
}

/// Runs jobs in worker processes, at most `jobs` at a time: the `catalogue` executable itself, so every run gets
/// the crash isolation, run folder and `result.json` of `catalogue run`, and parallel runs cannot share state.
///
/// Each worker's environment sets `OPENBLAS_NUM_THREADS=1`: `jobs` workers each using every core would
/// oversubscribe the machine and make timings meaningless. Results do not depend on scheduling: each run's trace
/// is a function of its seed and parameters only, and outcomes are returned in job order.
public struct BatchRunner: Sendable {
  /// The `catalogue` executable.
  public var executable: String
  /// Most workers at once.
  public var jobs: Int
  /// Environment of the workers.
  public var environment: [String: String]

  /// Creates a pool. `environment` defaults to this process's, with one BLAS thread per worker.
  public init(executable: String, jobs: Int, environment: [String: String]? = nil) {
    self.executable = executable
    self.jobs = max(1, jobs)
    var variables = environment ?? ProcessEnvironment.variables()
    variables["OPENBLAS_NUM_THREADS"] = "1"
    self.environment = variables
  }

  /// The number of online cores (the default of `--jobs`).
  public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

  /// Runs every job and returns the outcomes in job order.
  ///
  /// On Ctrl-C no new job starts, the running workers are asked once to stop (they keep their partial traces),
  /// and the outcomes so far are returned; jobs never started are left out.
  ///
  /// - Parameters:
  ///   - scratch: a folder for the workers' stderr files (removed as they are read).
  ///   - finished: called in the parent, in finish order, as each job ends.
  public func run(_ work: [BatchJob], scratch: String, finished: (BatchOutcome) -> Void = { _ in })
    throws(CatalogueError) -> [BatchOutcome]
  {
    var outcomes = [BatchOutcome?](repeating: nil, count: work.count)
    var running: [(index: Int, child: ChildProcess, stderrPath: String)] = []
    var next = 0
    var interrupted = false
    InterruptFlag.install()
    defer { InterruptFlag.uninstall() }
    while next < work.count || !running.isEmpty {
      if InterruptFlag.isRaised && !interrupted {
        interrupted = true
        for entry in running { entry.child.signal(SIGINT) }
      }
      while !interrupted && next < work.count && running.count < jobs {
        let stderrPath = FileSystem.join(scratch, ".worker-\(next).stderr")
        do {
          // Its own process group: Ctrl-C at the terminal reaches only this process, which forwards exactly one
          // SIGINT, so a worker cancels its run cleanly instead of being killed by a second signal.
          let child = try ChildProcess(
            executable: executable, arguments: work[next].arguments, files: [2: stderrPath], environment: environment,
            ownProcessGroup: true)
          running.append((next, child, stderrPath))
        } catch {
          for entry in running { entry.child.signal(SIGINT) }
          for entry in running { while entry.child.poll() == nil { usleep(2000) } }
          throw error
        }
        next += 1
      }
      if interrupted && next < work.count { next = work.count }
      var reaped = false
      for position in running.indices.reversed() {
        let entry = running[position]
        guard let ending = entry.child.poll() else { continue }
        let stderr = (try? FileSystem.readText(entry.stderrPath)) ?? ""
        unlink(entry.stderrPath)
        var outcome = BatchOutcome(job: work[entry.index], exitStatus: nil, signal: nil, stderr: stderr)
        switch ending {
        case .exited(let code): outcome.exitStatus = code
        case .signaled(let signal): outcome.signal = signal
        }
        outcomes[entry.index] = outcome
        running.remove(at: position)
        finished(outcome)
        reaped = true
      }
      if !reaped { usleep(2000) }
    }
    return outcomes.compactMap { $0 }
  }
}
