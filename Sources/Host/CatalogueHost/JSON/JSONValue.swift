/// A JSON document as a value, with a deterministic writer (sorted keys, two-space indent, shortest round-trip
/// numbers; JSONWriter.swift) and Codable for reading.
///
/// The host writes `result.json`, `list --json` and `validate --json` through this type instead of Foundation's
/// encoder because their byte layout is read by people and kept stable: `"key": value` with two-space indents,
/// arrays of numbers on one line, doubles as Swift prints them ("1.0", "1e-05") and non-finite values as null.
/// Every other document is a Codable type encoded with `JSONCoding`. Reading goes through Foundation's decoder,
/// which does not say whether a number was written with a fraction: an integral number reads back as `integer`.
public enum JSONValue: Equatable, Sendable, Codable {
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

  /// Parses a document (`--json` output and `result.json` in tests and tools).
  public static func parse(_ text: String) throws(JSONCoding.Failure) -> JSONValue {
    try JSONCoding.decode(JSONValue.self, from: Array(text.utf8), nonFinite: .rejected)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(UInt64.self) {
      self = .unsigned(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .integer(let value): try container.encode(value)
    case .unsigned(let value): try container.encode(value)
    case .double(let value): if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}
