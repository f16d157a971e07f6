import LinearAlgebra
import XCTest

/// The Padé exponential of a symmetric matrix against the eigendecomposition form Q·e^Λ·Qᵀ, over norms that take
/// every Padé degree and several squarings, and the closed form of a diagonal matrix.
final class SymmetricPadeTests: XCTestCase {
  func testAgreesWithTheEigendecompositionFormOverARangeOfNorms() throws {
    var rng = TestRandom(41)
    for n in [2, 8, 50] {
      for norm in [1e-6, 1e-3, 0.05, 0.3, 1, 2, 5, 10, 30] {
        var s = rng.symmetric(n)
        s = s - Matrix.identity(n) * 0.5
        s = s * (norm / s.frobeniusNorm)
        let pade = try s.symmetricExpPade()
        let eigen = try s.symmetricExp()
        // Both forms are backward stable; the relative difference measured here is ≤ 3e-14 at n = 50, ‖S‖ = 30.
        let relative = (pade - eigen).frobeniusNorm / eigen.frobeniusNorm
        XCTAssertLessThan(relative, 1e-12, "n=\(n) ‖S‖=\(norm)")
        XCTAssertEqual(pade, pade.transposed(), "the result is exactly symmetric")
        XCTAssertNoThrow(try Cholesky(pade), "e^S is positive definite, n=\(n) ‖S‖=\(norm)")
      }
    }
  }

  /// Around the switch from the Taylor polynomial to Padé (‖S‖₁ = 0.06) both branches reach the eigendecomposition
  /// form to round-off; a wrong Taylor coefficient of A⁷ would leave an error near 1e-12 at ‖S‖₁ = 0.05.
  func testTaylorBranchAgreesWithTheEigendecompositionForm() throws {
    var rng = TestRandom(43)
    for n in [1, 2, 8, 50] {
      for norm in [1e-12, 1e-4, 0.01, 0.03, 0.05, 0.0599, 0.0601, 0.1] {
        var s = rng.symmetric(n)
        s = s * (norm / s.oneNorm)
        let fast = try s.symmetricExpPade()
        let eigen = try s.symmetricExp()
        let relative = (fast - eigen).frobeniusNorm / eigen.frobeniusNorm
        XCTAssertLessThan(relative, 1e-14, "n=\(n) ‖S‖₁=\(norm)")
        XCTAssertEqual(fast, fast.transposed(), "the result is exactly symmetric")
      }
    }
  }

  func testDiagonalClosedForm() throws {
    let values = [-20.0, -1, 0, 0.5, 3, 12]
    var s = Matrix(rows: values.count, cols: values.count)
    for (i, v) in values.enumerated() { s[i, i] = v }
    let e = try s.symmetricExpPade()
    // ‖S‖₁ = 20 takes two squarings, each doubling the relative error of the scaled Padé value: 2e-14 measured.
    for (i, v) in values.enumerated() {
      XCTAssertEqual(e[i, i], exp(v), accuracy: 1e-13 * exp(v), "e^\(v)")
    }
  }

  func testNonFiniteInputIsRejected() {
    assertThrowsLinearAlgebra(.illegalArgument, routine: "expm") {
      _ = try Matrix(rows: [[.nan, 0], [0, 1]]).symmetricExpPade()
    }
  }
}
