import CatalogueHost
import XCTest

@testable import CatalogueLab

#if canImport(FoundationXML)
  import FoundationXML
#else
  import Foundation
#endif

/// Figures: axes with round ticks, bands computed on a common grid, SVG that any XML parser reads with the
/// expected series in it, and histograms normalised as densities.
final class FigureTests: XCTestCase {
  /// Collects elements and the attributes of every `g class="series"` while parsing.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var seriesLabels: [String] = []
    var texts: [String] = []
    private var text = ""

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      elements[name, default: 0] += 1
      if name == "g", attributes["class"] == "series", let label = attributes["data-label"] {
        seriesLabels.append(label)
      }
      text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      if name == "text" { texts.append(text) }
    }
  }

  func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> Collector {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = Collector()
    parser.delegate = collector
    XCTAssertTrue(
      parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
    return collector
  }

  func testLinearAxesGetRoundTicksNearTheTargetCount() {
    let iterations = AxisScale(kind: .linear, low: 0, high: 1001, nice: false)
    XCTAssertEqual(iterations.ticks.map(\.value), [0, 200, 400, 600, 800, 1000])
    XCTAssertEqual(iterations.ticks.map(\.label), ["0", "200", "400", "600", "800", "1000"])
    XCTAssertEqual(iterations.lower, 0)
    XCTAssertEqual(iterations.upper, 1001)
    let widened = AxisScale(kind: .linear, low: 0.013, high: 0.987, nice: true)
    XCTAssertEqual(widened.lower, 0)
    XCTAssertEqual(widened.upper, 1, accuracy: 1e-15)
    XCTAssertEqual(widened.ticks.map(\.label), ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    XCTAssertEqual(AxisScale(kind: .linear, low: 0, high: 3e7, nice: true).ticks.last?.label, "3e7")
    XCTAssertEqual(iterations.fraction(500.5), 0.5, accuracy: 1e-15)
    XCTAssertEqual(iterations.fraction(-10), 0)
    XCTAssertEqual(iterations.fraction(5000), 1)
  }

  func testLogAxesSpanWholeDecadesAndLabelRoundPowers() {
    let axis = AxisScale(kind: .log, low: 3e-31, high: 9.3, nice: true)
    XCTAssertEqual(axis.lower, 1e-31, accuracy: 1e-45)
    XCTAssertEqual(axis.upper, 10)
    XCTAssertEqual(axis.ticks.compactMap(\.exponent), [-30, -25, -20, -15, -10, -5, 0])
    let few = AxisScale(kind: .log, low: 0.02, high: 300, nice: true)
    XCTAssertEqual(few.ticks.compactMap(\.exponent), [-2, -1, 0, 1, 2, 3])
    XCTAssertEqual(few.minorTicks.count, 5 * 8)
    XCTAssertEqual(few.fraction(1), 0.4, accuracy: 1e-12)
    XCTAssertEqual(few.fraction(-1), 0, "non-positive values go to the bottom edge")
  }

  func testAutomaticScaleIsLogForDecadesAndRoundOffZeros() {
    XCTAssertEqual(LineFigure.automaticScale([10, 1, 0.01]), .log)
    XCTAssertEqual(LineFigure.automaticScale([10, 1, 1e-3, -1e-17]), .log)
    XCTAssertEqual(LineFigure.automaticScale([10, 1, 0.2]), .linear)
    XCTAssertEqual(LineFigure.automaticScale([10, -3, 0.01]), .linear)
    XCTAssertEqual(LineFigure.automaticScale([.nan]), .linear)
  }

  func testBandsUseStepValuesOnTheUnionGridAndCarryFinalValuesForward() {
    // Seed A reports at x = 0, 2, 4; seed B at x = 1, 2, 3 (time or oracle axes differ per seed).
    let series = PlotSeries(
      label: "m", curves: [(x: [0, 2, 4], y: [8, 4, 2]), (x: [1, 2, 3], y: [6, 5, 1])], band: .minmax,
      xKind: .linear)
    XCTAssertEqual(series.points.map(\.x), [0, 1, 2, 3, 4])
    XCTAssertEqual(series.points.map(\.count), [1, 2, 2, 2, 2])
    XCTAssertEqual(series.points.map(\.centre), [8, 7, 4.5, 2.5, 1.5])
    XCTAssertEqual(series.points.map(\.low), [8, 6, 4, 1, 1])
    XCTAssertEqual(series.points.map(\.high), [8, 8, 5, 4, 2])
    let quartiles = PlotSeries(
      label: "q", curves: (1...5).map { (x: [0.0], y: [Double($0)]) }, band: .quartiles, xKind: .linear)
    XCTAssertEqual(quartiles.points[0].low, 2)
    XCTAssertEqual(quartiles.points[0].high, 4)
    let thinned = PlotSeries.grid((1...10_000).map(Double.init), xKind: .log, maxPoints: 50)
    XCTAssertLessThanOrEqual(thinned.count, 50)
    XCTAssertEqual(thinned.first, 1)
    XCTAssertEqual(thinned.last, 10_000)
    XCTAssertGreaterThanOrEqual(thinned.filter { $0 <= 10 }.count, 8, "log spacing keeps the small iterations")
    XCTAssertEqual(
      PlotSeries.grid((1...10_000).map(Double.init), xKind: .linear, maxPoints: 50).filter { $0 <= 10 }, [1])
  }

  func testLineFigureIsWellFormedWithEverySeriesAndItsCSV() {
    func curves(_ rate: Double) -> [(x: [Double], y: [Double])] {
      let x = (0...100).map(Double.init)
      return (0..<3).map { (seed: Int) -> (x: [Double], y: [Double]) in
        let scale = 1 + 0.1 * Double(seed)
        return (x: x, y: x.map { (k: Double) -> Double in pow(rate, k) * scale })
      }
    }
    let figure = LineFigure(
      name: "f_gap-vs-iter", title: "f_gap against iteration — quadratic <κ = 100 & n = 50>",
      subtitle: "line: median over seeds 1..3; band: min–max", xLabel: "iteration (count)",
      yLabel: "f_gap (log scale)", xKind: .linear, yKind: .log, band: .minmax,
      series: [
        PlotSeries(label: "gd", curves: curves(0.9), band: .minmax, xKind: .linear),
        PlotSeries(label: "nesterov \"fast\"", curves: curves(0.7), band: .minmax, xKind: .linear),
      ])
    let svg = figure.svg
    let parsed = parse(svg)
    XCTAssertEqual(parsed.seriesLabels, ["gd", "nesterov \"fast\""])
    XCTAssertEqual(parsed.elements["svg"], 1)
    XCTAssertEqual(parsed.elements["path"], 4, "a band and a line per series")
    XCTAssertTrue(parsed.texts.contains("f_gap against iteration — quadratic <κ = 100 & n = 50>"), "\(parsed.texts)")
    XCTAssertTrue(parsed.texts.contains("iteration (count)"))
    XCTAssertTrue(parsed.texts.contains("f_gap (log scale)"))
    XCTAssertTrue(parsed.texts.contains("gd"))
    XCTAssertTrue(svg.contains("clip-path=\"url(#clip-f_gap-vs-iter)\""))
    XCTAssertEqual(svg, figure.svg, "the same data give the same bytes")
    let lines = figure.csv.split(separator: "\n")
    XCTAssertEqual(lines.first, "series,x,median,low,high,seeds")
    XCTAssertEqual(lines.count, 1 + 2 * 101)
    XCTAssertEqual(lines[1], "gd,0.0,1.1,1.0,1.2,3")
    XCTAssertTrue(lines.contains { $0.hasPrefix("\"nesterov \"\"fast\"\"\",100.0,") }, "labels are CSV-quoted")
  }

  func testTickLabelsNeverOverlap() {
    // Many ticks with wide labels ("0.0005"): labels are thinned until neighbours keep a gap.
    let axis = AxisScale(kind: .linear, low: 0, high: 0.0123456, nice: false, targetTicks: 40)
    XCTAssertEqual(axis.ticks.count, 25)
    let frame = FigureFrame(
      title: "t", subtitle: "", legend: [], xAxis: axis, yAxis: AxisScale(kind: .linear, low: 0, high: 1, nice: true),
      xLabel: "x", yLabel: "y")
    for (a, b) in zip(frame.xTicks, frame.xTicks.dropFirst()) {
      let gap = frame.px(b.value) - frame.px(a.value)
      let room = (FigureFrame.tickWidth(a) + FigureFrame.tickWidth(b)) / 2
      XCTAssertGreaterThan(gap, room + 10, "\(a.label) and \(b.label)")
    }
    XCTAssertLessThan(frame.xTicks.count, axis.ticks.count)
    XCTAssertGreaterThanOrEqual(frame.xTicks.count, 3)
  }

  func testHistogramDensitiesIntegrateToOneAndTheSVGHasTheReference() {
    var state: UInt64 = 12345
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return (Double(state >> 11) + 0.5) * 0x1p-53
    }
    let normal = (0..<4000).map { _ in (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
    let reference = stride(from: -4.0, through: 4.0, by: 0.05).map { x in
      (x: x, density: exp(-x * x / 2) / (2 * .pi).squareRoot())
    }
    let figure = HistogramFigure(
      name: "x-histogram", statistic: "x", title: "Histogram of x",
      series: [.init(label: "langevin", samples: normal)], reference: reference)
    let densities = figure.densities(figure.series[0])
    let width = figure.edges[1] - figure.edges[0]
    let mass = densities.reduce(0, +) * width
    XCTAssertEqual(mass, 1 - figure.outsideFraction, accuracy: 1e-12)
    XCTAssertGreaterThan(mass, 0.99)
    XCTAssertTrue((10...80).contains(densities.count))
    // The peak bin is near the normal density's maximum 0.399 (a few standard errors at n = 4000).
    XCTAssertEqual(densities.max()!, 0.399, accuracy: 0.06)
    let parsed = parse(figure.svg)
    XCTAssertEqual(parsed.seriesLabels, ["langevin", "reference density"])
    XCTAssertTrue(parsed.texts.contains("probability density"))
    XCTAssertTrue(figure.csv.hasPrefix("series,x_low,x_high,density\nlangevin,"))
    XCTAssertTrue(figure.csv.contains("\nreference density,-4.0,-4.0,0.000133830"), figure.csv)
  }

  func testReportMarkupRendersTheSameInMarkdownAndHTML() {
    let statement = ReportDocument.plain("f* = 0 for x_1 < 2 `q`")
    XCTAssertEqual(statement, "f\\* = 0 for x\\_1 \\< 2 \\`q\\`")
    XCTAssertEqual(ReportDocument.inline(statement), "f* = 0 for x_1 &lt; 2 `q`")
    XCTAssertEqual(
      ReportDocument.inline("**pass**: `a|b` & more"), "<strong>pass</strong>: <code>a|b</code> &amp; more")
    var document = ReportDocument(title: "T")
    document.blocks = [.table(header: ["a", "b"], rows: [["x|y", "z"]], status: [false])]
    XCTAssertTrue(document.markdown.contains("| x\\|y | z |"))
    XCTAssertTrue(document.html.contains("<tr class=\"fail\"><td>x|y</td><td>z</td></tr>"))
  }
}
