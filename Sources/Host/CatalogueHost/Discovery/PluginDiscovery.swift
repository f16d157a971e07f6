/// Lists the candidate plugin files on a search path: `*.so` entries of each folder (not recursive) and files named
/// directly, deduplicated by real path in search order.
public enum PluginDiscovery {
  /// Candidates in search order, plus failures for explicit entries that do not exist or cannot be listed.
  public static func candidates(on searchPath: PluginSearchPath) -> (
    candidates: [PluginCandidate], failures: [PluginFailure]
  ) {
    var candidates: [PluginCandidate] = []
    var failures: [PluginFailure] = []
    var seen = Set<String>()
    func add(_ path: String, _ origin: SearchPathEntry.Origin, folder: String? = nil, real: String?) {
      if let real, !seen.insert(real).inserted { return }
      candidates.append(PluginCandidate(path: path, realPath: real, origin: origin, folder: folder))
    }
    for entry in searchPath.entries {
      switch FileSystem.kind(of: entry.path) {
      case .missing:
        if entry.origin.isExplicit {
          failures.append(
            PluginFailure(file: entry.path, reason: "no such file or folder (from \(entry.origin.rawValue))"))
        }
      case .file:
        add(entry.path, entry.origin, real: FileSystem.realPath(entry.path))
      case .directory:
        do {
          // A regular file's real path is its folder's real path and its name: one `realpath` per folder, not
          // one per file (each resolves every component of the path again).
          let realFolder = FileSystem.realPath(entry.path)
          for (name, isRegularFile) in try FileSystem.entries(of: entry.path) where name.hasSuffix(".so") {
            let path = FileSystem.join(entry.path, name)
            let real = (isRegularFile ? realFolder.map { FileSystem.join($0, name) } : nil) ?? FileSystem.realPath(path)
            add(path, entry.origin, folder: entry.path, real: real)
          }
        } catch {
          failures.append(PluginFailure(file: entry.path, reason: error.message))
        }
      }
    }
    return (candidates, failures)
  }
}
