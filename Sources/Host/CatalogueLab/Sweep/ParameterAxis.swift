import CatalogueHost
import Glibc

/// One swept parameter: a `-p` key (`step_size`, `adam.learning_rate`, `problem.dim`) and the values it takes.
///
/// Values are kept as the text `-p` would carry, so a swept run is exactly the run a user could type, and the
/// run's stable id is computed from the same text.
public struct ParameterAxis: Equatable, Sendable {
  /// The key as written in the spec.
  public var key: String
  /// The values, in the order they are swept.
  public var values: [String]

  /// The largest number of values one axis may expand to.
  public static let limit = 10_000

  /// Creates an axis.
  public init(key: String, values: [String]) {
    self.key = key
    self.values = values
  }

  /// An axis from a spec value: a scalar, an array of scalars, `{ range = [a, b], step = s }` (a, a + s, … ≤ b),
  /// `{ log = [a, b], count = n }` (n values evenly spaced in log a … log b) or `{ linear = [a, b], count = n }`.
  public init(key: String, spec value: TOMLValue) throws(CatalogueError) {
    self.key = key
    func text(_ item: TOMLValue) throws(CatalogueError) -> String {
      switch item {
      case .string(let text): return text
      case .integer(let number): return String(number)
      case .float(let number):
        guard number.isFinite else { throw .usage("parameters.\(key): values must be finite (got \(number))") }
        return NumberFormat.shortest(number)
      case .boolean(let flag): return flag ? "true" : "false"
      default:
        throw .usage("parameters.\(key): \(item.kindName) is not a parameter value (write a number, string or boolean)")
      }
    }
    switch value {
    case .array(let items):
      guard !items.isEmpty else { throw .usage("parameters.\(key) is an empty list: give at least one value") }
      var values: [String] = []
      for item in items { values.append(try text(item)) }
      self.values = values
    case .table:
      self.values = try Self.generated(key: key, value)
    default:
      self.values = [try text(value)]
    }
    guard values.count <= Self.limit else {
      throw .usage("parameters.\(key) expands to \(values.count) values, more than \(Self.limit)")
    }
  }

  private static func generated(key: String, _ table: TOMLValue) throws(CatalogueError) -> [String] {
    let form = "write { range = [a, b], step = s }, { log = [a, b], count = n } or { linear = [a, b], count = n }"
    let names = (table.entries ?? []).map(\.key)
    func bounds(_ name: String) throws(CatalogueError) -> (Double, Double, integral: Bool) {
      guard case .array(let pair)? = table[name], pair.count == 2, let a = pair[0].number, let b = pair[1].number,
        a.isFinite, b.isFinite
      else { throw .usage("parameters.\(key).\(name) must be a pair of numbers [a, b] (\(form))") }
      let integral: Bool
      if case .integer = pair[0], case .integer = pair[1] { integral = true } else { integral = false }
      return (a, b, integral)
    }
    func count() throws(CatalogueError) -> Int {
      guard case .integer(let n)? = table["count"], n >= 2, n <= Int64(limit) else {
        throw .usage("parameters.\(key).count must be an integer from 2 to \(limit) (\(form))")
      }
      return Int(n)
    }
    if Set(names) == ["range", "step"] {
      let (a, b, integral) = try bounds("range")
      guard let step = table["step"]?.number, step > 0, step.isFinite else {
        throw .usage("parameters.\(key).step must be a positive number (\(form))")
      }
      guard b >= a else { throw .usage("parameters.\(key).range is empty: \(a) > \(b)") }
      let n = Int(((b - a) / step * (1 + 1e-12)).rounded(.down)) + 1
      guard n <= limit else { throw .usage("parameters.\(key) expands to \(n) values, more than \(limit)") }
      let integerStep: Bool
      if case .integer? = table["step"] { integerStep = true } else { integerStep = false }
      return (0..<n).map { i in
        integral && integerStep
          ? String(Int64(a) + Int64(i) * Int64(step)) : Self.text(a + Double(i) * step)
      }
    }
    if Set(names) == ["log", "count"] {
      let (a, b, _) = try bounds("log")
      guard a > 0, b > 0 else { throw .usage("parameters.\(key).log needs positive bounds (got [\(a), \(b)])") }
      let n = try count()
      let (la, lb) = (a.logValue, b.logValue)
      return (0..<n).map { i in
        Self.text(i == 0 ? a : i == n - 1 ? b : (la + (lb - la) * Double(i) / Double(n - 1)).expValue)
      }
    }
    if Set(names) == ["linear", "count"] {
      let (a, b, _) = try bounds("linear")
      let n = try count()
      return (0..<n).map { i in
        Self.text(i == n - 1 ? b : a + (b - a) * Double(i) / Double(n - 1))
      }
    }
    throw .usage("parameters.\(key) has keys \(names.joined(separator: ", ")) (\(form))")
  }
}

extension ParameterAxis {
  /// A generated value as `-p` text: rounded to 12 significant digits, so `log = [1e-4, 1]` gives 0.001 rather than
  /// 0.0010000000000000002 (the difference is far below any parameter's meaning, and a clean value is what a user
  /// would type), and written without a fraction when it is a whole number (so integer parameters accept it).
  static func text(_ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 40)
    _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.12g", $0) }
    let rounded = strtod(buffer, nil)
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
    return NumberFormat.shortest(rounded)
  }
}

extension Double {
  fileprivate var logValue: Double { Glibc.log(self) }
  fileprivate var expValue: Double { Glibc.exp(self) }
}
