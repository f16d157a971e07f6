import CatalogueSDK

/// The O2NC schedule's parameters (spec §4.5, §4.7), shared by both Goldstein drivers.
enum GoldsteinParameters {
  static let all: [Parameter] = [
    .real("delta", default: 1, above: 0, logScale: true, help: "Goldstein radius δ (window travel T·D = δ)"),
    .real("epsilon", default: 0.05, above: 0, logScale: true, help: "stop at the first window with ‖ḡ‖ ≤ ε"),
    .real("lipschitz", default: 0.5, above: 0, logScale: true, help: "gradient bound G of F (sets T and η)"),
    .int("window", default: 0, in: 0...100_000_000, help: "window length T (0: ⌈4G²/ε²⌉, ZO: ⌈4dG²/ε²⌉)"),
    F2CBAParameters.trackError,
  ]

  /// Reads δ, ε and T for gradient bound `bound` (G, or √d·G for the ZO estimator).
  static func schedule(_ parameters: ParameterValues, gradientBound bound: Double) throws -> OnlineToNonconvex {
    OnlineToNonconvex(
      delta: try parameters.real("delta"), epsilon: try parameters.real("epsilon"), gradientBound: bound,
      window: try parameters.int("window"))
  }

  /// F and (when tracked) ∇F for the trace, computed uncounted on a separate lower-level solver.
  static func traceOracles(_ run: Run, _ problem: any BilevelProblem) throws -> (
    value: ([Double]) throws -> Double, gradient: (([Double]) throws -> [Double])?
  ) {
    let reference = try ReferenceHypergradient(problem)
    let track = try run.parameters.bool("track_error")
    let gradient: ([Double]) throws -> [Double] = { z in
      try run.uncounted { try reference.evaluate(at: z).gradient }
    }
    return ({ z in try run.uncounted { try reference.evaluate(at: z).value } }, track ? gradient : nil)
  }
}
