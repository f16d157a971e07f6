/// The complete, validated parameter values of one algorithm or problem, in schema order, defaults filled in.
///
/// This is what the plugin reads through `cat_params` and what `result.json` records, so a run can be repeated
/// from the record alone even if the plugin's defaults change later.
public struct ResolvedParameters: Equatable, Sendable {
  /// One parameter's value and whether the user set it.
  public struct Entry: Equatable, Sendable, Codable {
    /// The parameter id.
    public var id: String
    /// The validated value.
    public var value: ParameterValue
    /// True if the value came from the command line or a config rather than the schema default.
    public var isExplicit: Bool
  }

  /// Values in schema order.
  public var entries: [Entry]

  /// Creates a resolved set from entries.
  public init(entries: [Entry]) {
    self.entries = entries
  }

  /// The value of a parameter, if the schema has it.
  public subscript(id: String) -> ParameterValue? {
    entries.first { $0.id == id }?.value
  }

  /// The values as a JSON object keyed by id.
  public var json: JSONValue {
    .object(Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0.value.json) }))
  }
}
