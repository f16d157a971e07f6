import CCatalogue
import SeededRandom

/// A `cat_geometry` table from any plugin, seen as a Swift ``Geometry``.
public struct ForeignGeometry: Geometry, @unchecked Sendable {
  let table: UnsafePointer<cat_geometry>
  let host: HostServices

  /// Wraps a table; the host keeps it alive for the run.
  public init(_ table: UnsafePointer<cat_geometry>, host: HostServices) {
    self.table = table
    self.host = host
  }

  public var name: String { table.pointee.name.map { String(cString: $0) } ?? "manifold" }
  public var pointSize: Int { Int(table.pointee.point_size) }
  public var dimension: Int { Int(table.pointee.dimension) }
  public var hasExp: Bool { table.pointee.exp != nil }
  public var hasLog: Bool { table.pointee.log != nil }
  public var hasDistance: Bool { table.pointee.distance != nil }

  private var ctx: UnsafeMutableRawPointer? { table.pointee.ctx }

  private func required<F>(_ f: F?, _ op: String) throws -> F {
    guard let f else { throw PluginError(.unsupported, "manifold \(name) has no \(op)") }
    return f
  }

  /// Calls an operation that maps one or two points/vectors to a vector.
  private func vectorOp(
    _ op: String, _ body: (UnsafeMutablePointer<Double>) -> cat_status
  ) throws -> [Double] {
    let (values, status) = Bridge.output(pointSize, body)
    try host.check(status, "\(name).\(op)")
    return values
  }

  public func inner(_ x: [Double], _ u: [Double], _ v: [Double]) throws -> Double {
    let f = try required(table.pointee.inner, "inner")
    var out = 0.0
    try host.check(f(ctx, x, u, v, &out), "\(name).inner")
    return out
  }

  public func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    let f = try required(table.pointee.project, "project")
    return try vectorOp("project") { f(ctx, x, u, $0) }
  }

  public func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    let f = try required(table.pointee.egrad_to_rgrad, "egrad_to_rgrad")
    return try vectorOp("egrad_to_rgrad") { f(ctx, x, egrad, $0) }
  }

  public func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    let f = try required(table.pointee.retract, "retract")
    return try vectorOp("retract") { f(ctx, x, v, $0) }
  }

  public func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    let f = try required(table.pointee.exp, "exponential map")
    return try vectorOp("exp") { f(ctx, x, v, $0) }
  }

  public func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    let f = try required(table.pointee.log, "logarithm")
    return try vectorOp("log") { f(ctx, x, y, $0) }
  }

  public func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    let f = try required(table.pointee.transport, "transport")
    return try vectorOp("transport") { f(ctx, x, y, u, $0) }
  }

  public func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    let f = try required(table.pointee.distance, "distance")
    var out = 0.0
    try host.check(f(ctx, x, y, &out), "\(name).distance")
    return out
  }

  public func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    let f = try required(table.pointee.random_point, "random_point")
    var state = rng.cState
    defer { rng = CatalogueRandom(state) }
    return try vectorOp("random_point") { f(ctx, &state, $0) }
  }

  public func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    let f = try required(table.pointee.tangent_gaussian, "tangent_gaussian")
    var state = rng.cState
    defer { rng = CatalogueRandom(state) }
    return try vectorOp("tangent_gaussian") { f(ctx, x, &state, $0) }
  }

  public func manifoldError(_ x: [Double]) throws -> Double {
    let f = try required(table.pointee.manifold_error, "manifold_error")
    var out = 0.0
    try host.check(f(ctx, x, &out), "\(name).manifold_error")
    return out
  }
}
