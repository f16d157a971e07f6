import CatalogueHost
import Glibc

/// A histogram of a sampler's statistic, one outline per algorithm (samples pooled over seeds), drawn against the
/// statistic's reference density: the picture that shows whether a sampler targets the right distribution.
///
/// Heights are densities (count / (n · bin width), n counting every sample of the series), so the area of the
/// bars in range and the reference density are on the same scale.
public struct HistogramFigure: Sendable {
  /// One algorithm's samples.
  public struct Series: Sendable {
    /// The legend label.
    public var label: String
    /// The samples, pooled over seeds.
    public var samples: [Double]

    /// Creates a series.
    public init(label: String, samples: [Double]) {
      self.label = label
      self.samples = samples
    }
  }

  /// File stem and id prefix.
  public var name: String
  /// The statistic (x axis title).
  public var statistic: String
  /// The title.
  public var title: String
  /// The series.
  public var series: [Series]
  /// The reference density at increasing x, if known.
  public var reference: [(x: Double, density: Double)]

  /// The bin edges, shared by every series.
  public let edges: [Double]
  /// Fraction of all samples outside the drawn range (the extreme 0.1% on each side are cut so that one outlier
  /// cannot flatten the histogram).
  public let outsideFraction: Double

  /// Creates a histogram; bins by the Freedman–Diaconis rule on the pooled samples, between 10 and 80 of them.
  public init(
    name: String, statistic: String, title: String, series: [Series], reference: [(x: Double, density: Double)]
  ) {
    self.name = name
    self.statistic = statistic
    self.title = title
    self.series = series
    self.reference = reference.filter { $0.x.isFinite && $0.density.isFinite }
    let pooled = SampleStatistics(series.flatMap(\.samples))
    var low = pooled.count > 1000 ? pooled.quantile(0.001) : pooled.minimum
    var high = pooled.count > 1000 ? pooled.quantile(0.999) : pooled.maximum
    if !low.isFinite || !high.isFinite {
      low = self.reference.first?.x ?? 0
      high = self.reference.last?.x ?? 1
    }
    if high <= low {
      low -= 0.5
      high += 0.5
    }
    let spread = pooled.quantile(0.75) - pooled.quantile(0.25)
    let width = spread > 0 ? 2 * spread * pow(Double(max(pooled.count, 1)), -1.0 / 3.0) : (high - low) / 20
    let bins = min(80, max(10, Int(((high - low) / width).rounded(.up))))
    edges = (0...bins).map { low + (high - low) * Double($0) / Double(bins) }
    let outside = series.flatMap(\.samples).filter { $0.isFinite && ($0 < low || $0 > high) }.count
    outsideFraction = pooled.count > 0 ? Double(outside) / Double(pooled.count) : 0
  }

  /// Densities per bin for one series.
  public func densities(_ series: Series) -> [Double] {
    let bins = edges.count - 1
    guard bins > 0, let low = edges.first, let high = edges.last else { return [] }
    var counts = [Int](repeating: 0, count: bins)
    for value in series.samples where value.isFinite && value >= low && value <= high {
      let index = min(Int((value - low) / (high - low) * Double(bins)), bins - 1)
      counts[index] += 1
    }
    let total = Double(series.samples.filter(\.isFinite).count)
    let width = (high - low) / Double(bins)
    return counts.map { total > 0 ? Double($0) / (total * width) : 0 }
  }

  /// The SVG document.
  public var svg: String {
    let low = edges.first ?? 0
    let high = edges.last ?? 1
    let drawnReference = reference.filter { $0.x >= low && $0.x <= high }
    // The bars set the scale; a reference density that is singular at an edge (a χ² with one degree of freedom
    // at 0) may rise a little above them and is clipped there rather than flattening every bar.
    let barTop = series.flatMap(densities).max() ?? 0
    let referenceTop = drawnReference.map(\.density).max() ?? 0
    let top = barTop > 0 ? max(barTop, min(referenceTop, 1.3 * barTop)) : max(referenceTop, 1)
    let xAxis = AxisScale(kind: .linear, low: low, high: high, nice: false)
    let yAxis = AxisScale(kind: .linear, low: 0, high: top, nice: true)
    var legend = series.enumerated().map { index, entry in
      FigureFrame.LegendEntry(
        lines: FigureFrame.legendLines("\(entry.label) (\(entry.samples.count) samples)"),
        colour: FigureStyle.colour(index), dash: "", band: false, box: true)
    }
    if !drawnReference.isEmpty {
      legend.append(
        FigureFrame.LegendEntry(
          lines: FigureFrame.legendLines("reference density"), colour: "#222222", dash: " stroke-dasharray=\"6 3\"",
          band: false))
    }
    var caption = "samples pooled over seeds; \(edges.count - 1) bins"
    if outsideFraction > 0 {
      caption +=
        "; \(StatisticText.significant(outsideFraction * 100, digits: 2))% of samples lie outside the drawn range"
    }
    if drawnReference.isEmpty { caption += "; no reference density given" }
    let frame = FigureFrame(
      title: title, subtitle: caption, legend: legend, xAxis: xAxis, yAxis: yAxis, xLabel: statistic,
      yLabel: "probability density")
    var svg = SVGWriter(width: frame.width, height: frame.height, title: title)
    let clip = "clip-" + LineFigure.identifier(name)
    frame.background(&svg, clipID: clip)
    svg.raw("<g clip-path=\"url(#\(clip))\">\n")
    for (index, entry) in series.enumerated() {
      let colour = FigureStyle.colour(index)
      var points: [(Double, Double)?] = [(frame.px(low), frame.py(0))]
      for (bin, density) in densities(entry).enumerated() {
        points.append((frame.px(edges[bin]), frame.py(density)))
        points.append((frame.px(edges[bin + 1]), frame.py(density)))
      }
      points.append((frame.px(high), frame.py(0)))
      svg.raw("<g class=\"series\" data-label=\"\(SVGWriter.escape(entry.label))\">\n")
      svg.raw(
        "<path class=\"histogram\" d=\"\(SVGWriter.pathData(points))\" fill=\"\(colour)\" fill-opacity=\"0.15\" "
          + "stroke=\"\(colour)\" stroke-width=\"1.6\"/>\n</g>\n")
    }
    if !drawnReference.isEmpty {
      let points: [(Double, Double)?] = drawnReference.map { (frame.px($0.x), frame.py($0.density)) }
      svg.raw(
        "<g class=\"series\" data-label=\"reference density\">\n<path class=\"reference\" "
          + "d=\"\(SVGWriter.pathData(points))\" fill=\"none\" stroke=\"#222222\" stroke-width=\"2\" "
          + "stroke-dasharray=\"6 3\"/>\n</g>\n")
    }
    svg.raw("</g>\n")
    frame.foreground(&svg)
    return svg.finish()
  }

  /// The plotted data: bins per series (`x_low`, `x_high`, density), then the reference (`x_low` = `x_high`).
  public var csv: String {
    var text = "series,x_low,x_high,density\n"
    for entry in series {
      for (bin, density) in densities(entry).enumerated() {
        text += CSVText.field(entry.label) + ",\(NumberFormat.shortest(edges[bin])),"
        text += "\(NumberFormat.shortest(edges[bin + 1])),\(NumberFormat.shortest(density))\n"
      }
    }
    for point in reference {
      let x = NumberFormat.shortest(point.x)
      text += "reference density,\(x),\(x),\(NumberFormat.shortest(point.density))\n"
    }
    return text
  }
}
