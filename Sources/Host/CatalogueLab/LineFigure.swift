import CatalogueHost

/// A figure of one metric against iterations, oracle calls or time: one line per algorithm (the median over
/// seeds) with a band over seeds, as SVG, plus the CSV of exactly what is drawn.
public struct LineFigure: Sendable {
  /// File stem and id prefix ("f_gap-vs-iter"); ids in the SVG derive from it so several figures can be inlined
  /// into one HTML page.
  public var name: String
  /// The title.
  public var title: String
  /// A caption under the title (what the line and band are).
  public var subtitle: String
  /// The x axis title, with its unit.
  public var xLabel: String
  /// The y axis title.
  public var yLabel: String
  /// Linear or log x.
  public var xKind: AxisScale.Kind
  /// Linear or log y.
  public var yKind: AxisScale.Kind
  /// Whether the series have bands.
  public var band: BandKind
  /// The lines.
  public var series: [PlotSeries]
  /// The top of the y axis when larger values are cut off (drawn at the top edge), or nil to show everything.
  public var ceiling: Double?

  /// Creates a figure.
  public init(
    name: String, title: String, subtitle: String, xLabel: String, yLabel: String, xKind: AxisScale.Kind,
    yKind: AxisScale.Kind, band: BandKind, series: [PlotSeries]
  ) {
    self.name = name
    self.title = title
    self.subtitle = subtitle
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xKind = xKind
    self.yKind = yKind
    self.band = band
    self.series = series
    ceiling = nil
  }

  /// Log when the values are positive and span at least two decades (values at or below zero are tolerated
  /// when they are round-off, at most 1e-9 of the largest magnitude, as f − f* often is at convergence).
  public static func automaticScale(_ values: [Double]) -> AxisScale.Kind {
    let finite = values.filter(\.isFinite)
    let positive = finite.filter { $0 > 0 }
    guard let smallest = positive.min(), let largest = positive.max() else { return .linear }
    let roundOff = finite.allSatisfy { $0 > 0 || abs($0) <= 1e-9 * largest }
    return roundOff && largest / smallest >= 100 ? .log : .linear
  }

  /// Every y value drawn (lines and bands).
  var drawnValues: [Double] { series.flatMap { $0.points.flatMap { [$0.centre, $0.low, $0.high] } } }

  /// The SVG document.
  public var svg: String {
    var ys = drawnValues.filter { $0.isFinite && (yKind == .linear || $0 > 0) }
    if let ceiling { ys = ys.filter { $0 <= ceiling } + [ceiling] }
    let xs = series.flatMap { $0.points.map(\.x) }.filter { $0.isFinite && (xKind == .linear || $0 > 0) }
    var xLow = xs.min() ?? 0
    let xHigh = xs.max() ?? 1
    // Iterations, counts and times start at zero: show it when the data start near it.
    if xKind == .linear && xLow > 0 && xLow <= 0.25 * xHigh { xLow = 0 }
    let xAxis = AxisScale(kind: xKind, low: xLow, high: xHigh, nice: xKind == .log)
    let yAxis = AxisScale(kind: yKind, low: ys.min() ?? 0, high: ys.max() ?? 1, nice: true)
    let legend = series.enumerated().map { index, line in
      FigureFrame.LegendEntry(
        lines: FigureFrame.legendLines(line.label), colour: FigureStyle.colour(index), dash: FigureStyle.dash(index),
        band: band != .none && line.runCount > 1)
    }
    let frame = FigureFrame(
      title: title, subtitle: subtitle, legend: legend, xAxis: xAxis, yAxis: yAxis, xLabel: xLabel, yLabel: yLabel)
    var svg = SVGWriter(width: frame.width, height: frame.height, title: title)
    let clip = "clip-" + Self.identifier(name)
    frame.background(&svg, clipID: clip)
    svg.raw("<g clip-path=\"url(#\(clip))\">\n")
    for (index, line) in series.enumerated() {
      let colour = FigureStyle.colour(index)
      svg.raw("<g class=\"series\" data-label=\"\(SVGWriter.escape(line.label))\">\n")
      svg.raw("<title>\(SVGWriter.escape(line.label))</title>\n")
      if band != .none && line.runCount > 1 {
        for segment in Self.segments(line.points) where !segment.isEmpty {
          let upper = segment.map { (frame.px($0.x), frame.py($0.high)) }
          let lower = segment.reversed().map { (frame.px($0.x), frame.py($0.low)) }
          svg.raw(
            "<path class=\"band\" d=\"\(SVGWriter.pathData(upper + lower))Z\" fill=\"\(colour)\" "
              + "fill-opacity=\"0.18\" stroke=\"none\"/>\n")
        }
      }
      let points: [(Double, Double)?] = line.points.map { point in
        point.centre.isFinite ? (frame.px(point.x), frame.py(point.centre)) : nil
      }
      if points.compactMap({ $0 }).count == 1, let (x, y) = points.compactMap({ $0 }).first {
        svg.raw(
          "<circle class=\"line\" cx=\"\(SVGWriter.number(x))\" cy=\"\(SVGWriter.number(y))\" r=\"3.5\" "
            + "fill=\"\(colour)\"/>\n")
      } else {
        svg.raw(
          "<path class=\"line\" d=\"\(SVGWriter.pathData(points))\" fill=\"none\" stroke=\"\(colour)\" "
            + "stroke-width=\"2\" stroke-linejoin=\"round\"\(FigureStyle.dash(index))/>\n")
      }
      svg.raw("</g>\n")
    }
    svg.raw("</g>\n")
    if series.allSatisfy({ $0.points.allSatisfy { !$0.centre.isFinite } }) {
      svg.label(
        "no finite values to draw", x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2,
        size: FigureStyle.axisLabelSize, anchor: "middle", extra: "fill=\"#888\"")
    }
    frame.foreground(&svg)
    return svg.finish()
  }

  /// The plotted data: one row per series and grid point.
  public var csv: String {
    var text = "series,x,median,low,high,seeds\n"
    for line in series {
      for point in line.points {
        text += CSVText.field(line.label) + "," + NumberFormat.shortest(point.x) + ","
        text += [point.centre, point.low, point.high].map(NumberFormat.shortest).joined(separator: ",")
        text += ",\(point.count)\n"
      }
    }
    return text
  }

  /// Runs of points with finite band edges (a gap where a value is missing).
  static func segments(_ points: [PlotSeries.Point]) -> [[PlotSeries.Point]] {
    var result: [[PlotSeries.Point]] = [[]]
    for point in points {
      if point.low.isFinite && point.high.isFinite {
        result[result.count - 1].append(point)
      } else if !result[result.count - 1].isEmpty {
        result.append([])
      }
    }
    return result
  }

  /// A string reduced to [A-Za-z0-9_-], for XML ids.
  static func identifier(_ text: String) -> String {
    String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
  }
}
