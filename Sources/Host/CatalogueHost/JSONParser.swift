/// A strict JSON parser (RFC 8259) for `--config result.json`.
///
/// Integers are kept exact (Int64, else UInt64) so a 64-bit seed read back from a record is the seed that ran.
public struct JSONParser {
  /// A parse failure: what was expected and the byte offset.
  public struct Failure: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String
    /// Byte offset into the text.
    public var offset: Int
    public var description: String { "\(reason) at byte \(offset)" }
  }

  private let bytes: [UInt8]
  private var position = 0

  /// Parses a complete document; trailing non-space text is an error.
  public static func parse(_ text: String) throws(Failure) -> JSONValue {
    var parser = JSONParser(bytes: Array(text.utf8))
    let value = try parser.parseValue(depth: 0)
    parser.skipSpace()
    guard parser.position == parser.bytes.count else { throw parser.failure("unexpected text after the document") }
    return value
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private func failure(_ reason: String) -> Failure { Failure(reason: reason, offset: position) }

  private mutating func skipSpace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
  }

  private mutating func expect(_ literal: String, _ value: JSONValue) throws(Failure) -> JSONValue {
    let utf8 = Array(literal.utf8)
    guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
      throw failure("invalid literal")
    }
    position += utf8.count
    return value
  }

  private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
    guard depth < 512 else { throw failure("nesting too deep") }
    skipSpace()
    guard position < bytes.count else { throw failure("unexpected end of text") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try expect("true", .bool(true))
    case UInt8(ascii: "f"): return try expect("false", .bool(false))
    case UInt8(ascii: "n"): return try expect("null", .null)
    default: return try parseNumber()
    }
  }

  private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
    position += 1
    var members: [String: JSONValue] = [:]
    skipSpace()
    if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key") }
      let key = try parseString()
      skipSpace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
      position += 1
      members[key] = try parseValue(depth: depth + 1)
      skipSpace()
      guard position < bytes.count else { throw failure("unterminated object") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
      } else if bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .object(members)
      } else {
        throw failure("expected ',' or '}'")
      }
    }
  }

  private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
    position += 1
    var elements: [JSONValue] = []
    skipSpace()
    if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .array(elements)
    }
    while true {
      elements.append(try parseValue(depth: depth + 1))
      skipSpace()
      guard position < bytes.count else { throw failure("unterminated array") }
      if bytes[position] == UInt8(ascii: ",") {
        position += 1
      } else if bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .array(elements)
      } else {
        throw failure("expected ',' or ']'")
      }
    }
  }

  private mutating func parseString() throws(Failure) -> String {
    position += 1
    var scalars = String.UnicodeScalarView()
    var run: [UInt8] = []
    func flush() {
      if !run.isEmpty {
        scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
        run.removeAll()
      }
    }
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        flush()
        return String(scalars)
      case UInt8(ascii: "\\"):
        flush()
        guard position < bytes.count else { break }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
          var code = try parseHex4()
          if (0xD800..<0xDC00).contains(code), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
            bytes[position + 1] == UInt8(ascii: "u")
          {
            position += 2
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid surrogate pair") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw failure("invalid \\u escape") }
          scalars.append(scalar)
        default: throw failure("invalid escape")
        }
      default:
        guard byte >= 0x20 else { throw failure("control character in string") }
        run.append(byte)
      }
    }
    throw failure("unterminated string")
  }

  private mutating func parseHex4() throws(Failure) -> UInt32 {
    guard position + 4 <= bytes.count,
      let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
    else { throw failure("invalid \\u escape") }
    position += 4
    return code
  }

  private mutating func parseNumber() throws(Failure) -> JSONValue {
    let start = position
    var isInteger = true
    if position < bytes.count && bytes[position] == UInt8(ascii: "-") { position += 1 }
    let digitsStart = position
    while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
    guard position > digitsStart else { throw failure("expected a value") }
    guard bytes[digitsStart] != UInt8(ascii: "0") || position - digitsStart == 1 else {
      throw failure("leading zero in number")
    }
    if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
      isInteger = false
      position += 1
      let fractionStart = position
      while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
        position += 1
      }
      guard position > fractionStart else { throw failure("expected digits after '.'") }
    }
    if position < bytes.count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
      isInteger = false
      position += 1
      if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
        position += 1
      }
      let exponentStart = position
      while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
        position += 1
      }
      guard position > exponentStart else { throw failure("expected digits in exponent") }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    if isInteger {
      if let value = Int64(text) { return .integer(value) }
      if let value = UInt64(text) { return .unsigned(value) }
    }
    guard let value = Double(text) else { throw failure("invalid number") }
    return .double(value)
  }
}
