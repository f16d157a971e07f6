import Glibc

/// Naming and creating run folders.
///
/// The default name says what ran (`runs/<algo>-<problem>-seed<seed>-<UTC yyyyMMdd-HHmmss>`), and a taken name
/// gets `-2`, `-3`, ... so two runs in the same second never overwrite each other.
public enum RunFolder {
  /// Files the host writes itself; artifacts may not use these names.
  public static let reservedNames: Set<String> = ["trace.csv", "timing.csv", "result.json", "run.log"]

  /// The default folder for a run started at `time` (seconds since the epoch), relative to the working directory.
  public static func defaultPath(algorithm: String, problem: String, seed: UInt64, time: Int) -> String {
    "runs/\(algorithm)-\(problem)-seed\(seed)-\(ProcessEnvironment.utc(time, format: "%Y%m%d-%H%M%S"))"
  }

  /// Refuses an explicit `--out` folder that already has files in it, before anything runs.
  public static func checkAvailable(_ path: String) throws(CatalogueError) {
    switch FileSystem.kind(of: path) {
    case .missing: return
    case .file: throw .usage("--out \(path) is a file; choose a folder that does not exist yet")
    case .directory:
      if !(try FileSystem.contents(of: path)).isEmpty {
        throw .usage("--out \(path) already exists and is not empty; choose a new folder")
      }
    }
  }

  /// Refuses, before anything runs, a run folder that could not be created: a path below a file, or in a folder
  /// this user cannot write to. Without this the error would come after the worker started and built the problem.
  public static func checkCreatable(_ path: String) throws(CatalogueError) {
    var ancestor = FileSystem.directory(of: path)
    while FileSystem.kind(of: ancestor) == .missing && ancestor != "." && ancestor != "/" {
      ancestor = FileSystem.directory(of: ancestor)
    }
    if FileSystem.kind(of: path) == .directory { ancestor = path }
    if FileSystem.kind(of: ancestor) == .file {
      throw .usage("run folder \(path) cannot be created: \(ancestor) is a file, not a folder")
    }
    if access(ancestor, W_OK | X_OK) != 0 {
      throw .usage("run folder \(path) cannot be created in \(ancestor): \(FileSystem.lastError())")
    }
  }

  /// Removes what a run wrote to its folder, and the folder itself unless `keepingFolder` (an empty `--out`
  /// folder the user made).
  public static func discard(_ folder: String, keepingFolder: Bool) {
    guard keepingFolder else { return FileSystem.removeTree(folder) }
    for name in (try? FileSystem.contents(of: folder)) ?? [] { FileSystem.removeTree(FileSystem.join(folder, name)) }
  }

  /// Creates the folder (and its parents). A default path that is taken gets a numeric suffix; an explicit one
  /// must be new or empty. Returns the path created.
  public static func create(_ path: String, explicit: Bool) throws(CatalogueError) -> String {
    try FileSystem.makeDirectories(FileSystem.directory(of: path))
    if explicit {
      try checkAvailable(path)
      _ = try FileSystem.makeDirectory(path)
      return path
    }
    var candidate = path
    var suffix = 2
    while !(try FileSystem.makeDirectory(candidate)) {
      candidate = "\(path)-\(suffix)"
      suffix += 1
    }
    return candidate
  }

  /// True for a plain file name: not empty, no slash, not hidden, not "." or "..", no NUL or newline.
  public static func isPlainFileName(_ name: String) -> Bool {
    !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\n")
      && !name.contains("\u{0}") && name.utf8.count <= 255
  }
}
