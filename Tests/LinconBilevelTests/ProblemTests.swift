import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import LinconBilevel

/// The three problems' oracles: gradients and Jacobians against finite differences, exact lower-level solutions,
/// the `active` shift and parameter validation.
final class ProblemTests: XCTestCase {
  private let families = [LinconToy.family, LinconEquality.family, LinconBilinear.family]

  func testGradientsAndJacobiansMatchFiniteDifferences() throws {
    var rng = CatalogueRandom(seed: 9)
    for family in families {
      let p = try Fixtures.bilevel(family, ["dim_x": .int(5), "dim_y": .int(8)])
      let x = rng.normals(5)
      let y = rng.normals(8)
      let t = 1e-6
      let (fx, fy) = try p.upperGradient(x, y, samples: nil)
      let (gx, gy) = try p.lowerGradient(x, y, samples: nil)
      let c = try p.constraints(x, y)
      let m = p.constraintCount
      for i in 0..<5 {
        var plus = x
        var minus = x
        plus[i] += t
        minus[i] -= t
        let df = (try p.upperValue(plus, y, samples: nil) - p.upperValue(minus, y, samples: nil)) / (2 * t)
        let dg = (try p.lowerValue(plus, y, samples: nil) - p.lowerValue(minus, y, samples: nil)) / (2 * t)
        XCTAssertEqual(fx[i], df, accuracy: 1e-7, family.id)
        XCTAssertEqual(gx[i], dg, accuracy: 1e-6 * max(1, abs(dg)), family.id)
        let hp = try p.constraints(plus, y).h
        let hm = try p.constraints(minus, y).h
        for r in 0..<m { XCTAssertEqual(c.jacobianX[r + i * m], (hp[r] - hm[r]) / (2 * t), accuracy: 1e-6, family.id) }
      }
      for j in 0..<8 {
        var plus = y
        var minus = y
        plus[j] += t
        minus[j] -= t
        let df = (try p.upperValue(x, plus, samples: nil) - p.upperValue(x, minus, samples: nil)) / (2 * t)
        let dg = (try p.lowerValue(x, plus, samples: nil) - p.lowerValue(x, minus, samples: nil)) / (2 * t)
        XCTAssertEqual(fy[j], df, accuracy: 1e-7, family.id)
        XCTAssertEqual(gy[j], dg, accuracy: 1e-6 * max(1, abs(dg)), family.id)
        let hp = try p.constraints(x, plus).h
        let hm = try p.constraints(x, minus).h
        for r in 0..<m { XCTAssertEqual(c.jacobianY[r + j * m], (hp[r] - hm[r]) / (2 * t), accuracy: 1e-6, family.id) }
      }
      // Hessian products against gradient differences (g is quadratic, so these are exact up to round-off).
      let v = rng.normals(8)
      let hv = try p.lowerHessianYY(x, y, v)
      let gyShift = try p.lowerGradient(x, ArrayMath.axpy(y, 1, v), samples: nil)
      XCTAssertLessThan(ArrayMath.distance(hv, ArrayMath.subtract(gyShift.y, gy)), 1e-9 * ArrayMath.norm(hv), family.id)
      XCTAssertLessThan(
        ArrayMath.distance(try p.lowerHessianXY(x, y, v), ArrayMath.subtract(gyShift.x, gx)), 1e-9, family.id)
    }
  }

  func testLowerSolutionMatchesTheSolverAndSatisfiesKKT() throws {
    for family in families {
      let p = try Fixtures.bilevel(family, seed: 4, ["dim_x": .int(6), "dim_y": .int(15)])
      let x = try p.initialPoint().x.map { -$0 }
      let exact = try p.lowerSolution(x)
      let solved = try LowerLevelSolver(p).solve(at: x)
      XCTAssertLessThan(ArrayMath.distance(exact.y, solved.y), 1e-10 * (1 + ArrayMath.norm(exact.y)), family.id)
      XCTAssertLessThan(ArrayMath.distance(exact.multipliers, solved.multipliers), 1e-9, family.id)
      let gy = try p.lowerGradient(x, exact.y, samples: nil).y
      let c = try p.constraints(x, exact.y)
      let jy = Matrix(rows: p.constraintCount, cols: 15, elements: c.jacobianY)
      let residual = ArrayMath.add(gy, Matrix.product(jy, Vector(exact.multipliers), transpose: true).elements)
      XCTAssertLessThan(ArrayMath.maxAbs(residual), 1e-9 * max(1, ArrayMath.maxAbs(gy)), family.id)
      for i in 0..<p.constraintCount {
        if family.id == "lincon-eq" {
          XCTAssertEqual(c.h[i], 0, accuracy: 1e-10)
        } else {
          XCTAssertLessThanOrEqual(c.h[i], 1e-10)
          XCTAssertGreaterThanOrEqual(exact.multipliers[i], 0)
          XCTAssertEqual(exact.multipliers[i] * c.h[i], 0, accuracy: 1e-10)
        }
      }
    }
  }

  func testActiveShiftMakesExactlyTheRequestedRowsActive() throws {
    for k in 0...4 {
      let p = try Fixtures.bilevel(LinconToy.family, seed: 5, ["dim_y": .int(20), "active": .int(k)])
      let x = try p.initialPoint().x
      let (y, lambda) = try p.lowerSolution(x)
      let h = try p.constraints(x, y).h
      for i in 0..<4 {
        if i < k {
          XCTAssertEqual(h[i], 0, accuracy: 1e-12)
          XCTAssertTrue((0.5...1.5).contains(lambda[i]), "λ\(i) = \(lambda[i])")
        } else if k > 0 {
          XCTAssertLessThan(h[i], -1e-6)
          XCTAssertEqual(lambda[i], 0)
        }
      }
    }
  }

  func testDefaultsMatchThePaperShapeAndBadSizesAreRejected() throws {
    let toy = try XCTUnwrap(try Fixtures.bilevel(LinconToy.family) as? LinconToy)
    XCTAssertEqual(toy.dimensionX, 10)
    XCTAssertEqual(toy.dimensionY, 20)
    XCTAssertEqual(toy.constraintCount, 4)
    XCTAssertEqual(ArrayMath.norm(toy.objectives.c), 1, accuracy: 1e-15)
    XCTAssertTrue(toy.b.allSatisfy { $0 > 0 && $0 < 1 }, "official data: y = 0 strictly feasible")
    XCTAssertThrowsError(try Fixtures.bilevel(LinconToy.family, ["active": .int(5)]))
    XCTAssertThrowsError(try Fixtures.bilevel(LinconEquality.family, ["dim_y": .int(4), "constraints": .int(4)]))
    XCTAssertThrowsError(try toy.upperValue([1], [1], samples: nil))
  }
}
