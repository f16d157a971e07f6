/// An algorithm or problem as far as parameter validation is concerned: its schema and how messages name it.
public struct ParameterOwner: Equatable, Sendable {
  /// How messages name the owner: "gd", "problem quadratic".
  public var label: String
  /// The parameter schema.
  public var specs: [ParameterSpec]

  /// Creates an owner.
  public init(label: String, specs: [ParameterSpec]) {
    self.label = label
    self.specs = specs
  }

  /// The schema entry with this id.
  public func spec(_ id: String) -> ParameterSpec? { specs.first { $0.id == id } }

  /// "a, b, c", or "none".
  package var idList: String { specs.isEmpty ? "none" : specs.map(\.id).joined(separator: ", ") }
}
