/// A file discovery found on the search path, not yet inspected.
public struct PluginCandidate: Equatable, Sendable {
  /// The path as found (a folder entry joined with the name, or the file the user named).
  public var path: String
  /// Its real path (symlinks resolved), the key for deduplication; nil if it does not resolve.
  public var realPath: String?
  /// The search-path entry it came from.
  public var origin: SearchPathEntry.Origin
  /// The search-path folder it was listed from, or nil when the user named the file itself. Anyone who can
  /// write to that folder can add plugins, so the security check holds it to a stricter rule.
  public var folder: String?

  /// Creates a candidate.
  public init(path: String, realPath: String?, origin: SearchPathEntry.Origin, folder: String? = nil) {
    self.path = path
    self.realPath = realPath
    self.origin = origin
    self.folder = folder
  }
}
