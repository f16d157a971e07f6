import LinearAlgebra
import XCTest

final class MatrixFunctionTests: XCTestCase {
  func testClosedFormsOnDiagonalAndRotatedMatrices() throws {
    let d = Matrix.diagonal([0.5, 2, 4])
    assertClose(try d.symmetricExp(), Matrix.diagonal([exp(0.5), exp(2), exp(4)]), 1e-14)
    assertClose(try d.symmetricLog(), Matrix.diagonal([log(0.5), log(2), log(4)]), 1e-14)
    assertClose(try d.symmetricSqrt(), Matrix.diagonal([sqrt(0.5), sqrt(2), 2]), 1e-14)
    assertClose(try d.symmetricPower(-1.5), Matrix.diagonal([pow(0.5, -1.5), pow(2, -1.5), 0.125]), 1e-14)
    // [[a, b], [b, a]] has eigenvectors (1, ±1)/√2: exp = e^a [[cosh b, sinh b], [sinh b, cosh b]].
    let m = Matrix(rows: [[0.3, 0.7], [0.7, 0.3]])
    let expected = exp(0.3) * Matrix(rows: [[cosh(0.7), sinh(0.7)], [sinh(0.7), cosh(0.7)]])
    assertClose(try m.symmetricExp(), expected, 1e-14)
  }

  func testRandomInversesAndIdentities() throws {
    var rng = TestRandom(20)
    for n in [2, 5, 12] {
      let x = rng.spd(n)
      assertClose(try x.symmetricLog().symmetricExp(), x, 1e-12, "exp(log X) n=\(n)")
      let s = rng.symmetric(n)
      assertClose(try s.symmetricExp().symmetricLog(), s, 1e-12, "log(exp S) n=\(n)")
      let root = try x.symmetricSqrt()
      assertClose(root * root, x, 1e-12)
      let inverseRoot = try x.symmetricInverseSqrt()
      assertClose(inverseRoot * x * inverseRoot, Matrix.identity(n), 1e-12)
      assertClose(try x.symmetricPower(0.5), root, 1e-12)
      assertClose(try x.symmetricPower(2), x * x, 1e-12)
      assertClose(try s.symmetricPower(3), s * s * s, 1e-12, "integer powers need no definiteness")
      assertClose(try x.symmetricFunction { $0 * $0 + 1 }, x * x + Matrix.identity(n), 1e-12)
      let e = try s.symmetricExp()
      XCTAssertEqual(e, e.transposed(), "results are exactly symmetric")
    }
  }

  func testDomainErrorsAreThrownWithTheEigenvalueIndex() {
    let indefinite = Matrix.diagonal([-2, 1, 3])
    assertThrowsLinearAlgebra(.domain, routine: "logm", info: 1) { _ = try indefinite.symmetricLog() }
    assertThrowsLinearAlgebra(.domain, routine: "sqrtm", info: 1) { _ = try indefinite.symmetricSqrt() }
    assertThrowsLinearAlgebra(.domain, routine: "inverse sqrtm", info: 1) {
      _ = try Matrix.diagonal([1, 0]).symmetricInverseSqrt()
    }
    assertThrowsLinearAlgebra(.domain, routine: "powm", info: 1) { _ = try indefinite.symmetricPower(0.5) }
  }

  func testLyapunovResidualAndClosedForm() throws {
    var rng = TestRandom(21)
    for n in [1, 4, 15] {
      let l = rng.spd(n)
      let g = rng.matrix(n, n)
      let u = try SymmetricLyapunov(l).solve(g)
      assertClose(l * u + u * l, g, 1e-11, "Lyapunov residual n=\(n)")
    }
    // L = diag(1, 2): U_ij = G_ij/(λi + λj).
    let u = try SymmetricLyapunov(Matrix.diagonal([1, 2])).solve(Matrix(rows: [[2, 3], [6, 8]]))
    assertClose(u, Matrix(rows: [[1, 1], [2, 2]]), 1e-15)
    assertThrowsLinearAlgebra(.singular, routine: "lyap") {
      _ = try SymmetricLyapunov(Matrix.diagonal([1, -1])).solve(Matrix.identity(2))
    }
  }
}
