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
    func add(_ path: String, _ origin: SearchPathEntry.Origin, folder: String? = nil) {
      let real = FileSystem.realPath(path)
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
        add(entry.path, entry.origin)
      case .directory:
        do {
          for name in try FileSystem.contents(of: entry.path) where name.hasSuffix(".so") {
            add(FileSystem.join(entry.path, name), entry.origin, folder: entry.path)
          }
        } catch {
          failures.append(PluginFailure(file: entry.path, reason: error.message))
        }
      }
    }
    return (candidates, failures)
  }
}
