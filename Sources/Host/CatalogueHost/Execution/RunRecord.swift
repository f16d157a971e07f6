/// What a run produced, accumulated from its events: the columns, the last row, results and the ending.
///
/// The summary table and `result.json` are built from this, never from the driver, so they come out the same
/// whether the run happened in-process or in a worker.
public struct RunRecord: Equatable, Sendable {
  /// Facts about the instance, once started.
  public var start: RunStart?
  /// Declared trace columns (without iter and counters).
  public var columns: [String] = []
  /// The last row, if any.
  public var lastRow: TraceRow?
  /// Rows seen.
  public var rowCount = 0
  /// Scalar results in the order reported (a repeated key keeps its last value).
  public var scalars: [(String, Double)] = []
  /// Vector results in the order reported.
  public var vectors: [(String, [Double])] = []
  /// Names of artifacts written.
  public var artifacts: [String] = []
  /// The ending, once finished.
  public var end: RunEnd?

  /// An empty record.
  public init() {}

  /// Folds one event into the record.
  public mutating func apply(_ event: RunEvent) {
    switch event {
    case .started(let start): self.start = start
    case .columns(let columns): self.columns = columns
    case .row(let row):
      lastRow = row
      rowCount += 1
    case .resultReal(let key, let value):
      scalars.removeAll { $0.0 == key }
      scalars.append((key, value))
    case .resultVector(let key, let values):
      vectors.removeAll { $0.0 == key }
      vectors.append((key, values))
    case .artifact(let name, _):
      if !artifacts.contains(name) { artifacts.append(name) }
    case .finished(let end): self.end = end
    case .progress, .log: break
    }
  }

  /// Folds one row into the record, reusing the last row's storage: no allocation once the first row is kept.
  public mutating func apply(_ row: TraceRowView) {
    rowCount += 1
    guard lastRow?.values.count == row.values.count else {
      lastRow = row.row
      return
    }
    lastRow!.iteration = row.iteration
    lastRow!.counters = row.counters
    lastRow!.elapsed = row.elapsed
    lastRow!.values.withUnsafeMutableBufferPointer { kept in
      for index in kept.indices { kept[index] = row.values[index] }
    }
  }

  /// Final metrics: the last row's columns, then scalar results (which win on a name clash).
  public var finalMetrics: [(String, Double)] {
    var metrics: [(String, Double)] = []
    if let lastRow { metrics = Array(zip(columns, lastRow.values)) }
    for (key, value) in scalars {
      metrics.removeAll { $0.0 == key }
      metrics.append((key, value))
    }
    return metrics
  }

  public static func == (lhs: RunRecord, rhs: RunRecord) -> Bool {
    lhs.start == rhs.start && lhs.columns == rhs.columns && lhs.lastRow == rhs.lastRow
      && lhs.rowCount == rhs.rowCount && lhs.scalars.elementsEqual(rhs.scalars) { $0 == $1 }
      && lhs.vectors.elementsEqual(rhs.vectors) { $0 == $1 } && lhs.artifacts == rhs.artifacts && lhs.end == rhs.end
  }
}
