import CatalogueHost

/// A sweep as its spec file declares it: algorithms × problems × parameter grids × seeds, with one budget.
///
/// The spec is TOML (the subset ``TOMLReader`` reads); docs/scale.md documents every key and
/// docs/examples/sweep.toml is a complete example:
///
/// ```toml
/// name = "step-sizes"
/// algorithms = ["gd", "nesterov"]
/// problems = ["quadratic"]          # optional: each algorithm's default problem
/// seeds = "1..3"                    # "N" (0..N-1), "a..b", or a list [0, 4, 9]
/// max_iters = 300
/// [parameters]
/// step_size = [0.01, 0.05]
/// "problem.dim" = { range = [10, 30], step = 10 }
/// ```
public struct SweepSpec: Equatable, Sendable {
  /// The sweep's name (its default folder is runs/sweep-<name>).
  public var name: String
  /// Algorithm references, in order.
  public var algorithms: [String]
  /// Problem references, or empty for each algorithm's default problem.
  public var problems: [String]
  /// Seeds every configuration runs with.
  public var seeds: [UInt64]
  /// Budget and stopping rules of every run (nil max iterations: each algorithm's default).
  public var maxIters: UInt64?
  /// Seconds per run.
  public var timeLimit: Double?
  /// `--grad-tol` of every run.
  public var gradTol: Double?
  /// `--target` of every run.
  public var target: Double?
  /// Swept (or fixed) parameters, in the order written.
  public var axes: [ParameterAxis]

  /// The keys a spec may have at its top level.
  public static let keys = [
    "name", "algorithms", "problems", "seeds", "max_iters", "time_limit", "grad_tol", "target", "parameters",
  ]

  /// Reads a spec from its text; errors name the key or the line and the fix.
  public init(parsing text: String, defaultName: String) throws(CatalogueError) {
    let root = try TOMLReader.parse(text)
    let entries = root.entries ?? []
    for (key, _) in entries where !Self.keys.contains(key) {
      throw .usage("unknown key '\(key)' (a sweep spec has \(Self.keys.joined(separator: ", ")))")
    }
    func strings(_ key: String) throws(CatalogueError) -> [String] {
      switch root[key] {
      case nil: return []
      case .string(let one)?: return [one]
      case .array(let items)?:
        var out: [String] = []
        for item in items {
          guard case .string(let text) = item, !text.isEmpty else {
            throw .usage("\(key) must be a list of ids as strings, e.g. \(key) = [\"gd\", \"adam\"]")
          }
          out.append(text)
        }
        return out
      case let other?: throw .usage("\(key) must be a list of strings, not \(other.kindName)")
      }
    }
    func positive(_ key: String) throws(CatalogueError) -> Double? {
      guard let value = root[key] else { return nil }
      guard let number = value.number, number.isFinite else {
        throw .usage("\(key) must be a finite number, not \(value.kindName)")
      }
      return number
    }
    if let value = root["name"] {
      guard case .string(let text) = value, !text.isEmpty, RunFolder.isPlainFileName(text) else {
        throw .usage("name must be a non-empty string usable as a folder name (letters, digits, '-', '_', '.')")
      }
      name = text
    } else {
      name = defaultName
    }
    algorithms = try strings("algorithms")
    guard !algorithms.isEmpty else {
      throw .usage("the spec names no algorithms: add algorithms = [\"gd\", \"adam\"] (see 'catalogue list')")
    }
    problems = try strings("problems")
    switch root["seeds"] {
    case nil: seeds = [0]
    case .string(let text)?: seeds = try SeedList(parsing: text).seeds
    case .integer(let count)?: seeds = try SeedList(parsing: String(count)).seeds
    case .array(let items)?:
      var list: [UInt64] = []
      for item in items {
        guard case .integer(let seed) = item, seed >= 0 else {
          throw .usage("seeds must be a list of non-negative integers, e.g. seeds = [0, 1, 2]")
        }
        list.append(UInt64(seed))
      }
      guard !list.isEmpty, Set(list).count == list.count else {
        throw .usage("seeds must be a non-empty list without repeats")
      }
      seeds = list
    case let other?: throw .usage("seeds must be \"N\", \"a..b\" or a list of integers, not \(other.kindName)")
    }
    switch root["max_iters"] {
    case nil: maxIters = nil
    case .integer(let n)? where n >= 1: maxIters = UInt64(n)
    case let other?: throw .usage("max_iters must be a positive integer (got \(other.kindName))")
    }
    timeLimit = try positive("time_limit")
    if let limit = timeLimit, limit <= 0 { throw .usage("time_limit must be a positive number of seconds") }
    gradTol = try positive("grad_tol")
    target = try positive("target")
    var axes: [ParameterAxis] = []
    if let parameters = root["parameters"] {
      guard let entries = parameters.entries else {
        throw .usage("parameters must be a table: [parameters] followed by key = value lines")
      }
      for (key, value) in Self.flatten(entries) { axes.append(try ParameterAxis(key: key, spec: value)) }
    }
    self.axes = axes
  }

  /// Dotted keys (`adam.learning_rate = …` or `[parameters.adam]`) become one `-p` key `adam.learning_rate`;
  /// a generator table (`{ range = …, step = … }`) stays a value.
  private static func flatten(_ entries: [(key: String, value: TOMLValue)], prefix: String = "") -> [(
    String, TOMLValue
  )] {
    var out: [(String, TOMLValue)] = []
    for (key, value) in entries {
      let full = prefix.isEmpty ? key : "\(prefix).\(key)"
      if let inner = value.entries, !inner.contains(where: { ["range", "log", "linear"].contains($0.key) }) {
        out += flatten(inner, prefix: full)
      } else {
        out.append((full, value))
      }
    }
    return out
  }
}
