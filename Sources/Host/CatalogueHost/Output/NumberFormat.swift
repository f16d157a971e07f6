/// How the host prints numbers, in one place, so `trace.csv` is byte-identical across runs and machines.
public enum NumberFormat {
  /// Swift's shortest round-trip form ("0.1", "1e-05", "inf", "nan"): parsing it gives back the same double,
  /// and it depends on nothing but the value.
  public static func shortest(_ value: Double) -> String {
    value.description
  }

  /// An integral value without ".0" ("0", "100"), otherwise the shortest form; for bounds in messages.
  public static func compact(_ value: Double) -> String {
    if value.isFinite && value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
    return shortest(value)
  }

  /// A value with about four significant digits for terminal tables ("0.001235", "1.235e+06"); never for files.
  public static func brief(_ value: Double) -> String {
    guard value.isFinite else { return shortest(value) }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e-3 && magnitude < 1e6 {
      let digits = max(0, 3 - Int((magnitude).log10Floor))
      return fixed(value, digits: digits)
    }
    var exponent = Int(magnitude.log10Floor)
    var mantissa = value / pow10(exponent)
    if abs(mantissa) >= 9.9995 {
      exponent += 1
      mantissa /= 10
    }
    return fixed(mantissa, digits: 3) + "e" + (exponent < 0 ? "-" : "+") + pad(abs(exponent))
  }

  /// Seconds for humans: "0.012 s", "3.4 s", "2 min 5 s".
  public static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    if seconds < 1 { return fixed(seconds, digits: 3) + " s" }
    if seconds < 60 { return fixed(seconds, digits: 1) + " s" }
    let total = Int(seconds.rounded())
    if total < 3600 { return "\(total / 60) min \(total % 60) s" }
    return "\(total / 3600) h \(total % 3600 / 60) min"
  }

  /// Fixed-point text with a number of decimals (round half away from zero), without Foundation.
  public static func fixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return shortest(value) }
    let scale = pow10(digits)
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e15 else { return shortest(value) }
    let integer = UInt64(scaled)
    let unit = UInt64(scale)
    var text = String(integer / unit)
    if digits > 0 {
      let fraction = String(integer % unit)
      text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return (value < 0 && integer != 0 ? "-" : "") + text
  }

  private static func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
  }

  private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Double {
  /// floor(log10(self)) for positive finite values, exact at powers of ten.
  fileprivate var log10Floor: Double {
    var exponent = 0.0
    var value = self
    while value >= 10 {
      value /= 10
      exponent += 1
    }
    while value < 1 {
      value *= 10
      exponent -= 1
    }
    return exponent
  }
}

extension Duration {
  /// The duration in seconds, to the nanosecond (so printed timings carry no sub-nanosecond noise).
  package var inSeconds: Double {
    let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    return Double(nanoseconds) / 1e9
  }
}
