import CCatalogue
import Glibc
import SeededRandom

/// Exports a Swift ``Geometry`` as a `cat_geometry` table, so algorithms in any plugin or language can use it.
///
/// The SDK does this for every problem's geometry; it is public so a plugin (or a test) can hand a manifold to C
/// code directly. The table is valid while this object is alive.
public final class ExportedGeometry: @unchecked Sendable {
  /// The exported manifold.
  public let geometry: any Geometry
  let host: HostServices
  /// The C table; its `ctx` points back at this object.
  public private(set) var table: UnsafeMutablePointer<cat_geometry>!

  /// Builds the table; errors inside operations are reported through `host`'s `set_error`.
  public init(_ geometry: any Geometry, host: HostServices) {
    self.geometry = geometry
    self.host = host
    let table = UnsafeMutablePointer<cat_geometry>.allocate(capacity: 1)
    table.initialize(to: Self.makeTable(geometry))
    table.pointee.ctx = Unmanaged.passUnretained(self).toOpaque()
    self.table = table
  }

  deinit {
    free(UnsafeMutableRawPointer(mutating: table.pointee.name))
    table.deallocate()
  }

  @inline(__always)
  static func unbox(_ ctx: UnsafeMutableRawPointer?) -> ExportedGeometry {
    Unmanaged<ExportedGeometry>.fromOpaque(ctx!).takeUnretainedValue()
  }

  // Each operation: unbox, copy inputs, call the Swift geometry, copy the output, map errors to statuses.
  private static func makeTable(_ geometry: any Geometry) -> cat_geometry {
    var t = cat_geometry()
    t.struct_size = UInt32(MemoryLayout<cat_geometry>.size)
    t.name = UnsafePointer(strdup(geometry.name))
    t.point_size = UInt64(geometry.pointSize)
    t.dimension = UInt64(geometry.dimension)
    t.inner = { ctx, x, u, v, out in
      let g = ExportedGeometry.unbox(ctx)
      let n = g.geometry.pointSize
      return g.host.guarded {
        out?.pointee = try g.geometry.inner(Bridge.array(x, n), Bridge.array(u, n), Bridge.array(v, n))
      }
    }
    t.project = { ctx, x, u, out in
      let g = ExportedGeometry.unbox(ctx)
      let n = g.geometry.pointSize
      return g.host.guarded {
        try Bridge.write(g.geometry.project(Bridge.array(x, n), Bridge.array(u, n)), to: out, count: n, "project")
      }
    }
    t.egrad_to_rgrad = { ctx, x, e, out in
      let g = ExportedGeometry.unbox(ctx)
      let n = g.geometry.pointSize
      return g.host.guarded {
        let r = try g.geometry.riemannianGradient(Bridge.array(x, n), euclidean: Bridge.array(e, n))
        try Bridge.write(r, to: out, count: n, "egrad_to_rgrad")
      }
    }
    t.retract = { ctx, x, v, out in
      let g = ExportedGeometry.unbox(ctx)
      let n = g.geometry.pointSize
      return g.host.guarded {
        try Bridge.write(g.geometry.retract(Bridge.array(x, n), Bridge.array(v, n)), to: out, count: n, "retract")
      }
    }
    if geometry.hasExp {
      t.exp = { ctx, x, v, out in
        let g = ExportedGeometry.unbox(ctx)
        let n = g.geometry.pointSize
        return g.host.guarded {
          try Bridge.write(g.geometry.exp(Bridge.array(x, n), Bridge.array(v, n)), to: out, count: n, "exp")
        }
      }
    }
    if geometry.hasLog {
      t.log = { ctx, x, y, out in
        let g = ExportedGeometry.unbox(ctx)
        let n = g.geometry.pointSize
        return g.host.guarded {
          try Bridge.write(g.geometry.log(Bridge.array(x, n), Bridge.array(y, n)), to: out, count: n, "log")
        }
      }
    }
    t.transport = { ctx, x, y, u, out in
      let g = ExportedGeometry.unbox(ctx)
      let n = g.geometry.pointSize
      return g.host.guarded {
        let r = try g.geometry.transport(from: Bridge.array(x, n), to: Bridge.array(y, n), Bridge.array(u, n))
        try Bridge.write(r, to: out, count: n, "transport")
      }
    }
    if geometry.hasDistance {
      t.distance = { ctx, x, y, out in
        let g = ExportedGeometry.unbox(ctx)
        let n = g.geometry.pointSize
        return g.host.guarded { out?.pointee = try g.geometry.distance(Bridge.array(x, n), Bridge.array(y, n)) }
      }
    }
    t.random_point = { ctx, rngState, out in
      let g = ExportedGeometry.unbox(ctx)
      let n = g.geometry.pointSize
      return g.host.guarded {
        guard let rngState else { throw PluginError(.invalidArgument, "random_point needs a generator") }
        var rng = CatalogueRandom(rngState.pointee)
        defer { rngState.pointee = rng.cState }
        try Bridge.write(g.geometry.randomPoint(&rng), to: out, count: n, "random_point")
      }
    }
    t.tangent_gaussian = { ctx, x, rngState, out in
      let g = ExportedGeometry.unbox(ctx)
      let n = g.geometry.pointSize
      return g.host.guarded {
        guard let rngState else { throw PluginError(.invalidArgument, "tangent_gaussian needs a generator") }
        var rng = CatalogueRandom(rngState.pointee)
        defer { rngState.pointee = rng.cState }
        try Bridge.write(
          g.geometry.tangentGaussian(Bridge.array(x, n), &rng), to: out, count: n, "tangent_gaussian")
      }
    }
    t.manifold_error = { ctx, x, out in
      let g = ExportedGeometry.unbox(ctx)
      let n = g.geometry.pointSize
      return g.host.guarded { out?.pointee = try g.geometry.manifoldError(Bridge.array(x, n)) }
    }
    addBatches(&t, hasExp: geometry.hasExp)
    return t
  }

  /// The ABI 1.1 batched operations: the geometry's own batch methods (native, or the SDK's per-point loop).
  private static func addBatches(_ t: inout cat_geometry, hasExp: Bool) {
    t.project_batch = { ctx, m, x, u, out in
      let g = ExportedGeometry.unbox(ctx)
      return g.host.guarded {
        let (x, u, out) = try Bridge.batch(m, x, u, out, "project_batch")
        try g.geometry.projectBatch(count: Int(m), x, u, out)
      }
    }
    t.egrad_to_rgrad_batch = { ctx, m, x, e, out in
      let g = ExportedGeometry.unbox(ctx)
      return g.host.guarded {
        let (x, e, out) = try Bridge.batch(m, x, e, out, "egrad_to_rgrad_batch")
        try g.geometry.riemannianGradientBatch(count: Int(m), x, euclidean: e, out)
      }
    }
    t.retract_batch = { ctx, m, x, v, out in
      let g = ExportedGeometry.unbox(ctx)
      return g.host.guarded {
        let (x, v, out) = try Bridge.batch(m, x, v, out, "retract_batch")
        try g.geometry.retractBatch(count: Int(m), x, v, out)
      }
    }
    if hasExp {
      t.exp_batch = { ctx, m, x, v, out in
        let g = ExportedGeometry.unbox(ctx)
        return g.host.guarded {
          let (x, v, out) = try Bridge.batch(m, x, v, out, "exp_batch")
          try g.geometry.expBatch(count: Int(m), x, v, out)
        }
      }
    }
    t.tangent_gaussian_batch = { ctx, m, x, rngState, out in
      let g = ExportedGeometry.unbox(ctx)
      return g.host.guarded {
        guard let rngState else { throw PluginError(.invalidArgument, "tangent_gaussian_batch needs a generator") }
        let (x, _, out) = try Bridge.batch(m, x, x, out, "tangent_gaussian_batch")
        var rng = CatalogueRandom(rngState.pointee)
        defer { rngState.pointee = rng.cState }
        try g.geometry.tangentGaussianBatch(count: Int(m), x, &rng, out)
      }
    }
  }
}
