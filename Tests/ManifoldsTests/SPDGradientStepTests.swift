import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

/// The fused gradient step on SPD(n) against the composition it replaces, Exp_X(t·X·sym(G)·X), for both
/// evaluations of the exponential, from a point far from the identity and over step lengths from tiny to large.
final class SPDGradientStepTests: XCTestCase {
  func testEqualsExpOfTheRiemannianGradient() throws {
    var rng = CatalogueRandom(seed: 11)
    for n in [2, 8, 50] {
      for exponential in [SPD.Exponential.eigen, .pade] {
        let spd = try SPD(n, exponential: exponential)
        let x = try spd.randomPoint(&rng)
        // A non-symmetric Euclidean gradient: the step uses its symmetric part.
        let g = rng.normals(n * n)
        let rgrad = try spd.riemannianGradient(x, euclidean: g)
        let size = try spd.norm(x, rgrad)
        for length in [1e-8, 1e-3, 0.1, 1, 5] {
          let t = -length / size
          let fused = try spd.expOfGradient(x, euclidean: g, scale: t)
          let composed = try spd.exp(x, rgrad.map { t * $0 })
          let difference = zip(fused, composed).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
          let scale = composed.reduce(0) { $0 + $1 * $1 }.squareRoot()
          XCTAssertLessThan(difference / scale, 1e-12, "n=\(n) \(exponential) ‖tV‖=\(length)")
          XCTAssertNoThrow(try Cholesky(Matrix(rows: n, cols: n, elements: fused)), "positive definite")
          let m = Matrix(rows: n, cols: n, elements: fused)
          XCTAssertEqual(m, m.transposed(), "exactly symmetric")
        }
      }
    }
  }

  func testRefusesAPointOffTheManifold() throws {
    let spd = try SPD(2, exponential: .pade)
    XCTAssertThrowsError(try spd.expOfGradient([1, 0, 0, -1], euclidean: [1, 0, 0, 1], scale: 0.1))
  }
}
