import CatalogueHost

/// The report of a reproduction: for each claim the paper's statement, the check, our measured value and the
/// verdict with its margin; the run groups; the final values the figures end at; and the figures.
struct ReproductionReport {
  let plan: ReproductionPlan
  let result: BatchResult
  let claims: [ClaimCheck.Outcome]
  let figures: [LineFigure]
  let byLabel: [String: [FinishedRun]]
  let folder: String
  let invocation: RunInvocation

  /// The report as a document (rendered to Markdown and HTML).
  var document: ReportDocument {
    let info = plan.experiment.info
    let plugin = plan.experiment.plugin
    var document = ReportDocument(title: "Reproduction of \(info.id)")
    document.blocks.append(.heading(1, "Reproduction of `\(info.id)`: \(ReportDocument.plain(info.title))"))
    let checked = claims.filter { !$0.skipped }
    let failing = checked.filter { !$0.holds }
    let skippedCount = claims.count - checked.count
    let skippedNote =
      skippedCount == 0
      ? "" : " \(skippedCount) full-only claim\(skippedCount == 1 ? " was" : "s were") skipped by `--quick`."
    if failing.isEmpty && !checked.isEmpty {
      let all = skippedCount == 0 ? "all \(checked.count) claims hold." : "all \(checked.count) checked claims hold."
      document.blocks.append(.verdict(true, "Verdict: " + all + skippedNote))
    } else if checked.isEmpty {
      document.blocks.append(.verdict(false, "Verdict: no claim was checked." + skippedNote))
    } else {
      let list = failing.map { "`\($0.claim.id)` (\(ReportDocument.plain($0.margin)))" }.joined(separator: "; ")
      let verb = failing.count == 1 ? "does" : "do"
      document.blocks.append(
        .verdict(
          false,
          "Verdict: \(failing.count) of \(checked.count) \(skippedCount == 0 ? "" : "checked ")claims \(verb) not hold: "
            + "\(list)." + skippedNote))
    }
    if result.interrupted {
      document.blocks.append(.paragraph("**Interrupted:** not every run was started; the verdict covers what ran."))
    }
    if !info.summary.isEmpty { document.blocks.append(.paragraph(ReportDocument.plain(info.summary))) }
    let date = ProcessEnvironment.utc(invocation.startTime, format: "%Y-%m-%d %H:%M UTC")
    document.blocks.append(
      .table(
        header: ["", ""],
        rows: [
          ["experiment", "`\(info.id)` declared by \(plugin.info.id) \(plugin.info.version)"],
          [
            "version",
            plan.quick
              ? "quick (`--quick`: the reduced seeds and budgets CI can afford)" : "full (declared seeds and budgets)",
          ],
          ["runs", "\(result.entries.count) run folders under `\(folder)`"],
          ["catalogue", "\(CatalogueVersion.host) (ABI \(CatalogueVersion.abi)) on \(invocation.hostName), \(date)"],
          [
            "command",
            "`" + invocation.commandLine.map(FileSystem.fileName(of:)).prefix(1).joined()
              + invocation.commandLine.dropFirst().map { " " + $0 }.joined() + "`",
          ],
        ], status: []))

    document.blocks.append(.heading(2, "Claims"))
    document.blocks.append(
      .table(
        header: ["claim", "the paper says", "check", "measured", "result"],
        rows: claims.map { outcome in
          [
            "`\(outcome.claim.id)`", ReportDocument.plain(outcome.claim.statement),
            outcome.check, ReportDocument.plain(outcome.measuredText),
            (outcome.skipped ? "skip: " : outcome.holds ? "**pass**: " : "**FAIL**: ")
              + ReportDocument.plain(outcome.margin),
          ]
        }, status: claims.map { $0.skipped ? nil : $0.holds }))
    let perSeed = claims.filter { !$0.perSeed.isEmpty }.map { outcome in
      [
        "`\(outcome.claim.id)`",
        outcome.perSeed.map { "\($0.label) seed \($0.seed): \(StatisticText.significant($0.value, digits: 3))" }
          .joined(separator: "; "),
      ]
    }
    if !perSeed.isEmpty {
      document.blocks.append(.paragraph("Per-seed values behind each measured aggregate:"))
      document.blocks.append(.table(header: ["claim", "per seed"], rows: perSeed, status: []))
    }

    document.blocks.append(.heading(2, "Run groups"))
    document.blocks.append(
      .table(
        header: ["group", "algorithm", "problem", "parameters", "seeds", "budget", "termination", "time (median)"],
        rows: plan.groups.map { group in
          let label = group.declaration.label
          let runs = byLabel[label] ?? []
          let explicit =
            (group.plan.algorithmParameters.entries + group.plan.problemParameters.entries).filter(\.isExplicit)
            .map { "\($0.id)=\($0.value)" }
          let failed = result.entries.filter { $0.run.label == label && $0.finished == nil }.count
          let terminations = runs.map(\.termination) + Array(repeating: "failed", count: failed)
          let time = SampleStatistics(runs.map(\.wallTime)).median
          return [
            "`\(label)`", "`\(group.plan.algorithm.info.id)`", "`\(group.plan.problem.info.id)`",
            explicit.isEmpty ? "defaults" : "`" + explicit.joined(separator: ", ") + "`",
            SeedList(seeds: group.seeds).description, "\(group.maxIters)", StatisticText.tally(terminations),
            time.isFinite ? NumberFormat.duration(time) : "-",
          ]
        }, status: []))

    let metrics = Array(Set(claims.map(\.claim.metric))).sorted()
    var rows: [[String]] = []
    for metric in metrics {
      for group in plan.groups {
        let runs = byLabel[group.declaration.label] ?? []
        let values = runs.compactMap { $0.finalValue(metric) }
        guard !values.isEmpty else { continue }
        let statistics = SampleStatistics(values)
        rows.append(
          [
            "`\(metric)`", "`\(group.declaration.label)`", StatisticText.significant(statistics.median, digits: 4),
            StatisticText.significant(statistics.minimum, digits: 4),
            StatisticText.significant(statistics.maximum, digits: 4), StatisticText.meanStd(statistics),
          ])
      }
    }
    if !rows.isEmpty {
      document.blocks.append(.heading(2, "Final values over seeds"))
      document.blocks.append(
        .paragraph(
          "The figures below end at these values: each line is the median over seeds, its band runs from the "
            + "minimum to the maximum."))
      document.blocks.append(
        .table(header: ["metric", "group", "median", "min", "max", "mean ± std"], rows: rows, status: []))
    }
    if !figures.isEmpty {
      document.blocks.append(.heading(2, "Figures"))
      for figure in figures {
        document.blocks.append(
          .figure(
            file: "\(figure.name).svg", svg: figure.svg,
            caption: "\(ReportDocument.plain(figure.title)); data in `\(figure.name).csv`."))
      }
    }
    return document
  }

  /// `claims.csv`: one line per claim with its check, bounds, measured value and verdict (`holds` is true, false
  /// or skipped).
  var claimsCSV: String {
    var text = CSVText.line([
      "claim", "kind", "run", "other_run", "metric", "aggregate", "lower", "upper", "measured", "holds", "margin",
      "statement",
    ])
    for outcome in claims {
      let claim = outcome.claim
      let kind = ClaimCheck.Kind(rawValue: claim.kind)?.name ?? "\(claim.kind)"
      text += CSVText.line([
        claim.id, kind, claim.run, claim.otherRun ?? "", claim.metric,
        Aggregate(rawValue: claim.aggregate)?.description ?? "\(claim.aggregate)",
        NumberFormat.shortest(claim.lower), NumberFormat.shortest(claim.upper),
        outcome.measured.map(NumberFormat.shortest) ?? "",
        outcome.skipped ? "skipped" : outcome.holds ? "true" : "false",
        outcome.margin,
        claim.statement,
      ])
    }
    return text
  }
}
