import CatalogueHost

/// The table printed on stdout when a run ends: what ran, why it stopped, the final metrics, the oracle counts, the
/// time and where the files are.
public enum RunSummary {
  /// The summary as text.
  public static func text(plan: RunPlan, record: RunRecord, folder: String?) -> String {
    var rows: [[String]] = []
    rows.append(["algorithm", "\(plan.algorithm.info.id) (\(plan.algorithm.plugin.label))"])
    rows.append(["problem", "\(plan.problem.info.id) (\(plan.problem.plugin.label))"])
    rows.append(["seed", "\(plan.seed)"])
    if let end = record.end {
      rows.append(["termination", "\(end.termination.rawValue): \(end.message)"])
      rows.append(["iterations", "\(end.iterations)"])
    }
    for (name, value) in record.finalMetrics { rows.append([name, NumberFormat.shortest(value)]) }
    if let end = record.end {
      for (name, count) in zip(OracleCounters.columnNames, end.counters.values) where count > 0 {
        rows.append([name, "\(count)"])
      }
      var time = NumberFormat.duration(end.wallTime)
      if record.rowCount > 0 {
        time += " (\(NumberFormat.brief(end.wallTime / Double(record.rowCount) * 1000)) ms/iter)"
      }
      rows.append(["time", time])
    }
    if let folder { rows.append(["run folder", folder]) }
    return TextTable(rows: rows).text
  }
}
