import CatalogueHost

/// A value of the TOML subset sweep specs are written in (see ``TOMLReader``).
public enum TOMLValue: Equatable, Sendable {
  case string(String)
  case integer(Int64)
  case float(Double)
  case boolean(Bool)
  case array([TOMLValue])
  /// A table, keys in the order they were written (the order runs are listed in follows the file).
  case table([(key: String, value: TOMLValue)])

  public static func == (lhs: TOMLValue, rhs: TOMLValue) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
    case (.boolean(let a), .boolean(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.table(let a), .table(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  /// The entry of a table by key.
  public subscript(key: String) -> TOMLValue? {
    guard case .table(let entries) = self else { return nil }
    return entries.first { $0.key == key }?.value
  }

  /// The table's entries, or nil for any other value.
  public var entries: [(key: String, value: TOMLValue)]? {
    if case .table(let entries) = self { return entries }
    return nil
  }

  /// What the value is, for error messages ("a string", "an array", …).
  public var kindName: String {
    switch self {
    case .string: return "a string"
    case .integer: return "an integer"
    case .float: return "a number"
    case .boolean: return "a boolean"
    case .array: return "an array"
    case .table: return "a table"
    }
  }

  /// Integers and floats as a Double.
  public var number: Double? {
    switch self {
    case .integer(let value): return Double(value)
    case .float(let value): return value
    default: return nil
    }
  }
}
