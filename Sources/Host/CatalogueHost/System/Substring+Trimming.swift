extension Substring {
  /// Without leading and trailing spaces and tabs: `--x0 "1, 2"` and CSV written by other tools have them.
  package var trimmingSpaces: String {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return String(text)
  }
}
