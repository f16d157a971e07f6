import CatalogueSDK
import CatalogueSDKTesting
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

@testable import Invex

/// The three projections are projections: idempotent, feasible, and the nearest point (Euclidean for the φ-box
/// and the eigenvalue box, geodesic for the ball) among random feasible points.
final class ProjectionTests: XCTestCase {
  func testPhiBox() throws {
    let instance = try RecordingHost.makeInstance(ReparametrisedLeastSquares.boxFamily, seed: 1)
    let f = try XCTUnwrap(try instance.objective() as? ReparametrisedLeastSquares)
    var rng = CatalogueRandom(seed: 4)
    for _ in 0..<20 {
      let y = rng.normals(10).map { 2 * $0 }
      let p = try f.project(y)
      XCTAssertEqual(try f.project(p), p)
      XCTAssertEqual(f.violation(p), 0, accuracy: 1e-15)
      let distance = ArrayMath.distance(y, p)
      for _ in 0..<50 {
        let z = try f.project(rng.normals(10))
        XCTAssertLessThanOrEqual(distance, ArrayMath.distance(y, z) + 1e-12)
      }
      // Clipping x equals clipping u = φ(x) to [ℓ, r] and mapping back.
      let viaU = f.phi.inverseMap(f.phi.map(y).map { min(max($0, -0.5), 0.5) })
      for (a, b) in zip(p, viaU) { XCTAssertEqual(a, b, accuracy: 1e-14) }
    }
  }

  func testEigenvalueBox() throws {
    let n = 3
    let constraint = SPDConstraint.eigenvalueBox(0.5...2)
    var rng = CatalogueRandom(seed: 12)
    for _ in 0..<20 {
      let y = Matrix(rows: n, cols: n, elements: rng.normals(n * n).map { 1.5 * $0 }).symmetrized()
      let p = try constraint.project(y.elements, n: n)
      XCTAssertLessThan(ArrayMath.distance(try constraint.project(p, n: n), p), 1e-13)
      XCTAssertLessThanOrEqual(try constraint.violation(p, n: n), 1e-13)
      let distance = ArrayMath.distance(y.elements, p)
      for _ in 0..<100 {
        let z = try constraint.project(try SPDMath.randomSPD(n, spread: 0.6, rng: &rng).elements, n: n)
        XCTAssertLessThanOrEqual(distance, ArrayMath.distance(y.elements, z) + 1e-12)
      }
    }
  }

  func testGeodesicBall() throws {
    let n = 3
    let constraint = SPDConstraint.geodesicBall(radius: 0.8)
    let spd = try SPD(n)
    var rng = CatalogueRandom(seed: 13)
    let identity = Matrix.identity(n).elements
    for _ in 0..<20 {
      let y = try SPDMath.randomSPD(n, spread: 1.2, rng: &rng).elements
      let p = try constraint.project(y, n: n)
      XCTAssertLessThan(ArrayMath.distance(try constraint.project(p, n: n), p), 1e-12)
      XCTAssertLessThanOrEqual(try spd.distance(identity, p), 0.8 + 1e-12)
      let distance = try spd.distance(y, p)
      for _ in 0..<100 {
        let z = try constraint.project(try SPDMath.randomSPD(n, spread: 0.5, rng: &rng).elements, n: n)
        XCTAssertLessThanOrEqual(distance, try spd.distance(y, z) + 1e-12)
      }
    }
  }
}
