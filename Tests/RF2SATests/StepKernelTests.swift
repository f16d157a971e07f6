import CatalogueSDK
import LinearAlgebra
import Manifolds
import SeededRandom
import XCTest

@testable import RF2SA

/// The two shortcuts of the RF²SA step on T1: ∇g from a cached M⁻¹ (a hit returns what a fresh computation
/// returns, and both equal A − M⁻¹BM⁻¹ written out), and the fused SPD gradient step (equal to Exp of the
/// Riemannian gradient to round-off; other step maps unchanged bit for bit).
final class StepKernelTests: XCTestCase {
  /// M = I + c·SSᵀ/‖S‖², a point of SPD(d) away from the identity.
  func point(_ d: Int, _ c: Double, _ offset: Int) -> [Double] {
    let s = Matrix(rows: d, cols: d) { i, j in Double((i * 7 + j * 3 + offset) % 5) - 2 }
    var m = Matrix.identity(d)
    m.add(Matrix.gram(s, transpose: true), scaledBy: c / (s.frobeniusNorm * s.frobeniusNorm))
    return m.elements
  }

  func testCachedInverseGivesTheFreshGradientAndTheClosedForm() throws {
    let build = { try Fixtures.instance(StiefelSPDBilevel.family, ["reference_iters": .int(0)]).bilevel() }
    let p = try XCTUnwrap(try build() as? StiefelSPDBilevel)
    let x = try p.initialPoint().x
    let points = [point(p.d, 0.5, 0), point(p.d, 2, 1), point(p.d, 5, 2)]
    // Three points through a two-entry cache: the later visits of points 0 and 1 are a miss and a hit.
    for index in [0, 1, 2, 0, 1, 1] {
      let y = points[index]
      let fresh = try XCTUnwrap(try build() as? StiefelSPDBilevel)
      for parts in [GradientParts.x, .y, .both] {
        let got = try p.lowerGradient(x, y, samples: nil, parts: parts)
        let want = try fresh.lowerGradient(x, y, samples: nil, parts: parts)
        XCTAssertEqual(got.x.map(\.bitPattern), want.x.map(\.bitPattern), "point \(index)")
        XCTAssertEqual(got.y.map(\.bitPattern), want.y.map(\.bitPattern), "point \(index)")
      }
      let m = Matrix(rows: p.d, cols: p.d, elements: y)
      let mi = try Cholesky(m).inverse()
      let gm = p.full.a - mi * p.b(p.w(x), p.full.yy) * mi
      let gw = 2 * mi * p.w(x) * p.full.yy
      let got = try p.lowerGradient(x, y, samples: nil)
      XCTAssertLessThan((Matrix(rows: p.d, cols: p.d, elements: got.y) - gm).maxAbs, 1e-12 * gm.maxAbs)
      XCTAssertLessThan((Matrix(rows: p.d, cols: p.r, elements: got.x) - gw).maxAbs, 1e-12 * gw.maxAbs)
    }
  }

  func testFusedSPDStepEqualsExpOfTheRiemannianGradient() throws {
    var rng = CatalogueRandom(seed: 5)
    for d in [3, 8, 50] {
      let spd = try SPD(d)
      let x = try spd.randomPoint(&rng)
      let g = rng.normals(d * d)
      let pass: ([Double]) throws -> [Double] = { $0 }
      let fused = try VariableManifold(spd, dimension: d * d, map: .auto, variable: "y")
      XCTAssertNotNil(fused.fusedSPD)
      let direction = try spd.riemannianGradient(x, euclidean: g)
      let size = try spd.norm(x, direction)
      for length in [-1e-4, -0.01, 0.3, -2] {
        let t = length / size
        let composed = try spd.exp(x, ArrayMath.scale(t, direction))
        let got = try fused.gradientStep(x, euclidean: g, scale: t, checked: pass)
        let error = ArrayMath.norm(ArrayMath.subtract(got, composed)) / ArrayMath.norm(composed)
        XCTAssertLessThan(error, 1e-12, "d=\(d) ‖tV‖=\(length)")
      }
      // With the retraction nothing is fused: the step is the composition, bit for bit.
      let retracted = try VariableManifold(spd, dimension: d * d, map: .retract, variable: "y")
      XCTAssertNil(retracted.fusedSPD)
      let composed = try retracted.step(x, ArrayMath.scale(-0.01, try retracted.gradient(x, g)))
      XCTAssertEqual(try retracted.gradientStep(x, euclidean: g, scale: -0.01, checked: pass), composed)
    }
  }

  func testFusedStepStillRefusesANonFiniteGradient() throws {
    let spd = try SPD(2)
    let manifold = try VariableManifold(spd, dimension: 4, map: .auto, variable: "y")
    struct Diverged: Error {}
    let check: ([Double]) throws -> [Double] = { v in
      guard ArrayMath.isFinite(v) else { throw Diverged() }
      return v
    }
    XCTAssertThrowsError(
      try manifold.gradientStep([1, 0, 0, 1], euclidean: [.nan, 0, 0, 1], scale: -0.1, checked: check)
    ) { XCTAssertTrue($0 is Diverged) }
  }
}
