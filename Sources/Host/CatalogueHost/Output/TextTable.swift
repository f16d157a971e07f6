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
  /// Widths are counted in characters, once per cell; the text is built as UTF-8 bytes in one buffer (appending
  /// cells and padding to a `String` went through its generic per-character path, a sixth of a warm `list`).
  public var text: String {
    let all = (header.isEmpty ? [] : [header]) + rows
    let columns = all.map { $0.count }.max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    let counts = all.map { row in row.map(Self.width) }
    for row in counts {
      for (index, count) in row.enumerated() { widths[index] = max(widths[index], count) }
    }
    let space = UInt8(ascii: " ")
    var bytes: [UInt8] = []
    for (row, cells) in zip(counts, all) {
      let lineStart = bytes.count
      for (index, cell) in cells.enumerated() {
        bytes.append(contentsOf: cell.utf8)
        if index + 1 < cells.count {
          bytes.append(contentsOf: repeatElement(space, count: widths[index] - row[index] + 2))
        }
      }
      while bytes.count > lineStart && bytes.last == space { bytes.removeLast() }
      bytes.append(UInt8(ascii: "\n"))
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// A cell's width in characters: its byte count when every byte is printable ASCII (one character each, where
  /// counting characters in general means finding grapheme breaks), else its character count.
  static func width(_ cell: String) -> Int {
    let utf8 = cell.utf8
    return utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? utf8.count : cell.count
  }
}
