/// A JSON document as a value, with a deterministic writer (sorted keys, two-space indent, shortest round-trip
/// numbers) and a parser.
///
/// The host writes `result.json` and `list --json` through this type instead of Foundation's encoder so the
/// output is byte-stable across platforms and large integers (64-bit seeds) survive a round trip.
public enum JSONValue: Equatable, Sendable {
  /// `null`; also what a non-finite double is written as.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// An integer that fits in Int64.
  case integer(Int64)
  /// A non-negative integer beyond Int64 (a 64-bit seed).
  case unsigned(UInt64)
  /// A double.
  case double(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object (written with keys sorted).
  case object([String: JSONValue])

  /// The member of an object, or nil.
  public subscript(key: String) -> JSONValue? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  /// The string, if this is one.
  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The number as a double, if this is a number.
  public var doubleValue: Double? {
    switch self {
    case .integer(let value): return Double(value)
    case .unsigned(let value): return Double(value)
    case .double(let value): return value
    default: return nil
    }
  }

  /// The number as an unsigned integer, if it is a non-negative integer.
  public var uint64Value: UInt64? {
    switch self {
    case .integer(let value): return value >= 0 ? UInt64(value) : nil
    case .unsigned(let value): return value
    case .double(let value): return value >= 0 && value < 0x1p64 && value.rounded() == value ? UInt64(value) : nil
    default: return nil
    }
  }

  /// The members, if this is an object.
  public var objectValue: [String: JSONValue]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// The elements, if this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// A double, or null when it is not finite (JSON has no infinities).
  public static func number(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .double(value)
  }

  /// An optional string, or null.
  public static func text(_ value: String?) -> JSONValue {
    value.map { .string($0) } ?? .null
  }
}
