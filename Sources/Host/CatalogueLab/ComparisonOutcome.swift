import CatalogueHost

/// What a finished comparison produced: the runs, their summary, and the files written next to the run folders.
public struct ComparisonOutcome: Sendable {
  /// Every run, read back from its folder.
  public var result: BatchResult
  /// The statistics.
  public var summary: ComparisonSummary
  /// `summary.csv`, `runs.csv`, and each figure's SVG and CSV.
  public var files: [String]
  /// Things worth telling the user (series left out of a figure, ...).
  public var notes: [String]

  /// 0 if every run ended normally, 1 if any failed, was cancelled or never started.
  public var exitCode: Int32 { result.interrupted || result.entries.contains { !$0.succeeded } ? 1 : 0 }

  /// Summarises finished runs by label and writes `summary.csv`, `runs.csv` and the overlay figures of `metric`
  /// (default: f_gap, f or loss) against iterations and oracle calls into `folder`. Shared by `compare` and
  /// `sweep --collect`, so both show the same tables and figures.
  public init(_ result: BatchResult, labels: [String], metric: String?, folder created: String) throws(CatalogueError) {
    let summary = ComparisonSummary(result, labels: labels)
    var files: [String] = []
    let summaryPath = FileSystem.join(created, "summary.csv")
    try FileSystem.writeAtomically(Array(summary.summaryCSV.utf8), to: summaryPath)
    let runsPath = FileSystem.join(created, "runs.csv")
    try FileSystem.writeAtomically(Array(summary.runsCSV.utf8), to: runsPath)
    files += [summaryPath, runsPath]

    var notes: [String] = []
    let groups = summary.columns.filter { !$0.runs.isEmpty }.map { PlotGroup(label: $0.label, runs: $0.runs) }
    let finished = groups.flatMap(\.runs)
    if let chosen = metric ?? RunPlotter.defaultMetric(finished) {
      let plotter = RunPlotter()
      for axis in [PlotAxis.iteration, .oracleCalls] {
        let (figure, left) = try plotter.lineFigure(groups, metric: chosen, axis: axis)
        notes += left
        files += try RunPlotter.write(name: figure.name, svg: figure.svg, csv: figure.csv, to: created)
      }
    } else if !finished.isEmpty {
      notes.append("the algorithms share no trace column, so no figure was drawn")
    }
    self.init(result: result, summary: summary, files: files, notes: Array(Set(notes)).sorted())
  }

  /// Creates an outcome from its parts.
  public init(result: BatchResult, summary: ComparisonSummary, files: [String], notes: [String]) {
    self.result = result
    self.summary = summary
    self.files = files
    self.notes = notes
  }
}

extension ComparisonPlan {
  /// Creates the comparison folder, runs every run in workers, and writes `summary.csv`, `runs.csv` and the
  /// overlay figures of `metric` (default: f_gap, f or loss) against iterations and oracle calls.
  public func execute(
    backend: BatchBackend, discovery: [String], metric: String?, taskProgress: (Int, Int) -> Void = { _, _ in },
    progress: (Int, Int, BatchResult.Entry) -> Void
  ) throws(CatalogueError) -> ComparisonOutcome {
    let (created, result) = try BatchResult.execute(
      runs, creating: folder, explicit: explicitFolder, backend: backend, name: "compare-\(problem.info.id)",
      discovery: discovery,
      taskProgress: taskProgress, progress: progress)
    return try ComparisonOutcome(result, labels: members.map(\.label), metric: metric, folder: created)
  }

  /// The lines printed above the table: what was compared, on what, with which seeds, budget and parameters.
  public var header: String {
    let problemParameters = members[0].plan.problemParameters.entries.map { "\($0.id)=\($0.value)" }
    var rows: [[String]] = [
      [
        "compare",
        members.map(\.label).joined(separator: ", ") + " on \(problem.info.id) (\(problem.plugin.info.id) "
          + "\(problem.plugin.info.version)"
          + (problemParameters.isEmpty ? ")" : "; \(problemParameters.joined(separator: ", ")))"),
      ],
      ["seeds", "\(seeds) (\(seeds.seeds.count) per algorithm; one seed is one problem instance for all)"],
      ["budget", "\(stopping.maxIters) iterations" + stoppingExtras],
    ]
    let parameters = members.map { member in
      let explicit = member.plan.algorithmParameters.entries.filter(\.isExplicit).map { "\($0.id)=\($0.value)" }
      return "\(member.label): " + (explicit.isEmpty ? "defaults" : explicit.joined(separator: ", "))
    }
    rows.append(["parameters", parameters.joined(separator: "; ")])
    return TextTable(rows: rows).text
  }

  private var stoppingExtras: String {
    var parts: [String] = []
    if let limit = stopping.timeLimit { parts.append("time limit \(NumberFormat.shortest(limit)) s") }
    if let tolerance = stopping.gradTol { parts.append("grad_norm ≤ \(NumberFormat.shortest(tolerance))") }
    if let target = stopping.target { parts.append("f ≤ \(NumberFormat.shortest(target))") }
    return parts.isEmpty ? "" : ", or " + parts.joined(separator: ", ")
  }
}
