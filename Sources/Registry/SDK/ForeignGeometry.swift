import CCatalogue
import SeededRandom

/// A `cat_geometry` table from any plugin, seen as a Swift ``Geometry``.
///
/// The table is copied at its own `struct_size`, so a table built against ABI 1.0 (without the batched operations)
/// is never read past its end; its batched operations then read as absent and the batch methods loop over the
/// per-point entries, calling them on the caller's buffers without copies.
public struct ForeignGeometry: Geometry, @unchecked Sendable {
  let table: cat_geometry
  let host: HostServices

  /// Wraps a table; the host keeps its operations' context alive for the run.
  public init(_ table: UnsafePointer<cat_geometry>, host: HostServices) {
    var copy = Bridge.copyTable(table)
    if copy.struct_size < CAT_GEOMETRY_SIZE_1_1 {
      // A 1.0 table: its reserved words are not batched operations, whatever they hold.
      copy.project_batch = nil
      copy.egrad_to_rgrad_batch = nil
      copy.retract_batch = nil
      copy.exp_batch = nil
      copy.tangent_gaussian_batch = nil
    }
    self.table = copy
    self.host = host
  }

  public var name: String { table.name.map { String(cString: $0) } ?? "manifold" }
  public var pointSize: Int { Int(table.point_size) }
  public var dimension: Int { Int(table.dimension) }
  public var hasExp: Bool { table.exp != nil }
  public var hasLog: Bool { table.log != nil }
  public var hasDistance: Bool { table.distance != nil }

  private var ctx: UnsafeMutableRawPointer? { table.ctx }

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
    let f = try required(table.inner, "inner")
    var out = 0.0
    try host.check(f(ctx, x, u, v, &out), "\(name).inner")
    return out
  }

  public func project(_ x: [Double], _ u: [Double]) throws -> [Double] {
    let f = try required(table.project, "project")
    return try vectorOp("project") { f(ctx, x, u, $0) }
  }

  public func riemannianGradient(_ x: [Double], euclidean egrad: [Double]) throws -> [Double] {
    let f = try required(table.egrad_to_rgrad, "egrad_to_rgrad")
    return try vectorOp("egrad_to_rgrad") { f(ctx, x, egrad, $0) }
  }

  public func retract(_ x: [Double], _ v: [Double]) throws -> [Double] {
    let f = try required(table.retract, "retract")
    return try vectorOp("retract") { f(ctx, x, v, $0) }
  }

  public func exp(_ x: [Double], _ v: [Double]) throws -> [Double] {
    let f = try required(table.exp, "exponential map")
    return try vectorOp("exp") { f(ctx, x, v, $0) }
  }

  public func log(_ x: [Double], _ y: [Double]) throws -> [Double] {
    let f = try required(table.log, "logarithm")
    return try vectorOp("log") { f(ctx, x, y, $0) }
  }

  public func transport(from x: [Double], to y: [Double], _ u: [Double]) throws -> [Double] {
    let f = try required(table.transport, "transport")
    return try vectorOp("transport") { f(ctx, x, y, u, $0) }
  }

  public func distance(_ x: [Double], _ y: [Double]) throws -> Double {
    let f = try required(table.distance, "distance")
    var out = 0.0
    try host.check(f(ctx, x, y, &out), "\(name).distance")
    return out
  }

  public func randomPoint(_ rng: inout CatalogueRandom) throws -> [Double] {
    let f = try required(table.random_point, "random_point")
    var state = rng.cState
    defer { rng = CatalogueRandom(state) }
    return try vectorOp("random_point") { f(ctx, &state, $0) }
  }

  public func tangentGaussian(_ x: [Double], _ rng: inout CatalogueRandom) throws -> [Double] {
    let f = try required(table.tangent_gaussian, "tangent_gaussian")
    var state = rng.cState
    defer { rng = CatalogueRandom(state) }
    return try vectorOp("tangent_gaussian") { f(ctx, x, &state, $0) }
  }

  public func manifoldError(_ x: [Double]) throws -> Double {
    let f = try required(table.manifold_error, "manifold_error")
    var out = 0.0
    try host.check(f(ctx, x, &out), "\(name).manifold_error")
    return out
  }

  /// Calls a batched entry when the table has one, else the per-point entry for each point in turn.
  private func batched(
    _ op: String, count: Int, batch: BatchOp?, single: SingleOp?,
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    if let batch {
      try host.check(batch(ctx, UInt64(count), a, b, out), "\(name).\(op)_batch")
      return
    }
    let f = try required(single, op)
    let n = pointSize
    for i in 0..<count { try host.check(f(ctx, a + i * n, b + i * n, out + i * n), "\(name).\(op)") }
  }

  private typealias BatchOp =
    @convention(c) (
      UnsafeMutableRawPointer?, UInt64, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?
    ) -> cat_status
  private typealias SingleOp =
    @convention(c) (
      UnsafeMutableRawPointer?, UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?
    ) -> cat_status

  public func projectBatch(
    count: Int, _ x: UnsafePointer<Double>, _ u: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    try batched("project", count: count, batch: table.project_batch, single: table.project, x, u, out)
  }

  public func riemannianGradientBatch(
    count: Int, _ x: UnsafePointer<Double>, euclidean egrad: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<Double>
  ) throws {
    try batched(
      "egrad_to_rgrad", count: count, batch: table.egrad_to_rgrad_batch, single: table.egrad_to_rgrad, x, egrad,
      out)
  }

  public func retractBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    try batched("retract", count: count, batch: table.retract_batch, single: table.retract, x, v, out)
  }

  public func expBatch(
    count: Int, _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>
  ) throws {
    try batched("exp", count: count, batch: table.exp_batch, single: table.exp, x, v, out)
  }

  public func tangentGaussianBatch(
    count: Int, _ x: UnsafePointer<Double>, _ rng: inout CatalogueRandom, _ out: UnsafeMutablePointer<Double>
  ) throws {
    var state = rng.cState
    defer { rng = CatalogueRandom(state) }
    if let f = table.tangent_gaussian_batch {
      try host.check(f(ctx, UInt64(count), x, &state, out), "\(name).tangent_gaussian_batch")
      return
    }
    let f = try required(table.tangent_gaussian, "tangent_gaussian")
    let n = pointSize
    for i in 0..<count { try host.check(f(ctx, x + i * n, &state, out + i * n), "\(name).tangent_gaussian") }
  }
}
