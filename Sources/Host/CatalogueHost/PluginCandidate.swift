/// A file discovery found on the search path, not yet inspected.
public struct PluginCandidate: Equatable, Sendable {
  /// The path as found (a folder entry joined with the name, or the file the user named).
  public var path: String
  /// Its real path (symlinks resolved), the key for deduplication; nil if it does not resolve.
  public var realPath: String?
  /// The search-path entry it came from.
  public var origin: SearchPathEntry.Origin

  /// Creates a candidate.
  public init(path: String, realPath: String?, origin: SearchPathEntry.Origin) {
    self.path = path
    self.realPath = realPath
    self.origin = origin
  }
}
