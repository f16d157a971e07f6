import CatalogueHost
import FoundationEssentials

/// `DIR/slurm/<submission>/tasks.json`: which runs of the manifest one job array does, task index → run.
///
/// A re-run submits only the runs that are missing or failed, so task indices differ from plan indices; this
/// file maps one to the other. Each task runs `catalogue sweep --task FILE --index $SLURM_ARRAY_TASK_ID`.
public struct SlurmTaskList: Codable, Equatable, Sendable {
  /// The manifest (absolute path).
  public var manifest: String
  /// Plan indices, by task index.
  public var runs: [Int]

  /// Creates a list.
  public init(manifest: String, runs: [Int]) {
    self.manifest = manifest
    self.runs = runs
  }

  /// Reads a task list.
  public init(contentsOf path: String) throws(CatalogueError) {
    let text = try FileSystem.readText(path)
    do {
      self = try JSONDecoder().decode(SlurmTaskList.self, from: Data(text.utf8))
    } catch {
      throw .usage("\(path) is not a sweep task list (\(error))")
    }
  }

  /// Writes it atomically.
  public func write(to path: String) throws(CatalogueError) {
    let data: Data
    do {
      data = try JSONEncoder().encode(self)
    } catch {
      throw .runFailed("cannot encode the task list: \(error)")
    }
    try FileSystem.writeAtomically([UInt8](data) + [UInt8(ascii: "\n")], to: path)
  }

  /// The `catalogue` arguments of task `index`.
  public func arguments(ofTask index: Int) throws(CatalogueError) -> [String] {
    guard runs.indices.contains(index) else {
      throw .usage("task \(index) is not in this list (tasks 0..\(runs.count - 1))")
    }
    let manifest = try SweepManifest(contentsOf: self.manifest)
    guard manifest.runs.indices.contains(runs[index]) else {
      throw .usage("task \(index) names run \(runs[index]), which the manifest does not have")
    }
    return manifest.runs[runs[index]].arguments
  }
}
