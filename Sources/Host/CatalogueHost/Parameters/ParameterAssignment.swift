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

  /// Parses `key=value`, `algorithm.key=value` or `problem.key=value`; `NAME.key=value` also means the algorithm
  /// when NAME is one of `algorithmNames` (the run's algorithm as typed and its id), as `compare` routes it.
  public init(parsing text: String, algorithmNames: [String] = []) throws(CatalogueError) {
    let shown = EchoedText.show(text)
    guard let equals = text.firstIndex(of: "=") else {
      throw .usage("-p '\(shown)' is not key=value (e.g. -p step_size=0.1)")
    }
    var key = String(text[..<equals])
    value = String(text[text.index(after: equals)...])
    scope = .any
    if let dot = key.firstIndex(of: ".") {
      let prefix = String(key[..<dot])
      if algorithmNames.contains(prefix) {
        scope = .algorithm
      } else if let scope = Scope(rawValue: prefix), scope != .any {
        self.scope = scope
      } else {
        let named = algorithmNames.first.map { ", \($0).KEY=VALUE" } ?? ""
        throw .usage(
          "-p '\(shown)': '\(EchoedText.show(prefix)).' is neither the run's algorithm nor a scope (write "
            + "algorithm.KEY=VALUE\(named) or problem.KEY=VALUE)")
      }
      key = String(key[key.index(after: dot)...])
    }
    guard !key.isEmpty else { throw .usage("-p '\(shown)' has an empty key (e.g. -p step_size=0.1)") }
    self.key = key
  }

  public var description: String { (scope == .any ? "" : "\(scope.rawValue).") + "\(key)=\(value)" }
}
