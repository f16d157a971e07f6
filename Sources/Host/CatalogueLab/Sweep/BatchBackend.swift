import CatalogueHost

/// Where the runs of a batch happen: local worker processes, or a Slurm job array. `sweep`, `compare` and
/// `reproduce` all plan their runs as ``BatchRun``s and hand them to a backend, so every front end can use either.
public enum BatchBackend: Sendable {
  /// At most `runner.jobs` worker processes on this machine.
  case local(BatchRunner)
  /// One job array: `executable` is the `catalogue` the tasks run, `concurrency` the `%N` limit, `options` extra
  /// `#SBATCH` lines.
  case slurm(executable: String, concurrency: Int?, options: [String])
}

extension BatchResult {
  /// Creates `folder` (a suffixed sibling when it was not given explicitly and is taken), places every run's
  /// folder inside the one created, and executes the runs there on `backend`; returns the folder and the result.
  static func execute(
    _ runs: [BatchRun], creating folder: String, explicit: Bool, backend: BatchBackend, name: String,
    discovery: [String], taskProgress: (Int, Int) -> Void, progress: (Int, Int, Entry) -> Void
  ) throws(CatalogueError) -> (folder: String, result: BatchResult) {
    let created = try RunFolder.create(folder, explicit: explicit)
    var runs = runs
    if created != folder {
      for index in runs.indices {
        runs[index].folder = FileSystem.join(created, FileSystem.fileName(of: runs[index].folder))
      }
    }
    let result = try execute(
      runs, backend: backend, name: name, discovery: discovery, scratch: created, progress: progress,
      taskProgress: taskProgress)
    return (created, result)
  }

  /// Runs the batch on a backend and reads every run folder back.
  ///
  /// - Parameters:
  ///   - name: the batch's name (the Slurm job name is `catalogue-<name>`).
  ///   - scratch: the batch folder (workers' stderr files; for Slurm, `sweep.json` and `slurm/<n>`).
  ///   - progress: local backend: called after each run with (runs done, runs in total, entry).
  ///   - taskProgress: Slurm backend: called with (tasks finished, tasks submitted) as that changes.
  public static func execute(
    _ runs: [BatchRun], backend: BatchBackend, name: String, discovery: [String], scratch: String,
    progress: (Int, Int, Entry) -> Void = { _, _, _ in }, taskProgress: (Int, Int) -> Void = { _, _ in }
  ) throws(CatalogueError) -> BatchResult {
    switch backend {
    case .local(let runner):
      return try execute(runs, runner: runner, discovery: discovery, scratch: scratch, progress: progress)
    case .slurm(let executable, let concurrency, let options):
      var labels: [String] = []
      for run in runs where !labels.contains(run.label) { labels.append(run.label) }
      let entries = runs.map { SweepPlan.Entry(id: FileSystem.fileName(of: $0.folder), label: $0.label, run: $0) }
      let manifest = FileSystem.absolute(FileSystem.join(scratch, "sweep.json"))
      try SweepManifest(name: name, labels: labels, entries: entries, discovery: discovery).write(to: manifest)
      let batch = SlurmBatch(
        folder: scratch, name: name, manifest: manifest, entries: entries, executable: executable,
        concurrency: concurrency, options: options)
      let submission = try batch.prepare(entries)
      let outcome = try batch.submit(
        submission, client: SlurmClient(scratch: submission.folder), progress: taskProgress)
      var failures: [String: String] = [:]
      for failure in outcome.failures { failures[failure.entry.run.folder] = failure.line }
      let read = runs.map { run in
        let finished = try? FinishedRun(folder: run.folder)
        var failure = failures[run.folder] ?? ""
        if failure.isEmpty, finished == nil { failure = "the task left no result.json in \(run.folder)" }
        if failure.isEmpty, let finished, finished.isFailure {
          failure = "\(finished.termination): \(finished.terminationMessage)"
        }
        return Entry(run: run, finished: finished, failure: failure)
      }
      return BatchResult(entries: read, interrupted: outcome.detached)
    }
  }
}
