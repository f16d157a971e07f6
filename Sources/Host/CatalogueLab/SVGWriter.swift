import CatalogueHost

/// Builds SVG text element by element: escaping, number formatting and the few shapes figures need.
///
/// Output is a function of the input only (fixed two-decimal coordinates, no timestamps, no random ids), so a
/// figure is byte-identical when its data are, and it is well-formed XML so it can be checked by any XML parser
/// and inlined into an HTML page.
struct SVGWriter {
  /// The text so far.
  private(set) var text = ""
  /// Font stack: fonts with wide Unicode coverage first (κ, ±, −, superscripts).
  static let fontFamily = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"

  /// Starts a document of the given size.
  init(width: Double, height: Double, title: String) {
    text += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" "
    text += "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
    text += "font-family=\"\(Self.fontFamily)\">\n"
    text += "<title>\(Self.escape(title))</title>\n"
    rect(x: 0, y: 0, width: width, height: height, attributes: "fill=\"#ffffff\"")
  }

  /// Ends the document and returns it.
  mutating func finish() -> String {
    text += "</svg>\n"
    return text
  }

  /// Appends raw markup (already escaped).
  mutating func raw(_ markup: String) {
    text += markup
  }

  /// A rectangle.
  mutating func rect(x: Double, y: Double, width: Double, height: Double, attributes: String) {
    text += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" "
    text += "height=\"\(Self.number(height))\" \(attributes)/>\n"
  }

  /// A straight line.
  mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, attributes: String) {
    text += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" "
    text += "y2=\"\(Self.number(y2))\" \(attributes)/>\n"
  }

  /// A text label. `anchor` is start, middle or end; `extra` holds further attributes.
  mutating func label(
    _ content: String, x: Double, y: Double, size: Double, anchor: String = "start", extra: String = ""
  ) {
    text += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" "
    text += "text-anchor=\"\(anchor)\"\(extra.isEmpty ? "" : " " + extra)>\(Self.escape(content))</text>\n"
  }

  /// A path through points, broken where a point is nil (a gap in the data).
  static func pathData(_ points: [(Double, Double)?]) -> String {
    var data = ""
    var penDown = false
    for point in points {
      guard let (x, y) = point else {
        penDown = false
        continue
      }
      data += (penDown ? "L" : (data.isEmpty ? "M" : " M")) + "\(number(x)),\(number(y))"
      penDown = true
    }
    return data
  }

  /// Escapes text for element content and attribute values.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if let scalar = character.unicodeScalars.first, scalar.value < 0x20, scalar != "\t", scalar != "\n" {
          result += " "
        } else {
          result.append(character)
        }
      }
    }
    return result
  }

  /// A coordinate with two decimals ("12.5", "-3", "0.25").
  static func number(_ value: Double) -> String {
    var text = NumberFormat.fixed(value, digits: 2)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }

  /// A rough width of a text in pixels: wide enough for the usual sans-serif fonts, so labels that are laid out
  /// with it never touch.
  static func textWidth(_ text: String, size: Double) -> Double {
    var width = 0.0
    for character in text {
      if "il.,:;|!'1 ()[]".contains(character) {
        width += 0.38
      } else if character.isUppercase || "mwMW@%–—".contains(character) {
        width += 0.82
      } else {
        width += 0.62
      }
    }
    return width * size
  }

  /// Splits a text into lines of at most `width` pixels at spaces.
  static func wrap(_ text: String, width: Double, size: Double) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      let candidate = current.isEmpty ? String(word) : current + " " + word
      if !current.isEmpty && textWidth(candidate, size: size) > width {
        lines.append(current)
        current = String(word)
      } else {
        current = candidate
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines.isEmpty ? [""] : lines
  }
}
