import CatalogueSDK
import LinearAlgebra
import SeededRandom
import XCTest

@testable import LinconBilevel

/// The QP solver satisfies the KKT conditions to 1e-9 (issue 7, item 6) on random strongly convex QPs with
/// inequality, equality and mixed rows, from cold and warm starts.
final class QuadraticProgramTests: XCTestCase {
  /// A random SPD H = MᵀM/n + I, q, A with m rows and b such that some rows bind.
  private func randomQP(n: Int, m: Int, equalities: Int, seed: UInt64) throws -> (ActiveSetQP, Matrix, [Double]) {
    var rng = CatalogueRandom(seed: seed)
    let g = Matrix(rows: n, cols: n, elements: rng.normals(n * n))
    var h = Matrix.gram(g) / Double(n)
    h.add(Matrix.identity(n), scaledBy: 1)
    let a = Matrix(rows: m, cols: n, elements: rng.normals(m * n))
    let b = (0..<m).map { _ in rng.normal() * 0.5 }
    let q = rng.normals(n).map { 3 * $0 }
    let rows = LinearConstraints(matrix: a, bound: b, isEquality: (0..<m).map { $0 < equalities })
    return (try ActiveSetQP(factor: Cholesky(h), constraints: rows), h, q)
  }

  /// Max of the four KKT residuals, each relative to the size of its terms.
  private func kktResidual(_ qp: ActiveSetQP, _ h: Matrix, _ q: [Double], _ s: QPSolution) -> Double {
    let rows = qp.constraints
    let hy = Matrix.product(h, Vector(s.y)).elements
    let atl = Matrix.product(rows.matrix, Vector(s.multipliers), transpose: true).elements
    let stationarity = (0..<q.count).map { hy[$0] + q[$0] + atl[$0] }
    let scale = ArrayMath.maxAbs(hy) + ArrayMath.maxAbs(q) + ArrayMath.maxAbs(atl)
    var worst = ArrayMath.maxAbs(stationarity) / scale
    let residual = rows.residual(s.y)
    let bScale = 1 + ArrayMath.maxAbs(rows.bound)
    for i in 0..<rows.count {
      if rows.isEquality[i] {
        worst = max(worst, abs(residual[i]) / bScale)
      } else {
        worst = max(worst, max(residual[i], 0) / bScale)
        worst = max(worst, max(-s.multipliers[i], 0))
        worst = max(worst, abs(s.multipliers[i] * residual[i]) / bScale)
      }
    }
    return worst
  }

  func testKKTConditionsHoldOnRandomQPs() throws {
    var active = 0
    for seed in 1...20 as ClosedRange<UInt64> {
      for (m, equalities) in [(4, 0), (12, 0), (6, 6), (10, 3)] {
        let (qp, h, q) = try randomQP(n: 25, m: m, equalities: equalities, seed: seed)
        let solution = try qp.solve(linear: q)
        XCTAssertLessThan(kktResidual(qp, h, q, solution), 1e-9, "seed \(seed), m \(m), eq \(equalities)")
        active += (0..<m).filter { !qp.constraints.isEquality[$0] && solution.multipliers[$0] > 0 }.count
      }
    }
    XCTAssertGreaterThan(active, 100, "the random QPs should have many binding inequality rows")
  }

  func testWarmStartGivesTheSameSolutionInFewerSteps() throws {
    let (qp, h, q) = try randomQP(n: 30, m: 12, equalities: 2, seed: 7)
    let cold = try qp.solve(linear: q)
    let nearby = q.enumerated().map { $0.element + 1e-3 * Double($0.offset % 3) }
    let coldNearby = try qp.solve(linear: nearby)
    let warm = try qp.solve(linear: nearby, warmStart: cold.multipliers)
    XCTAssertLessThan(kktResidual(qp, h, nearby, warm), 1e-9)
    XCTAssertLessThan(ArrayMath.distance(warm.y, coldNearby.y), 1e-10 * (1 + ArrayMath.norm(coldNearby.y)))
    XCTAssertLessThanOrEqual(warm.iterations, 2)
    XCTAssertGreaterThan(coldNearby.iterations, warm.iterations)
  }

  func testKnownSolutionOfATinyQP() throws {
    // min ½‖y‖² − (2, 1)·y s.t. y₁ + y₂ ≤ 1: y = (1, 0), λ = 1 (by hand: y = (2 − λ, 1 − λ), y₁ + y₂ = 1).
    let rows = LinearConstraints(matrix: Matrix(rows: [[1, 1]]), bound: [1], isEquality: [false])
    let qp = try ActiveSetQP(factor: Cholesky(Matrix.identity(2)), constraints: rows)
    let s = try qp.solve(linear: [-2, -1])
    XCTAssertEqual(s.y[0], 1, accuracy: 1e-14)
    XCTAssertEqual(s.y[1], 0, accuracy: 1e-14)
    XCTAssertEqual(s.multipliers[0], 1, accuracy: 1e-14)
    // Inactive when the unconstrained minimiser is feasible.
    let free = try qp.solve(linear: [0.2, 0.1])
    XCTAssertEqual(free.multipliers, [0])
    XCTAssertEqual(free.y[0], -0.2, accuracy: 1e-15)
  }

  /// H⁻¹Aᵀ is solved for only in the columns solutions use: the first solution's working set, then all the rest at
  /// once when a later working set needs another row; y agrees with −H⁻¹(q + Aᵀλ) formed directly either way.
  func testColumnsOfTheInverseAreSolvedWhenFirstNeeded() throws {
    let (qp, h, q) = try randomQP(n: 25, m: 12, equalities: 0, seed: 3)
    let direct = try Cholesky(h)
    func assertPrimal(_ s: QPSolution, _ q: [Double], _ label: String) throws {
      let atl = Matrix.product(qp.constraints.matrix, Vector(s.multipliers), transpose: true).elements
      let expected = try direct.solve(vector: ArrayMath.add(q, atl)).map { -$0 }
      XCTAssertLessThanOrEqual(ArrayMath.distance(s.y, expected), 1e-12 * ArrayMath.norm(expected), label)
    }
    XCTAssertEqual(qp.inverseTimesAT.computedRows, [])
    let first = try qp.solve(linear: q)
    let working = (0..<12).filter { first.working[$0] }
    XCTAssertFalse(working.isEmpty)
    XCTAssertLessThan(working.count, 12)
    XCTAssertEqual(qp.inverseTimesAT.computedRows, working)
    try assertPrimal(first, q, "first")
    // A copy for a new bound shares the columns; a linear term that makes an uncomputed row bind adds all the rest.
    let other = ActiveSetQP(reusing: qp, bound: qp.constraints.bound)
    let uncomputed = (0..<12).filter { !first.working[$0] }
    var pushed = q
    let row = (0..<25).map { qp.constraints.matrix[uncomputed[0], $0] }
    for i in 0..<25 { pushed[i] -= 50 * row[i] }
    let second = try other.solve(linear: pushed)
    XCTAssertTrue(second.working[uncomputed[0]])
    XCTAssertEqual(Set(qp.inverseTimesAT.computedRows), Set(0..<12))
    XCTAssertEqual(qp.inverseTimesAT.computedRows.count, 12)
    try assertPrimal(second, pushed, "second")
    try assertPrimal(try qp.solve(linear: q), q, "again")
  }
}
