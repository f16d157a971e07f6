/// A file that looked like a plugin but could not be used, with the reason (`list` prints these).
public struct PluginFailure: Equatable, Sendable, CustomStringConvertible {
  /// The file as found on the search path.
  public var file: String
  /// One line: why it was not loaded, and how to fix it where known.
  public var reason: String
  /// The reason was answered by the registry cache (an earlier scan of the same file), not found just now: it may
  /// be stale or a damaged entry, so messages that cite it add how to scan again.
  public var remembered: Bool

  /// Creates a failure record.
  public init(file: String, reason: String, remembered: Bool = false) {
    self.file = file
    self.reason = reason
    self.remembered = remembered
  }

  public var description: String { "\(file): \(reason)" }
}
