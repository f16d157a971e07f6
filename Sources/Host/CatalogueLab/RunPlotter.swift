import CatalogueHost

/// Turns run folders into figures: what `catalogue plot` draws, and what `compare` and `reproduce` draw with the
/// same code so every figure of the project looks and reads alike.
public struct RunPlotter: Sendable {
  /// Linear, log, or chosen from the data.
  public enum ScaleChoice: String, Sendable, CaseIterable {
    /// Log if the values span two decades or more (see `LineFigure.automaticScale`).
    case auto
    /// Always linear.
    case linear
    /// Always log.
    case log
  }

  /// What the band shows.
  public var band: BandKind
  /// The y scale.
  public var yScale: ScaleChoice
  /// The x scale.
  public var xScale: ScaleChoice

  /// Creates a plotter.
  public init(band: BandKind = .minmax, yScale: ScaleChoice = .auto, xScale: ScaleChoice = .linear) {
    self.band = band
    self.yScale = yScale
    self.xScale = xScale
  }

  /// The metric drawn when none is named: the first of f_gap, f, loss that every run traces, else the first
  /// column all runs share.
  public static func defaultMetric(_ runs: [FinishedRun]) -> String? {
    let shared = sharedColumns(runs)
    return ["f_gap", "f", "loss"].first(where: shared.contains) ?? shared.first
  }

  /// Trace columns every run has (without `iter` and the oracle counters), in the first run's order.
  public static func sharedColumns(_ runs: [FinishedRun]) -> [String] {
    guard let first = runs.first else { return [] }
    let hidden = Set(["iter"] + OracleCounters.columnNames)
    return first.trace.columns.filter { column in
      !hidden.contains(column) && runs.allSatisfy { $0.trace.columns.contains(column) }
    }
  }

  /// A figure of `metric` against `axis`, one series per group. Groups whose runs lack the metric or the axis are
  /// left out and named in the returned notes.
  public func lineFigure(_ groups: [PlotGroup], metric: String, axis: PlotAxis, context: String? = nil)
    throws(CatalogueError) -> (figure: LineFigure, notes: [String])
  {
    var notes: [String] = []
    var series: [PlotSeries] = []
    var counters = Set<String>()
    let xKind: AxisScale.Kind = xScale == .log ? .log : .linear
    var traced = false
    for group in groups {
      var curves: [(x: [Double], y: [Double])] = []
      for run in group.runs {
        guard let y = run.trace.column(metric) else { continue }
        traced = true
        guard let x = axis.values(of: run) else { continue }
        curves.append((x, y))
        for name in OracleCounters.columnNames where run.oracleCount(name) > 0 { counters.insert(name) }
      }
      if curves.isEmpty {
        notes.append("\(group.label) has no trace column '\(metric)' or no \(axis.noun) data; left out")
        continue
      }
      let diverged = group.runs.filter { $0.termination == Termination.diverged.rawValue }.count
      let label = group.label + (diverged > 0 ? " (diverged: \(diverged) of \(group.runs.count))" : "")
      series.append(PlotSeries(label: label, curves: curves, band: band, xKind: xKind))
    }
    if series.isEmpty && traced {
      throw .usage("no run that traces '\(metric)' has \(axis.noun) data (choose another axis with --x)")
    }
    if series.isEmpty {
      let available = Self.sharedColumns(groups.flatMap(\.runs))
      throw .usage(
        "no run traces '\(metric)' (columns: \(available.isEmpty ? "none" : available.joined(separator: ", ")))")
    }
    var allValues = series.flatMap { $0.points.flatMap { [$0.centre, $0.low, $0.high] } }
    // A diverging run reaches 1e100 and would squeeze every other line into the bottom pixel row: values beyond
    // 1000 times the largest starting value are cut off at the top edge, and the caption says so.
    let starts = series.compactMap { $0.points.first(where: { $0.centre.isFinite })?.centre }.map(abs)
    var ceiling: Double? = nil
    if yScale == .auto, let start = starts.max(), start > 0,
      allValues.contains(where: { $0.isFinite && $0 > 1e3 * start })
    {
      ceiling = 1e3 * start
      allValues = allValues.filter { $0 <= 1e3 * start }
    }
    let yKind: AxisScale.Kind
    switch yScale {
    case .auto: yKind = LineFigure.automaticScale(allValues)
    case .linear: yKind = .linear
    case .log: yKind = .log
    }
    let runs = groups.flatMap(\.runs)
    let problem = context ?? Self.problemDescription(runs)
    let seeds = SeedList(seeds: Array(Set(runs.map(\.seed))).sorted())
    let seedText = seeds.seeds.count == 1 ? "seed \(seeds)" : "seeds \(seeds)"
    var subtitle = "line: median over \(seedText)"
    if band != .none && series.contains(where: { $0.runCount > 1 }) { subtitle += "; band: \(band.caption)" }
    if yKind == .log && allValues.contains(where: { $0.isFinite && $0 <= 0 }) {
      subtitle += "; values ≤ 0 drawn at the bottom edge"
    }
    if let ceiling {
      subtitle += "; values above \(StatisticText.significant(ceiling, digits: 2)) (diverging) drawn at the top edge"
    }
    let counterNames = OracleCounters.columnNames.filter(counters.contains)
    var figure = LineFigure(
      name: "\(metric)-vs-\(axis)", title: "\(metric) against \(axis.noun)\(problem.isEmpty ? "" : " — " + problem)",
      subtitle: subtitle, xLabel: axis.label(counters: counterNames),
      yLabel: metric + (yKind == .log ? " (log scale)" : ""), xKind: xKind, yKind: yKind, band: band,
      series: series)
    figure.ceiling = ceiling
    return (figure, notes)
  }

  /// Histograms of every statistic in the runs' `samples.csv`, against `samples_reference.csv` when a run has one
  /// (see docs/comparison.md for the format).
  public func histograms(_ groups: [PlotGroup]) throws(CatalogueError) -> [HistogramFigure] {
    var statistics: [String] = []
    var samples: [String: [(String, [Double])]] = [:]
    var reference: [String: [(x: Double, density: Double)]] = [:]
    for group in groups {
      var pooled: [String: [Double]] = [:]
      for run in group.runs {
        let path = FileSystem.join(run.folder, "samples.csv")
        guard FileSystem.kind(of: path) == .file else { continue }
        let table = TraceTable(parsing: try FileSystem.readText(path))
        for column in table.columns {
          if !statistics.contains(column) { statistics.append(column) }
          pooled[column, default: []] += table.column(column) ?? []
        }
        let referencePath = FileSystem.join(run.folder, "samples_reference.csv")
        if FileSystem.kind(of: referencePath) == .file {
          let table = TraceTable(parsing: try FileSystem.readText(referencePath))
          for column in table.columns where reference[column] == nil {
            guard let x = table.column(column), let density = table.column(column + "_density") else { continue }
            reference[column] = zip(x, density).filter { $0.0.isFinite && $0.1.isFinite }.map { ($0.0, $0.1) }
              .sorted { $0.x < $1.x }
          }
        }
      }
      for (column, values) in pooled { samples[column, default: []].append((group.label, values)) }
    }
    let problem = Self.problemDescription(groups.flatMap(\.runs))
    return statistics.map { statistic in
      HistogramFigure(
        name: "\(statistic)-histogram",
        statistic: statistic,
        title: "Histogram of \(statistic)\(problem.isEmpty ? "" : " — " + problem)",
        series: (samples[statistic] ?? []).map { HistogramFigure.Series(label: $0.0, samples: $0.1) },
        reference: reference[statistic] ?? [])
    }
  }

  /// "quadratic (condition=100, dim=50)" when every run is on one problem with one parameter set, "quadratic"
  /// when the parameters differ, "" when the problems differ.
  static func problemDescription(_ runs: [FinishedRun]) -> String {
    guard let first = runs.first, runs.allSatisfy({ $0.problem == first.problem }) else { return "" }
    let parameters = JSONValue.object(first.problemParameters).labelText
    guard runs.allSatisfy({ JSONValue.object($0.problemParameters).labelText == parameters }),
      !first.problemParameters.isEmpty
    else { return first.problem }
    let settings = first.problemParameters.keys.sorted().map { "\($0)=\(first.problemParameters[$0]!.labelText)" }
    return "\(first.problem) (\(settings.joined(separator: ", ")))"
  }

  /// Writes `<name>.svg` and `<name>.csv` into a folder (atomically) and returns both paths.
  public static func write(name: String, svg: String, csv: String, to folder: String) throws(CatalogueError)
    -> [String]
  {
    let svgPath = FileSystem.join(folder, "\(name).svg")
    let csvPath = FileSystem.join(folder, "\(name).csv")
    try FileSystem.writeAtomically(Array(svg.utf8), to: svgPath)
    try FileSystem.writeAtomically(Array(csv.utf8), to: csvPath)
    return [svgPath, csvPath]
  }
}

extension SeedList {
  /// A list of given seeds.
  init(seeds: [UInt64]) {
    self.init(first: 0, count: 0)
    self.seeds = seeds
  }
}
