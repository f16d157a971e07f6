import LinearAlgebra
import XCTest

/// Lᵀ·M·L from the Cholesky factor against the explicit triangular factor, and its meaning: the whitened
/// L⁻¹(A·M·A)L⁻ᵀ of A = LLᵀ.
final class TransposedCongruenceTests: XCTestCase {
  func testEqualsTheExplicitProductAndWhitensAMA() throws {
    var rng = TestRandom(17)
    for n in [1, 3, 8, 50] {
      let a = rng.spd(n)
      let m = rng.symmetric(n)
      let c = try Cholesky(a)
      let l = c.lower
      let got = c.transposedCongruence(m)
      assertClose(got, naiveProduct(naiveProduct(l.transposed(), m), l), 1e-13, "n=\(n)")
      XCTAssertEqual(got, got.transposed(), "exactly symmetric")
      assertClose(got, c.inverseCongruence(a * m * a), 1e-11, "whitened A·M·A, n=\(n)")
    }
  }
}
