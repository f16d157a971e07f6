/// A validated parameter value of one of the schema kinds.
///
/// Choices and strings share `.string`: the schema, not the value, says which one a parameter is.
public enum ParameterValue: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
  /// A finite double (`CAT_PARAM_REAL`).
  case real(Double)
  /// A 64-bit integer (`CAT_PARAM_INT`).
  case int(Int64)
  /// A boolean (`CAT_PARAM_BOOL`).
  case bool(Bool)
  /// A choice or free text (`CAT_PARAM_CHOICE`, `CAT_PARAM_STRING`).
  case string(String)

  /// The text form that parses back to the same value (reals in shortest round-trip form), used by
  /// `result.json`, `--config` and `info`.
  public var description: String {
    switch self {
    case .real(let value): return NumberFormat.shortest(value)
    case .int(let value): return String(value)
    case .bool(let value): return value ? "true" : "false"
    case .string(let value): return value
    }
  }

  /// The value as JSON: numbers stay numbers, so `result.json` is easy to read from any language.
  public var json: JSONValue {
    switch self {
    case .real(let value): return .double(value)
    case .int(let value): return .integer(value)
    case .bool(let value): return .bool(value)
    case .string(let value): return .string(value)
    }
  }
}
