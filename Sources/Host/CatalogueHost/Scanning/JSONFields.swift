/// Typed, throwing access to the members of a JSON object the host wrote itself (the registry cache, the messages
/// between the host and its child processes).
///
/// Those documents never come from users, so any mismatch means a stale or damaged file: the error names the field
/// and the caller throws the whole document away (a cache miss, a protocol error) rather than guessing.
struct JSONFields {
  /// A field that is missing or has the wrong type; the payload names it.
  struct Mismatch: Error, CustomStringConvertible {
    var field: String
    var description: String { "field '\(field)' is missing or has the wrong type" }
  }

  /// The object's members.
  let members: [String: JSONValue]
  /// Where this object sits in the document, for messages.
  let path: String

  /// Wraps a value that must be an object.
  init(_ value: JSONValue?, path: String = "") throws(Mismatch) {
    guard let members = value?.objectValue else { throw Mismatch(field: path.isEmpty ? "(document)" : path) }
    self.members = members
    self.path = path
  }

  private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  func string(_ key: String) throws(Mismatch) -> String {
    guard let text = members[key]?.stringValue else { throw Mismatch(field: name(key)) }
    return text
  }

  /// A string that may be null or absent.
  func optionalString(_ key: String) -> String? { members[key]?.stringValue }

  func bool(_ key: String) throws(Mismatch) -> Bool {
    guard case .bool(let flag)? = members[key] else { throw Mismatch(field: name(key)) }
    return flag
  }

  func uint64(_ key: String) throws(Mismatch) -> UInt64 {
    guard let number = members[key]?.uint64Value else { throw Mismatch(field: name(key)) }
    return number
  }

  func uint32(_ key: String) throws(Mismatch) -> UInt32 {
    guard let number = members[key]?.uint64Value, let small = UInt32(exactly: number) else {
      throw Mismatch(field: name(key))
    }
    return small
  }

  func int64(_ key: String) throws(Mismatch) -> Int64 {
    switch members[key] {
    case .integer(let number)?: return number
    case .unsigned(let number)?: if let small = Int64(exactly: number) { return small }
    default: break
    }
    throw Mismatch(field: name(key))
  }

  /// A double written by `JSONFields.encode(_:)`: a number, or "inf", "-inf", "nan" for values JSON cannot hold.
  func double(_ key: String) throws(Mismatch) -> Double {
    guard let value = Self.decodeDouble(members[key]) else { throw Mismatch(field: name(key)) }
    return value
  }

  func array(_ key: String) throws(Mismatch) -> [JSONValue] {
    guard let elements = members[key]?.arrayValue else { throw Mismatch(field: name(key)) }
    return elements
  }

  func object(_ key: String) throws(Mismatch) -> JSONFields {
    try JSONFields(members[key], path: name(key))
  }

  /// The object under `key`, or nil when it is null or absent.
  func optionalObject(_ key: String) throws(Mismatch) -> JSONFields? {
    guard let value = members[key], value != .null else { return nil }
    return try JSONFields(value, path: name(key))
  }

  /// Every element of an array field as an object.
  func objects(_ key: String) throws(Mismatch) -> [JSONFields] {
    var result: [JSONFields] = []
    for (index, element) in try array(key).enumerated() {
      result.append(try JSONFields(element, path: "\(name(key))[\(index)]"))
    }
    return result
  }

  /// Every element of an array field as a string.
  func strings(_ key: String) throws(Mismatch) -> [String] {
    var result: [String] = []
    for element in try array(key) {
      guard let text = element.stringValue else { throw Mismatch(field: name(key)) }
      result.append(text)
    }
    return result
  }

  /// A double as JSON that reads back bit for bit: finite values as numbers (shortest round-trip form), the
  /// others as strings.
  static func encode(_ value: Double) -> JSONValue {
    if value.isFinite { return .double(value) }
    if value.isNaN { return .string("nan") }
    return .string(value > 0 ? "inf" : "-inf")
  }

  /// Reads what `encode(_:)` wrote.
  static func decodeDouble(_ value: JSONValue?) -> Double? {
    switch value {
    case .string("inf")?: return .infinity
    case .string("-inf")?: return -.infinity
    case .string("nan")?: return .nan
    default: return value?.doubleValue
    }
  }
}
