import CatalogueHost
import Glibc

/// One axis of a figure: its kind, its domain and its ticks.
///
/// Linear axes get "nice" ticks (1, 2 or 5 times a power of ten) and a domain widened to the outer ticks; log
/// axes get a domain of whole decades with a tick per decade (every second or third decade when there are many),
/// so every labelled value is a round number a reader can take in at a glance.
public struct AxisScale: Equatable, Sendable {
  /// Linear or logarithmic.
  public enum Kind: String, Equatable, Sendable {
    /// Values map linearly.
    case linear
    /// log10 of values maps linearly (positive values only).
    case log
  }

  /// One tick: where it is and what it says.
  public struct Tick: Equatable, Sendable {
    /// The value at the tick.
    public var value: Double
    /// Its label; empty for a minor tick.
    public var label: String
    /// For log axes, the label is 10^exponent (drawn with a superscript).
    public var exponent: Int?
  }

  /// The kind.
  public var kind: Kind
  /// Lower end of the domain.
  public var lower: Double
  /// Upper end of the domain.
  public var upper: Double
  /// Labelled ticks, ascending.
  public var ticks: [Tick]
  /// Unlabelled minor ticks (log axes with few decades).
  public var minorTicks: [Double]

  /// An axis covering `[low, high]` (the data range). Linear axes are widened to nice ticks only when `nice` is
  /// set (the y axis); the x axis of a trace keeps the data range so the lines meet both sides.
  public init(kind: Kind, low: Double, high: Double, nice: Bool, targetTicks: Int = 6) {
    self.kind = kind
    var low = low.isFinite ? low : 0
    var high = high.isFinite ? high : 1
    switch kind {
    case .linear:
      if high <= low {
        let pad = low == 0 ? 1 : abs(low) * 0.1
        low -= pad
        high += pad
      }
      let step = Self.niceStep(span: high - low, target: targetTicks)
      if nice {
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
      }
      lower = low
      upper = high
      var values: [Double] = []
      var index = (low / step).rounded(.up)
      while index * step <= high + step * 1e-9 {
        values.append(abs(index * step) < step * 1e-9 ? 0 : index * step)
        index += 1
      }
      let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
      ticks = values.map { Tick(value: $0, label: Self.linearLabel($0, decimals: decimals), exponent: nil) }
      minorTicks = []
    case .log:
      if !(low > 0) { low = high > 0 ? high / 10 : 1 }
      if !(high > low) { high = low * 10 }
      let first = Int(log10(low).rounded(.down))
      var last = Int(log10(high).rounded(.up))
      if last == first { last += 1 }
      lower = pow(10, Double(first))
      upper = pow(10, Double(last))
      let decades = last - first
      // Label every 1st, 2nd, 3rd, 5th, 10th, ... decade, at exponents that are multiples of it (10^0, 10^-5,
      // 10^-10), so that at most targetTicks + 1 labels appear.
      let every = [1, 2, 3, 5, 10, 20, 50, 100].first { decades / $0 + 1 <= targetTicks + 1 } ?? 100
      ticks = stride(from: first, through: last, by: 1).filter { $0 % every == 0 }.map { exponent in
        Tick(value: pow(10, Double(exponent)), label: "10^\(exponent)", exponent: exponent)
      }
      minorTicks =
        decades <= 6
        ? (first..<last).flatMap { exponent in (2...9).map { Double($0) * pow(10, Double(exponent)) } } : []
    }
  }

  /// Where a value falls, from 0 (lower end) to 1 (upper end); values outside the domain (or non-positive values
  /// on a log axis) are clamped to the nearer end.
  public func fraction(_ value: Double) -> Double {
    let position: Double
    switch kind {
    case .linear: position = (value - lower) / (upper - lower)
    case .log: position = value > 0 ? (log10(value) - log10(lower)) / (log10(upper) - log10(lower)) : 0
    }
    return position.isNaN ? 0 : min(max(position, 0), 1)
  }

  /// 1, 2 or 5 times a power of ten, the step that puts the number of ticks over `span` nearest to `target`
  /// (the larger step on a tie).
  static func niceStep(span: Double, target: Int) -> Double {
    guard span > 0 && span.isFinite else { return 1 }
    let magnitude = pow(10, log10(span).rounded(.down))
    var best = magnitude
    var bestDistance = Int.max
    for scale in [magnitude / 100, magnitude / 10, magnitude] {
      for factor in [1.0, 2, 5] {
        let step = factor * scale
        let count = Int((span / step + 1e-9).rounded(.down)) + 1
        let distance = abs(count - target)
        if count >= 3 && (distance < bestDistance || (distance == bestDistance && step > best)) {
          best = step
          bestDistance = distance
        }
      }
    }
    return best
  }

  /// A tick label: integers as integers, small decimals in fixed form, very large or small values as `2.5e-7`.
  static func linearLabel(_ value: Double, decimals: Int) -> String {
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e6 || magnitude < 1e-4 { return scientific(value) }
    return NumberFormat.fixed(value, digits: min(decimals, 6))
  }

  /// `2.5e-7`, `1e6`: mantissa with at most three significant digits, trailing zeros dropped.
  static func scientific(_ value: Double) -> String {
    var exponent = Int(log10(abs(value)).rounded(.down))
    var mantissa = value / pow(10, Double(exponent))
    if abs(mantissa) >= 9.995 {
      mantissa /= 10
      exponent += 1
    }
    var text = NumberFormat.fixed(mantissa, digits: 2)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return "\(text)e\(exponent)"
  }
}
