import CatalogueSDK

/// The diagnostic options every problem of this plugin shares: how tr̄ is computed and how Φ(x) is found.
///
/// They are problem parameters, not algorithm parameters, because the metrics belong to the problem: every method
/// run on it (`gd`, `sam`, `rs-flat`, `sa-flat`) then reports the same columns, computed the same way.
struct FlatnessOptions: Sendable {
  /// How Φ(x), the gradient-flow limit, is obtained for the flatness residual.
  enum FlowLimit: String, CaseIterable, Sendable {
    /// The model's closed form (a conservation law of its gradient flow).
    case exact
    /// Gauss–Newton projection onto X*, equal to Φ(x) up to O(dist(x, X*)²).
    case gaussNewton = "gauss-newton"
    /// Gradient descent with step 0.1/β until ‖∇f‖ < 1e-10 (spec §4.4); slow near ill-conditioned X*.
    case gradientDescent = "gradient-descent"
  }

  /// The Φ(x) method.
  var flowLimit: FlowLimit
  /// Hutchinson probes for tr̄ (0: the exact closed form).
  var probes: Int

  /// The two shared parameters, with the problem's default Φ method and the methods it supports.
  static func parameters(defaultFlow: FlowLimit, choices: [FlowLimit]) -> [Parameter] {
    [
      .int(
        "trace_probes", default: 0, in: 0...100_000, unit: "probes",
        help: "Hutchinson probes for the trace_norm metric (0 = exact closed form)"),
      .choice(
        "flow_limit", default: defaultFlow.rawValue, choices: choices.map(\.rawValue),
        help: "how Φ(x) is computed for flat_residual: " + choices.map(\.rawValue).joined(separator: ", ")),
    ]
  }

  /// Reads the options.
  init(_ params: ParameterValues) throws {
    let name = try params.string("flow_limit")
    guard let flowLimit = FlowLimit(rawValue: name) else {
      throw PluginError(.invalidArgument, "flow_limit=\(name) is unknown; use exact, gauss-newton or gradient-descent")
    }
    self.flowLimit = flowLimit
    probes = try params.int("trace_probes")
  }

  /// Explicit options, for tests.
  init(flowLimit: FlowLimit, probes: Int) {
    self.flowLimit = flowLimit
    self.probes = probes
  }
}
