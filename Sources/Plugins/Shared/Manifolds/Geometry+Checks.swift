import CatalogueSDK
import LinearAlgebra

extension Geometry {
  /// The ambient Euclidean size of the non-tangent part of u, ‖u − proj(x, u)‖: 0 for an exact tangent vector.
  ///
  /// The spec's `isTangent(x, u, tol)` debug check (§1) as a number, so tests and plugins pick their tolerance.
  public func tangentError(_ x: [Double], _ u: [Double]) throws -> Double {
    let p = try project(x, u)
    var s = 0.0
    for i in 0..<u.count { s += (u[i] - p[i]) * (u[i] - p[i]) }
    return s.squareRoot()
  }

  /// Throws `.invalidArgument` unless `v` has ``pointSize`` doubles; every operation checks its inputs so a wrong
  /// layout is a clear error instead of an out-of-bounds trap in the host process.
  @inline(__always)
  func requireSize(_ v: [Double], _ role: StaticString, _ operation: StaticString) throws {
    if v.count != pointSize {
      throw PluginError(
        .invalidArgument, "\(name).\(operation): \(role) has \(v.count) doubles, expected \(pointSize)")
    }
  }

  /// Runs linear algebra and reports its failures as `PluginError(.numerical)` naming the manifold and operation,
  /// the status the ABI defines for a failed factorisation.
  @inline(__always)
  func numerical<T>(_ operation: StaticString, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as LinearAlgebraError {
      throw PluginError(.numerical, "\(name).\(operation): \(error)")
    }
  }

  /// The `.unsupported` error for an optional operation this manifold lacks (`flag` is the property to check).
  func unsupported(_ operation: StaticString, flag: StaticString) -> PluginError {
    PluginError(.unsupported, "\(name).\(operation) has no closed form; check \(flag) before calling it")
  }
}
