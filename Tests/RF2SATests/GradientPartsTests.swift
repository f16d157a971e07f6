import CatalogueSDK
import LinearAlgebra
import XCTest

@testable import RF2SA

/// T1 computes only the partial gradient asked for, and each part equals the one of the full call bit for bit, so
/// asking for parts changes the cost of an RF²SA step, not its trace.
final class GradientPartsTests: XCTestCase {
  func testEachPartEqualsTheFullGradientsPart() throws {
    for seed: UInt64 in [1, 2] {
      let instance = try Fixtures.instance(StiefelSPDBilevel.family, seed: seed, ["reference_iters": .int(0)])
      let p = try XCTUnwrap(try instance.bilevel() as? StiefelSPDBilevel)
      let x = try p.initialPoint().x
      // A point of SPD(d) away from the identity: M = I + ½·SSᵀ/‖S‖².
      let s = Matrix(rows: p.d, cols: p.d) { i, j in Double((i * 7 + j * 3) % 5) - 2 }
      var m = Matrix.identity(p.d)
      m.add(Matrix.gram(s, transpose: true), scaledBy: 0.5 / (s.frobeniusNorm * s.frobeniusNorm))
      let y = m.elements
      for samples in [nil, [0, 3, 5]] as [[Int]?] {
        for full in [try p.lowerGradient(x, y, samples: samples), try p.upperGradient(x, y, samples: samples)] {
          XCTAssertEqual(full.x.count, p.dimensionX)
          XCTAssertEqual(full.y.count, p.dimensionY)
        }
        let lower = try p.lowerGradient(x, y, samples: samples)
        let lowerX = try p.lowerGradient(x, y, samples: samples, parts: .x)
        let lowerY = try p.lowerGradient(x, y, samples: samples, parts: .y)
        XCTAssertEqual(lowerX.x.map(\.bitPattern), lower.x.map(\.bitPattern))
        XCTAssertEqual(lowerY.y.map(\.bitPattern), lower.y.map(\.bitPattern))
        XCTAssertTrue(lowerX.y.isEmpty && lowerY.x.isEmpty, "the part not asked for is not computed")
        let upper = try p.upperGradient(x, y, samples: samples)
        XCTAssertEqual(try p.upperGradient(x, y, samples: samples, parts: .x).x, upper.x)
        XCTAssertEqual(try p.upperGradient(x, y, samples: samples, parts: .y).y, upper.y)
      }
    }
  }
}
