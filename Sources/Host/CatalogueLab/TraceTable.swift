import CatalogueHost

/// A numeric CSV table as the host writes it (`trace.csv`, `timing.csv`, a sampler's `samples.csv`): one header
/// line of column names, then one line of numbers per row.
///
/// Numbers are read with Swift's `Double(_:)`, the inverse of `NumberFormat.shortest`, so values round-trip
/// exactly (including `inf` and `nan`). A cell that is not a number reads as nan.
public struct TraceTable: Equatable, Sendable {
  /// Column names, in file order.
  public var columns: [String]
  /// Rows of values, one per line, each as long as `columns`.
  public var rows: [[Double]]

  /// Creates a table.
  public init(columns: [String], rows: [[Double]]) {
    self.columns = columns
    self.rows = rows
  }

  /// Parses CSV text. A short row (a trace cut off by a crash) is padded with nan; blank lines are skipped.
  ///
  /// - Parameter complete: keep a last line that has no newline. The host ends every line it writes with one, so
  ///   for its files (`trace.csv`, `timing.csv`) an unterminated last line is one cut off mid-write by a killed
  ///   host, whose last number may be cut short too: pass false to drop it.
  public init(parsing text: String, keepingUnterminatedLine complete: Bool = true) {
    var text = Substring(text)
    if !complete, !text.isEmpty, !text.hasSuffix("\n"), let end = text.lastIndex(of: "\n") {
      text = text[...end]
    }
    var lines = text.split(whereSeparator: \.isNewline).makeIterator()
    guard let header = lines.next() else {
      self.init(columns: [], rows: [])
      return
    }
    let columns = header.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingSpaces
    }
    var rows: [[Double]] = []
    while let line = lines.next() {
      var row = line.split(separator: ",", omittingEmptySubsequences: false).prefix(columns.count).map {
        Double($0.trimmingSpaces) ?? .nan
      }
      if row.isEmpty { continue }
      while row.count < columns.count { row.append(.nan) }
      rows.append(row)
    }
    self.init(columns: columns, rows: rows)
  }

  /// The values of a column, or nil if there is no such column.
  public func column(_ name: String) -> [Double]? {
    guard let index = columns.firstIndex(of: name) else { return nil }
    return rows.map { $0[index] }
  }
}
