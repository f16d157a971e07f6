import CatalogueSDK

/// (K2) η(y, x) = Log_x(y), S_x(v) = Exp_x(v) on the problem's manifold (spec §3.2, §4.1): the kernel of a
/// geodesically convex f. It reaches the manifold only through the geometry table, so it works on any plugin's
/// manifold that has a closed-form Exp and Log.
struct GeodesicKernel: InvexKernel {
  let geometry: any Geometry

  /// Wraps a geometry; throws when it lacks the closed-form Exp or Log the kernel is made of.
  init(_ geometry: any Geometry) throws {
    guard geometry.hasExp, geometry.hasLog else {
      throw PluginError(
        .invalidArgument,
        "kernel k2 needs a manifold with closed-form exp and log; \(geometry.name) lacks one (use kernel=k1)")
    }
    self.geometry = geometry
  }

  var name: String { "k2" }

  func step(_ x: [Double], _ v: [Double]) throws -> [Double] { try geometry.exp(x, v) }

  func eta(_ y: [Double], _ x: [Double]) throws -> [Double] { try geometry.log(x, y) }

  func metricGradient(_ x: [Double], euclidean g: [Double]) throws -> [Double] {
    try geometry.riemannianGradient(x, euclidean: g)
  }

  func metricSquaredNorm(_ x: [Double], _ v: [Double]) throws -> Double { try geometry.inner(x, v, v) }
}
