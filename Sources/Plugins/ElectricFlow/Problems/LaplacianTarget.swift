import CatalogueSDK
import Glibc

/// What the transformer is asked to output for demands Ψ (electric-flow.md §4.1): a spectral function of the
/// graph Laplacian applied to Ψ, with the null eigenvalue (the constant vector) dropped.
enum LaplacianTarget: Sendable, Equatable {
  /// Node potentials of the electric flow, L^†Ψ.
  case electric
  /// Resistive embedding, L^{†1/2}Ψ.
  case resistive
  /// Heat kernel exp(−s·L)Ψ on the non-null space (the code's `temp = 0.5`).
  case heat(time: Double)

  /// The parameter value naming the target.
  var name: String {
    switch self {
    case .electric: "electric"
    case .resistive: "resistive"
    case .heat: "heat"
    }
  }

  /// f(λ) for a non-null eigenvalue λ > 0.
  func spectral(_ lambda: Double) -> Double {
    switch self {
    case .electric: 1 / lambda
    case .resistive: 1 / lambda.squareRoot()
    case .heat(let s): exp(-s * lambda)
    }
  }

  /// The target named `name` (`electric`, `resistive`, `heat`), with the heat time `time`.
  static func named(_ name: String, heatTime time: Double) throws -> LaplacianTarget {
    switch name {
    case "electric": return .electric
    case "resistive": return .resistive
    case "heat": return .heat(time: time)
    default: throw PluginError(.invalidArgument, "target must be electric, resistive or heat, got '\(name)'")
    }
  }

  static let names = ["electric", "resistive", "heat"]
}
