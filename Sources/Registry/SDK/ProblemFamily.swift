import SeededRandom

/// A problem instance: the oracles of one kind plus known reference values and extra metrics.
///
/// Problem authors build one from their oracle type; algorithms receive one (wrapping another plugin's C tables)
/// and switch on ``oracles``.
public struct ProblemInstance: Sendable {
  /// The oracle set, tagged by kind.
  public enum Oracles: Sendable {
    /// min f(x).
    case objective(any ObjectiveFunction)
    /// min_x f(x, y*(x)).
    case bilevel(any BilevelProblem)
    /// Sample from exp(−h).
    case sampling(any SamplingProblem)
    /// In-context regression prompts.
    case regressionTasks(any RegressionTaskSampler)
    /// Graphs.
    case graphs(any GraphSampler)
  }

  /// The oracles.
  public var oracles: Oracles
  /// Known values such as `f_star`, in a fixed order.
  public var references: [(name: String, value: Double)]
  /// Names of the extra metrics ``metrics`` computes (test error, distance to the minimum set, ...).
  public var metricNames: [String]
  /// Computes the extra metrics of a point (x for objective, sampling and bilevel problems).
  public var metrics: (@Sendable ([Double]) throws -> [Double])?

  /// Creates an instance.
  public init(
    _ oracles: Oracles, references: [(name: String, value: Double)] = [], metricNames: [String] = [],
    metrics: (@Sendable ([Double]) throws -> [Double])? = nil
  ) {
    self.oracles = oracles
    self.references = references
    self.metricNames = metricNames
    self.metrics = metrics
  }

  /// The instance's kind.
  public var kind: ProblemKind {
    switch oracles {
    case .objective: .objective
    case .bilevel: .bilevel
    case .sampling: .sampling
    case .regressionTasks: .regressionTasks
    case .graphs: .graphs
    }
  }

  /// A reference value by name, if the problem knows it.
  public func reference(_ name: String) -> Double? {
    references.first { $0.name == name }?.value
  }

  /// The objective oracles, or an error naming the mismatch (the host normally refuses mismatches earlier).
  public func objective() throws -> any ObjectiveFunction {
    guard case .objective(let f) = oracles else {
      throw PluginError(.invalidArgument, "expected an objective problem, got a \(kind) problem")
    }
    return f
  }

  /// The bilevel oracles, or an error naming the mismatch.
  public func bilevel() throws -> any BilevelProblem {
    guard case .bilevel(let p) = oracles else {
      throw PluginError(.invalidArgument, "expected a bilevel problem, got a \(kind) problem")
    }
    return p
  }

  /// The sampling oracles, or an error naming the mismatch.
  public func sampling() throws -> any SamplingProblem {
    guard case .sampling(let p) = oracles else {
      throw PluginError(.invalidArgument, "expected a sampling problem, got a \(kind) problem")
    }
    return p
  }

  /// The regression-task sampler, or an error naming the mismatch.
  public func regressionTasks() throws -> any RegressionTaskSampler {
    guard case .regressionTasks(let p) = oracles else {
      throw PluginError(.invalidArgument, "expected a regression-tasks problem, got a \(kind) problem")
    }
    return p
  }

  /// The graph sampler, or an error naming the mismatch.
  public func graphs() throws -> any GraphSampler {
    guard case .graphs(let p) = oracles else {
      throw PluginError(.invalidArgument, "expected a graphs problem, got a \(kind) problem")
    }
    return p
  }
}

/// A family of problem instances built from parameters: the Swift face of `cat_problem_desc`.
public struct ProblemFamily: Sendable {
  /// Stable id, `[a-z0-9-]`, e.g. `quadratic`.
  public var id: String
  /// Display name.
  public var name: String
  /// One line.
  public var summary: String
  /// Kind of every instance.
  public var kind: ProblemKind
  /// Parameters (sizes, conditioning, ...).
  public var parameters: [Parameter]
  /// Builds an instance from validated parameters and the host-seeded problem stream.
  public var make: @Sendable (ParameterValues, inout CatalogueRandom) throws -> ProblemInstance

  /// Creates a problem family.
  public init(
    id: String, name: String, summary: String, kind: ProblemKind, parameters: [Parameter] = [],
    make: @escaping @Sendable (ParameterValues, inout CatalogueRandom) throws -> ProblemInstance
  ) {
    self.id = id
    self.name = name
    self.summary = summary
    self.kind = kind
    self.parameters = parameters
    self.make = make
  }
}
