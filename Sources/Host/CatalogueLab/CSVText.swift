import CatalogueHost

/// CSV fields as RFC 4180 writes them: quoted only when they contain a comma, quote or line break.
enum CSVText {
  /// One field.
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacing("\"", with: "\"\"") + "\""
  }

  /// One line of fields, with its newline.
  static func line(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",") + "\n"
  }
}
