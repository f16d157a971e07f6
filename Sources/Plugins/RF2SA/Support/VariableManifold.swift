import CatalogueSDK
import LinearAlgebra
import Manifolds

/// The manifold of one variable (x or y) as the algorithms use it: the problem's geometry, or ℝⁿ when it gives
/// none, with the chosen step map and the recognised kind for Hessian conversions.
///
/// Substituting ``Manifolds/Euclidean`` for a missing geometry makes every update of RF²SA the plain vector update
/// of F²SA (x + v, gradients unchanged), which is what the Euclidean reduction requires (spec §5).
struct VariableManifold {
  /// The operations table.
  let geometry: any Geometry
  /// The standard manifold it is, if any.
  let kind: ManifoldKind
  /// Whether steps use Exp (else the retraction).
  let usesExp: Bool
  /// SPD(n) with the affine-invariant metric, when the variable lives on `spd(n)` and steps use Exp: its
  /// ``Manifolds/SPD/expOfGradient(_:euclidean:scale:)`` takes a gradient step in one pass (``gradientStep``).
  /// The geometry table does not say how it evaluates the matrix exponential; this one uses the Padé form, the
  /// cheaper from n ≈ 10 (both agree to round-off).
  let fusedSPD: SPD?

  /// Wraps `geometry` (nil: ℝ^dimension); `variable` names the variable in error messages.
  init(_ geometry: (any Geometry)?, dimension: Int, map: StepMap, variable: String) throws {
    let resolved: any Geometry = try geometry ?? Euclidean(dimension)
    guard resolved.pointSize == dimension else {
      throw PluginError(
        .invalidArgument,
        "\(variable) has \(dimension) doubles but its manifold \(resolved.name) has points of \(resolved.pointSize)")
    }
    self.geometry = resolved
    kind = ManifoldKind(resolved)
    switch map {
    case .auto: usesExp = resolved.hasExp && kind.prefersExp
    case .retract: usesExp = false
    case .exp:
      guard resolved.hasExp else {
        throw PluginError(
          .invalidArgument,
          "map=exp: \(resolved.name) (the manifold of \(variable)) has no exponential map; use map=retract")
      }
      usesExp = true
    }
    if case .spd(let n) = kind, usesExp {
      fusedSPD = try SPD(n, exponential: .pade)
    } else {
      fusedSPD = nil
    }
  }

  /// The point reached from x along the tangent vector v.
  func step(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try usesExp ? geometry.exp(x, v) : geometry.retract(x, v)
  }

  /// The point reached from x along t·grad f(x), grad f the Riemannian gradient of the Euclidean gradient `egrad`;
  /// `checked` vets each direction before it reaches a step map (on SPD with Exp that is `egrad` itself, since the
  /// Riemannian gradient is never formed). Otherwise exactly ``step(_:_:)`` after ``gradient(_:_:)``.
  func gradientStep(
    _ x: [Double], euclidean egrad: [Double], scale t: Double, checked: ([Double]) throws -> [Double]
  ) throws -> [Double] {
    if let fusedSPD { return try fusedSPD.expOfGradient(x, euclidean: try checked(egrad), scale: t) }
    return try step(x, ArrayMath.scale(t, try checked(try gradient(x, egrad))))
  }

  /// The Riemannian gradient of a Euclidean gradient (spec §9 pitfall 1: never step with the raw one).
  func gradient(_ x: [Double], _ egrad: [Double]) throws -> [Double] {
    try geometry.riemannianGradient(x, euclidean: egrad)
  }

  /// ‖u‖ₓ.
  func norm(_ x: [Double], _ u: [Double]) throws -> Double {
    try geometry.norm(x, u)
  }

  /// The geodesic distance, or NaN where the manifold has none (Stiefel).
  func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    geometry.hasDistance ? try geometry.distance(x, y) : .nan
  }

  /// How far x is from the manifold.
  func manifoldError(_ x: [Double]) throws -> Double {
    try geometry.manifoldError(x)
  }
}
