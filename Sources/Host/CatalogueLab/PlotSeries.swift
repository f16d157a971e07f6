import CatalogueHost
import Glibc

/// What a band around a line shows.
public enum BandKind: String, Sendable, CaseIterable {
  /// From the smallest to the largest seed: every run lies inside.
  case minmax
  /// From the first to the third quartile over seeds.
  case quartiles
  /// No band, the median line only.
  case none

  /// How captions name it.
  public var caption: String {
    switch self {
    case .minmax: return "min–max"
    case .quartiles: return "quartiles"
    case .none: return "none"
    }
  }
}

/// One line of a figure with its band: per-seed curves of one algorithm summarised on a common x grid.
public struct PlotSeries: Equatable, Sendable {
  /// One grid point.
  public struct Point: Equatable, Sendable {
    /// The x value.
    public var x: Double
    /// The median over the seeds that have reached x.
    public var centre: Double
    /// The lower edge of the band.
    public var low: Double
    /// The upper edge of the band.
    public var high: Double
    /// Seeds with a finite value at x.
    public var count: Int
  }

  /// The legend label.
  public var label: String
  /// How many runs (seeds) it summarises.
  public var runCount: Int
  /// The points, ascending in x.
  public var points: [Point]

  /// Creates a series from points.
  public init(label: String, runCount: Int, points: [Point]) {
    self.label = label
    self.runCount = runCount
    self.points = points
  }

  /// Summarises per-seed curves.
  ///
  /// The grid is the union of the curves' x values, thinned to at most `maxPoints` values evenly spread on the
  /// axis's scale. At a grid value each curve contributes its last value at or before it (curves are step
  /// functions of x: the iterate does not change between reports), and a curve that has ended contributes its
  /// final value (a run that stopped keeps its result). Curves contribute only once they have started, so time
  /// and oracle-count axes, where seeds report at different x, need no interpolation.
  public init(
    label: String, curves: [(x: [Double], y: [Double])], band: BandKind, xKind: AxisScale.Kind,
    maxPoints: Int = 400
  ) {
    self.label = label
    runCount = curves.count
    let usable = curves.map { curve in
      zip(curve.x, curve.y).filter { $0.0.isFinite && (xKind == .linear || $0.0 > 0) }
    }
    let grid = Self.grid(Set(usable.flatMap { $0.map(\.0) }).sorted(), xKind: xKind, maxPoints: maxPoints)
    var points: [Point] = []
    var cursors = [Int](repeating: -1, count: usable.count)
    for x in grid {
      var values: [Double] = []
      for (index, curve) in usable.enumerated() {
        while cursors[index] + 1 < curve.count && curve[cursors[index] + 1].0 <= x { cursors[index] += 1 }
        if cursors[index] >= 0 { values.append(curve[cursors[index]].1) }
      }
      let statistics = SampleStatistics(values)
      let (low, high): (Double, Double)
      switch band {
      case .minmax: (low, high) = (statistics.minimum, statistics.maximum)
      case .quartiles: (low, high) = (statistics.quantile(0.25), statistics.quantile(0.75))
      case .none: (low, high) = (statistics.median, statistics.median)
      }
      points.append(Point(x: x, centre: statistics.median, low: low, high: high, count: statistics.count))
    }
    self.points = points
  }

  /// At most `maxPoints` of the sorted values, evenly spread on a linear or log scale, always keeping the ends.
  static func grid(_ values: [Double], xKind: AxisScale.Kind, maxPoints: Int) -> [Double] {
    guard values.count > maxPoints, maxPoints >= 2, let first = values.first, let last = values.last else {
      return values
    }
    func scaled(_ value: Double) -> Double { xKind == .log ? log10(value) : value }
    let start = scaled(first)
    let span = scaled(last) - start
    var chosen: [Double] = []
    var index = 0
    for step in 0..<maxPoints {
      let target = start + span * Double(step) / Double(maxPoints - 1)
      while index < values.count - 1 && scaled(values[index]) < target { index += 1 }
      if chosen.last != values[index] { chosen.append(values[index]) }
    }
    return chosen
  }
}
