/// One `-p key=value` from the command line, before it is matched to a schema.
///
/// `key` applies to the algorithm if it has that parameter and otherwise to the problem; `algorithm.key` and
/// `problem.key` say which explicitly, for the (rare) id both have.
public struct ParameterAssignment: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Which schema the key belongs to.
  public enum Scope: String, Equatable, Hashable, Sendable {
    /// Whichever of algorithm and problem has the key.
    case any
    /// The algorithm's parameters.
    case algorithm
    /// The problem's parameters.
    case problem
  }

  /// The schema the key belongs to.
  public var scope: Scope
  /// The parameter id.
  public var key: String
  /// The value as typed.
  public var value: String

  /// Creates an assignment.
  public init(scope: Scope = .any, key: String, value: String) {
    self.scope = scope
    self.key = key
    self.value = value
  }

  /// Parses `key=value`, `algorithm.key=value` or `problem.key=value`.
  public init(parsing text: String) throws(CatalogueError) {
    guard let equals = text.firstIndex(of: "=") else {
      throw .usage("-p '\(text)' is not key=value (e.g. -p step_size=0.1)")
    }
    var key = String(text[..<equals])
    value = String(text[text.index(after: equals)...])
    scope = .any
    if let dot = key.firstIndex(of: ".") {
      let prefix = String(key[..<dot])
      guard let scope = Scope(rawValue: prefix), scope != .any else {
        throw .usage("-p '\(text)': '\(prefix).' is not a scope (write algorithm.KEY=VALUE or problem.KEY=VALUE)")
      }
      self.scope = scope
      key = String(key[key.index(after: dot)...])
    }
    guard !key.isEmpty else { throw .usage("-p '\(text)' has an empty key (e.g. -p step_size=0.1)") }
    self.key = key
  }

  public var description: String { (scope == .any ? "" : "\(scope.rawValue).") + "\(key)=\(value)" }
}
