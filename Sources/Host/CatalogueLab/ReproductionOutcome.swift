import CatalogueHost

/// What a finished reproduction produced: the runs, the verdict on each claim, the figures and the report files.
public struct ReproductionOutcome: Sendable {
  /// Every run, read back from its folder.
  public var result: BatchResult
  /// One verdict per claim, in declaration order.
  public var claims: [ClaimCheck.Outcome]
  /// The reproduction folder.
  public var folder: String
  /// `report.md`, `report.html`, `claims.csv` and the figures' SVG and CSV.
  public var files: [String]

  /// The claims that were checked (all but the full-only ones of a `--quick` reproduction).
  public var checked: [ClaimCheck.Outcome] { claims.filter { !$0.skipped } }

  /// 0 only if every checked claim holds (and so every run it needs ended normally); 1 otherwise.
  public var exitCode: Int32 { !checked.isEmpty && checked.allSatisfy(\.holds) && !result.interrupted ? 0 : 1 }
}

extension ReproductionPlan {
  /// Creates the folder, runs every run group in workers, checks the claims, draws the figures and writes the
  /// report.
  public func execute(
    backend: BatchBackend, discovery: [String], invocation: RunInvocation,
    taskProgress: (Int, Int) -> Void = { _, _ in }, progress: (Int, Int, BatchResult.Entry) -> Void
  ) throws(CatalogueError) -> ReproductionOutcome {
    let (created, result) = try BatchResult.execute(
      runs, creating: folder, explicit: explicitFolder, backend: backend, name: "reproduce-\(experiment.info.id)",
      discovery: discovery,
      taskProgress: taskProgress, progress: progress)
    var byLabel: [String: [FinishedRun]] = [:]
    for entry in result.entries {
      if let finished = entry.finished { byLabel[entry.run.label, default: []].append(finished) }
    }
    let expected = Dictionary(groups.map { ($0.declaration.label, $0.seeds.count) }, uniquingKeysWith: { $1 })
    let claims = experiment.info.claims.map { claim in
      quick && claim.fullOnly
        ? ClaimCheck.skipped(claim) : ClaimCheck.evaluate(claim, runs: byLabel, expected: expected)
    }

    var files: [String] = []
    let figures = try self.figures(byLabel)
    for figure in figures {
      files += try RunPlotter.write(name: figure.name, svg: figure.svg, csv: figure.csv, to: created)
    }
    let report = ReproductionReport(
      plan: self, result: result, claims: claims, figures: figures, byLabel: byLabel, folder: created,
      invocation: invocation)
    let document = report.document
    for (name, text) in [
      ("report.md", document.markdown), ("report.html", document.html), ("claims.csv", report.claimsCSV),
    ] {
      let path = FileSystem.join(created, name)
      try FileSystem.writeAtomically(Array(text.utf8), to: path)
      files.append(path)
    }
    return ReproductionOutcome(result: result, claims: claims, folder: created, files: files)
  }

  /// One figure per metric the claims are about, against iterations, every run group that traces it as a line
  /// (median over seeds, min–max band); a log–log slope claim gets its metric on log–log axes as well.
  func figures(_ byLabel: [String: [FinishedRun]]) throws(CatalogueError) -> [LineFigure] {
    let groups = self.groups.compactMap { group in
      byLabel[group.declaration.label].map { PlotGroup(label: group.declaration.label, runs: $0) }
    }
    var figures: [LineFigure] = []
    var drawn = Set<String>()
    for claim in experiment.info.claims {
      let slope = claim.kind == ClaimCheck.Kind.logLogSlope.rawValue
      let key = claim.metric + (slope ? "/log" : "")
      guard drawn.insert(key).inserted else { continue }
      let tracing = groups.filter { $0.runs.contains { $0.trace.columns.contains(claim.metric) } }
      guard !tracing.isEmpty else { continue }
      let plotter = RunPlotter(band: .minmax, yScale: slope ? .log : .auto, xScale: slope ? .log : .linear)
      var (figure, _) = try plotter.lineFigure(tracing, metric: claim.metric, axis: .iteration)
      if slope {
        figure.name += "-loglog"
        figure.title += " (log–log)"
      }
      figures.append(figure)
    }
    return figures
  }
}
