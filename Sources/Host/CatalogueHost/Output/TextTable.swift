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
  ///
  /// Each cell's width (in characters) is counted once, and lines are built in one reused buffer.
  public var text: String {
    let all = (header.isEmpty ? [] : [header]) + rows
    let columns = all.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    let counts = all.map { row in row.map(\.count) }
    for row in counts {
      for (index, count) in row.enumerated() { widths[index] = max(widths[index], count) }
    }
    let spaces = String(repeating: " ", count: (widths.max() ?? 0) + 2)
    var output = ""
    var line = ""
    for (row, cells) in zip(counts, all) {
      line.removeAll(keepingCapacity: true)
      for (index, cell) in cells.enumerated() {
        line += cell
        if index + 1 < cells.count { line += spaces.prefix(widths[index] - row[index] + 2) }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      output += line
      output += "\n"
    }
    return output
  }
}
