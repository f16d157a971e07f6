/// What a problem family declares, copied from its `cat_problem_desc`.
public struct ProblemInfo: Equatable, Sendable, Codable {
  /// Stable id, e.g. "quadratic".
  public var id: String
  /// Display name.
  public var name: String
  /// One line.
  public var summary: String
  /// Kind of every instance it builds.
  public var kind: ProblemKind
  /// Its parameter schema.
  public var parameters: [ParameterSpec]

  /// Creates a problem record.
  public init(id: String, name: String, summary: String, kind: ProblemKind, parameters: [ParameterSpec]) {
    self.id = id
    self.name = name
    self.summary = summary
    self.kind = kind
    self.parameters = parameters
  }

  /// The schema as a validation owner named "problem <id>".
  public var parameterOwner: ParameterOwner { ParameterOwner(label: "problem \(id)", specs: parameters) }
}
