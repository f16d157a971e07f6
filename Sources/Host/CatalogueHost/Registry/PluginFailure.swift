/// A file that looked like a plugin but could not be used, with the reason (`list` prints these).
public struct PluginFailure: Equatable, Sendable, CustomStringConvertible {
  /// The file as found on the search path.
  public var file: String
  /// One line: why it was not loaded, and how to fix it where known.
  public var reason: String

  /// Creates a failure record.
  public init(file: String, reason: String) {
    self.file = file
    self.reason = reason
  }

  public var description: String { "\(file): \(reason)" }
}
