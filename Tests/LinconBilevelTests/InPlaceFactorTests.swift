import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import LinconBilevel

/// The lower-level solver that factors H̃ in the oracle's buffer (no kept H̃) solves exactly as the one that keeps
/// H̃, its product from the factor is H̃y, and the dense helpers agree with the element-by-element forms they replace.
final class InPlaceFactorTests: XCTestCase {
  func testSolversWithAndWithoutAKeptHessianAgreeBitForBit() throws {
    let problem = try Fixtures.bilevel(
      LinconToy.family, seed: 4, ["dim_x": .int(6), "dim_y": .int(40), "active": .int(3)])
    for exact in [false, true] {
      let kept = try LowerLevelSolver(problem, exactHessian: exact, keepsHessian: true)
      let inPlace = try LowerLevelSolver(problem, exactHessian: exact)
      var x = try problem.initialPoint().x
      for step in 0..<4 {
        let a = try kept.solve(at: x)
        let b = try inPlace.solve(at: x)
        XCTAssertEqual(a.y.map(\.bitPattern), b.y.map(\.bitPattern), "exact \(exact), step \(step)")
        XCTAssertEqual(a.multipliers.map(\.bitPattern), b.multipliers.map(\.bitPattern), "exact \(exact)")
        XCTAssertEqual(a.steps, b.steps, "exact \(exact), step \(step)")
        XCTAssertFalse(b.activeRows.isEmpty)
        x = x.map { $0 + 0.05 }
      }
      XCTAssertNotNil(kept.hessian)
      XCTAssertNil(inPlace.hessian)
      XCTAssertEqual(kept.hessianBuilds, inPlace.hessianBuilds)
    }
  }

  func testTheProductFromTheFactorIsTheHessianProduct() throws {
    let problem = try Fixtures.bilevel(LinconToy.family, seed: 5, ["dim_x": .int(4), "dim_y": .int(30)])
    let q = try XCTUnwrap(problem as? LinconToy).objectives.q
    let owner = try LowerLevelSolver(problem)
    _ = try owner.solve(at: try problem.initialPoint().x)
    // A solver that adopted the factor has no H̃ and no cached product: it multiplies by L(Lᵀy).
    let adopter = try LowerLevelSolver(problem)
    adopter.adoptHessian(from: owner)
    XCTAssertNil(adopter.hessian)
    var rng = CatalogueRandom(seed: 8)
    for _ in 0..<3 {
      let y = rng.normals(30)
      let expected = Matrix.symmetricProduct(q, y)
      let error = ArrayMath.distance(adopter.hessianProduct(y), expected)
      XCTAssertLessThanOrEqual(error, 1e-12 * ArrayMath.norm(expected))
    }
    XCTAssertEqual(adopter.hessianProduct([Double](repeating: 0, count: 30)), [Double](repeating: 0, count: 30))
    // A solver that keeps H̃ and adopts it multiplies with H̃ itself, as before.
    let keepingOwner = try LowerLevelSolver(problem, keepsHessian: true)
    _ = try keepingOwner.solve(at: try problem.initialPoint().x)
    let keeper = try LowerLevelSolver(problem, keepsHessian: true)
    keeper.adoptHessian(from: keepingOwner)
    let y = rng.normals(30)
    XCTAssertEqual(keeper.hessianProduct(y), Matrix.symmetricProduct(q, y))
  }

  func testFiniteScansAgreeWithIsFinite() {
    let specials: [Double] = [
      .nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0,
      1,
    ]
    for special in specials {
      for position in [0, 5, 36] {
        var values = (0..<37).map { Double($0) - 18.5 }
        values[position] = special
        XCTAssertEqual(DenseHelpers.allFinite(values), values.allSatisfy(\.isFinite), "\(special) at \(position)")
      }
    }
    XCTAssertTrue(DenseHelpers.allFinite([]))
    // Only the lower triangle (with the diagonal) is read.
    var m = Matrix(rows: 4, cols: 4, repeating: 1)
    m[0, 3] = .nan
    XCTAssertTrue(DenseHelpers.isLowerTriangleFinite(m))
    for (i, j) in [(3, 0), (2, 2), (3, 3)] {
      var poisoned = m
      poisoned[i, j] = .infinity
      XCTAssertFalse(DenseHelpers.isLowerTriangleFinite(poisoned), "(\(i), \(j))")
    }
  }

  func testPrincipalSubmatrixTakesRowsAndColumnsInOrder() {
    let m = Matrix(rows: 5, cols: 5) { i, j in Double(10 * i + j) }
    let indices = [3, 0, 4]
    let expected = Matrix(rows: 3, cols: 3) { a, b in m[indices[a], indices[b]] }
    XCTAssertEqual(DenseHelpers.principalSubmatrix(m, indices), expected)
    XCTAssertEqual(DenseHelpers.principalSubmatrix(m, []).elements, [])
  }
}
