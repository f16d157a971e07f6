import CatalogueHost
import Glibc

/// Numbers for tables and reports: a value to four significant digits, a spread to two, so "mean ± std" reads
/// at a glance and never claims more digits than the seeds support.
enum StatisticText {
  /// "4.346e-12 ± 1.1e-13" (or just the value for one seed or no spread).
  static func meanStd(_ statistics: SampleStatistics) -> String {
    guard statistics.count > 0 else { return "-" }
    var text = NumberFormat.brief(statistics.mean)
    if statistics.count > 1 { text += " ± " + significant(statistics.standardDeviation, digits: 2) }
    return text
  }

  /// A value with a number of significant digits: fixed form from 1e-3 up to 10^max(digits, 4), else `1.2e-07`
  /// (so 33705 to two digits is `3.4e+04`, never a string of digits the seeds cannot support).
  static func significant(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return NumberFormat.shortest(value) }
    if value == 0 { return "0" }
    // The exponent after rounding to the digits shown, so 0.99999 to four digits is 1.000, not 1.0000.
    let first = Int(log10(abs(value)).rounded(.down))
    let scale = pow(10, Double(digits - 1 - first))
    let rounded = (value * scale).rounded() / scale
    let exponent = rounded == 0 ? first : Int(log10(abs(rounded)).rounded(.down))
    if abs(value) >= 1e-3 && exponent < max(digits, 4) {
      return NumberFormat.fixed(value, digits: max(0, digits - 1 - exponent))
    }
    var mantissa = value / pow(10, Double(exponent))
    var power = exponent
    if abs(mantissa) >= 10 - 0.5 * pow(10, Double(1 - digits)) {
      mantissa /= 10
      power += 1
    }
    let sign = power < 0 ? "-" : "+"
    let magnitude = abs(power)
    return NumberFormat.fixed(mantissa, digits: digits - 1) + "e\(sign)\(magnitude < 10 ? "0" : "")\(magnitude)"
  }

  /// A count that may vary over seeds: "1001", or "median (min–max)".
  static func count(_ statistics: SampleStatistics) -> String {
    guard statistics.count > 0 else { return "-" }
    if statistics.minimum == statistics.maximum { return NumberFormat.compact(statistics.minimum) }
    return "\(NumberFormat.compact(statistics.median.rounded())) "
      + "(\(NumberFormat.compact(statistics.minimum))–\(NumberFormat.compact(statistics.maximum)))"
  }

  /// "max_iters ×5", "converged ×3, max_iters ×2", in order of frequency.
  static func tally(_ reasons: [String]) -> String {
    var counts: [String: Int] = [:]
    for reason in reasons { counts[reason, default: 0] += 1 }
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
  }
}
