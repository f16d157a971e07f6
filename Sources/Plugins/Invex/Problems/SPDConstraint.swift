import CatalogueSDK
import LinearAlgebra

/// The feasible sets of the constrained SPD problems (spec §4.5, §5.3) and their projections.
///
/// * `eigenvalueBox`: {aI ⪯ Σ ⪯ bI}. Clipping the eigenvalues of sym(Σ) to [a, b] is the nearest point in the
///   Frobenius norm (the set is unitarily invariant, and for fixed eigenvectors the problem separates), so it is
///   the Euclidean projection the `project` oracle promises; it accepts symmetric matrices off the cone.
/// * `geodesicBall`: {d(I, Σ) ≤ r} for the affine-invariant distance. On a Hadamard manifold the nearest point of
///   a geodesic ball lies on the geodesic to its centre: Exp_I(r·Log_I Y/‖Log_I Y‖) = Y^{r/d(I,Y)}, the metric
///   projection (spec §4.5). A matrix off the cone has no geodesic to I; it is returned unchanged, and its value
///   f = +∞ makes the descent methods halve the step.
enum SPDConstraint: Sendable, Equatable {
  case none
  case eigenvalueBox(ClosedRange<Double>)
  case geodesicBall(radius: Double)

  /// The projection of Σ (n×n, column-major).
  func project(_ sigma: [Double], n: Int) throws -> [Double] {
    let m = Matrix(rows: n, cols: n, elements: sigma).symmetrized()
    switch self {
    case .none:
      return sigma
    case .eigenvalueBox(let bounds):
      let e = try SymmetricEigen(m)
      return e.reconstructed(values: e.values.map { min(max($0, bounds.lowerBound), bounds.upperBound) })
        .symmetrized().elements
    case .geodesicBall(let radius):
      let e = try SymmetricEigen(m)
      guard e.values.allSatisfy({ $0 > 0 }) else { return sigma }
      let distance = e.values.reduce(0) { $0 + _log($1) * _log($1) }.squareRoot()
      guard distance > radius else { return sigma }
      let power = radius / distance
      return e.reconstructed(values: e.values.map { _pow($0, power) }).symmetrized().elements
    }
  }

  /// How far Σ is outside the set: max(0, a − λ_min, λ_max − b) for the box, max(0, d(I, Σ) − r) for the ball.
  func violation(_ sigma: [Double], n: Int) throws -> Double {
    let values = try SymmetricEigen.values(of: Matrix(rows: n, cols: n, elements: sigma).symmetrized())
    switch self {
    case .none:
      return 0
    case .eigenvalueBox(let bounds):
      return max(0, bounds.lowerBound - (values.first ?? 0), (values.last ?? 0) - bounds.upperBound)
    case .geodesicBall(let radius):
      guard values.allSatisfy({ $0 > 0 }) else { return .infinity }
      return max(0, values.reduce(0) { $0 + _log($1) * _log($1) }.squareRoot() - radius)
    }
  }

  /// Reads `constraint`, `eig_min`, `eig_max`, `radius`.
  static func read(_ params: ParameterValues) throws -> SPDConstraint {
    switch try params.string("constraint") {
    case "eigenvalue-box":
      let low = try params.real("eig_min")
      let high = try params.real("eig_max")
      guard low < high else {
        throw PluginError(.invalidArgument, "eig_min (\(low)) must be below eig_max (\(high))")
      }
      return .eigenvalueBox(low...high)
    case "geodesic-ball":
      return .geodesicBall(radius: try params.real("radius"))
    default:
      return .none
    }
  }

  static let parameters: [Parameter] = [
    .choice(
      "constraint", default: "none", choices: ["none", "eigenvalue-box", "geodesic-ball"],
      help: "feasible set: none, {eig_min·I ⪯ Σ ⪯ eig_max·I}, or {d(I, Σ) ≤ radius}"),
    .real("eig_min", default: 0.5, above: 0, help: "lower eigenvalue bound a of the eigenvalue box"),
    .real("eig_max", default: 2, above: 0, help: "upper eigenvalue bound b of the eigenvalue box"),
    .real("radius", default: 1, above: 0, help: "radius r of the geodesic ball around I"),
  ]
}
