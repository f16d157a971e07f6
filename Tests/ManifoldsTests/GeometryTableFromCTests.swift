import CCatalogue
import CatalogueSDK
import CatalogueSDKTesting
import GeometryFromC
import Manifolds
import SeededRandom
import XCTest

/// The manifolds reach C code through the ABI's geometry table: a Riemannian gradient descent written in C
/// (Tests/Support/GeometryFromC) runs on each exported manifold using only the table's operations.
final class GeometryTableFromCTests: XCTestCase {
  private func descend(_ geometry: any Geometry, matrix: [Double], step: Double, iterations: Int32)
    -> (geometry_descent_result, [Double])
  {
    let exported = ExportedGeometry(geometry, host: HostServices(RecordingHost.table))
    var rng = CatalogueRandom(seed: 3).cState
    var x = [Double](repeating: 0, count: geometry.pointSize)
    let result = matrix.withUnsafeBufferPointer { a in
      geometry_quadratic_descent(exported.table, a.baseAddress, step, iterations, &rng, &x)
    }
    return (result, x)
  }

  /// A symmetric matrix with eigenvalues 1, 2, …, n on the diagonal of a rotation-free basis.
  private func diagonal(_ n: Int) -> [Double] {
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n { a[i * n + i] = Double(i + 1) }
    return a
  }

  /// On the sphere the minimum of xᵀAx is the smallest eigenvalue, reached at ±e₁.
  func testCDescentOnTheSphereFindsTheSmallestEigenvalue() throws {
    let (result, x) = descend(try Sphere(6), matrix: diagonal(6), step: 0.1, iterations: 400)
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.final_value, 1, accuracy: 1e-10)
    XCTAssertEqual(abs(x[0]), 1, accuracy: 1e-6)
    XCTAssertEqual(result.monotone, 1)
    XCTAssertLessThan(result.max_manifold_error, 1e-12)
  }

  /// On St(4, 2) the minimum of tr(XᵀAX) (A acting blockwise on both columns) is λ₁ + λ₂ = 3.
  func testCDescentOnStiefelFindsTheBottomSubspace() throws {
    let n = 4
    let p = 2
    var a = [Double](repeating: 0, count: n * p * n * p)
    let m = n * p
    for column in 0..<p {
      for i in 0..<n { a[(column * n + i) * m + column * n + i] = Double(i + 1) }
    }
    let (result, _) = descend(try Stiefel(n: n, p: p), matrix: a, step: 0.1, iterations: 600)
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.final_value, 3, accuracy: 1e-8)
    XCTAssertEqual(result.monotone, 1)
    XCTAssertLessThan(result.max_manifold_error, 1e-10)
  }

  /// On SPD, Hyperbolic and a product, descent through the table keeps every iterate on the manifold and
  /// decreases f (SPD: tr(X²) shrinks towards the boundary; Lorentz: xᵀAx with A = I rises to 1 at the origin).
  func testCDescentStaysOnEveryOtherManifold() throws {
    let spd = try SPD(3)
    let spdResult = descend(spd, matrix: diagonal(9).map { $0 == 0 ? 0 : 1 }, step: 0.01, iterations: 200).0
    XCTAssertEqual(spdResult.status, 0)
    XCTAssertLessThan(spdResult.final_value, spdResult.initial_value)
    XCTAssertEqual(spdResult.monotone, 1)
    XCTAssertLessThan(spdResult.max_manifold_error, 1e-10)

    let lorentz = try Hyperbolic(3)
    let hyperbolicResult = descend(lorentz, matrix: diagonal(4).map { $0 == 0 ? 0 : 1 }, step: 0.05, iterations: 300)
      .0
    XCTAssertEqual(hyperbolicResult.status, 0)
    XCTAssertEqual(hyperbolicResult.final_value, 1, accuracy: 1e-6)
    XCTAssertLessThan(hyperbolicResult.max_manifold_error, 1e-10)
  }

  /// An error inside a Swift operation comes back to C as a status with its message.
  func testErrorsReachCAsStatusAndMessage() throws {
    let exported = ExportedGeometry(try Sphere(3), host: HostServices(RecordingHost.table))
    let table = exported.table!
    var out = [Double](repeating: 0, count: 3)
    let zero = [0.0, 0, 0]
    let status = table.pointee.retract(table.pointee.ctx, zero, [0, 0, 0], &out)
    XCTAssertNotEqual(status, 0)
    XCTAssertFalse(RecordingHost.lastError.isEmpty)
  }
}
