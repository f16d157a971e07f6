import ArgumentParser
import CatalogueHost
import CatalogueLab

/// `catalogue plot`: SVG figures from run folders (a metric against iterations, oracle calls and time, one line
/// per configuration with a band over seeds; histograms for runs that wrote samples), each with the CSV it drew.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Draw SVG figures, and the CSV they plot, from run folders.",
    discussion: """
      Runs with the same algorithm, parameters and problem are one line: the median over their seeds, with a \
      band (min-max by default). The y axis is logarithmic when the values span two decades or more. A folder \
      that is not itself a run folder (a 'compare' or 'reproduce' folder) stands for the run folders in it. \
      Runs that wrote a samples.csv artifact (samplers) also get a histogram per statistic, drawn against the \
      reference density in samples_reference.csv when present (see docs/comparison.md).
      Writes OUT/<metric>-vs-<axis>.svg and .csv, and OUT/<statistic>-histogram.svg and .csv.
      """)

  @Argument(help: ArgumentHelp("Run folders, or folders of run folders.", valueName: "folder"))
  var folders: [String] = []

  @Option(help: ArgumentHelp("A trace column to plot (repeatable; default: f_gap, f or loss).", valueName: "name"))
  var metric: [String] = []

  @Option(
    name: .customLong("x"),
    help: ArgumentHelp(
      "x axis: iter, oracle, time or an oracle counter (repeatable; default: all three).",
      valueName: "axis"))
  var axes: [String] = []

  @Option(help: ArgumentHelp("Band over seeds: minmax, quartiles or none.", valueName: "kind"))
  var band = "minmax"

  @Option(help: ArgumentHelp("y scale: auto, linear or log.", valueName: "scale"))
  var yScale = "auto"

  @Option(help: ArgumentHelp("x scale: linear or log.", valueName: "scale"))
  var xScale = "linear"

  @Option(help: ArgumentHelp("The folder for the figures (created if needed).", valueName: "dir"))
  var out = "plots"

  func validate() throws {
    if folders.isEmpty { throw ValidationError("missing run folders: write 'catalogue plot runs/FOLDER...'") }
    guard BandKind(rawValue: band) != nil else {
      throw ValidationError("--band '\(band)' is not one of minmax, quartiles, none")
    }
    guard RunPlotter.ScaleChoice(rawValue: yScale) != nil else {
      throw ValidationError("--y-scale '\(yScale)' is not one of auto, linear, log")
    }
    guard xScale == "linear" || xScale == "log" else {
      throw ValidationError("--x-scale '\(xScale)' is not one of linear, log")
    }
  }

  func run() throws {
    let runs = try RunFolderSet.read(folders)
    let plotAxes = try (axes.isEmpty ? ["iter", "oracle", "time"] : axes).map { text throws(CatalogueError) in
      try PlotAxis(parsing: text)
    }
    let plotter = RunPlotter(
      band: BandKind(rawValue: band)!, yScale: RunPlotter.ScaleChoice(rawValue: yScale)!,
      xScale: RunPlotter.ScaleChoice(rawValue: xScale)!)
    let groups = PlotGroup.grouping(runs)
    var metrics = metric
    if metrics.isEmpty, let chosen = RunPlotter.defaultMetric(runs) { metrics = [chosen] }
    try FileSystem.makeDirectories(out)
    var files: [String] = []
    var notes: [String] = []
    for name in metrics {
      for axis in plotAxes {
        do {
          let (figure, left) = try plotter.lineFigure(groups, metric: name, axis: axis)
          notes += left
          files += try RunPlotter.write(name: figure.name, svg: figure.svg, csv: figure.csv, to: out)
        } catch {
          // A default axis the runs have no data for (runs without timing.csv) is skipped, not an error.
          guard axes.isEmpty, axis != .iteration, error.kind == .usage else { throw error }
          notes.append("no \(axis) figure for \(name): \(error.message)")
        }
      }
    }
    for histogram in try plotter.histograms(groups) {
      files += try RunPlotter.write(name: histogram.name, svg: histogram.svg, csv: histogram.csv, to: out)
    }
    if files.isEmpty {
      throw CatalogueError.usage("the runs share no trace column to plot; name one with --metric")
    }
    var seen = Set<String>()
    for note in notes where seen.insert(note).inserted { StandardError.write("note: \(note)\n") }
    let series = groups.map { "\($0.label) (\($0.runs.count) run\($0.runs.count == 1 ? "" : "s"))" }
    var rows = [["runs", "\(runs.count) in \(groups.count) series: \(series.joined(separator: ", "))"]]
    for (title, suffix) in [("figures", ".svg"), ("data", ".csv")] {
      for (index, path) in files.filter({ $0.hasSuffix(suffix) }).enumerated() {
        rows.append([index == 0 ? title : "", path])
      }
    }
    print(TextTable(rows: rows).text, terminator: "")
  }
}
