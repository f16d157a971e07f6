import CatalogueSDK

/// Which standard manifold a geometry table is, recovered from its name (`spd(8)`, `stiefel(8,3)`, ...).
///
/// The geometry table (common-manifolds-numerics.md §1) has no Hessian operation, but the exact hypergradient needs
/// the Riemannian Hessian of g in y (spec §3). Its conversion from the Euclidean Hessian is known in closed form for
/// the catalogue's standard manifolds, so the baseline and the ground-truth metrics recognise those by name; any
/// other manifold is `.other`, for which exact hypergradients are unavailable (reported, not guessed).
enum ManifoldKind: Equatable {
  /// ℝⁿ (also used when a problem gives no geometry).
  case euclidean(n: Int)
  /// S^{n−1} ⊂ ℝⁿ with the induced metric.
  case sphere(n: Int)
  /// St(n, p) with the embedded (Frobenius) metric.
  case stiefel(n: Int, p: Int)
  /// SPD(n) with the affine-invariant metric.
  case spd(n: Int)
  /// A manifold without a known Hessian conversion.
  case other

  /// Parses a geometry's name and checks it against its point size.
  init(_ geometry: any Geometry) {
    let name = geometry.name
    guard let open = name.firstIndex(of: "("), name.hasSuffix(")") else {
      self = .other
      return
    }
    let head = name[..<open]
    let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
    let numbers = inside.split(separator: ",").compactMap { Int($0) }
    let size = geometry.pointSize
    switch (head, numbers.count) {
    case ("euclidean", 1) where numbers[0] == size: self = .euclidean(n: numbers[0])
    case ("sphere", 1) where numbers[0] == size: self = .sphere(n: numbers[0])
    case ("stiefel", 2) where numbers[0] * numbers[1] == size: self = .stiefel(n: numbers[0], p: numbers[1])
    case ("spd", 1) where numbers[0] * numbers[0] == size: self = .spd(n: numbers[0])
    default: self = .other
    }
  }

  /// Whether the exponential map is the default step (spec §4.5: Exp on SPD and the sphere for theory-faithful
  /// runs; a retraction on Stiefel, whose Exp needs a general matrix exponential).
  var prefersExp: Bool {
    if case .stiefel = self { return false }
    return true
  }
}
