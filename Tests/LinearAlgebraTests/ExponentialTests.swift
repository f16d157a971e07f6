import LinearAlgebra
import XCTest

final class ExponentialTests: XCTestCase {
  /// exp([[0, −θ], [θ, 0]]) is the rotation by θ; the angles cover every Padé degree and several squarings.
  func testRotationGeneratorClosedForm() throws {
    for theta in [0.0, 1e-3, 0.1, 0.6, 1.5, 4, 30, 200] {
      let generator = Matrix(rows: [[0, -theta], [theta, 0]])
      let rotation = Matrix(rows: [[cos(theta), -sin(theta)], [sin(theta), cos(theta)]])
      assertClose(try generator.exponential(), rotation, 1e-13 * max(1, theta), "θ = \(theta)")
    }
  }

  func testNonNormalClosedForms() throws {
    // Nilpotent: exp(N) = I + N.
    assertClose(try Matrix(rows: [[0, 1], [0, 0]]).exponential(), Matrix(rows: [[1, 1], [0, 1]]), 1e-15)
    // Upper triangular [[a, b], [0, c]]: off-diagonal b(eᵃ − eᶜ)/(a − c).
    for (a, b, c) in [(0.1, 2.0, -0.3), (1.0, 5.0, 3.0), (-4.0, 10.0, 2.0)] {
      let expected = Matrix(rows: [[exp(a), b * (exp(a) - exp(c)) / (a - c)], [0, exp(c)]])
      assertClose(try Matrix(rows: [[a, b], [0, c]]).exponential(), expected, 1e-13)
    }
  }

  func testAgreesWithSymmetricExpAndGroupProperty() throws {
    var rng = TestRandom(30)
    for (n, scale) in [(3, 0.01), (6, 0.3), (10, 1.0), (8, 8.0)] {
      let s = scale * rng.symmetric(n)
      assertClose(try s.exponential(), try s.symmetricExp(), 1e-12, "n=\(n) scale=\(scale)")
      let a = scale * rng.matrix(n, n)
      let forward = try a.exponential()
      let backward = try (-a).exponential()
      // The product's round-off scales with ‖e^A‖·‖e^−A‖, the condition of the check itself.
      let conditioning = forward.frobeniusNorm * backward.frobeniusNorm
      assertClose(forward * backward, Matrix.identity(n), 1e-13 * conditioning, "e^A e^−A scale=\(scale)")
      // exp(A) commutes with A.
      let e = try a.exponential()
      assertClose(e * a, a * e, 1e-11 * max(1, e.maxAbs))
    }
  }

  func testNonFiniteInputThrows() {
    assertThrowsLinearAlgebra(.illegalArgument, routine: "expm") {
      _ = try Matrix(rows: [[0, .infinity], [0, 0]]).exponential()
    }
  }
}
