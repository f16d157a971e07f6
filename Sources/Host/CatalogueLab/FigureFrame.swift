import CatalogueHost

/// The parts every figure shares, laid out so that no two texts overlap: title and caption on top, the legend in
/// its own column on the right (never over the data), tick labels and axis titles outside the plotting area.
///
/// Layout works from text widths (`SVGWriter.textWidth`), which overestimate the usual fonts, so the frame is
/// computed before anything is drawn and every element gets its own box.
struct FigureFrame {
  /// One legend entry: its label lines and how to draw its swatch.
  struct LegendEntry {
    /// The label, wrapped.
    var lines: [String]
    /// Stroke colour.
    var colour: String
    /// Dash attribute ("" for solid).
    var dash: String
    /// Draw a band swatch behind the line.
    var band: Bool
    /// Draw a filled box instead of a line (histograms).
    var box: Bool = false
  }

  let width: Double
  let height: Double
  let titleLines: [String]
  let subtitleLines: [String]
  let legend: [LegendEntry]
  let xAxis: AxisScale
  let yAxis: AxisScale
  let xLabel: String
  let yLabel: String
  /// The plotting area.
  let left: Double
  let right: Double
  let top: Double
  let bottom: Double
  /// Ticks of the x axis that keep their labels (thinned so labels never touch).
  let xTicks: [AxisScale.Tick]
  private let legendLeft: Double

  init(
    title: String, subtitle: String, legend: [LegendEntry], xAxis: AxisScale, yAxis: AxisScale, xLabel: String,
    yLabel: String
  ) {
    width = FigureStyle.width
    height = FigureStyle.height
    let margin = FigureStyle.margin
    titleLines = SVGWriter.wrap(title, width: width - 2 * margin, size: FigureStyle.titleSize)
    subtitleLines =
      subtitle.isEmpty ? [] : SVGWriter.wrap(subtitle, width: width - 2 * margin, size: FigureStyle.subtitleSize)
    self.legend = legend
    self.xAxis = xAxis
    self.yAxis = yAxis
    self.xLabel = xLabel
    self.yLabel = yLabel
    let legendText = legend.flatMap(\.lines).map { SVGWriter.textWidth($0, size: FigureStyle.legendSize) }.max() ?? 0
    let legendWidth = legend.isEmpty ? 0 : 34 + min(legendText, FigureStyle.legendTextWidth) + 8
    let tickWidth = yAxis.ticks.map { Self.tickWidth($0) }.max() ?? 0
    left = margin + FigureStyle.axisLabelSize + 10 + tickWidth + 8
    right = width - margin - legendWidth - (legend.isEmpty ? 0 : 18)
    legendLeft = right + 18
    top =
      margin + Double(titleLines.count) * (FigureStyle.titleSize + 4)
      + Double(subtitleLines.count) * (FigureStyle.subtitleSize + 4) + 14
    bottom = height - margin - FigureStyle.axisLabelSize - 10 - FigureStyle.tickSize - 10
    // Thin the x ticks until neighbouring labels keep a gap of at least 12 px.
    var every = 1
    var kept = xAxis.ticks
    let span = right - left
    func fits(_ ticks: [AxisScale.Tick]) -> Bool {
      for (a, b) in zip(ticks, ticks.dropFirst()) {
        let distance = (xAxis.fraction(b.value) - xAxis.fraction(a.value)) * span
        if distance < (Self.tickWidth(a) + Self.tickWidth(b)) / 2 + 12 { return false }
      }
      return true
    }
    while !fits(kept) && kept.count > 2 {
      every += 1
      kept = xAxis.ticks.enumerated().filter { $0.offset % every == 0 }.map(\.element)
    }
    xTicks = kept
  }

  /// The pixel x of a value.
  func px(_ value: Double) -> Double { left + xAxis.fraction(value) * (right - left) }

  /// The pixel y of a value.
  func py(_ value: Double) -> Double { bottom - yAxis.fraction(value) * (bottom - top) }

  /// Width of a tick label in pixels.
  static func tickWidth(_ tick: AxisScale.Tick) -> Double {
    if let exponent = tick.exponent {
      return SVGWriter.textWidth("10", size: FigureStyle.tickSize)
        + SVGWriter.textWidth("−\(abs(exponent))", size: FigureStyle.tickSize * 0.8)
    }
    return SVGWriter.textWidth(tick.label, size: FigureStyle.tickSize)
  }

  /// Title, caption, grid, axes, ticks and axis titles; the caller draws the data between `background` and
  /// `foreground`.
  func background(_ svg: inout SVGWriter, clipID: String) {
    let margin = FigureStyle.margin
    var y = margin + FigureStyle.titleSize
    for line in titleLines {
      svg.label(line, x: width / 2, y: y, size: FigureStyle.titleSize, anchor: "middle", extra: "font-weight=\"bold\"")
      y += FigureStyle.titleSize + 4
    }
    for line in subtitleLines {
      svg.label(line, x: width / 2, y: y - 2, size: FigureStyle.subtitleSize, anchor: "middle", extra: "fill=\"#444\"")
      y += FigureStyle.subtitleSize + 4
    }
    svg.raw(
      "<defs><clipPath id=\"\(clipID)\"><rect x=\"\(SVGWriter.number(left))\" y=\"\(SVGWriter.number(top))\" "
        + "width=\"\(SVGWriter.number(right - left))\" height=\"\(SVGWriter.number(bottom - top))\"/></clipPath>"
        + "</defs>\n")
    svg.raw("<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n")
    for tick in yAxis.ticks { svg.line(x1: left, y1: py(tick.value), x2: right, y2: py(tick.value), attributes: "") }
    for tick in xTicks { svg.line(x1: px(tick.value), y1: top, x2: px(tick.value), y2: bottom, attributes: "") }
    svg.raw("</g>\n")
  }

  /// The axes box, ticks, tick labels, axis titles and the legend, drawn over the data.
  func foreground(_ svg: inout SVGWriter) {
    svg.rect(
      x: left, y: top, width: right - left, height: bottom - top,
      attributes: "fill=\"none\" stroke=\"#333\" stroke-width=\"1\"")
    svg.raw("<g class=\"ticks\" stroke=\"#333\" stroke-width=\"1\">\n")
    for tick in yAxis.ticks { svg.line(x1: left - 5, y1: py(tick.value), x2: left, y2: py(tick.value), attributes: "") }
    for value in yAxis.minorTicks where value > yAxis.lower && value < yAxis.upper {
      svg.line(x1: left - 3, y1: py(value), x2: left, y2: py(value), attributes: "")
    }
    for tick in xAxis.ticks {
      svg.line(x1: px(tick.value), y1: bottom, x2: px(tick.value), y2: bottom + 5, attributes: "")
    }
    for value in xAxis.minorTicks where value > xAxis.lower && value < xAxis.upper {
      svg.line(x1: px(value), y1: bottom, x2: px(value), y2: bottom + 3, attributes: "")
    }
    svg.raw("</g>\n<g class=\"tick-labels\" fill=\"#222\">\n")
    for tick in yAxis.ticks {
      tickLabel(&svg, tick, x: left - 8, y: py(tick.value) + FigureStyle.tickSize * 0.35, anchor: "end")
    }
    for tick in xTicks {
      tickLabel(&svg, tick, x: px(tick.value), y: bottom + 8 + FigureStyle.tickSize, anchor: "middle")
    }
    svg.raw("</g>\n")
    svg.label(
      xLabel, x: (left + right) / 2, y: height - FigureStyle.margin, size: FigureStyle.axisLabelSize, anchor: "middle",
      extra: "class=\"x-label\"")
    let yCentre = (top + bottom) / 2
    let yX = FigureStyle.margin + FigureStyle.axisLabelSize
    svg.label(
      yLabel, x: yX, y: yCentre, size: FigureStyle.axisLabelSize, anchor: "middle",
      extra: "class=\"y-label\" transform=\"rotate(-90 \(SVGWriter.number(yX)) \(SVGWriter.number(yCentre)))\"")
    drawLegend(&svg)
  }

  private func tickLabel(_ svg: inout SVGWriter, _ tick: AxisScale.Tick, x: Double, y: Double, anchor: String) {
    guard let exponent = tick.exponent else {
      svg.label(tick.label, x: x, y: y, size: FigureStyle.tickSize, anchor: anchor)
      return
    }
    let sign = exponent < 0 ? "−" : ""
    svg.raw(
      "<text x=\"\(SVGWriter.number(x))\" y=\"\(SVGWriter.number(y))\" font-size=\"\(FigureStyle.tickSize)\" "
        + "text-anchor=\"\(anchor)\">10<tspan dy=\"-5\" font-size=\"\(SVGWriter.number(FigureStyle.tickSize * 0.8))\">"
        + "\(sign)\(abs(exponent))</tspan></text>\n")
  }

  private func drawLegend(_ svg: inout SVGWriter) {
    guard !legend.isEmpty else { return }
    let lineHeight = FigureStyle.legendSize + 4
    var y = top + 4
    svg.raw("<g class=\"legend\">\n")
    for entry in legend {
      let middle = y + lineHeight / 2
      if entry.box {
        svg.rect(
          x: legendLeft, y: middle - 6, width: 26, height: 12,
          attributes: "fill=\"\(entry.colour)\" fill-opacity=\"0.25\" stroke=\"\(entry.colour)\" stroke-width=\"1.5\"")
      } else {
        if entry.band {
          svg.rect(
            x: legendLeft, y: middle - 6, width: 26, height: 12,
            attributes: "fill=\"\(entry.colour)\" fill-opacity=\"0.18\"")
        }
        svg.line(
          x1: legendLeft, y1: middle, x2: legendLeft + 26, y2: middle,
          attributes: "stroke=\"\(entry.colour)\" stroke-width=\"2.2\"\(entry.dash)")
      }
      for (index, line) in entry.lines.enumerated() {
        svg.label(
          line, x: legendLeft + 34, y: middle + FigureStyle.legendSize * 0.35 + Double(index) * lineHeight,
          size: FigureStyle.legendSize)
      }
      y += Double(entry.lines.count) * lineHeight + 6
    }
    svg.raw("</g>\n")
  }

  /// Wraps a legend label to the legend's width.
  static func legendLines(_ label: String) -> [String] {
    SVGWriter.wrap(label, width: FigureStyle.legendTextWidth, size: FigureStyle.legendSize)
  }
}
