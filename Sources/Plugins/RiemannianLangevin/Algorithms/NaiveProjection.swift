import CatalogueSDK

/// The point projections the `ula-project` baseline uses after its ambient step: normalisation on the sphere,
/// projection along the time axis onto the hyperboloid, symmetrisation plus eigenvalue clipping on SPD(2), the
/// identity on ℝⁿ.
///
/// The geometry table has no "nearest point" operation, so this baseline — and only this one — recognises the
/// manifold by its table name; the Riemannian samplers never do.
enum NaiveProjection: Sendable {
  case sphere
  case hyperboloid
  case spd2
  case identity

  /// Smallest eigenvalue kept on SPD(2): far outside the targets' support (log λ = −6.9 is 14σ out at σ = 0.5)
  /// but large enough that the reassembled matrix stays positive definite despite round-off (a floor of 1e-8 let
  /// ambient steps produce matrices whose smallest eigenvalue came back as −1.5e-8).
  static let eigenvalueFloor = 1e-3

  /// The projection for a manifold named `name` (nil geometry: ℝⁿ), or a one-line error naming the fix.
  init(_ geometry: (any Geometry)?) throws {
    guard let geometry else {
      self = .identity
      return
    }
    let name = geometry.name
    if name.hasPrefix("sphere(") {
      self = .sphere
    } else if name.hasPrefix("hyperbolic(") {
      self = .hyperboloid
    } else if name == "spd(2)" {
      self = .spd2
    } else if name.hasPrefix("euclidean(") {
      self = .identity
    } else {
      throw PluginError(
        .unsupported,
        "ula-project projects only onto sphere, hyperbolic, spd(2) or euclidean manifolds, not \(name); "
          + "use glmc or glmc-retraction, which need only the geometry table")
    }
  }

  /// Projects the ambient point y (n doubles) onto the manifold, in place.
  func apply(_ y: UnsafeMutablePointer<Double>, count n: Int) throws {
    switch self {
    case .identity:
      return
    case .sphere:
      var squares = 0.0
      for i in 0..<n { squares += y[i] * y[i] }
      let r = squares.squareRoot()
      guard r > 0 && r.isFinite else { throw PluginError(.numerical, "ula-project: the step left a zero vector") }
      for i in 0..<n { y[i] /= r }
    case .hyperboloid:
      // Along the time axis: keep the spatial coordinates and put y back on the upper sheet, y₀ = √(1 + ‖ȳ‖²).
      // Unlike y/√(−⟨y,y⟩_L) it is defined for every y (ambient noise far from o easily makes y spacelike).
      var spatial = 0.0
      for i in 1..<n { spatial += y[i] * y[i] }
      y[0] = (1 + spatial).squareRoot()
    case .spd2:
      SymmetricTwoByTwo(y).apply({ Swift.max($0, Self.eigenvalueFloor) }, into: y)
    }
  }
}
