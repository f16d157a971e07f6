import CatalogueHost
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

  /// The Slurm side of this sweep: its manifest, its name and every run of the plan.
  public func slurm(executable: String, concurrency: Int?, options: [String]) -> SlurmBatch {
    SlurmBatch(
      folder: plan.folder, name: plan.spec.name, manifest: manifestPath, entries: plan.entries,
      executable: executable, concurrency: concurrency, options: options)
  }
}
