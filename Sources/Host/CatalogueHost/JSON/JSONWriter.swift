extension JSONValue {
  /// The document as pretty-printed text with sorted keys and a final newline. Arrays of scalars stay on one
  /// line (result vectors would otherwise take a line per number).
  public var prettyText: String {
    var output = ""
    write(to: &output, indent: 0)
    output += "\n"
    return output
  }

  /// The document on one line (for embedding in a log line or a pipe).
  public var compactText: String {
    var output = ""
    write(to: &output, indent: nil)
    return output
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  private func write(to output: inout String, indent: Int?) {
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .integer(let value): output += String(value)
    case .unsigned(let value): output += String(value)
    case .double(let value): output += value.isFinite ? NumberFormat.shortest(value) : "null"
    case .string(let value): Self.writeString(value, to: &output)
    case .array(let elements):
      if elements.isEmpty {
        output += "[]"
      } else if indent == nil || elements.allSatisfy(\.isScalar) {
        output += "["
        for (index, element) in elements.enumerated() {
          if index > 0 { output += indent == nil ? "," : ", " }
          element.write(to: &output, indent: nil)
        }
        output += "]"
      } else {
        writeContainer(elements.map { (nil, $0) }, open: "[", close: "]", to: &output, indent: indent!)
      }
    case .object(let members):
      if members.isEmpty {
        output += "{}"
      } else {
        let sorted = members.sorted { $0.key < $1.key }.map { (Optional($0.key), $0.value) }
        if let indent {
          writeContainer(sorted, open: "{", close: "}", to: &output, indent: indent)
        } else {
          output += "{"
          for (index, (key, value)) in sorted.enumerated() {
            if index > 0 { output += "," }
            Self.writeString(key!, to: &output)
            output += ":"
            value.write(to: &output, indent: nil)
          }
          output += "}"
        }
      }
    }
  }

  private func writeContainer(
    _ items: [(String?, JSONValue)], open: String, close: String, to output: inout String, indent: Int
  ) {
    let inner = String(repeating: " ", count: indent + 2)
    output += open + "\n"
    for (index, (key, value)) in items.enumerated() {
      output += inner
      if let key {
        Self.writeString(key, to: &output)
        output += ": "
      }
      value.write(to: &output, indent: indent + 2)
      output += index + 1 < items.count ? ",\n" : "\n"
    }
    output += String(repeating: " ", count: indent) + close
  }

  private static func writeString(_ text: String, to output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{08}": output += "\\b"
      case "\u{0C}": output += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }
}
