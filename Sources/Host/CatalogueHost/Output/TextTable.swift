/// A plain-text table with left-aligned columns separated by two spaces, for `list`, `info` and summaries.
public struct TextTable: Equatable, Sendable {
  /// Column headers (empty for a table without a header line).
  public var header: [String]
  /// Rows of cells.
  public var rows: [[String]]

  /// Creates a table.
  public init(header: [String] = [], rows: [[String]] = []) {
    self.header = header
    self.rows = rows
  }

  /// The table as lines joined with newlines (trailing spaces trimmed, final newline included).
  public var text: String {
    let all = (header.isEmpty ? [] : [header]) + rows
    let columns = all.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in all {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    var output = ""
    for row in all {
      var line = ""
      for (index, cell) in row.enumerated() {
        line += cell
        if index + 1 < row.count { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      output += line + "\n"
    }
    return output
  }
}
