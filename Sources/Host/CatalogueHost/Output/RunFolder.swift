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
