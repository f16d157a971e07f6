import CatalogueSDK

/// How a tangent step becomes a new point: the `map` parameter (spec §4.5).
enum StepMap: String, CaseIterable {
  /// Exp on SPD, the sphere and ℝⁿ; the manifold's retraction on Stiefel and on manifolds without Exp.
  case auto
  /// The exponential map (theory-faithful; throws on a manifold without one).
  case exp
  /// The manifold's retraction (cheaper; on SPD it is not Exp, spec §9 pitfall 4).
  case retract

  /// The `map` parameter every algorithm of the plugin declares.
  static let parameter = Parameter.choice(
    "map", default: StepMap.auto.rawValue, choices: allCases.map(\.rawValue),
    help: "step map: auto (Exp on SPD/sphere/Rⁿ, retraction on Stiefel), exp, or retract")

  /// Reads the parameter.
  init(_ parameters: ParameterValues) throws {
    let value = try parameters.string("map")
    guard let map = StepMap(rawValue: value) else {
      throw PluginError(.invalidArgument, "map=\(value) is not one of auto, exp, retract")
    }
    self = map
  }
}
