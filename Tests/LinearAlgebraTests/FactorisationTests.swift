import LinearAlgebra
import XCTest

final class FactorisationTests: XCTestCase {
  func testCholeskyReconstructsSolvesAndInverts() throws {
    var rng = TestRandom(10)
    for n in [1, 3, 8, 20] {
      let a = rng.spd(n)
      let c = try Cholesky(a)
      let l = c.lower
      for j in 0..<n { for i in 0..<j { XCTAssertEqual(l[i, j], 0) } }
      assertClose(l * l.transposed(), a, 1e-13, "LLᵀ n=\(n)")
      let b = rng.matrix(n, 2)
      assertClose(a * (try c.solve(b)), b, 1e-12, "solve n=\(n)")
      assertClose(a * (try c.inverse()), Matrix.identity(n), 1e-12, "inverse n=\(n)")
      assertClose(l * c.solveLower(b), b, 1e-12)
      assertClose(l.transposed() * c.solveLower(b, transpose: true), b, 1e-12)
      // In B's own storage: the same numbers, and a B the caller still holds is left as it was.
      let kept = b
      XCTAssertEqual(c.solveLower(consuming: kept, transpose: true), c.solveLower(b, transpose: true))
      XCTAssertEqual(c.solveLower(consuming: b.transposed().transposed()), c.solveLower(b))
      XCTAssertEqual(kept, b)
      assertClose(c.multiplyLower(b), l * b, 1e-13)
      let u = rng.symmetric(n)
      assertClose(c.congruence(c.inverseCongruence(u)), u, 1e-12)
      let logDet = try SymmetricEigen.values(of: a).reduce(0) { $0 + log($1) }
      XCTAssertEqual(c.logDeterminant, logDet, accuracy: 1e-11)
    }
    let x: Vector = [1, 2]
    let two = try Cholesky(Matrix(rows: [[4, 2], [2, 3]]))
    let solved = try two.solve(x)
    XCTAssertEqual(solved[0], -0.125, accuracy: 1e-15)
    XCTAssertEqual(solved[1], 0.75, accuracy: 1e-15)
  }

  func testCholeskyThrowsForIndefiniteWithInfoCode() {
    assertThrowsLinearAlgebra(.notPositiveDefinite, routine: "dpotrf", info: 2) {
      _ = try Cholesky(Matrix.diagonal([1, -1, 1]))
    }
    assertThrowsLinearAlgebra(.notPositiveDefinite, routine: "dpotrf", info: 3) {
      _ = try Cholesky(Matrix(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 0]]))
    }
  }

  func testNaNInputIsAThrownIllegalArgument() {
    assertThrowsLinearAlgebra(.illegalArgument, routine: "dpotrf") {
      _ = try Cholesky(Matrix(rows: [[.nan, 0], [0, 1]]))
    }
    assertThrowsLinearAlgebra(.illegalArgument, routine: "dsyevd") {
      _ = try SymmetricEigen(Matrix(rows: [[.nan, 0], [0, 1]]))
    }
  }

  func testQRPositiveDiagonalAndReconstruction() throws {
    var rng = TestRandom(11)
    for (m, n) in [(6, 3), (5, 5), (3, 6), (40, 7)] {
      let a = rng.matrix(m, n)
      let qr = try QR(a)
      let k = min(m, n)
      XCTAssertEqual(qr.q.rows, m)
      XCTAssertEqual(qr.q.cols, k)
      assertClose(qr.q * qr.r, a, 1e-13, "QR = A for \(m)×\(n)")
      assertClose(Matrix.gram(qr.q), Matrix.identity(k), 1e-13)
      for i in 0..<k { XCTAssertGreaterThan(qr.r[i, i], 0) }
      for j in 0..<n { for i in (j + 1)..<max(j + 1, k) { XCTAssertEqual(qr.r[i, j], 0) } }
    }
    // Closed form: the QR of a matrix with orthogonal columns is (normalised columns, diag of norms).
    let a = Matrix(rows: [[0, -2], [3, 0]])
    let qr = try QR(a)
    assertClose(qr.q, Matrix(rows: [[0, -1], [1, 0]]), 1e-15)
    assertClose(qr.r, Matrix.diagonal([3, 2]), 1e-15)
  }

  func testSymmetricEigenReconstruction() throws {
    let two = try SymmetricEigen(Matrix(rows: [[2, 1], [1, 2]]))
    XCTAssertEqual(two.values[0], 1, accuracy: 1e-15)
    XCTAssertEqual(two.values[1], 3, accuracy: 1e-15)
    var rng = TestRandom(12)
    for n in [1, 4, 17, 50] {
      let a = rng.symmetric(n)
      let e = try SymmetricEigen(a)
      XCTAssertEqual(e.values, e.values.sorted())
      assertClose(Matrix.gram(e.vectors), Matrix.identity(n), 1e-13)
      let v = e.vectors
      assertClose(v * Matrix.diagonal(e.values) * v.transposed(), a, 1e-13, "VΛVᵀ n=\(n)")
      assertClose(e.reconstructed { $0 }, a, 1e-13)
      let values = try SymmetricEigen.values(of: a)
      for i in 0..<n { XCTAssertEqual(values[i], e.values[i], accuracy: 1e-13) }
    }
  }

  func testSVDReconstructionAndClosedForm() throws {
    var rng = TestRandom(13)
    for (m, n) in [(7, 3), (4, 4), (3, 8)] {
      let a = rng.matrix(m, n)
      let svd = try SVD(a)
      XCTAssertEqual(svd.singularValues, svd.singularValues.sorted(by: >))
      assertClose(svd.u * Matrix.diagonal(svd.singularValues) * svd.vt, a, 1e-13, "UΣVᵀ \(m)×\(n)")
      assertClose(Matrix.gram(svd.u), Matrix.identity(min(m, n)), 1e-13)
    }
    let s = try SVD(Matrix(rows: [[0, 3], [-4, 0]]))
    XCTAssertEqual(s.singularValues[0], 4, accuracy: 1e-15)
    XCTAssertEqual(s.singularValues[1], 3, accuracy: 1e-15)
  }

  func testLeastSquaresAgainstNormalEquationsAndMinimumNorm() throws {
    var rng = TestRandom(14)
    let a = rng.matrix(10, 3)
    let b = rng.matrix(10, 2)
    let x = try a.leastSquares(b)
    let normal = try Cholesky(Matrix.gram(a)).solve(Matrix.product(a, b, transposeA: true))
    assertClose(x, normal, 1e-12)
    // Underdetermined: the minimum-norm solution lies in the row space, x = Aᵀ(AAᵀ)⁻¹b.
    let w = rng.matrix(2, 5)
    let rhs = rng.matrix(2, 1)
    let minNorm = try w.leastSquares(rhs)
    let expected = Matrix.product(w, try Cholesky(Matrix.gram(w, transpose: true)).solve(rhs), transposeA: true)
    assertClose(minNorm, expected, 1e-12)
    // dgels detects exact zeros on R's diagonal only (a zero column gives one).
    assertThrowsLinearAlgebra(.rankDeficient, routine: "dgels", info: 2) {
      _ = try Matrix(rows: [[1, 0], [2, 0], [3, 0]]).leastSquares(Matrix(rows: [[1], [1], [1]]))
    }
  }

  func testGeneralSolveAndSingularity() throws {
    let a = Matrix(rows: [[0, 2], [1, 1]])
    let x = try a.solve(Matrix(rows: [[4], [3]]))
    assertClose(x, Matrix(rows: [[1], [2]]), 1e-15)
    assertThrowsLinearAlgebra(.singular, routine: "dgesv", info: 2) {
      _ = try Matrix(rows: [[1, 2], [2, 4]]).solve(Matrix(rows: [[1], [1]]))
    }
  }
}
