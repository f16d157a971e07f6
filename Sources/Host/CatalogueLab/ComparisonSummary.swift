import CatalogueHost

/// The outcome of a comparison in numbers: the table `compare` prints (final metrics as mean ± standard
/// deviation over seeds, median time, oracle counts, termination reasons), `summary.csv` with the same
/// statistics in full precision, and `runs.csv` with one line per run.
public struct ComparisonSummary: Sendable {
  /// One compared algorithm's runs.
  public struct Column: Sendable {
    /// The label.
    public var label: String
    /// Runs that wrote a readable folder.
    public var runs: [FinishedRun]
    /// Termination reasons of every run, with "failed" for a worker that left no result.
    public var terminations: [String]
  }

  /// The algorithms, in comparison order.
  public var columns: [Column]
  /// Final metrics in display order: trace columns of the first algorithm first, then the others' new ones.
  public var metrics: [String]

  /// Summarises a finished batch by label, in the order the labels first appear.
  public init(_ result: BatchResult, labels: [String]) {
    columns = labels.map { label in
      let entries = result.entries.filter { $0.run.label == label }
      return Column(
        label: label, runs: entries.compactMap(\.finished),
        terminations: entries.map { $0.finished?.termination ?? "failed" })
    }
    var metrics: [String] = []
    for column in columns {
      for run in column.runs {
        for name in run.metricNames where !metrics.contains(name) { metrics.append(name) }
      }
    }
    self.metrics = metrics
  }

  /// Statistics of a final metric over an algorithm's seeds (nil if no run has it).
  public func statistics(_ metric: String, of column: Column) -> SampleStatistics? {
    let values = column.runs.compactMap { $0.finalValue(metric) }
    return values.isEmpty ? nil : SampleStatistics(values)
  }

  /// Oracle counters that are non-zero in some run.
  var usedCounters: [String] {
    OracleCounters.columnNames.filter { name in columns.contains { $0.runs.contains { $0.oracleCount(name) > 0 } } }
  }

  /// The table: one row per metric, one column per algorithm.
  public var table: String {
    var rows: [[String]] = []
    for metric in metrics {
      rows.append(
        [metric]
          + columns.map { column in
            guard let statistics = statistics(metric, of: column) else { return "-" }
            var text = StatisticText.meanStd(statistics)
            if statistics.nonFiniteCount > 0 { text += " (\(statistics.nonFiniteCount) non-finite)" }
            if statistics.count + statistics.nonFiniteCount < column.terminations.count {
              text += " (\(statistics.count + statistics.nonFiniteCount) runs)"
            }
            return text
          })
    }
    rows.append(
      ["iterations"] + columns.map { StatisticText.count(SampleStatistics($0.runs.map { Double($0.iterations) })) })
    for counter in usedCounters {
      rows.append(
        [counter]
          + columns.map { StatisticText.count(SampleStatistics($0.runs.map { Double($0.oracleCount(counter)) })) })
    }
    rows.append(
      ["time (median)"]
        + columns.map { column in
          let median = SampleStatistics(column.runs.map(\.wallTime)).median
          return median.isFinite ? NumberFormat.duration(median) : "-"
        })
    rows.append(
      ["termination"] + columns.map { $0.terminations.isEmpty ? "not run" : StatisticText.tally($0.terminations) })
    return TextTable(header: [""] + columns.map(\.label), rows: rows).text
  }

  /// `summary.csv`: per algorithm and quantity (final metrics, iterations, oracle counts, wall time), the number
  /// of runs and mean, standard deviation, median, min and max over seeds.
  public var summaryCSV: String {
    var text = CSVText.line(["algorithm", "quantity", "runs", "mean", "std", "median", "min", "max"])
    for column in columns {
      var quantities: [(String, [Double])] = metrics.map { metric in
        (metric, column.runs.compactMap { $0.finalValue(metric) })
      }
      quantities.append(("iterations", column.runs.map { Double($0.iterations) }))
      for counter in OracleCounters.columnNames {
        quantities.append((counter, column.runs.map { Double($0.oracleCount(counter)) }))
      }
      quantities.append(("wall_time_s", column.runs.map(\.wallTime)))
      for (name, values) in quantities where !values.isEmpty {
        let statistics = SampleStatistics(values)
        let numbers = [
          statistics.mean, statistics.standardDeviation, statistics.median, statistics.minimum, statistics.maximum,
        ]
        text += CSVText.line([column.label, name, String(values.count)] + numbers.map(NumberFormat.shortest))
      }
    }
    return text
  }

  /// `runs.csv`: one line per run with its seed, ending, final metrics, oracle counts, time and folder.
  public var runsCSV: String {
    var text = CSVText.line(
      ["algorithm", "seed", "termination", "iterations"] + metrics + OracleCounters.columnNames
        + ["wall_time_s", "folder"])
    for column in columns {
      for run in column.runs {
        let values = metrics.map { run.finalValue($0).map(NumberFormat.shortest) ?? "" }
        let counts = OracleCounters.columnNames.map { String(run.oracleCount($0)) }
        text += CSVText.line(
          [column.label, String(run.seed), run.termination, String(run.iterations)] + values + counts
            + [NumberFormat.shortest(run.wallTime), run.folder])
      }
    }
    return text
  }
}
