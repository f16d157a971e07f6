import CatalogueSDK
import SeededRandom

/// Builds a problem instance of this plugin: the squared-loss objective with the flatness metrics every method's
/// trace then carries (issue item 4): `trace_norm` (tr̄ = tr ∇²f / d), `flat_residual` (‖∂Φ(x*)∇tr̄(x*)‖ at
/// x* = Φ(x), spec §3.1) and the problem's own columns.
enum FlatnessMetrics {
  /// The first two metric columns.
  static let names = ["trace_norm", "flat_residual"]

  /// Φ(x) by the chosen method.
  static func flowLimit<Model: OutputModel>(
    _ loss: SquaredLoss<Model>, _ method: FlatnessOptions.FlowLimit, from x: [Double]
  ) throws -> [Double] {
    switch method {
    case .exact:
      guard let limit = loss.model.flowLimit(x) else {
        throw PluginError(.unsupported, "\(loss.name) has no closed-form Φ; use flow_limit=gauss-newton")
      }
      return limit
    case .gaussNewton:
      return try MinimumSetGeometry.gaussNewtonProjection(loss.model, from: x)
    case .gradientDescent:
      return try GradientFlowLimit().limit(from: x) { try loss.gradient($0).gradient }.point
    }
  }

  /// The instance, with `f_star` = 0 (every problem here interpolates) and metrics `names` + `extraNames`.
  ///
  /// `extra(x, Φ(x))` computes the problem's own columns. Hutchinson probes, when asked for, are drawn from `rng`
  /// after the problem's data, so the data of a seed do not depend on the option.
  static func instance<Model: OutputModel>(
    _ loss: SquaredLoss<Model>, options: FlatnessOptions, rng: inout CatalogueRandom, extraNames: [String],
    extra: @escaping @Sendable ([Double], [Double]) throws -> [Double]
  ) throws -> ProblemInstance {
    if options.flowLimit == .exact && loss.model.flowLimit(loss.model.start) == nil {
      throw PluginError(.invalidArgument, "flow_limit=exact: \(loss.name) has no closed-form Φ; use gauss-newton")
    }
    let hutchinson =
      options.probes > 0 ? HutchinsonTrace(count: options.probes, dimension: loss.dimension, rng: &rng) : nil
    let d = Double(loss.dimension)
    let count = names.count + extraNames.count
    return ProblemInstance(
      .objective(loss), references: [("f_star", 0)], metricNames: names + extraNames,
      metrics: { x in
        guard x.allSatisfy(\.isFinite) else { return [Double](repeating: .nan, count: count) }
        let trace =
          try hutchinson?.estimate(at: x) { try loss.gradient($0).gradient } ?? loss.hessianTrace(x)
        let xStar = try flowLimit(loss, options.flowLimit, from: x)
        let residual = try MinimumSetGeometry.flatnessResidual(loss.model, at: xStar)
        return [trace / d, residual] + (try extra(x, xStar))
      })
  }
}
