import CatalogueSDK
import SeededRandom

/// The Riemannian product M₁ × … × M_k of several geometries (e.g. a Stiefel and an SPD variable together).
///
/// Layout: the components' layouts concatenated in order. Every operation acts componentwise; the metric is the
/// sum of the components' metrics, so the distance is √Σ dᵢ² and the tangent Gaussian is the concatenation of the
/// components' Gaussians (drawn in component order). Exp, Log and distance exist when every component has them.
public struct ProductManifold: Geometry {
  /// The factors, in layout order.
  public let components: [any Geometry]
  /// Where each component's block starts in the concatenated layout (one more entry: the total size).
  let offsets: [Int]

  /// The product of `components`; throws `.invalidArgument` for an empty list.
  public init(_ components: [any Geometry]) throws {
    guard !components.isEmpty else {
      throw PluginError(.invalidArgument, "product() needs at least one component")
    }
    self.components = components
    var o = [0]
    for c in components { o.append(o[o.count - 1] + c.pointSize) }
    offsets = o
  }

  /// Variadic convenience: `try ProductManifold(Sphere(3), SPD(2))`.
  public init(_ components: any Geometry...) throws {
    try self.init(components)
  }

  /// The manifold and its dimensions, e.g. for traces and error messages.
  public var name: String { "product(" + components.map(\.name).joined(separator: ", ") + ")" }
  /// Doubles per point and per tangent vector in the ambient layout.
  public var pointSize: Int { offsets[offsets.count - 1] }
  /// The intrinsic dimension (the tangent Gaussian's E‖ξ‖²).
  public var dimension: Int { components.reduce(0) { $0 + $1.dimension } }
  /// Whether ``exp(_:_:)`` is available in closed form.
  public var hasExp: Bool { components.allSatisfy(\.hasExp) }
  /// Whether ``log(_:_:)`` is available in closed form.
  public var hasLog: Bool { components.allSatisfy(\.hasLog) }
  /// Whether ``distance(_:_:)`` is available.
  public var hasDistance: Bool { components.allSatisfy(\.hasDistance) }

  /// Component i's block of a concatenated array.
  @inline(__always)
  func block(_ a: [Double], _ i: Int) -> [Double] { Array(a[offsets[i]..<offsets[i + 1]]) }

  /// Applies `op` to every component's blocks and concatenates the results.
  func concatenate(
    _ arrays: [[Double]], _ roles: [StaticString], _ operation: StaticString,
    _ op: (any Geometry, [[Double]]) throws -> [Double]
  ) throws -> [Double] {
    for (a, role) in zip(arrays, roles) { try requireSize(a, role, operation) }
    var out = [Double]()
    out.reserveCapacity(pointSize)
    for (i, c) in components.enumerated() {
      out.append(contentsOf: try op(c, arrays.map { block($0, i) }))
    }
    return out
  }

  /// Σᵢ ⟨uᵢ, vᵢ⟩ on the components.
  public func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double {
    try requireSize(x, "x", "inner")
    try requireSize(u, "u", "inner")
    try requireSize(v, "v", "inner")
    var s = 0.0
    for (i, c) in components.enumerated() { s += try c.inner(block(x, i), block(u, i), block(v, i)) }
    return s
  }

  /// Componentwise projection.
  public func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    try concatenate([x, u], ["x", "u"], "project") { try $0.project($1[0], $1[1]) }
  }

  /// Componentwise Riemannian gradient (the Euclidean gradient splits along the layout).
  public func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    try concatenate([x, egrad], ["x", "egrad"], "riemannianGradient") {
      try $0.riemannianGradient($1[0], euclidean: $1[1])
    }
  }

  /// Componentwise retraction (a retraction of the product).
  public func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    try concatenate([x, v], ["x", "v"], "retract") { try $0.retract($1[0], $1[1]) }
  }

  /// Componentwise exponential (geodesics of a product are products of geodesics).
  public func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    guard hasExp else { throw unsupported("exp", flag: "hasExp") }
    return try concatenate([x, v], ["x", "v"], "exp") { try $0.exp($1[0], $1[1]) }
  }

  /// Componentwise logarithm.
  public func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    guard hasLog else { throw unsupported("log", flag: "hasLog") }
    return try concatenate([x, y], ["x", "y"], "log") { try $0.log($1[0], $1[1]) }
  }

  /// Componentwise transport (parallel exactly where every component's is).
  public func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    try concatenate([x, y, u], ["x", "y", "u"], "transport") { try $0.transport(from: $1[0], to: $1[1], $1[2]) }
  }

  /// √Σ dᵢ(xᵢ, yᵢ)².
  public func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    guard hasDistance else { throw unsupported("distance", flag: "hasDistance") }
    try requireSize(x, "x", "distance")
    try requireSize(y, "y", "distance")
    var s = 0.0
    for (i, c) in components.enumerated() {
      let d = try c.distance(block(x, i), block(y, i))
      s += d * d
    }
    return s.squareRoot()
  }

  /// The components' random points, drawn in order.
  public func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    var out = [Double]()
    out.reserveCapacity(pointSize)
    for c in components { out.append(contentsOf: try c.randomPoint(&rng)) }
    return out
  }

  /// The components' tangent Gaussians, drawn in order.
  public func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    try requireSize(x, "x", "tangentGaussian")
    var out = [Double]()
    out.reserveCapacity(pointSize)
    for (i, c) in components.enumerated() { out.append(contentsOf: try c.tangentGaussian(block(x, i), &rng)) }
    return out
  }

  /// The largest component error.
  public func manifoldError(_ x: [Double]) throws -> Double {
    try requireSize(x, "x", "manifoldError")
    var worst = 0.0
    for (i, c) in components.enumerated() { worst = Swift.max(worst, try c.manifoldError(block(x, i))) }
    return worst
  }
}
