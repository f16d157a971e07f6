import CatalogueHost

/// Reads the TOML subset a sweep spec uses: `key = value` lines, `[table]` and `[a.b]` headers, bare, quoted and
/// dotted keys, basic and literal strings, integers, floats (with `inf`, `nan`, exponents and `_` separators),
/// booleans, arrays (over several lines, trailing comma allowed), inline tables, and `#` comments.
///
/// Hand-written because the Swift TOML package available to the project (TOMLKit) cannot be resolved here: its
/// manifest depends on a package that is not available (docs/scale.md). What TOML has beyond this subset (arrays
/// of tables, multi-line strings, dates) is refused with a message naming the line, never misread. Errors carry
/// `line L, column C`, so a typo in a spec is one clear line.
public struct TOMLReader {
  private let bytes: [UInt8]
  private var position = 0
  private var line = 1
  private var lineStart = 0

  /// Parses a whole document into its root table.
  public static func parse(_ text: String) throws(CatalogueError) -> TOMLValue {
    var reader = TOMLReader(bytes: Array(text.utf8))
    return try reader.document()
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func fail(_ message: String, at start: Int? = nil) -> CatalogueError {
    .usage("line \(line), column \((start ?? position) - lineStart + 1): \(message)")
  }

  private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  private mutating func advance() {
    if current == UInt8(ascii: "\n") {
      line += 1
      lineStart = position + 1
    }
    position += 1
  }

  /// Skips spaces and tabs (not newlines).
  private mutating func skipBlanks() {
    while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
  }

  /// Skips blanks, comments and newlines.
  private mutating func skipBlankLines() {
    while let byte = current {
      if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
        || byte == UInt8(ascii: "\r")
      {
        advance()
      } else if byte == UInt8(ascii: "#") {
        while let next = current, next != UInt8(ascii: "\n") { advance() }
      } else {
        return
      }
    }
  }

  /// After a value or header: blanks, an optional comment, then a newline or the end.
  private mutating func endOfLine() throws(CatalogueError) {
    skipBlanks()
    if current == UInt8(ascii: "#") {
      while let byte = current, byte != UInt8(ascii: "\n") { advance() }
    }
    if current == UInt8(ascii: "\r") { advance() }
    guard current == nil || current == UInt8(ascii: "\n") else {
      throw fail("expected the end of the line after the value")
    }
  }

  private mutating func document() throws(CatalogueError) -> TOMLValue {
    var root = TableBuilder()
    var path: [String] = []
    var headers: Set<[String]> = []
    while true {
      skipBlankLines()
      guard let byte = current else { break }
      if byte == UInt8(ascii: "[") {
        advance()
        if current == UInt8(ascii: "[") { throw fail("arrays of tables ([[…]]) are not supported in a sweep spec") }
        skipBlanks()
        path = try keyPath()
        skipBlanks()
        guard current == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
        advance()
        guard headers.insert(path).inserted else {
          throw fail("table [\(path.joined(separator: "."))] is defined twice")
        }
        try root.openTable(path, fail: { fail($0) })
        try endOfLine()
        continue
      }
      let keys = try keyPath()
      skipBlanks()
      guard current == UInt8(ascii: "=") else {
        throw fail("expected '=' after the key '\(keys.joined(separator: "."))'")
      }
      advance()
      skipBlanks()
      let value = try self.value()
      try root.insert(path + keys, value, fail: { fail($0) })
      try endOfLine()
    }
    return root.value
  }

  /// A key: bare (`a-z A-Z 0-9 _ -`) or quoted parts joined by dots.
  private mutating func keyPath() throws(CatalogueError) -> [String] {
    var parts: [String] = []
    while true {
      skipBlanks()
      guard let byte = current else { throw fail("expected a key") }
      if byte == UInt8(ascii: "\"") {
        parts.append(try basicString())
      } else if byte == UInt8(ascii: "'") {
        parts.append(try literalString())
      } else {
        let start = position
        while let next = current, Self.isBareKeyByte(next) { advance() }
        guard position > start else { throw fail("expected a key, found '\(Character(Unicode.Scalar(byte)))'") }
        parts.append(String(decoding: bytes[start..<position], as: UTF8.self))
      }
      skipBlanks()
      guard current == UInt8(ascii: ".") else { return parts }
      advance()
    }
  }

  private static func isBareKeyByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
      || byte == UInt8(ascii: "-")
  }

  private mutating func value() throws(CatalogueError) -> TOMLValue {
    guard let byte = current else { throw fail("expected a value") }
    switch byte {
    case UInt8(ascii: "\""):
      if bytes[position...].starts(with: Array("\"\"\"".utf8)) {
        throw fail("multi-line strings are not supported in a sweep spec")
      }
      return .string(try basicString())
    case UInt8(ascii: "'"):
      if bytes[position...].starts(with: Array("'''".utf8)) {
        throw fail("multi-line strings are not supported in a sweep spec")
      }
      return .string(try literalString())
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "{"): return try inlineTable()
    default: return try scalar()
    }
  }

  private mutating func basicString() throws(CatalogueError) -> String {
    advance()
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() {
      if !raw.isEmpty {
        scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
        raw.removeAll()
      }
    }
    while true {
      guard let byte = current, byte != UInt8(ascii: "\n") else { throw fail("unterminated string") }
      advance()
      if byte == UInt8(ascii: "\"") { break }
      if byte < 0x20 && byte != UInt8(ascii: "\t") { throw fail("control character in a string") }
      guard byte == UInt8(ascii: "\\") else {
        raw.append(byte)
        continue
      }
      guard let escape = current else { throw fail("unterminated string") }
      advance()
      switch escape {
      case UInt8(ascii: "\""): raw.append(UInt8(ascii: "\""))
      case UInt8(ascii: "\\"): raw.append(UInt8(ascii: "\\"))
      case UInt8(ascii: "n"): raw.append(UInt8(ascii: "\n"))
      case UInt8(ascii: "t"): raw.append(UInt8(ascii: "\t"))
      case UInt8(ascii: "r"): raw.append(UInt8(ascii: "\r"))
      case UInt8(ascii: "b"): raw.append(0x08)
      case UInt8(ascii: "f"): raw.append(0x0C)
      case UInt8(ascii: "u"), UInt8(ascii: "U"):
        let count = escape == UInt8(ascii: "u") ? 4 : 8
        var code: UInt32 = 0
        for _ in 0..<count {
          guard let digit = current.flatMap({ Self.hexValue($0) }) else { throw fail("bad \\u escape in a string") }
          code = code << 4 | UInt32(digit)
          advance()
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("\\u escape is not a Unicode scalar") }
        flush()
        scalars.append(scalar)
      default: throw fail("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
      }
    }
    flush()
    return String(scalars)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  private mutating func literalString() throws(CatalogueError) -> String {
    advance()
    let start = position
    while let byte = current, byte != UInt8(ascii: "'") {
      guard byte != UInt8(ascii: "\n") else { throw fail("unterminated string") }
      advance()
    }
    guard current == UInt8(ascii: "'") else { throw fail("unterminated string") }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    advance()
    return text
  }

  private mutating func array() throws(CatalogueError) -> TOMLValue {
    advance()
    var items: [TOMLValue] = []
    while true {
      skipBlankLines()
      if current == UInt8(ascii: "]") {
        advance()
        return .array(items)
      }
      items.append(try value())
      skipBlankLines()
      if current == UInt8(ascii: ",") {
        advance()
      } else if current != UInt8(ascii: "]") {
        throw fail("expected ',' or ']' in an array")
      }
    }
  }

  private mutating func inlineTable() throws(CatalogueError) -> TOMLValue {
    advance()
    var table = TableBuilder()
    skipBlanks()
    if current == UInt8(ascii: "}") {
      advance()
      return table.value
    }
    while true {
      let keys = try keyPath()
      skipBlanks()
      guard current == UInt8(ascii: "=") else { throw fail("expected '=' in an inline table") }
      advance()
      skipBlanks()
      try table.insert(keys, try value(), fail: { fail($0) })
      skipBlanks()
      if current == UInt8(ascii: ",") {
        advance()
        skipBlanks()
      } else if current == UInt8(ascii: "}") {
        advance()
        return table.value
      } else {
        throw fail("expected ',' or '}' in an inline table")
      }
    }
  }

  /// Numbers and booleans: everything up to a delimiter.
  private mutating func scalar() throws(CatalogueError) -> TOMLValue {
    let start = position
    while let byte = current,
      !(byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
        || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
        || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "#"))
    {
      advance()
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    switch text {
    case "": throw fail("expected a value")
    case "true": return .boolean(true)
    case "false": return .boolean(false)
    case "inf", "+inf": return .float(.infinity)
    case "-inf": return .float(-.infinity)
    case "nan", "+nan", "-nan": return .float(.nan)
    default: break
    }
    if text.contains(":") || (text.count >= 10 && text.dropFirst(4).first == "-") {
      throw fail("dates and times are not supported in a sweep spec (got '\(text)')", at: start)
    }
    let digits = String(text.filter { $0 != "_" })
    if !digits.contains(where: { ".eE".contains($0) }), let integer = Int64(digits) {
      return .integer(integer)
    }
    if digits.allSatisfy({ "0123456789+-.eE".contains($0) }), let float = Double(digits), float.isFinite {
      return .float(float)
    }
    throw fail("'\(text)' is not a value (strings need quotes: \"\(text)\")", at: start)
  }
}

/// A table under construction: keys in insertion order, dotted keys and headers creating sub-tables.
private struct TableBuilder {
  var entries: [(key: String, value: TOMLValue)] = []

  var value: TOMLValue { .table(entries) }

  mutating func insert(_ path: [String], _ value: TOMLValue, fail: (String) -> CatalogueError) throws(CatalogueError) {
    let change: (TOMLValue?) throws(CatalogueError) -> TOMLValue = { existing throws(CatalogueError) in
      guard existing == nil else { throw fail("key '\(path.joined(separator: "."))' is defined twice") }
      return value
    }
    try update(path[...], fail: fail, change)
  }

  mutating func openTable(_ path: [String], fail: (String) -> CatalogueError) throws(CatalogueError) {
    let change: (TOMLValue?) throws(CatalogueError) -> TOMLValue = { existing throws(CatalogueError) in
      switch existing {
      case nil: return .table([])
      case .table(let entries)?: return .table(entries)
      default: throw fail("'\(path.joined(separator: "."))' is already a value, not a table")
      }
    }
    try update(path[...], fail: fail, change)
  }

  private mutating func update(
    _ path: ArraySlice<String>, fail: (String) -> CatalogueError,
    _ change: (TOMLValue?) throws(CatalogueError) -> TOMLValue
  ) throws(CatalogueError) {
    let key = path.first!
    let index = entries.firstIndex { $0.key == key }
    if path.count == 1 {
      let new = try change(index.map { entries[$0].value })
      if let index { entries[index].value = new } else { entries.append((key, new)) }
      return
    }
    var child = TableBuilder()
    if let index {
      guard case .table(let existing) = entries[index].value else {
        throw fail("'\(key)' is already a value, not a table")
      }
      child.entries = existing
    }
    try child.update(path.dropFirst(), fail: fail, change)
    if let index { entries[index].value = child.value } else { entries.append((key, child.value)) }
  }
}
