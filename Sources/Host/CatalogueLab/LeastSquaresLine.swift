import CatalogueHost
import Glibc

/// The least-squares line y ≈ intercept + slope · x through points, for the log–log slope claims
/// (`CAT_CLAIM_LOG_LOG_SLOPE`: a rate O(k^−p) shows as slope −p of log(metric) against log(k)).
public struct LeastSquaresLine: Equatable, Sendable {
  /// The fitted slope.
  public var slope: Double
  /// The fitted intercept.
  public var intercept: Double
  /// Points used.
  public var count: Int

  /// Fits a line; nil with fewer than two points or when every x is the same.
  public init?(x: [Double], y: [Double]) {
    let n = min(x.count, y.count)
    guard n >= 2 else { return nil }
    // Centre first: the textbook one-pass formula loses every digit when x is large (iteration counts).
    let meanX = x.prefix(n).reduce(0, +) / Double(n)
    let meanY = y.prefix(n).reduce(0, +) / Double(n)
    var sxx = 0.0
    var sxy = 0.0
    for index in 0..<n {
      let dx = x[index] - meanX
      sxx += dx * dx
      sxy += dx * (y[index] - meanY)
    }
    guard sxx > 0 else { return nil }
    slope = sxy / sxx
    intercept = meanY - slope * meanX
    count = n
  }

  /// The slope of log(value) against log(iteration) over the rows with iteration ≥ 1 and a positive finite value
  /// (iteration 0 has no logarithm, and a zero or negative metric has none either); nil if fewer than two remain.
  public static func logLog(iterations: [Double], values: [Double]) -> LeastSquaresLine? {
    var x: [Double] = []
    var y: [Double] = []
    for (iteration, value) in zip(iterations, values) where iteration >= 1 && value > 0 && value.isFinite {
      x.append(log(iteration))
      y.append(log(value))
    }
    return LeastSquaresLine(x: x, y: y)
  }
}
