import CatalogueHost

/// What a figure's x axis counts: the cost measure a trace is plotted against.
public enum PlotAxis: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The reported iteration number (`iter`).
  case iteration
  /// All oracle calls the host counted (the sum of the five counters).
  case oracleCalls
  /// Wall-clock seconds since the run started (`timing.csv`).
  case time
  /// One oracle counter (`n_grad`, `n_hvp`, ...).
  case counter(String)

  /// Parses `iter`, `oracle`, `time` or a counter column name.
  public init(parsing text: String) throws(CatalogueError) {
    switch text {
    case "iter", "iteration", "iterations": self = .iteration
    case "oracle", "oracles", "calls": self = .oracleCalls
    case "time": self = .time
    default:
      guard OracleCounters.columnNames.contains(text) else {
        let counters = OracleCounters.columnNames.joined(separator: ", ")
        throw .usage("--x '\(text)' is not an axis (write iter, oracle, time or one of \(counters))")
      }
      self = .counter(text)
    }
  }

  /// The short name used in file names (`f_gap-vs-iter.svg`).
  public var description: String {
    switch self {
    case .iteration: return "iter"
    case .oracleCalls: return "oracle"
    case .time: return "time"
    case .counter(let name): return name
    }
  }

  /// The noun used in titles ("f_gap against iteration").
  var noun: String {
    switch self {
    case .iteration: return "iteration"
    case .oracleCalls: return "oracle calls"
    case .time: return "time"
    case .counter(let name): return name
    }
  }

  /// The axis title with its unit; `counters` are the counters that are non-zero in the plotted runs, so the
  /// reader sees what "oracle calls" adds up.
  func label(counters: [String]) -> String {
    switch self {
    case .iteration: return "iteration (count)"
    case .oracleCalls:
      let parts = counters.isEmpty ? "none counted" : counters.joined(separator: " + ")
      return "oracle calls: \(parts) (count)"
    case .time: return "wall-clock time (s)"
    case .counter(let name): return "\(name): \(Self.counterMeaning[name] ?? name) (count)"
    }
  }

  /// What each counter column counts.
  static let counterMeaning = [
    "n_value": "value evaluations", "n_grad": "full gradients", "n_sample_grad": "per-sample gradients",
    "n_hvp": "Hessian-vector products", "n_inner": "inner-solver steps",
  ]

  /// The x values of a run's trace rows on this axis (nil if the run lacks what the axis needs).
  func values(of run: FinishedRun) -> [Double]? {
    switch self {
    case .iteration: return run.trace.column("iter")
    case .time: return run.elapsed.contains(where: \.isFinite) ? run.elapsed : nil
    case .counter(let name): return run.trace.column(name)
    case .oracleCalls:
      let columns = OracleCounters.columnNames.compactMap { run.trace.column($0) }
      guard !columns.isEmpty else { return nil }
      return run.trace.rows.indices.map { row in columns.reduce(0) { $0 + $1[row] } }
    }
  }
}
